"""Controls, to-do panel and unit grid of the state page (components only: no data access)."""

from __future__ import annotations

from typing import Any

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.figures.points import COLOR_BY, COLOR_LABELS
from dashboard.queries.metrics import ALL
from dashboard.queries.state_municipal import STATE_METRICS
from layouts.grid import grid_options, locale_es

MAX_DAYS = 3650
MAX_SEARCH = 100


class Ids:
    """Ids of the state page."""

    URL = "estado-url"
    CVE = "estado-cve"
    FECHA = "estado-fecha"
    FECHA_LABEL = "estado-fecha-etiqueta"
    FECHA_TEXT = "estado-fecha-texto"
    NOTICE = "estado-aviso"
    CRUMBS = "estado-ruta"
    STATUS = "estado-adhesion"
    KPIS = "estado-kpis"
    METRICA = "estado-metrica"
    MUNICIPIO = "estado-municipio"
    COLOR = "estado-color"
    BUSCAR = "estado-buscar"
    DIAS = "estado-dias"
    PENDIENTE = "estado-pendiente"
    CHORO = "estado-mapa-municipios"
    LEGEND = "estado-leyenda"
    POINTS = "estado-mapa-unidades"
    GRID = "estado-tabla"
    COUNT = "estado-conteo"
    CSV = "estado-csv"
    XLSX = "estado-xlsx"
    DOWNLOAD = "estado-descarga"


def controls(metrica: str, municipio: str | None, color: str, municipios: list[tuple[str, str]]) -> dbc.Row:
    """The map indicator, the municipality and the colour of the unit points."""
    metric_options = [{"label": ALL[k].label, "value": k} for k in STATE_METRICS]
    muni_options = [{"label": nombre, "value": cvegeo} for cvegeo, nombre in municipios]
    color_options = [{"label": COLOR_LABELS[k], "value": k} for k in COLOR_BY]
    return dbc.Row(
        [
            _field(
                "Indicador del mapa",
                dcc.Dropdown(id=Ids.METRICA, options=metric_options, value=metrica, clearable=False),
            ),
            _field(
                "Municipio",
                dcc.Dropdown(id=Ids.MUNICIPIO, options=muni_options, value=municipio, placeholder="Todo el estado"),
            ),
            _field(
                "Color de las unidades",
                dcc.Dropdown(id=Ids.COLOR, options=color_options, value=color, clearable=False),
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


def todo_panel(options: list[dict[str, Any]], pendiente: str | None, dias: int) -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("Pendientes del coordinador", className="h6"),
                dcc.RadioItems(
                    id=Ids.PENDIENTE,
                    options=options,
                    value=pendiente or "",
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
                    value=dias,
                    debounce=True,
                    className="form-control form-control-sm",
                ),
            ]
        ),
        className="h-100",
    )


def table_tools(buscar: str, count: str = "") -> dbc.Row:
    return dbc.Row(
        [
            dbc.Col(
                [
                    html.Label("Buscar en la tabla de unidades", htmlFor=Ids.BUSCAR, className="visually-hidden"),
                    dcc.Input(
                        id=Ids.BUSCAR,
                        type="search",
                        value=buscar,
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
