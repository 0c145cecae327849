"""Presets of the committees page: stages by state, money dispersed vs spent, share spent by state, states at 100 %."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

from dashboard import fmt
from dashboard.export import kit
from dashboard.export.builders import SRC_COMITES
from dashboard.export.presets import Chart, Preset, Request, register
from dashboard.figures.bars import ranking_bar, stage_heatmap
from dashboard.figures.series import lines
from dashboard.page_data import weekly
from dashboard.queries import committee_stages as cs
from dashboard.queries.metrics import ALL

MONEY = {"monto_dispersado": "Dispersado", "monto_ejercido": "Ejercido"}


def stages_by_state(engine: Engine, req: Request) -> Chart:
    """States × stages as % of the committees planned."""
    table = cs.stage_table(engine, req.fecha)
    for key in cs.STAGES:
        table[f"{key}_pct"] = table[f"{key}_pct"].astype(float).round(1)
    fig = stage_heatmap(table, stages=cs.STAGES, title="")
    fig["layout"]["xaxis"]["side"] = "bottom"  # print: the title and subtitle sit on top
    rows = table.sort_values("nombre", ignore_index=True)
    frame = rows[["cve_ent", "nombre", *(f"{k}_pct" for k in cs.STAGES)]].rename(
        columns={"cve_ent": "clave", "nombre": "entidad"}
    )
    last = f"{list(cs.STAGES)[-1]}_pct"
    top = rows.sort_values(last, ascending=False).head(1)
    lead = "" if top.empty else f" {top.iloc[0]['nombre']} tiene el mayor avance en «{list(cs.STAGES.values())[-1]}»."
    sentence = f"Al {fmt.fecha_larga(req.fecha)}, avance de los comités por etapa en {len(rows)} estados.{lead}"
    alt = f"Mapa de calor: estados en filas y etapas en columnas, % de los comités previstos, {kit.cut(req)}.{lead}"
    return Chart(req, "calor", "Avance de los comités por etapa y estado", "% de los comités previstos en cada "
                 "estado", "Nacional", fig, frame, (SRC_COMITES,), sentence, alt, ())  # fmt: skip


def budget_series(engine: Engine, req: Request) -> Chart:
    """Pesos dispersed to the committees and spent, cumulative week by week."""
    weeks = weekly(engine, req.estado, list(MONEY), req.fecha).round(0)
    scope = kit.scope_of(engine, req.estado)
    fig = lines(weeks, labels=MONEY, title="", metric=ALL["monto_ejercido"])
    last = weeks.iloc[-1] if len(weeks) else pd.Series({k: 0.0 for k in MONEY})
    sentence = (f"Al {fmt.fecha_larga(req.fecha)}, {kit.where(engine, req.estado)} se han dispersado "
                f"{fmt.pesos(last['monto_dispersado'])} a los comités y se han ejercido {fmt.pesos(last['monto_ejercido'])}.")  # fmt: skip
    alt = (
        f"Gráfica de líneas: presupuesto dispersado y ejercido, {scope}, semana por semana, {kit.cut(req)}. " + sentence
    )
    return Chart(req, "serie", "Presupuesto dispersado y ejercido", f"{scope} · pesos, acumulado semanal", scope, fig,
                 kit.dated_frame(weeks, {}), (SRC_COMITES,), sentence, alt, tuple(MONEY))  # fmt: skip


def _share_chart(engine: Engine, req: Request, rows: pd.DataFrame, title: str, lead: str) -> Chart:
    m = ALL["ejercido_pct"]
    rows = rows.assign(value=rows["pct"].astype(float).round(2))
    fig = ranking_bar(rows, metric=m, highlight=req.estado, title="")
    rows = rows.sort_values("value", ascending=False, ignore_index=True)
    frame = pd.DataFrame({"clave": rows["cve_ent"].astype(str), "entidad": rows["nombre"].astype(str),
                          "ejercido_pct": rows["value"]})  # fmt: skip
    sentence = f"Al {fmt.fecha_larga(req.fecha)}, {lead} " + kit.bar_extremes(rows, m)
    alt = f"Gráfica de barras horizontales: {title.lower()}, {kit.cut(req)}. " + sentence
    return Chart(req, "barras", title, "Ejercido / dispersado a los comités (%)", kit.scope_of(engine, req.estado),
                 fig, frame, (SRC_COMITES,), sentence, alt, ("ejercido_pct",))  # fmt: skip


def spent_by_state(engine: Engine, req: Request) -> Chart:
    """Share of the money dispersed that each state's committees have spent."""
    rows = cs.budget_by_state(engine, req.fecha)
    return _share_chart(engine, req, rows, "Presupuesto ejercido por estado", f"{len(rows)} estados con recursos.")


def states_full(engine: Engine, req: Request) -> Chart:
    """States whose committees have spent everything dispersed to them."""
    rows = cs.states_at_full(engine, req.fecha)
    total = len(cs.budget_by_state(engine, req.fecha))
    lead = f"{len(rows)} de {total} estados con recursos han ejercido el 100 % de lo dispersado."
    return _share_chart(engine, req, rows, "Estados con el 100 % ejercido", lead)


register(Preset("comites-etapas-estado", "Avance por etapa y estado", "etapas-estado", (), False, stages_by_state,
                prensa=False))  # fmt: skip
register(Preset("serie-presupuesto", "Presupuesto dispersado y ejercido", "presupuesto", (), True, budget_series,
                prensa=False))  # fmt: skip
register(Preset("ejercido-estados", "Ejercido por estado", "ejercido-estados", (), True, spent_by_state,
                prensa=False))  # fmt: skip
register(Preset("estados-al-100", "Estados con el 100 % ejercido", "estados-al-100", (), True, states_full,
                prensa=False))  # fmt: skip
