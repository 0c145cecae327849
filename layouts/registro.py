"""Credencialización (`/registro`): registrations by channel, by state and by municipality, coverage of the census."""

from __future__ import annotations

from datetime import date
from typing import Any

import dash_bootstrap_components as dbc
import numpy as np
import pandas as pd
from dash import dcc, html

from dashboard import fmt, page_data, runtime
from dashboard.figures import bars, maps, series
from dashboard.figures.style import CHANNEL_COLORS, CHANNEL_LABELS, GRAPH_CONFIG
from dashboard.pages import pick
from dashboard.queries import municipal
from dashboard.queries.metrics import Metric
from dashboard.queries.snapshot import state_cube
from layouts.common import MAP_STYLE, map_legend, page_title
from layouts.controls import NATIONAL, dropdown_col, radio_group, slider_col, state_options
from layouts.export_menu import export_bar

CANAL_OPTIONS = [{"label": "Todos (personas, sin duplicados)", "value": "todos"}] + [
    {"label": CHANNEL_LABELS[c], "value": c} for c in municipal.CANALES
]
VISTA_OPTIONS = [
    {"label": "Números absolutos", "value": "absoluto"},
    {"label": "Por cada 1,000 habitantes", "value": "por_mil"},
    {"label": "% de cobertura", "value": "cobertura"},
]
DEN_OPTIONS = [
    {"label": "Población sin seguridad social (Censo 2020 + INSABI/IMSS-Bienestar)", "value": "pob_sin_seguridad"},
    {"label": "Población sin afiliación a servicios de salud (Censo 2020, psinder)", "value": "psinder"},
]
DEN_SHORT = page_data.DEN_SHORT


class Ids:
    """Ids of the registry page."""

    URL = "registro-url"
    MONTH = "registro-fecha"
    MONTH_LABEL = "registro-fecha-etiqueta"
    MONTH_TEXT = "registro-fecha-texto"
    STATE = "registro-estado"
    CANAL = "registro-canal"
    VISTA = "registro-vista"
    DEN = "registro-denominador"
    COVERAGE = "registro-cobertura"
    CHANNELS = "registro-canales"
    BY_STATE = "registro-por-estado"
    MAP = "registro-mapa"
    LEGEND = "registro-leyenda"


def metric_for(canal: str, vista: str, denominador: str) -> Metric:
    """The Metric the municipal map and state bars show for the chosen controls (shared with the exports)."""
    return page_data.registry_metric(canal, vista, denominador)


def valid(params: dict[str, Any]) -> dict[str, Any]:
    """Controls from URL params (strings), every invalid value replaced by its default."""
    cube = municipal.municipal_cube(runtime.engine())
    states = {o["value"] for o in state_options()}
    fecha = _date(params.get("fecha"))
    return {
        "mes": cube.month_index(fecha),
        "estado": pick(params.get("estado"), states, NATIONAL),
        "canal": pick(params.get("canal"), municipal.CANALES, "todos"),
        "vista": pick(params.get("vista"), municipal.VISTAS, "absoluto"),
        "denominador": params.get("denominador") if params.get("denominador") in municipal.DENOMINADORES
        else municipal.DENOMINADORES[0],
    }  # fmt: skip


def _date(text: Any) -> date | None:
    if not isinstance(text, str) or len(text) != 10:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def cutoff(index: Any) -> date | None:
    cube = municipal.municipal_cube(runtime.engine())
    if not cube.cutoffs:
        return None
    i = int(index) if isinstance(index, int | float) else len(cube.cutoffs) - 1
    return cube.cutoffs[min(max(i, 0), len(cube.cutoffs) - 1)]


def month_text(fecha: date | None) -> str:
    return f"Datos acumulados al {fmt.fecha_larga(fecha)}" if fecha else "Sin datos de registro"


def map_values(c: dict[str, Any]) -> pd.DataFrame:
    """The municipalities of the map (one state or all) at the month's cut-off."""
    cve = None if c["estado"] == NATIONAL else c["estado"]
    return municipal.municipal_values(
        runtime.engine(),
        cutoff(c["mes"]),
        canal=c["canal"],
        vista=c["vista"],
        denominador=c["denominador"],
        cve_ent=cve,
    )


def map_figure(c: dict[str, Any]) -> dict[str, Any]:
    cve = None if c["estado"] == NATIONAL else c["estado"]
    url = f"/geo/municipios/{cve}.geojson" if cve else "/geo/municipios.geojson"
    metric = metric_for(c["canal"], c["vista"], c["denominador"])
    return maps.municipal_choropleth(map_values(c), metric=metric, geojson_url=url)


def legend(c: dict[str, Any]) -> html.Div:
    """The map's legend: the area states it shows at the month's cut-off."""
    return map_legend(map_values(c), id_=Ids.LEGEND, areas="municipio")


def state_values(c: dict[str, Any]) -> pd.DataFrame:
    """Federalized states with data at the month: cve_ent, nombre, value."""
    return page_data.registry_by_state(runtime.engine(), cutoff(c["mes"]), c["canal"], c["vista"], c["denominador"])


def by_state_figure(c: dict[str, Any]) -> dict[str, Any]:
    m = metric_for(c["canal"], c["vista"], c["denominador"])
    hl = None if c["estado"] == NATIONAL else c["estado"]
    return bars.ranking_bar(state_values(c), metric=m, highlight=hl, title=f"{m.label} por estado")


def channels_figure(estado: str) -> dict[str, Any]:
    cube = state_cube(runtime.engine())
    if len(cube.dates) == 0:
        return {"data": [], "layout": {}}
    weekly = page_data.channel_weeks(runtime.engine(), None if estado == NATIONAL else estado)
    where = "todo el país" if estado == NATIONAL else cube.states.loc[estado, "nombre"]
    return series.stacked_area(
        weekly, colors=CHANNEL_COLORS, labels=CHANNEL_LABELS, title=f"Registros acumulados por canal, {where}",
        unit="registros",
    )  # fmt: skip


EXPORTS = {Ids.MAP: "registro-municipal", Ids.BY_STATE: "registro-estados", Ids.CHANNELS: "registro-canales-serie"}


def export_params(chart_id: str, c: dict[str, Any]) -> dict[str, Any]:
    """What a chart's export menu asks for (the channel series is drawn whole: no date, no view)."""
    fecha = cutoff(c["mes"])
    estado = None if c["estado"] == NATIONAL else c["estado"]
    if chart_id == Ids.CHANNELS:
        return {"estado": estado}
    return {"fecha": fecha.isoformat() if fecha else None, "estado": estado, "canal": c["canal"],
            "vista": c["vista"], "denominador": c["denominador"]}  # fmt: skip


def menu(chart_id: str, c: dict[str, Any]) -> Any:
    return export_bar(chart_id, EXPORTS[chart_id], export_params(chart_id, c))


def coverage_text(c: dict[str, Any]) -> Any:
    """Coverage of the registry against both census denominators; the chosen one first."""
    fecha = cutoff(c["mes"])
    if fecha is None:
        return html.P("Sin datos de registro.")
    cube = state_cube(runtime.engine())
    row = cube.national_at(fecha) if c["estado"] == NATIONAL else cube.at(fecha).loc[c["estado"]]
    where = "los estados federalizados" if c["estado"] == NATIONAL else str(cube.states.loc[c["estado"], "nombre"])
    dens = sorted(municipal.DENOMINADORES, key=lambda d: d != c["denominador"])
    parts = [
        html.Li([html.Strong(fmt.porcentaje(_pct(row["personas_registradas"], row[d]))),
                 f" de la {DEN_SHORT[d]}: {fmt.numero(row[d])} personas"])
        for d in dens
    ]  # fmt: skip
    head = f"{fmt.numero(row['personas_registradas'])} personas registradas en {where} al {fmt.fecha_larga(fecha)}. Cobertura:"
    return html.Div([html.P(head, className="mb-1"), html.Ul(parts, className="mb-0")], **{"aria-live": "polite"})


def _pct(num: float, den: float) -> float:
    return float("nan") if not den or np.isnan(den) else 100 * float(num) / float(den)


def month_marks(cutoffs: list[date]) -> dict[int, dict[str, str]]:
    step = 1 if len(cutoffs) <= 12 else 6
    return {
        i: {"label": f"{fmt.MESES_CORTOS[d.month - 1]} {d.year}"}
        for i, d in enumerate(cutoffs)
        if i % step == 0 or i == len(cutoffs) - 1
    }


def _controls(c: dict[str, Any], cutoffs: list[date], states: list[dict[str, str]]) -> dbc.Row:
    fecha = cutoffs[c["mes"]] if cutoffs else None
    slider = dcc.Slider(id=Ids.MONTH, min=0, max=max(len(cutoffs) - 1, 0), step=1, value=c["mes"],
                        marks=month_marks(cutoffs), allow_direct_input=False)  # fmt: skip
    return dbc.Row(
        [
            slider_col(slider, Ids.MONTH_LABEL, "Mes · ", Ids.MONTH_TEXT, month_text(fecha)),
            dropdown_col(Ids.STATE, "Estado", states, c["estado"]),
            dropdown_col(Ids.CANAL, "Canal", CANAL_OPTIONS, c["canal"]),
            dbc.Col(radio_group(Ids.VISTA, "Vista", VISTA_OPTIONS, c["vista"]), xs=12, md=4),
            dbc.Col(radio_group(Ids.DEN, "Denominador de la cobertura", DEN_OPTIONS, c["denominador"]), xs=12, md=8),
        ],
        className="g-3 mb-3",
    )


def _graph(id_: str, figure: dict[str, Any], label: str, class_name: str = "") -> html.Figure:
    extra = {"style": MAP_STYLE} if "map-graph" in class_name else {}
    graph = dcc.Graph(id=id_, figure=figure, config=GRAPH_CONFIG, className=class_name, **extra)
    return html.Figure(graph, className="mb-0", **{"aria-label": label})


def layout(**params: Any) -> html.Div:
    """The page for the URL's month, state, channel, view and denominator."""
    c = valid(params)
    cutoffs = municipal.municipal_cube(runtime.engine()).cutoffs
    return html.Div(
        [
            dcc.Location(id=Ids.URL, refresh="callback-nav"),
            page_title("Credencialización", "Registro de personas por canal, estado y municipio"),
            _controls(c, cutoffs, state_options()),
            dbc.Alert(coverage_text(c), id=Ids.COVERAGE, color="light", className="mb-3"),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            html.H2("Registro por municipio", className="h5"),
                            menu(Ids.MAP, c),
                            _graph(Ids.MAP, map_figure(c), "Mapa de municipios", "map-graph"),
                            legend(c),
                        ],
                        xs=12,
                        lg=7,
                    ),
                    dbc.Col(
                        [
                            html.H2("Por estado", className="h5"),
                            menu(Ids.BY_STATE, c),
                            _graph(Ids.BY_STATE, by_state_figure(c), "Por estado"),
                        ],
                        xs=12,
                        lg=5,
                    ),
                ],
                className="g-3",
            ),
            html.H2("Por canal de registro", className="h5 mt-3"),
            menu(Ids.CHANNELS, c),
            _graph(Ids.CHANNELS, channels_figure(c["estado"]), "Registros por canal"),
        ],
        className="page-registro",
    )


def skeleton() -> html.Div:
    """Every id of the page, no data."""
    c = {"mes": 0, "estado": NATIONAL, "canal": "todos", "vista": "absoluto", "denominador": "pob_sin_seguridad"}
    controls = _controls(c, [], [])
    return html.Div(
        [
            dcc.Location(id=Ids.URL),
            controls,
            html.Div(id=Ids.COVERAGE),
            dcc.Graph(id=Ids.MAP),
            html.Div(id=Ids.LEGEND),
            dcc.Graph(id=Ids.BY_STATE),
            dcc.Graph(id=Ids.CHANNELS),
            *[export_bar(i, preset, {}) for i, preset in EXPORTS.items()],
        ]
    )
