"""Página de un estado a una fecha: mapa municipal, unidades como puntos, tabla de unidades y pendientes."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import fmt, runtime
from dashboard.figures.maps import municipal_choropleth
from dashboard.figures.points import COLOR_BY, state_view, unit_points
from dashboard.figures.style import GRAPH_CONFIG
from dashboard.pages import NotFound, href
from dashboard.queries import joining, national
from dashboard.queries import units as q
from dashboard.queries.metrics import ALL
from dashboard.queries.snapshot import state_cube
from dashboard.queries.state_info import StateInfo, state_info
from dashboard.queries.state_municipal import STATE_METRICS, municipal_values, state_municipalities
from layouts.common import MAP_STYLE, breadcrumb, kpi_card, map_legend
from layouts.controls import date_control, date_notice
from layouts.estado_parts import MAX_DAYS, MAX_SEARCH, Ids, controls, grid, table_tools, todo_panel
from layouts.export_menu import export_bar

DEFAULT_METRIC = "comites_instalados_pct"
DEFAULT_COLOR = "comite"
DEFAULT_DAYS = 30


@dataclass(frozen=True)
class View:
    """Every control of the page; what the URL query string holds (fecha None: the last day with data)."""

    metrica: str = DEFAULT_METRIC
    municipio: str | None = None
    color: str = DEFAULT_COLOR
    buscar: str = ""
    dias: int = DEFAULT_DAYS
    pendiente: str | None = None
    fecha: str | None = None

    def query(self) -> dict[str, Any]:
        """Only the values that differ from the defaults (short, stable URLs)."""
        default = asdict(View())
        return {k: v for k, v in asdict(self).items() if v != default[k]}


def valid_cve_ent(cve_ent: Any) -> str:
    """The two-digit state code or NotFound (never touches the database with a malformed value)."""
    text = str(cve_ent or "")
    if not (len(text) == 2 and text.isascii() and text.isdigit() and 1 <= int(text) <= 32):
        raise NotFound(f"No existe el estado «{text[:40]}». Use la clave de dos dígitos del INEGI, por ejemplo 20.")
    return text


def parse_view(
    raw: dict[str, Any], municipios: set[str], tl: national.Timeline | None = None, *, strict: bool = True
) -> View:
    """Controls from URL parameters: invalid values fall back to defaults; an unknown municipality is a 404."""
    metrica = raw.get("metrica")
    color = raw.get("color")
    pendiente = raw.get("pendiente")
    municipio = str(raw.get("municipio") or "") or None
    if municipio is not None and municipio not in municipios:
        if strict:
            raise NotFound(f"El municipio «{municipio[:40]}» no pertenece a este estado.")
        municipio = None
    fecha = national.parse_date(raw.get("fecha"), tl) if tl is not None and isinstance(raw.get("fecha"), str) else None
    return View(
        metrica=metrica if metrica in STATE_METRICS else DEFAULT_METRIC,
        municipio=municipio,
        color=color if color in COLOR_BY else DEFAULT_COLOR,
        buscar=str(raw.get("buscar") or "").strip()[:MAX_SEARCH],
        dias=parse_days(raw.get("dias")),
        pendiente=pendiente if pendiente in q.TODOS else None,
        fecha=tl.param(fecha) if tl is not None else None,
    )


def parse_days(value: Any) -> int:
    """Days without spending: 1…3650, default 30."""
    try:
        days = int(str(value))
    except (TypeError, ValueError):
        return DEFAULT_DAYS
    return days if 1 <= days <= MAX_DAYS else DEFAULT_DAYS


def geojson_url(cve_ent: str) -> str:
    return f"/geo/municipios/{cve_ent}.geojson"


def load_state(cve_ent: Any) -> StateInfo:
    """The state named by the URL, or the Spanish 404."""
    info = state_info(runtime.engine(), valid_cve_ent(cve_ent))
    if info is None:
        raise NotFound(f"No existe el estado «{cve_ent}».")
    return info


def municipios(cve_ent: str) -> set[str]:
    return set(state_municipalities(runtime.engine(), cve_ent)["cvegeo"])


def exists(cve_ent: str | None = None, municipio: str | None = None, **_: Any) -> bool:
    """HTTP status of a direct GET: the state and, when given, the municipality must exist."""
    try:
        info = load_state(cve_ent)
    except NotFound:
        return False
    return not municipio or municipio in municipios(info.cve_ent)


# The page's data at its date, built once per request (queries are cached per data version) ------------------------


@dataclass(frozen=True)
class StatePage:
    """A state, the controls and the date they show."""

    info: StateInfo
    view: View
    day: date | None  # the date shown: the URL's, else the last day with data

    @property
    def cve_ent(self) -> str:
        return self.info.cve_ent

    @property
    def status(self) -> str:
        return self.info.status(self.day)

    def units(self) -> pd.DataFrame:
        return q.state_units(runtime.engine(), self.cve_ent, self.day)

    def municipalities(self) -> pd.DataFrame:
        return state_municipalities(runtime.engine(), self.cve_ent, self.day)

    def filtered(self, *, search: bool = True) -> pd.DataFrame:
        """The units after the municipality, to-do and (unless search=False) quick-search filters."""
        v = self.view
        return q.filter_units(
            self.units(), municipio=v.municipio, pendiente=v.pendiente, dias=v.dias, ref=self.day,
            buscar=v.buscar if search else None,
        )  # fmt: skip


def state_page(info: StateInfo, view: View) -> StatePage:
    tl = national.timeline(runtime.engine())
    return StatePage(info, view, national.parse_date(view.fecha, tl) or tl.last)


def choropleth_values(page: StatePage) -> pd.DataFrame:
    return municipal_values(page.municipalities(), page.units(), page.view.metrica, page.status)


def choropleth_figure(page: StatePage) -> dict[str, Any]:
    metric = ALL[page.view.metrica]
    values = choropleth_values(page)
    return municipal_choropleth(values, metric=metric, geojson_url=geojson_url(page.cve_ent), title=metric.label)


def legend(page: StatePage) -> Any:
    return map_legend(choropleth_values(page), id_=Ids.LEGEND, areas="municipio")


def points_figure(page: StatePage) -> dict[str, Any]:
    frame = page.units()
    if page.view.municipio:
        frame = frame[frame["cvegeo"] == page.view.municipio]
    center, zoom = state_view(page.cve_ent)
    return unit_points(
        frame,
        color=page.view.color,
        geojson_url=geojson_url(page.cve_ent),
        center=center,
        zoom=zoom,
        tiles_url=runtime.settings().map_tiles_url,
    )


def todo_options(page: StatePage) -> list[dict[str, Any]]:
    """The to-do list as radio options with their counts at the page's date (within the chosen municipality)."""
    frame = q.filter_units(page.units(), municipio=page.view.municipio)
    dias = page.view.dias
    counts = q.todo_counts(frame, dias=dias, ref=page.day)
    label_days = {"sin_ejercer": f"Dinero dispersado sin ejercer (≥ {dias} días)"}
    options = [{"label": f"Todas las unidades ({len(frame):,})", "value": ""}]
    options += [{"label": f"{label_days.get(k, v)} ({counts[k]:,})", "value": k} for k, v in q.TODOS.items()]
    return options


def grid_rows(page: StatePage, *, export: bool = False) -> list[dict[str, Any]]:
    """The grid's rows (searched only for exports: on screen the grid's quick filter searches)."""
    return q.grid_rows(page.filtered(search=export), page.info.nombre, export=export, fecha=page.view.fecha)


def count_text(n: int, total: int) -> str:
    return f"{n:,} de {total:,} unidades"


def unit_count(page: StatePage) -> str:
    return count_text(len(page.filtered()), len(page.units()))


# Header: where, when, status and headline numbers -----------------------------------------------------------------


def crumbs(page: StatePage) -> html.Nav:
    return breadcrumb([("Panorama", href("/", fecha=page.view.fecha)), (page.info.nombre, None)])


def _joined_when(info: StateInfo) -> str:
    when = info.fecha_adhesion
    if when is None:
        return "(fecha de adhesión no disponible)"
    if info.aproximada:
        return f"{fmt.MESES[when.month - 1]} de {when.year} (fecha aproximada)"
    return f"el {fmt.fecha_larga(when)}"


def federalization_text(info: StateInfo, day: date | None) -> str:
    """The state's joining status at the page's date, in words."""
    status = info.status(day)
    if status == joining.JOINED:
        when = _joined_when(info)
        return f"Federalizado a IMSS-Bienestar {when if when.startswith('(') else 'desde ' + when}"
    at = f" al {fmt.fecha_larga(day)}" if day else ""
    if status == joining.ANNOUNCED:
        said = f" el {fmt.fecha_larga(info.fecha_anuncio)}" if info.fecha_anuncio else ""
        return f"Adhesión a IMSS-Bienestar anunciada{said}; aún sin datos de operación{at}"
    later = info.fecha_adhesion is not None and (day is None or info.fecha_adhesion > day)
    return f"No adherido a IMSS-Bienestar{at}" + (f"; se adhirió en {_joined_when(info)}" if later else "")


def kpis(page: StatePage) -> list[dbc.Col]:
    """Headline numbers of the state at the page's date ('sin datos' before it joined)."""
    cube = state_cube(runtime.engine())
    row = cube.at(page.day).loc[page.cve_ent] if page.day and page.cve_ent in cube.states.index else None

    def val(key: str) -> float | None:
        return None if row is None else row.get(key)

    cards = [
        kpi_card("Unidades en la red", fmt.numero(val("unidades_red"))),
        kpi_card("Cobertura del registro", fmt.porcentaje(val("cobertura_registro"))),
        kpi_card("Comités instalados", fmt.porcentaje(val("comites_instalados_pct"))),
        kpi_card("Presupuesto ejercido / dispersado", fmt.porcentaje(val("ejercido_pct"))),
        kpi_card("Médicos frente a la necesidad", fmt.porcentaje(val("medicos_pct"))),
    ]
    return [dbc.Col(c, xs=6, md=4, xl=True, className="mb-2") for c in cards]


# Exports and layout -----------------------------------------------------------------------------------------------

EXPORTS = {Ids.CHORO: "estado-municipal", Ids.POINTS: "estado-unidades"}


def export_params(chart_id: str, cve_ent: str, view: View) -> dict[str, Any]:
    """What a map's export menu asks for: the state, the map's controls and the page's date."""
    if chart_id == Ids.CHORO:
        return {"estado": cve_ent, "metrica": view.metrica, "fecha": view.fecha}
    return {"estado": cve_ent, "color": view.color, "municipio": view.municipio, "fecha": view.fecha}


def _graph(id_: str, figure: Any, label: str, page: StatePage) -> html.Div:
    graph = dcc.Graph(id=id_, figure=figure, config=GRAPH_CONFIG, style=MAP_STYLE)
    menu = export_bar(id_, EXPORTS[id_], export_params(id_, page.cve_ent, page.view))
    return html.Div([menu, graph], role="figure", **{"aria-label": label})


def header(page: StatePage, tl: national.Timeline, raw_fecha: Any) -> list[Any]:
    return [
        html.Div(crumbs(page), id=Ids.CRUMBS),
        html.H1(page.info.nombre, className="h3 mb-1"),
        html.P(federalization_text(page.info, page.day), id=Ids.STATUS, className="text-body-secondary mb-2"),
        dbc.Row(date_control(Ids, tl, page.day), className="g-2 mb-2"),
        html.Div(date_notice(raw_fecha, tl, page.day), id=Ids.NOTICE),
        dbc.Row(kpis(page), id=Ids.KPIS, className="g-2 mb-3"),
    ]


def layout(cve_ent: str | None = None, **params: Any) -> html.Div:
    """/estado/<cve_ent>?fecha=…&metrica=…&municipio=…&color=…&buscar=…&dias=…&pendiente=…"""
    info = load_state(cve_ent)
    tl = national.timeline(runtime.engine())
    munis = state_municipalities(runtime.engine(), info.cve_ent)
    pairs = list(zip(munis["cvegeo"], munis["nombre"], strict=True))
    view = parse_view(params, {c for c, _ in pairs}, tl)
    page = state_page(info, view)
    return html.Div(
        [
            dcc.Location(id=Ids.URL, refresh="callback-nav"),
            dcc.Store(id=Ids.CVE, data=info.cve_ent),
            *header(page, tl, params.get("fecha")),
            controls(view.metrica, view.municipio, view.color, pairs),
            dbc.Row(
                [
                    dbc.Col([_graph(Ids.CHORO, choropleth_figure(page), "Mapa municipal", page), legend(page)], lg=6),
                    dbc.Col(_graph(Ids.POINTS, points_figure(page), "Unidades de salud", page), lg=6),
                ],
                className="g-2 mb-3",
            ),
            dbc.Row(
                [
                    dbc.Col(todo_panel(todo_options(page), view.pendiente, view.dias), lg=3, className="mb-2"),
                    dbc.Col(
                        [
                            html.H2("Unidades", className="h5"),
                            table_tools(view.buscar, unit_count(page)),
                            grid(grid_rows(page), view.buscar, info.cve_ent),
                        ],
                        lg=9,
                    ),
                ],
                className="g-2",
            ),
        ],
        className="page-estado",
    )


def skeleton() -> html.Div:
    """Every id of the page, without data (validation layout)."""
    view = View()
    return html.Div(
        [
            dcc.Location(id=Ids.URL, refresh="callback-nav"),
            dcc.Store(id=Ids.CVE),
            *[html.Div(id=i) for i in (Ids.CRUMBS, Ids.STATUS, Ids.NOTICE, Ids.KPIS, Ids.LEGEND)],
            date_control(Ids, national.Timeline([]), None),
            controls(view.metrica, None, view.color, []),
            dcc.Graph(id=Ids.CHORO),
            dcc.Graph(id=Ids.POINTS),
            todo_panel([], None, view.dias),
            table_tools(view.buscar),
            grid([], "", "00"),
            *[export_bar(i, preset, {}) for i, preset in EXPORTS.items()],
        ]
    )
