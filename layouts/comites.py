"""Comités (`/comites`): La Clínica es Nuestra stage funnel, budget dispersed vs spent, states at 100 %, idle money."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import fmt, page_data, runtime
from dashboard.figures import bars, series
from dashboard.figures.style import CATEGORICAL, GRAPH_CONFIG
from dashboard.pages import href, pick
from dashboard.queries import committee_stages as cs
from dashboard.queries import national
from dashboard.queries.metrics import ALL
from dashboard.queries.published_marks import phrases_on, published_for, published_marks
from dashboard.queries.snapshot import state_cube
from layouts.common import page_title
from layouts.controls import NATIONAL, date_slider, dropdown_col, slider_col, state_options
from layouts.export_menu import export_bar
from layouts.panorama import date_text
from layouts.personal import unit_table

DEFAULT_DAYS = 60
MAX_DAYS = 730
TABLE_ROWS = 100


class Ids:
    """Ids of the committees page."""

    URL = "comites-url"
    SLIDER = "comites-fecha"
    SLIDER_LABEL = "comites-fecha-etiqueta"
    DATE_TEXT = "comites-fecha-texto"
    STATE = "comites-estado"
    DAYS = "comites-dias"
    FUNNEL = "comites-embudo"
    HEATMAP = "comites-etapas-estado"
    BUDGET = "comites-presupuesto"
    BUDGET_STATES = "comites-presupuesto-estado"
    FULL = "comites-al-100"
    IDLE = "comites-sin-gasto"


def valid_days(value: Any) -> int:
    """Days from the URL or the input (1–730), else the default."""
    try:
        days = int(str(value).strip())
    except (TypeError, ValueError):
        return DEFAULT_DAYS
    return days if 1 <= days <= MAX_DAYS else DEFAULT_DAYS


def valid(params: dict[str, Any]) -> dict[str, Any]:
    """Controls from URL params; invalid values become defaults."""
    tl = national.timeline(runtime.engine())
    states = {o["value"] for o in state_options()}
    return {
        "index": tl.index_of(national.parse_date(params.get("fecha"), tl)),
        "estado": pick(params.get("estado"), states, NATIONAL),
        "dias": valid_days(params.get("dias")),
    }


def _day(c: dict[str, Any]) -> Any:
    return national.timeline(runtime.engine()).at(c["index"])


def _cve(c: dict[str, Any]) -> str | None:
    return None if c["estado"] == NATIONAL else c["estado"]


def _empty() -> dict[str, Any]:
    return {"data": [], "layout": {}}


def funnel_figure(c: dict[str, Any]) -> dict[str, Any]:
    fecha = _day(c)
    if fecha is None:
        return _empty()
    where = "todo el país" if _cve(c) is None else state_cube(runtime.engine()).states.loc[c["estado"], "nombre"]
    frame = cs.national_stages(runtime.engine(), fecha, _cve(c))
    return bars.funnel(frame, title=f"Etapas de los comités, {where}", published=published_stages(fecha, _cve(c)))


def published_stages(fecha: Any, cve_ent: str | None) -> pd.DataFrame:
    """Stage counts a bulletin published for that day and scope (nombre, valor, texto), for the funnel."""
    pub = published_marks()
    day = (pub["fecha"] == pd.Timestamp(fecha)) & (pub["cve_ent"] == (cve_ent or ""))
    hit = pub[day & pub["metrica"].isin(cs.STAGES)].drop_duplicates("metrica", keep="last")
    text = [
        f"<b>Cifra publicada</b>: {fmt.numero(v)}" + ("" if pd.isna(t) else f" de {fmt.numero(t)}") + f"<br>{f}"
        for v, t, f in zip(hit["valor"], hit["total"], hit["fuente"], strict=True)
    ]
    return pd.DataFrame({"nombre": hit["metrica"].map(cs.STAGES), "valor": hit["valor"], "texto": text})


def heatmap_figure(c: dict[str, Any]) -> dict[str, Any]:
    fecha = _day(c)
    if fecha is None:
        return _empty()
    frame = cs.stage_table(runtime.engine(), fecha)
    return bars.stage_heatmap(frame, stages=cs.STAGES, title="Avance por etapa y estado")


def budget_figure(c: dict[str, Any]) -> dict[str, Any]:
    cube = state_cube(runtime.engine())
    if len(cube.dates) == 0:
        return _empty()
    cols = ["monto_dispersado", "monto_ejercido"]
    weekly = page_data.weekly(runtime.engine(), _cve(c), cols)
    labels = {"monto_dispersado": "Dispersado", "monto_ejercido": "Ejercido"}
    fig = series.lines(weekly, labels=labels, title="Presupuesto dispersado y ejercido", metric=ALL["monto_ejercido"])
    if _cve(c) is None:
        for key, color in zip(cols, CATEGORICAL, strict=False):
            pub = published_for(key)
            if not pub.empty:
                trace = series.published_trace(pub, ALL[key])
                trace["name"] = f"Publicado: {labels[key].lower()}"
                trace["marker"]["color"] = color
                fig["data"].append(trace)
    fig["layout"]["shapes"] = series.date_marker(_day(c))
    return fig


def budget_states_figure(c: dict[str, Any]) -> dict[str, Any]:
    fecha = _day(c)
    if fecha is None:
        return _empty()
    frame = cs.budget_by_state(runtime.engine(), fecha).rename(columns={"pct": "value"})
    return bars.ranking_bar(
        frame, metric=ALL["ejercido_pct"], highlight=_cve(c), title="Ejercido / dispersado por estado"
    )


def full_badges(c: dict[str, Any]) -> Any:
    fecha = _day(c)
    if fecha is None:
        return html.P("Sin datos.")
    full = cs.states_at_full(runtime.engine(), fecha)
    day = national.timeline(runtime.engine()).param(fecha)
    total = len(cs.budget_by_state(runtime.engine(), fecha))
    head: Any = html.P(
        f"{len(full)} de {total} estados con recursos han ejercido el 100 % de lo dispersado.", className="mb-1"
    )
    said = phrases_on(fecha, ("states_with_100pct_budget_used", "committees_that_used_budget"))
    if said:  # the bulletin's own numbers that day, beside the dashboard's
        note = f"Publicado este día ({said[0][0]}): " + "; ".join(t for _, t in said) + "."
        head = html.Div([head, html.P(note, className="small text-body-secondary mb-1")])
    badges = [
        dcc.Link(dbc.Badge(n, color="success", className="me-1 mb-1"), href=href(f"/estado/{cve}", fecha=day))
        for cve, n in zip(full["cve_ent"], full["nombre"], strict=True)
    ]
    return html.Div([head, html.Div(badges)], **{"aria-live": "polite"})


def idle_table(c: dict[str, Any]) -> Any:
    fecha = _day(c)
    if fecha is None:
        return html.P("Sin datos.")
    idle = cs.idle_money(runtime.engine(), fecha, c["dias"], _cve(c))
    if idle.empty:
        return html.P(f"Ningún comité tiene recursos sin ejercer después de {c['dias']} días.")
    shown = idle.head(TABLE_ROWS).assign(dispersado=lambda f: [fmt.pesos(v) for v in f["dispersado"]])
    return unit_table(shown, len(idle), {"dispersado": "Dispersado", "dias": "Días desde la dispersión"}, fecha)


def _controls(c: dict[str, Any], tl: national.Timeline, states: list[dict[str, str]]) -> dbc.Row:
    slider = date_slider(Ids.SLIDER, tl, c["index"])
    days = dbc.Input(id=Ids.DAYS, type="number", min=1, max=MAX_DAYS, step=1, value=c["dias"], debounce=True)
    return dbc.Row(
        [
            slider_col(slider, Ids.SLIDER_LABEL, "Fecha del corte · ", Ids.DATE_TEXT, date_text(tl.at(c["index"]))),
            dropdown_col(Ids.STATE, "Estado", states, c["estado"]),
            dbc.Col([dbc.Label("Días sin gasto desde la dispersión", html_for=Ids.DAYS), days], xs=12, md=6, lg=3),
        ],
        className="g-3 mb-3",
    )


EXPORTS = {Ids.FUNNEL: "embudo-comites", Ids.HEATMAP: "comites-etapas-estado", Ids.BUDGET: "serie-presupuesto",
           Ids.BUDGET_STATES: "ejercido-estados", Ids.FULL: "estados-al-100"}  # fmt: skip


def export_params(chart_id: str, c: dict[str, Any]) -> dict[str, Any]:
    """What a chart's export menu asks for (the budget series is drawn whole: no date)."""
    day = _day(c)
    fecha = day.isoformat() if day else None
    if chart_id == Ids.BUDGET:
        return {"estado": _cve(c)}
    return {"fecha": fecha, "estado": None if chart_id == Ids.HEATMAP else _cve(c)}


def menu(chart_id: str, c: dict[str, Any]) -> Any:
    return export_bar(chart_id, EXPORTS[chart_id], export_params(chart_id, c))


def _graph(id_: str, figure: dict[str, Any], label: str, c: dict[str, Any]) -> html.Figure:
    """The chart in a labelled <figure> with its export menu above it."""
    graph = dcc.Graph(id=id_, figure=figure, config=GRAPH_CONFIG)
    return html.Figure([menu(id_, c), graph], className="mb-0", **{"aria-label": label})


def layout(**params: Any) -> html.Div:
    """The page for the URL's date, state and number of days."""
    c = valid(params)
    tl = national.timeline(runtime.engine())
    return html.Div(
        [
            dcc.Location(id=Ids.URL, refresh="callback-nav"),
            page_title("Comités — La Clínica es Nuestra", "Asambleas, comités, tarjetas y ejercicio del presupuesto"),
            _controls(c, tl, state_options()),
            dbc.Row(
                [
                    dbc.Col(_graph(Ids.FUNNEL, funnel_figure(c), "Embudo de etapas de los comités", c), xs=12, lg=5),
                    dbc.Col(_graph(Ids.HEATMAP, heatmap_figure(c), "Avance por etapa y estado", c), xs=12, lg=7),
                ],
                className="g-3",
            ),
            html.H2("Presupuesto", className="h5 mt-3"),
            dbc.Row(
                [
                    dbc.Col(_graph(Ids.BUDGET, budget_figure(c), "Presupuesto dispersado y ejercido", c), xs=12, lg=7),
                    dbc.Col(_graph(Ids.BUDGET_STATES, budget_states_figure(c), "Ejercido por estado", c), xs=12, lg=5),
                ],
                className="g-3",
            ),
            html.H2("Estados al 100 %", className="h5 mt-3"),
            menu(Ids.FULL, c),
            html.Div(full_badges(c), id=Ids.FULL),
            html.H2("Comités con recursos sin ejercer", className="h5 mt-3"),
            html.Div(idle_table(c), id=Ids.IDLE),
        ],
        className="page-comites",
    )


def skeleton() -> html.Div:
    """Every id of the page, no data."""
    c = {"index": 0, "estado": NATIONAL, "dias": DEFAULT_DAYS}
    return html.Div(
        [
            dcc.Location(id=Ids.URL),
            _controls(c, national.Timeline([]), []),
            *[dcc.Graph(id=i) for i in (Ids.FUNNEL, Ids.HEATMAP, Ids.BUDGET, Ids.BUDGET_STATES)],
            html.Div(id=Ids.FULL),
            html.Div(id=Ids.IDLE),
            *[export_bar(i, preset, {}) for i, preset in EXPORTS.items()],
        ]
    )
