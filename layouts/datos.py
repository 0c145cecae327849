"""Página «Datos y fuentes»: frescura por conjunto y por estado, historial de cargas, fuentes y diferencias."""

from __future__ import annotations

from typing import Any

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import fmt, runtime
from dashboard.queries import joining
from dashboard.queries import loads_history as lh
from dashboard.queries.published import known_differences
from geodata import ATTRIBUTION
from layouts.common import page_title
from layouts.controls import tab_of
from layouts.grid import grid_options

TABS = {
    "frescura": "Frescura de los datos",
    "cargas": "Historial de cargas",
    "fuentes": "Fuentes y licencias",
    "diferencias": "Diferencias conocidas",
}
DEFAULT_TAB = "frescura"
BULLETIN_NETWORK = {"hospital": 707, "centro_salud": 13_966}  # IMSS-Bienestar network size in the 2024 bulletins
NETWORK_LABELS = {"hospital": "Hospitales", "centro_salud": "Centros de salud"}


class Ids:
    """Ids of the data page."""

    URL = "datos-url"
    TAB = "datos-pestana"
    GRID = "datos-cargas"
    PROBLEMS = "datos-problemas"


def parse_tab(raw: dict[str, Any]) -> str:
    """'pestaña' (or 'pestana') from the URL; anything else is the default tab."""
    return tab_of(raw, TABS, DEFAULT_TAB)


def _date(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return "sin datos"
    return fmt.fecha_corta(str(value)[:10])


def dataset_table() -> dbc.Table:
    frame = lh.dataset_freshness(runtime.engine())
    head = html.Thead(
        html.Tr([html.Th(h) for h in ("Conjunto", "Datos al", "Última carga correcta", "Archivo", "Filas")])
    )
    rows = [
        html.Tr(
            [
                html.Td(
                    [r.nombre, " ", dbc.Badge("demostración", color="warning", text_color="dark") if r.demo else None]
                ),
                html.Td(_date(r.periodo_fin)),
                html.Td(str(r.terminado)[:16] if r.terminado is not None else "—"),
                html.Td(html.Code(r.archivo), className="small"),
                html.Td(fmt.numero(r.filas)),
            ]
        )
        for r in frame.itertuples()
    ]
    if not rows:
        rows = [html.Tr(html.Td("Todavía no hay cargas correctas.", colSpan=5))]
    return dbc.Table([head, html.Tbody(rows)], size="sm", striped=True, responsive=True)


def state_table() -> dbc.Table:
    frame = lh.state_freshness(runtime.engine())
    today = joining.statuses(runtime.engine(), None)
    cols = ("registry", "staffing", "committees", "committee_spending")
    head = html.Thead(html.Tr([html.Th("Estado"), html.Th("Unidades"), *(html.Th(lh.DATASET_LABELS[c]) for c in cols)]))
    body = []
    for r in frame.to_dict("records"):
        name: Any = dcc.Link(r["nombre"], href=f"/estado/{r['cve_ent']}", className="estado-link")
        status = {joining.ANNOUNCED: " (anunciado)", joining.NOT_JOINED: " (no adherido)"}.get(today.get(r["cve_ent"]))
        body.append(
            html.Tr(
                [html.Td([name, status]), html.Td(fmt.numero(r["unidades"]))] + [html.Td(_date(r[c])) for c in cols]
            )
        )
    return dbc.Table([head, html.Tbody(body)], size="sm", striped=True, responsive=True, className="tabla-estados")


def freshness_tab() -> html.Div:
    return html.Div(
        [
            html.H2("Por conjunto de datos", className="h5 mt-3"),
            dataset_table(),
            html.H2("Por estado: último día con datos", className="h5 mt-3"),
            state_table(),
        ]
    )


COUNT = {"filter": "agNumberColumnFilter", "valueFormatter": {"function": "d3.format(',')(params.value)"}}
LOAD_COLUMNS: list[dict[str, Any]] = [
    {"field": "id", "headerName": "#", "width": 80, "filter": "agNumberColumnFilter"},
    {"field": "dataset", "headerName": "Conjunto"},
    {"field": "resultado", "headerName": "Resultado", "width": 130},
    {"field": "cambios", "headerName": "Cambios", "minWidth": 300},
    {"field": "archivo", "headerName": "Archivo", "minWidth": 220},
    {"field": "filas", "headerName": "Filas", "width": 110, **COUNT},
    {"field": "periodo", "headerName": "Periodo"},
    {"field": "iniciado", "headerName": "Iniciada"},
    {"field": "terminado", "headerName": "Terminada"},
    {"field": "usuario", "headerName": "Usuario", "width": 160},
    {"field": "sha256", "headerName": "SHA-256", "width": 140},
    {"field": "demo", "headerName": "Demo", "width": 100},
    {"field": "n_problemas", "headerName": "Problemas", "width": 120, "filter": "agNumberColumnFilter"},
]


def loads_tab() -> html.Div:
    rows = lh.load_history(runtime.engine())
    return html.Div(
        [
            html.P(
                "Haga clic en una carga para ver su efecto (filas y totales por estado) y sus problemas de validación.",
                className="small mt-3 mb-2",
            ),
            loads_grid([{k: v for k, v in r.items() if k not in ("problemas", "efecto")} for r in rows]),
            html.Div(id=Ids.PROBLEMS, className="mt-2", role="status"),
        ]
    )


def loads_grid(rows: list[dict[str, Any]]) -> dag.AgGrid:
    return dag.AgGrid(
        id=Ids.GRID,
        rowData=rows,
        columnDefs=LOAD_COLUMNS,
        defaultColDef={"sortable": True, "filter": True, "resizable": True},
        dashGridOptions=grid_options(
            rowSelection={"mode": "singleRow", "checkboxes": False, "enableClickSelection": True},
            pagination=True,
            paginationPageSize=25,
        ),
        getRowId="params.data.id",
        columnSize="autoSize",
        style={"height": "480px"},
        className="ag-theme-quartz",
    )


def problems_panel(row: dict[str, Any] | None) -> Any:
    """The effect and the problems of one load (the grid shows only their counts)."""
    if not row:
        return None
    problems = [p for p in str(row.get("problemas") or "").split("\n") if p]
    effect = [e for e in str(row.get("efecto") or "").split("\n") if e]
    title = f"Carga #{row['id']} ({row['archivo']}), {row.get('resultado', '')}: {len(problems):,} problema(s)"
    body: list[Any] = [html.Strong(title)]
    if effect:
        body += [html.P(effect[0], className="mb-1"), html.Ul([html.Li(e.strip()) for e in effect[1:]])]
    if problems:
        body.append(html.Ul([html.Li(p) for p in problems]))
    return dbc.Alert(body, color="warning" if problems else "light", className="small")


SOURCES = [
    (
        "Registros administrativos IMSS-Bienestar",
        "Credencialización, personal, comités de La Clínica es Nuestra y su gasto. En esta instalación son datos de "
        "demostración generados para reproducir las cifras nacionales de los boletines; no son registros reales.",
    ),
    (
        "Catálogo CLUES (Secretaría de Salud, DGIS)",
        "Unidades de la institución IMB (Servicios de Salud IMSS-Bienestar) en los 23 estados federalizados, 2026. "
        "Fuente: Secretaría de Salud, DGIS, Catálogo de Clave Única de Establecimientos de Salud. Los términos de uso "
        "de la DGIS no se verificaron en la fuente: confírmelos antes de publicar.",
    ),
    (
        "INEGI, Censo de Población y Vivienda 2020",
        "Población total y población sin seguridad social por estado y municipio (sin afiliación + INSABI + "
        "IMSS-Bienestar). Términos de libre uso de la información del INEGI: citar la fuente, indicar las "
        "modificaciones y no sugerir respaldo del INEGI.",
    ),
    ("INEGI, Marco Geoestadístico", ATTRIBUTION),
    (
        "Boletines de prensa IMSS / IMSS-Bienestar (2024)",
        "Cinco boletines con 54 cifras publicadas; se comparan con el tablero en «Cifras publicadas».",
    ),
    (
        "Tablas del proyecto",
        "Norma de personal por tipología y fechas de adhesión de los estados (aproximadas: mes y año según "
        "comunicados públicos, sin verificar en el DOF).",
    ),
]


def sources_tab() -> html.Div:
    items = [html.Li([html.Strong(title), ". ", text], className="mb-2") for title, text in SOURCES]
    return html.Div(
        [
            html.Ul(items, className="mt-3 small"),
            html.P(["Más detalle: ", dcc.Link("Cifras publicadas", href="/boletines")]),
        ]
    )


def network_table() -> dbc.Table:
    counts = lh.network_counts(runtime.engine())
    head = html.Thead(
        html.Tr([html.Th(h) for h in ("Tipo", "Boletines 2024", "Catálogo CLUES (tablero)", "Diferencia")])
    )
    body = [
        html.Tr(
            [
                html.Td(NETWORK_LABELS[k]),
                html.Td(fmt.numero(v)),
                html.Td(fmt.numero(counts.get(k, 0))),
                html.Td(fmt.signo(counts.get(k, 0) - v)),
            ]
        )
        for k, v in BULLETIN_NETWORK.items()
    ]
    return dbc.Table([head, html.Tbody(body)], size="sm", striped=True, responsive=True)


def differences_tab() -> html.Div:
    known = known_differences()
    items = [
        html.Details([html.Summary(f"{r['id']}: {r['title_es']}"), html.P(r["explanation_es"], className="small")])
        for r in known.to_dict("records")
    ]
    return html.Div(
        [
            html.H2("Tamaño de la red: boletines frente al catálogo", className="h5 mt-3"),
            html.P(
                "Los boletines hablan de 707 hospitales y 13,966 centros de salud; el catálogo CLUES cargado tiene "
                "otra cantidad porque incluye solo la institución IMB y clasifica por tipología.",
                className="small",
            ),
            network_table(),
            html.H2("Diferencias documentadas", className="h5 mt-3"),
            html.Div(items),
            html.P(
                ["Comparación cifra por cifra: ", dcc.Link("Cifras publicadas", href="/boletines")], className="mt-2"
            ),
        ]
    )


RENDER = {"frescura": freshness_tab, "cargas": loads_tab, "fuentes": sources_tab, "diferencias": differences_tab}


def tab_content(tab: str) -> html.Div:
    return html.Div(RENDER[tab if tab in RENDER else DEFAULT_TAB](), id=f"datos-{tab}")


def layout(**params: Any) -> html.Div:
    """The data page for /datos?pestaña=frescura|cargas|fuentes|diferencias."""
    tab = parse_tab(params)
    return html.Div(
        [
            dcc.Location(id=Ids.URL, refresh="callback-nav"),
            page_title("Datos y fuentes", "Qué datos tiene el tablero, de cuándo son y de dónde vienen"),
            dcc.Tabs(
                id=Ids.TAB,
                value=tab,
                children=[dcc.Tab(label=label, value=key, children=tab_content(key)) for key, label in TABS.items()],
            ),
        ],
        className="page-datos",
    )


def skeleton() -> html.Div:
    """Every id of the page, without data (validation layout)."""
    return html.Div(
        [
            dcc.Location(id=Ids.URL, refresh="callback-nav"),
            dcc.Tabs(id=Ids.TAB, value=DEFAULT_TAB),
            loads_grid([]),
            html.Div(id=Ids.PROBLEMS),
        ]
    )
