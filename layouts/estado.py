"""Página de un estado: mapa municipal, unidades como puntos, tabla de unidades y pendientes del coordinador."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import fmt, runtime
from dashboard.figures.maps import municipal_choropleth
from dashboard.figures.points import COLOR_BY, COLOR_LABELS, state_view, unit_points
from dashboard.figures.style import GRAPH_CONFIG
from dashboard.pages import NotFound
from dashboard.queries import units as q
from dashboard.queries.metrics import ALL
from dashboard.queries.snapshot import state_cube
from dashboard.queries.status import data_status
from layouts.common import MAP_STYLE, area_legend, kpi_card, page_title
from layouts.export_menu import export_bar
from layouts.grid import grid_options, locale_es

DEFAULT_METRIC = "comites_instalados_pct"
DEFAULT_COLOR = "comite"
DEFAULT_DAYS = 30
MAX_DAYS = 3650
MAX_SEARCH = 100


class Ids:
    """Ids of the state page."""

    URL = "estado-url"
    CVE = "estado-cve"
    METRICA = "estado-metrica"
    MUNICIPIO = "estado-municipio"
    COLOR = "estado-color"
    BUSCAR = "estado-buscar"
    DIAS = "estado-dias"
    PENDIENTE = "estado-pendiente"
    CHORO = "estado-mapa-municipios"
    POINTS = "estado-mapa-unidades"
    GRID = "estado-tabla"
    COUNT = "estado-conteo"
    CSV = "estado-csv"
    XLSX = "estado-xlsx"
    DOWNLOAD = "estado-descarga"


@dataclass(frozen=True)
class View:
    """Every control of the page; what the URL query string holds."""

    metrica: str = DEFAULT_METRIC
    municipio: str | None = None
    color: str = DEFAULT_COLOR
    buscar: str = ""
    dias: int = DEFAULT_DAYS
    pendiente: str | None = None

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


def parse_view(raw: dict[str, Any], municipios: set[str], *, strict: bool = True) -> View:
    """Controls from URL parameters: invalid values fall back to defaults; an unknown municipality is a 404."""
    metrica = raw.get("metrica")
    color = raw.get("color")
    pendiente = raw.get("pendiente")
    municipio = str(raw.get("municipio") or "") or None
    if municipio is not None and municipio not in municipios:
        if strict:
            raise NotFound(f"El municipio «{municipio[:40]}» no pertenece a este estado.")
        municipio = None
    return View(
        metrica=metrica if metrica in q.STATE_METRICS else DEFAULT_METRIC,
        municipio=municipio,
        color=color if color in COLOR_BY else DEFAULT_COLOR,
        buscar=str(raw.get("buscar") or "").strip()[:MAX_SEARCH],
        dias=parse_days(raw.get("dias")),
        pendiente=pendiente if pendiente in q.TODOS else None,
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


def load_state(cve_ent: Any) -> q.StateInfo:
    """The state named by the URL, or the Spanish 404."""
    info = q.state_info(runtime.engine(), valid_cve_ent(cve_ent))
    if info is None:
        raise NotFound(f"No existe el estado «{cve_ent}».")
    return info


def exists(cve_ent: str | None = None, municipio: str | None = None, **_: Any) -> bool:
    """HTTP status of a direct GET: the state and, when given, the municipality must exist."""
    try:
        info = load_state(cve_ent)
    except NotFound:
        return False
    if municipio:
        return municipio in set(q.state_municipalities(runtime.engine(), info.cve_ent)["cvegeo"])
    return True


# Figures and rows for a view (shared with the callbacks) ---------------------------------------------------------


def choropleth_figure(info: q.StateInfo, metrica: str) -> dict[str, Any]:
    engine = runtime.engine()
    munis = q.state_municipalities(engine, info.cve_ent)
    values = q.municipal_values(munis, q.state_units(engine, info.cve_ent), metrica, info.federalizado)
    metric = ALL[metrica]
    return municipal_choropleth(values, metric=metric, geojson_url=geojson_url(info.cve_ent), title=metric.label)


def points_figure(cve_ent: str, municipio: str | None, color: str) -> dict[str, Any]:
    frame = q.state_units(runtime.engine(), cve_ent)
    if municipio:
        frame = frame[frame["cvegeo"] == municipio]
    center, zoom = state_view(cve_ent)
    return unit_points(
        frame,
        color=color,
        geojson_url=geojson_url(cve_ent),
        center=center,
        zoom=zoom,
        tiles_url=runtime.settings().map_tiles_url,
    )


def filtered(info: q.StateInfo, view: View) -> Any:
    """The state's unit frame after the municipality, to-do and search filters."""
    engine = runtime.engine()
    return q.filter_units(
        q.state_units(engine, info.cve_ent),
        municipio=view.municipio,
        pendiente=view.pendiente,
        dias=view.dias,
        ref=data_status(engine).datos_al,
        buscar=view.buscar,
    )


def todo_options(info: q.StateInfo, municipio: str | None, dias: int) -> list[dict[str, Any]]:
    """The to-do list as radio options with their counts (within the chosen municipality)."""
    engine = runtime.engine()
    frame = q.filter_units(q.state_units(engine, info.cve_ent), municipio=municipio)
    counts = q.todo_counts(frame, dias=dias, ref=data_status(engine).datos_al)
    label_days = {"sin_ejercer": f"Dinero dispersado sin ejercer (≥ {dias} días)"}
    options = [{"label": f"Todas las unidades ({len(frame):,})", "value": ""}]
    options += [{"label": f"{label_days.get(k, v)} ({counts[k]:,})", "value": k} for k, v in q.TODOS.items()]
    return options


def count_text(n: int, total: int) -> str:
    return f"{n:,} de {total:,} unidades"


# Components -------------------------------------------------------------------------------------------------------


def breadcrumb(items: list[tuple[str, str | None]]) -> html.Nav:
    """Panorama › Estado › …: links except the last item (the current page)."""
    lis = []
    for i, (label, href) in enumerate(items):
        last = i == len(items) - 1
        body: Any = label if last or not href else dcc.Link(label, href=href)
        lis.append(
            html.Li(
                body,
                className="breadcrumb-item" + (" active" if last else ""),
                **({"aria-current": "page"} if last else {}),
            )
        )
    return html.Nav(html.Ol(lis, className="breadcrumb mb-2"), **{"aria-label": "Ruta de navegación"})


def federalization_text(info: q.StateInfo) -> str:
    if info.federalizado == "si":
        when = info.fecha_adhesion
        if when is None:
            return "Federalizado a IMSS-Bienestar (fecha de adhesión no disponible)"
        if info.aproximada:
            return f"Federalizado a IMSS-Bienestar desde {fmt.MESES[when.month - 1]} de {when.year} (fecha aproximada)"
        return f"Federalizado a IMSS-Bienestar desde el {fmt.fecha_larga(when)}"
    if info.federalizado == "anunciado":
        return "Adhesión a IMSS-Bienestar anunciada; aún sin datos de operación"
    return "No adherido a IMSS-Bienestar"


def kpis(info: q.StateInfo) -> dbc.Row:
    cube = state_cube(runtime.engine())
    last = cube.last_date()
    row = cube.at(last).loc[info.cve_ent] if last is not None and info.cve_ent in cube.states.index else None

    def val(key: str) -> float | None:
        return None if row is None else row.get(key)

    cards = [
        kpi_card("Unidades en la red", fmt.numero(val("unidades_red"))),
        kpi_card("Cobertura del registro", fmt.porcentaje(val("cobertura_registro"))),
        kpi_card("Comités instalados", fmt.porcentaje(val("comites_instalados_pct"))),
        kpi_card("Presupuesto ejercido / dispersado", fmt.porcentaje(val("ejercido_pct"))),
        kpi_card("Médicos frente a la necesidad", fmt.porcentaje(val("medicos_pct"))),
    ]
    return dbc.Row([dbc.Col(c, xs=6, md=4, xl=True, className="mb-2") for c in cards], className="g-2 mb-3")


def controls(view: View, municipios: list[tuple[str, str]]) -> dbc.Row:
    metric_options = [{"label": ALL[k].label, "value": k} for k in q.STATE_METRICS]
    muni_options = [{"label": nombre, "value": cvegeo} for cvegeo, nombre in municipios]
    color_options = [{"label": COLOR_LABELS[k], "value": k} for k in COLOR_BY]
    return dbc.Row(
        [
            _field(
                "Indicador del mapa",
                dcc.Dropdown(id=Ids.METRICA, options=metric_options, value=view.metrica, clearable=False),
            ),
            _field(
                "Municipio",
                dcc.Dropdown(
                    id=Ids.MUNICIPIO, options=muni_options, value=view.municipio, placeholder="Todo el estado"
                ),
            ),
            _field(
                "Color de las unidades",
                dcc.Dropdown(id=Ids.COLOR, options=color_options, value=view.color, clearable=False),
            ),
        ],
        className="g-2 mb-2",
    )


def _field(label: str, control: Any) -> dbc.Col:
    return dbc.Col([html.Label(label, htmlFor=control.id, className="form-label small mb-1"), control], md=4)


COLUMN_DEFS: list[dict[str, Any]] = [
    {"field": "unidad", "headerName": "Unidad", "cellRenderer": "markdown", "minWidth": 240},
    {"field": "clues", "headerName": "CLUES", "width": 140},
    {"field": "ruta", "headerName": "Estado › municipio › localidad › unidad", "minWidth": 320, "hide": False},
    {"field": "municipio", "headerName": "Municipio"},
    {"field": "tipologia", "headerName": "Tipología"},
    {"field": "etapa", "headerName": "Comité"},
    {"field": "medicos", "headerName": "Médicos", "filter": "agNumberColumnFilter", "width": 110},
    {"field": "medicos_requeridos", "headerName": "Requeridos", "filter": "agNumberColumnFilter", "width": 120},
    {
        "field": "dispersado",
        "headerName": "Dispersado",
        "filter": "agNumberColumnFilter",
        "valueFormatter": {"function": "'$' + d3.format(',.0f')(params.value)"},
    },
    {
        "field": "ejercido",
        "headerName": "Ejercido",
        "filter": "agNumberColumnFilter",
        "valueFormatter": {"function": "'$' + d3.format(',.0f')(params.value)"},
    },
    {"field": "ejercido_pct", "headerName": "% ejercido", "filter": "agNumberColumnFilter", "width": 120},
    {"field": "ubicacion", "headerName": "Ubicación"},
    {"field": "origen", "headerName": "Origen"},
]


def grid(rows: list[dict[str, Any]], buscar: str, cve_ent: str) -> dag.AgGrid:
    return dag.AgGrid(
        id=Ids.GRID,
        rowData=rows,
        columnDefs=COLUMN_DEFS,
        defaultColDef={"sortable": True, "filter": True, "resizable": True, "floatingFilter": False},
        dashGridOptions=grid_options(
            quickFilterText=buscar,
            pagination=True,
            paginationPageSize=50,
            animateRows=False,
            localeText={**locale_es(), "noRowsToShow": "Ninguna unidad cumple los filtros"},
        ),
        getRowId="params.data.clues",
        csvExportParams={
            "fileName": f"unidades_{cve_ent}.csv",
            "columnKeys": [c["field"] for c in COLUMN_DEFS[1:]],
            "processCellCallback": {"function": "neutraliseCsvCell(params)"},  # assets/dashAgGridFunctions.js
        },
        columnSize="autoSize",
        style={"height": "560px"},
        className="ag-theme-quartz",
    )


def todo_panel(options: list[dict[str, Any]], view: View) -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("Pendientes del coordinador", className="h6"),
                dcc.RadioItems(
                    id=Ids.PENDIENTE,
                    options=options,
                    value=view.pendiente or "",
                    className="todo-list small",
                    labelStyle={"display": "block"},
                ),
                html.Label("Días sin ejercer", htmlFor=Ids.DIAS, className="form-label small mt-2 mb-1"),
                dcc.Input(
                    id=Ids.DIAS,
                    type="number",
                    min=1,
                    max=MAX_DAYS,
                    step=1,
                    value=view.dias,
                    debounce=True,
                    className="form-control form-control-sm",
                ),
            ]
        ),
        className="h-100",
    )


def table_tools(view: View, count: str = "") -> dbc.Row:
    return dbc.Row(
        [
            dbc.Col(
                [
                    html.Label("Buscar en la tabla de unidades", htmlFor=Ids.BUSCAR, className="visually-hidden"),
                    dcc.Input(
                        id=Ids.BUSCAR,
                        type="search",
                        value=view.buscar,
                        placeholder="Buscar unidad, CLUES, municipio, localidad…",
                        debounce=0.4,
                        maxLength=MAX_SEARCH,
                        className="form-control",
                    ),
                ],
                md=6,
            ),
            dbc.Col(
                html.Span(count, id=Ids.COUNT, className="small text-body-secondary", role="status"),
                md=3,
                className="align-self-center",
            ),
            dbc.Col(
                [
                    dbc.Button("CSV", id=Ids.CSV, size="sm", color="secondary", outline=True, className="me-2"),
                    dbc.Button("XLSX", id=Ids.XLSX, size="sm", color="secondary", outline=True),
                    dcc.Download(id=Ids.DOWNLOAD),
                ],
                md=3,
                className="text-md-end",
            ),
        ],
        className="g-2 mb-2",
    )


EXPORTS = {Ids.CHORO: "estado-municipal", Ids.POINTS: "estado-unidades"}


def export_params(chart_id: str, cve_ent: str, view: View) -> dict[str, Any]:
    """What a map's export menu asks for (the state page shows current data: no date)."""
    if chart_id == Ids.CHORO:
        return {"estado": cve_ent, "metrica": view.metrica}
    return {"estado": cve_ent, "color": view.color, "municipio": view.municipio}


def _graph(id_: str, figure: Any, label: str, cve_ent: str, view: View) -> html.Div:
    graph = dcc.Graph(id=id_, figure=figure, config=GRAPH_CONFIG, style=MAP_STYLE)
    menu = export_bar(id_, EXPORTS[id_], export_params(id_, cve_ent, view))
    return html.Div([menu, graph], role="figure", **{"aria-label": label})


def layout(cve_ent: str | None = None, **params: Any) -> html.Div:
    """The state page for /estado/<cve_ent>?metrica=…&municipio=…&color=…&buscar=…&dias=…&pendiente=…"""
    info = load_state(cve_ent)
    engine = runtime.engine()
    munis = q.state_municipalities(engine, info.cve_ent)
    pairs = list(zip(munis["cvegeo"], munis["nombre"], strict=True))
    view = parse_view(params, {c for c, _ in pairs})
    frame = q.state_units(engine, info.cve_ent)
    rows = q.grid_rows(filtered(info, View(**{**asdict(view), "buscar": ""})), info.nombre)
    shown = len(filtered(info, view))
    return html.Div(
        [
            dcc.Location(id=Ids.URL, refresh="callback-nav"),
            dcc.Store(id=Ids.CVE, data=info.cve_ent),
            breadcrumb([("Panorama", "/"), (info.nombre, None)]),
            page_title(info.nombre, federalization_text(info)),
            kpis(info),
            controls(view, pairs),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            _graph(
                                Ids.CHORO, choropleth_figure(info, view.metrica), "Mapa municipal", info.cve_ent, view
                            ),
                            area_legend(),
                        ],
                        lg=6,
                    ),
                    dbc.Col(
                        _graph(
                            Ids.POINTS,
                            points_figure(info.cve_ent, view.municipio, view.color),
                            "Unidades de salud",
                            info.cve_ent,
                            view,
                        ),
                        lg=6,
                    ),
                ],
                className="g-2 mb-3",
            ),
            dbc.Row(
                [
                    dbc.Col(todo_panel(todo_options(info, view.municipio, view.dias), view), lg=3, className="mb-2"),
                    dbc.Col(
                        [
                            html.H2("Unidades", className="h5"),
                            table_tools(view, count_text(shown, len(frame))),
                            grid(rows, view.buscar, info.cve_ent),
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
            controls(view, []),
            dcc.Graph(id=Ids.CHORO),
            dcc.Graph(id=Ids.POINTS),
            todo_panel([], view),
            table_tools(view),
            grid([], "", "00"),
            *[export_bar(i, preset, {}) for i, preset in EXPORTS.items()],
        ]
    )
