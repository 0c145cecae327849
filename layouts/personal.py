"""Personal de salud (`/personal`): doctors against the norm by state, unit type and level; basificación; gaps."""

from __future__ import annotations

from datetime import date
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import fmt, page_data, runtime
from dashboard.figures import bars, series
from dashboard.figures.style import GRAPH_CONFIG
from dashboard.pages import href, pick
from dashboard.queries import national, staff
from dashboard.queries.metrics import ALL, Metric
from dashboard.queries.snapshot import state_cube
from layouts.common import kpi_card, page_title
from layouts.controls import NATIONAL, date_slider, dropdown_col, radio_group, slider_col, state_options
from layouts.export_menu import export_bar
from layouts.panorama import date_text

TABLE_ROWS = 100
GROUP_OPTIONS = [{"label": v, "value": k} for k, v in staff.GROUPS.items()]
UNITS_METRIC = Metric("unidades_sin_medico", "Unidades sin médico", "unidades", "staffing")


class Ids:
    """Ids of the staffing page."""

    URL = "personal-url"
    SLIDER = "personal-fecha"
    SLIDER_LABEL = "personal-fecha-etiqueta"
    DATE_TEXT = "personal-fecha-texto"
    STATE = "personal-estado"
    GROUP = "personal-agrupar"
    KPIS = "personal-kpis"
    BY_STATE = "personal-por-estado"
    BY_GROUP = "personal-por-tipo"
    BASE = "personal-basificacion"
    GAPS = "personal-sin-medico"
    GAPS_TABLE = "personal-sin-medico-tabla"


def valid(params: dict[str, Any]) -> dict[str, Any]:
    """Controls from URL params; invalid values become defaults."""
    tl = national.timeline(runtime.engine())
    day = national.parse_date(params.get("fecha"), tl)
    states = {o["value"] for o in state_options()}
    return {
        "index": tl.index_of(day),
        "estado": pick(params.get("estado"), states, NATIONAL),
        "agrupar": pick(params.get("agrupar"), staff.GROUPS, "tipo_red"),
    }


def day_of(index: Any) -> date | None:
    return national.timeline(runtime.engine()).at(index if isinstance(index, int | float) else None)


def _cve(c: dict[str, Any]) -> str | None:
    return None if c["estado"] == NATIONAL else c["estado"]


def kpis(c: dict[str, Any]) -> list[Any]:
    fecha = day_of(c["index"])
    if fecha is None:
        return []
    cube = state_cube(runtime.engine())
    row = cube.national_at(fecha) if _cve(c) is None else cube.at(fecha).loc[c["estado"]]
    gaps = len(staff.units_without_doctor(runtime.engine(), fecha, _cve(c)))
    cards = [
        (
            "Médicos incorporados",
            fmt.numero(row["medicos"]),
            f"de {fmt.numero(row['medicos_requeridos'])} requeridos ({fmt.porcentaje(row['medicos_pct'])})",
        ),
        ("Personal de enfermería", fmt.numero(row["enfermeria"]), "incorporado"),
        ("Personal basificado", fmt.numero(row["basificados"]), "con plaza definitiva"),
        ("Unidades sin médico", fmt.numero(gaps), "que lo requieren según la norma"),
    ]
    return [
        dbc.Col(kpi_card(label, value, detail), xs=12, sm=6, lg=3, className="mb-2") for label, value, detail in cards
    ]


def by_state_figure(c: dict[str, Any]) -> dict[str, Any]:
    fecha = day_of(c["index"])
    if fecha is None:
        return {"data": [], "layout": {}}
    rank = national.ranking(runtime.engine(), "medicos_pct", fecha)
    return bars.ranking_bar(
        rank.assign(nombre=rank["nombre_corto"]),
        metric=ALL["medicos_pct"],
        highlight=_cve(c),
        title="Médicos incorporados frente a la necesidad, por estado",
    )


def by_group_figure(c: dict[str, Any]) -> dict[str, Any]:
    fecha = day_of(c["index"])
    if fecha is None:
        return {"data": [], "layout": {}}
    frame = staff.doctors_by(runtime.engine(), fecha, c["agrupar"], _cve(c))
    return bars.grouped_bars(
        frame,
        category="grupo",
        series={"medicos": "Incorporados", "requeridos": "Requeridos (norma)"},
        title=f"Médicos por {staff.GROUPS[c['agrupar']].lower()}",
        unit="médicos",
        horizontal=c["agrupar"] == "tipologia",
    )


def basification_figure(c: dict[str, Any]) -> dict[str, Any]:
    cube = state_cube(runtime.engine())
    if len(cube.dates) == 0:
        return {"data": [], "layout": {}}
    weekly = page_data.weekly(runtime.engine(), _cve(c), ["medicos", "enfermeria", "basificados"])
    labels = {"medicos": "Médicos incorporados", "enfermeria": "Enfermería incorporada", "basificados": "Basificados"}
    fig = series.lines(weekly, labels=labels, title="Incorporación y basificación (acumulado)")
    fig["layout"]["shapes"] = series.date_marker(day_of(c["index"]))
    return fig


def gaps_figure(c: dict[str, Any]) -> dict[str, Any]:
    fecha = day_of(c["index"])
    if fecha is None:
        return {"data": [], "layout": {}}
    gaps = staff.units_without_doctor(runtime.engine(), fecha)
    counts = (
        gaps.groupby(["cve_ent", "estado"], as_index=False).size().rename(columns={"estado": "nombre", "size": "value"})
    )
    return bars.ranking_bar(counts, metric=UNITS_METRIC, highlight=_cve(c), title="Unidades sin médico por estado")


def gaps_table(c: dict[str, Any]) -> Any:
    """The first units without a doctor, each linked to its page."""
    fecha = day_of(c["index"])
    if fecha is None:
        return html.P("Sin datos.")
    gaps = staff.units_without_doctor(runtime.engine(), fecha, _cve(c))
    if gaps.empty:
        return html.P("Todas las unidades que requieren médico tienen al menos uno incorporado.")
    extra = {"tipologia": "Tipología", "requeridos": "Médicos requeridos"}
    return unit_table(gaps.head(TABLE_ROWS), len(gaps), extra, fecha)


def unit_table(frame: pd.DataFrame, total: int, extra: dict[str, str], fecha: date | None = None) -> html.Div:
    """Units with a link to /unidad/<clues> (at the page's date) and a few columns; says how many are not shown."""
    day = national.timeline(runtime.engine()).param(fecha)
    head = html.Thead(html.Tr([html.Th(h, scope="col") for h in ("Unidad", "CLUES", "Estado", *extra.values())]))
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Td(dcc.Link(r["nombre"], href=href(f"/unidad/{r['clues']}", fecha=day))),
                    html.Td(r["clues"]),
                    html.Td(r["estado"]),
                    *[html.Td(_cell(r[k])) for k in extra],
                ]
            )
            for r in frame.to_dict("records")
        ]
    )
    note = f"Se muestran {fmt.numero(len(frame))} de {fmt.numero(total)} unidades."
    return html.Div(
        [
            html.P(note, className="small mb-1"),
            dbc.Table([head, body], size="sm", striped=True, responsive=True, className="small"),
        ]
    )


def _cell(value: Any) -> str:
    return fmt.numero(value) if isinstance(value, int | float) else str(value)


def _controls(c: dict[str, Any], tl: national.Timeline, states: list[dict[str, str]]) -> dbc.Row:
    slider = date_slider(Ids.SLIDER, tl, c["index"])
    return dbc.Row(
        [
            slider_col(slider, Ids.SLIDER_LABEL, "Fecha del corte · ", Ids.DATE_TEXT, date_text(tl.at(c["index"]))),
            dropdown_col(Ids.STATE, "Estado", states, c["estado"]),
            dbc.Col(radio_group(Ids.GROUP, "Agrupar unidades por", GROUP_OPTIONS, c["agrupar"]), xs=12, md=6, lg=3),
        ],
        className="g-3 mb-3",
    )


def _graph(id_: str, figure: dict[str, Any], label: str, c: dict[str, Any] | None = None) -> html.Figure:
    """The chart in a labelled <figure>, with its export menu above it when the controls are known."""
    graph = dcc.Graph(id=id_, figure=figure, config=GRAPH_CONFIG)
    menu = export_bar(id_, EXPORTS[id_], export_params(id_, c)) if c is not None else None
    return html.Figure([menu, graph], className="mb-0", **{"aria-label": label})


EXPORTS = {Ids.BY_STATE: "ranking-estatal", Ids.BY_GROUP: "personal-por-grupo", Ids.BASE: "serie-basificacion",
           Ids.GAPS: "unidades-sin-medico"}  # fmt: skip


def export_params(chart_id: str, c: dict[str, Any]) -> dict[str, Any]:
    """What a chart's export menu asks for (the basificación series is drawn whole: no date)."""
    day = day_of(c["index"])
    fecha = day.isoformat() if day else None
    return {
        Ids.BY_STATE: {"fecha": fecha, "metrica": "medicos_pct"},
        Ids.BY_GROUP: {"fecha": fecha, "estado": _cve(c), "agrupar": c["agrupar"]},
        Ids.BASE: {"estado": _cve(c)},
        Ids.GAPS: {"fecha": fecha, "estado": _cve(c)},
    }[chart_id]


def layout(**params: Any) -> html.Div:
    """The page for the URL's date, state and grouping."""
    c = valid(params)
    tl = national.timeline(runtime.engine())
    return html.Div(
        [
            dcc.Location(id=Ids.URL, refresh="callback-nav"),
            page_title(
                "Personal de salud", "Médicos incorporados frente a la norma de personal, basificación y vacantes"
            ),
            _controls(c, tl, state_options()),
            dbc.Row(kpis(c), id=Ids.KPIS, className="g-2 mb-3"),
            dbc.Row(
                [
                    dbc.Col(_graph(Ids.BY_STATE, by_state_figure(c), "Médicos por estado", c), xs=12, lg=6),
                    dbc.Col(_graph(Ids.BY_GROUP, by_group_figure(c), "Médicos por tipo de unidad", c), xs=12, lg=6),
                ],
                className="g-3",
            ),
            html.H2("Basificación", className="h5 mt-3"),
            _graph(Ids.BASE, basification_figure(c), "Incorporación y basificación en el tiempo", c),
            html.H2("Unidades sin médico", className="h5 mt-3"),
            dbc.Row(
                [
                    dbc.Col(_graph(Ids.GAPS, gaps_figure(c), "Unidades sin médico por estado", c), xs=12, lg=5),
                    dbc.Col(html.Div(gaps_table(c), id=Ids.GAPS_TABLE), xs=12, lg=7),
                ],
                className="g-3",
            ),
        ],
        className="page-personal",
    )


def skeleton() -> html.Div:
    """Every id of the page, no data."""
    c = {"index": 0, "estado": NATIONAL, "agrupar": "tipo_red"}
    return html.Div(
        [
            dcc.Location(id=Ids.URL),
            _controls(c, national.Timeline([]), []),
            html.Div(id=Ids.KPIS),
            *[dcc.Graph(id=i) for i in (Ids.BY_STATE, Ids.BY_GROUP, Ids.BASE, Ids.GAPS)],
            html.Div(id=Ids.GAPS_TABLE),
            *[export_bar(i, preset, {}) for i, preset in EXPORTS.items()],
        ]
    )
