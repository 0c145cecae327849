"""Sala de prensa: preset charts at a cut-off date and scope, previewed, exported with data, sentence and alt text."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import runtime
from dashboard.export import catalog as _catalog  # noqa: F401  (registers every preset)
from dashboard.export.decorate import PNG_SIZES, SIZES
from dashboard.export.presets import DEFAULT_PRESET, NACIONAL, PRESETS, metric_options, options
from dashboard.figures.style import GRAPH_CONFIG
from dashboard.queries.snapshot import state_cube
from layouts.common import page_title
from layouts.export_menu import export_bar

FORMATS = ("png", "svg", "pdf", "csv", "xlsx")
FORMAT_LABELS = {"png": "PNG", "svg": "SVG", "pdf": "PDF carta", "csv": "Datos CSV", "xlsx": "Datos XLSX"}


class Ids:
    """Ids of the press room."""

    URL = "prensa-url"
    PRESET = "prensa-grafica"
    METRIC = "prensa-metrica"
    DATE = "prensa-fecha"
    SCOPE = "prensa-estado"
    SIZE = "prensa-tamano"
    GRAPH = "prensa-vista"
    WARNINGS = "prensa-avisos"
    SENTENCE = "prensa-frase"
    ALT = "prensa-alt"
    COPY_SENTENCE = "prensa-copiar-frase"
    COPY_ALT = "prensa-copiar-alt"
    LINKS = "prensa-enlaces"
    STATUS = "prensa-estado-descarga"

    @staticmethod
    def button(fmt: str) -> str:
        return f"prensa-boton-{fmt}"

    @staticmethod
    def download(fmt: str) -> str:
        return f"prensa-descarga-{fmt}"


def controls_from(params: dict[str, Any], last: str | None, states: list[str]) -> dict[str, Any]:
    """Valid control values from URL parameters (anything unknown falls back to a default)."""
    preset = str(params.get("grafica")) if params.get("grafica") in PRESETS else DEFAULT_PRESET
    metrics = PRESETS[preset].metrics
    metrica = params.get("metrica") if params.get("metrica") in metrics else (metrics[0] if metrics else None)
    fecha = params.get("fecha") or ""
    if len(fecha) != 10 or not last or not ("2022-01-01" <= fecha <= last):
        fecha = last
    estado = params.get("estado") if params.get("estado") in states else NACIONAL
    tamano = params.get("tamano") if params.get("tamano") in PNG_SIZES else PNG_SIZES[0]
    return {"grafica": preset, "metrica": metrica, "fecha": fecha, "estado": estado, "tamano": tamano}


def scope_options() -> list[dict[str, str]]:
    names = state_cube(runtime.engine()).states["nombre"]
    return [{"label": "Nacional", "value": NACIONAL}] + [{"label": str(n), "value": str(k)} for k, n in names.items()]


def _controls(v: dict[str, Any], first: str | None, last: str | None, scopes: list[dict[str, str]]) -> dbc.Row:
    return dbc.Row(
        [
            dbc.Col([dbc.Label("Gráfica", html_for=Ids.PRESET),
                     dcc.Dropdown(id=Ids.PRESET, options=options(), value=v["grafica"], clearable=False)], md=3),
            dbc.Col([dbc.Label("Métrica", html_for=Ids.METRIC),
                     dcc.Dropdown(id=Ids.METRIC, options=metric_options(v["grafica"]), value=v["metrica"],
                                  clearable=False, disabled=not PRESETS[v["grafica"]].metrics)], md=3),
            dbc.Col([dbc.Label("Cifras al", html_for=Ids.DATE),
                     dcc.DatePickerSingle(id=Ids.DATE, date=v["fecha"], min_date_allowed=first,
                                          max_date_allowed=last, display_format="DD/MM/YYYY",
                                          first_day_of_week=1)], md=2),
            dbc.Col([dbc.Label("Alcance", html_for=Ids.SCOPE),
                     dcc.Dropdown(id=Ids.SCOPE, options=scopes, value=v["estado"], clearable=False,
                                  disabled=not PRESETS[v["grafica"]].by_state)], md=2),
            dbc.Col([dbc.Label("Tamaño PNG", html_for=Ids.SIZE),
                     dcc.Dropdown(id=Ids.SIZE, options=[{"label": SIZES[k].label, "value": k} for k in PNG_SIZES],
                                  value=v["tamano"], clearable=False)], md=2),
        ],
        className="g-2 mb-3 prensa-controles",
    )  # fmt: skip


def _buttons() -> html.Div:
    buttons = [
        dbc.Button(f"Descargar {FORMAT_LABELS[f]}", id=Ids.button(f), color="primary" if f == "png" else "secondary",
                   outline=f != "png", size="sm", className="me-2 mb-2")
        for f in FORMATS
    ]  # fmt: skip
    return html.Div([*buttons, *(dcc.Download(id=Ids.download(f)) for f in FORMATS),
                     html.Div(id=Ids.STATUS, className="small text-body-secondary", role="status")])  # fmt: skip


def _copy_block(title: str, text_id: str, copy_id: str) -> html.Div:
    return html.Div(
        [
            html.Div(
                [
                    html.Strong(title),
                    dcc.Clipboard(target_id=text_id, id=copy_id, title="Copiar", className="ms-2 d-inline-block"),
                ]
            ),
            html.P(id=text_id, className="border rounded p-2 bg-body-tertiary prensa-texto"),
        ]
    )


def menu_params(v: dict[str, Any]) -> dict[str, Any]:
    """The preview's export menu: the controls as route parameters (the route ignores what a preset does not use)."""
    estado = None if v.get("estado") in (None, "", NACIONAL) else v["estado"]
    return {"fecha": v.get("fecha"), "metrica": v.get("metrica"), "estado": estado, "tamano": v.get("tamano")}


def _body(v: dict[str, Any], first: str | None, last: str | None, scopes: list[dict[str, str]]) -> list[Any]:
    return [
        dcc.Location(id=Ids.URL, refresh="callback-nav"),
        page_title(
            "Sala de prensa", "Gráficas listas para publicar, con sus datos, su redacción y su texto alternativo"
        ),
        _controls(v, first, last, scopes),
        html.Div(id=Ids.WARNINGS, role="alert", **{"aria-live": "polite"}),
        export_bar(Ids.GRAPH, v["grafica"], menu_params(v)),
        dcc.Loading(dcc.Graph(id=Ids.GRAPH, config={**GRAPH_CONFIG, "responsive": True}, style={"height": "620px"})),
        _buttons(),
        html.Div(id=Ids.LINKS, className="small mb-3"),
        dbc.Row(
            [
                dbc.Col(_copy_block("Texto para comunicado", Ids.SENTENCE, Ids.COPY_SENTENCE), md=6),
                dbc.Col(_copy_block("Texto alternativo de la imagen", Ids.ALT, Ids.COPY_ALT), md=6),
            ]
        ),
    ]


def layout(**params: Any) -> html.Div:
    """The press room for /prensa?grafica=…&metrica=…&fecha=…&estado=…&tamano=…."""
    cube = state_cube(runtime.engine())
    first = cube.dates[0].date().isoformat() if len(cube.dates) else None
    last_day = cube.last_date()
    last = last_day.isoformat() if last_day else None
    scopes = scope_options()
    v = controls_from(params, last, [o["value"] for o in scopes[1:]])
    return html.Div(_body(v, first, last, scopes), className="prensa")


def skeleton() -> html.Div:
    """Every id of the page, without data (validation layout)."""
    v = {"grafica": DEFAULT_PRESET, "metrica": None, "fecha": None, "estado": NACIONAL, "tamano": PNG_SIZES[0]}
    return html.Div(_body(v, None, None, [{"label": "Nacional", "value": NACIONAL}]))
