"""Presets of the registry page: municipal map and state bars for a channel and view, channels week by week."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

import geodata
from dashboard import fmt
from dashboard.export import kit
from dashboard.export.builders import SRC_CENSO, SRC_REGISTRO
from dashboard.export.data import STATUS_LABELS
from dashboard.export.presets import Chart, Preset, Request, register
from dashboard.figures.bars import ranking_bar
from dashboard.figures.maps import municipal_choropleth
from dashboard.figures.series import stacked_area
from dashboard.figures.style import CHANNEL_COLORS, CHANNEL_LABELS
from dashboard.page_data import DEN_SHORT, channel_weeks, registry_by_state, registry_metric
from dashboard.queries import municipal

EXTRA = (
    ("canal", ("todos", *municipal.CANALES)),
    ("vista", municipal.VISTAS),
    ("denominador", municipal.DENOMINADORES),
)


def _controls(req: Request) -> tuple[str, str, str]:
    return req.opcion("canal"), req.opcion("vista"), req.opcion("denominador")


def _sources(vista: str) -> tuple[str, ...]:
    return (SRC_REGISTRO,) if vista == "absoluto" else (SRC_REGISTRO, SRC_CENSO)


def _subtitle(scope: str, vista: str, denominador: str) -> str:
    if vista == "cobertura":
        return f"{scope} · % de la {DEN_SHORT[denominador]} (Censo 2020)"
    if vista == "por_mil":
        return f"{scope} · por cada 1,000 habitantes (Censo 2020)"
    return f"{scope} · acumulado al corte mensual"


def municipal_map(engine: Engine, req: Request) -> Chart:
    """Municipalities by the registry view the page shows (channel, absolute / per 1,000 / coverage)."""
    canal, vista, den = _controls(req)
    m = registry_metric(canal, vista, den)
    values = municipal.municipal_values(engine, req.fecha, canal=canal, vista=vista, denominador=den,
                                        cve_ent=req.estado)  # fmt: skip
    values["value"] = values["value"].round(2)
    scope = kit.scope_of(engine, req.estado)
    url = f"/geo/municipios/{req.estado}.geojson" if req.estado else "/geo/municipios.geojson"
    geo = geodata.municipalities_of_state(req.estado) if req.estado else geodata.municipalities_geojson()
    rows = values[values["status"] == "valor"]
    sentence = (
        f"Al {fmt.fecha_larga(req.fecha)}, {fmt.numero(len(rows))} municipios {kit.where(engine, req.estado)} "
        f"tienen datos de {m.label.lower()}. " + kit.bar_extremes(rows, m)
    ).replace("Ningún estado", "Ningún municipio")
    alt = f"Mapa de municipios, {scope}: {m.label.lower()}, {kit.cut(req)}. " + sentence
    frame = pd.DataFrame({"clave": values["cvegeo"].astype(str), "municipio": values["nombre"].astype(str),
                          "clave_entidad": values["cve_ent"].astype(str), "valor": values["value"],
                          "situacion": values["status"].map(STATUS_LABELS)})  # fmt: skip
    fig = municipal_choropleth(values, metric=m, geojson_url=url)
    return Chart(req, "mapa", f"{m.label} por municipio", _subtitle(scope, vista, den), scope, fig, frame,
                 _sources(vista), sentence, alt, (), geojson=geo)  # fmt: skip


def by_state(engine: Engine, req: Request) -> Chart:
    """States by the registry view the page shows; the chosen state highlighted."""
    canal, vista, den = _controls(req)
    m = registry_metric(canal, vista, den)
    values = registry_by_state(engine, req.fecha, canal, vista, den)
    values["value"] = values["value"].astype(float).round(2)
    fig = ranking_bar(values, metric=m, highlight=req.estado, title="")
    rows = values.sort_values("value", ascending=False, ignore_index=True)
    frame = pd.DataFrame({"clave": rows["cve_ent"].astype(str), "entidad": rows["nombre"].astype(str),
                          "valor": rows["value"]})  # fmt: skip
    sentence = f"Al {fmt.fecha_larga(req.fecha)}, {m.label.lower()} en {len(rows)} estados. " + kit.bar_extremes(
        rows, m
    )
    alt = f"Gráfica de barras horizontales: {m.label.lower()} por estado, {kit.cut(req)}. " + kit.bar_extremes(rows, m)
    return Chart(req, "barras", f"{m.label} por estado", _subtitle("Estados federalizados con datos", vista, den),
                 kit.scope_of(engine, req.estado), fig, frame, _sources(vista), sentence, alt, ())  # fmt: skip


def channel_series(engine: Engine, req: Request) -> Chart:
    """Registrations by channel, stacked, week by week up to the cut-off date."""
    weeks = channel_weeks(engine, req.estado, req.fecha).round(0)
    scope = kit.scope_of(engine, req.estado)
    fig = stacked_area(weeks, colors=CHANNEL_COLORS, labels=CHANNEL_LABELS, title="", unit="registros")
    frame = kit.dated_frame(weeks, {c: f"registros_{c}" for c in weeks.columns})
    labels = {c: CHANNEL_LABELS[c] for c in weeks.columns}
    sentence = f"Registros acumulados {kit.where(engine, req.estado)} al {fmt.fecha_larga(req.fecha)}: " + \
        kit.last_values(weeks, labels, "") + "."  # fmt: skip
    alt = (
        f"Gráfica de áreas apiladas: registros acumulados por canal, {scope}, semana por semana, {kit.cut(req)}. "
        + sentence
    )
    return Chart(req, "serie", "Registros acumulados por canal", f"{scope} · una persona puede registrarse por más "
                 "de un canal", scope, fig, frame, (SRC_REGISTRO,), sentence, alt, ())  # fmt: skip


register(Preset("registro-municipal", "Registro por municipio", "registro-municipio", (), True, municipal_map,
                EXTRA, prensa=False, in_name=("canal", "vista")))  # fmt: skip
register(Preset("registro-estados", "Registro por estado", "registro-estados", (), True, by_state, EXTRA,
                prensa=False, in_name=("canal", "vista")))  # fmt: skip
register(Preset("registro-canales-serie", "Registros por canal en el tiempo", "registro-canales-serie", (), True,
                channel_series, prensa=False))  # fmt: skip
