"""Page shell and small shared components: header, demo banner, footer, 404, KPI card, legend."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import fmt
from dashboard.export.sentences import lista
from dashboard.figures.maps import legend_statuses
from dashboard.figures.style import AREA_STYLES
from dashboard.pages import Page
from dashboard.queries.published import differing_figures, published_count
from geodata import ATTRIBUTION_SHORT


class Ids:
    """Ids of the shell."""

    URL = "url"
    PAGE = "contenido"
    STAMP = "datos-al"
    BANNER = "banner-demo"
    NAV = "nav"
    TITLE = "titulo-pagina"


# dcc.Graph sets its own inline height, so a class rule cannot size it: map graphs take this style instead.
MAP_STYLE = {"height": "min(70vh, 520px)", "minHeight": "280px"}

SOURCES = (
    "Fuentes: registros administrativos IMSS-Bienestar (en esta instalación: datos de demostración); "
    "Secretaría de Salud, DGIS, catálogo CLUES; INEGI, Censo de Población y Vivienda 2020. "
)


def shell(pages: tuple[Page, ...]) -> html.Div:
    """The frame around every page; the router fills Ids.PAGE."""
    nav = [
        dbc.NavItem(dbc.NavLink(p.nav, href=p.path, id=p.nav_id, active="exact" if p.path == "/" else "partial"))
        for p in pages
        if p.nav
    ]
    header = dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand(
                    [
                        html.Span("IMSS-Bienestar", className="fw-bold"),
                        html.Span(" · Tablero de federalización", className="d-none d-sm-inline"),
                    ],
                    href="/",
                ),
                dbc.NavbarToggler(id="nav-toggler"),
                dbc.Collapse(dbc.Nav(nav, navbar=True, className="me-auto"), id="nav-collapse", navbar=True),
                html.Span(id=Ids.STAMP, className="datos-al", role="status"),
            ],
            fluid=True,
        ),
        color="primary",
        dark=True,
        expand="lg",
        className="mb-0",
    )
    return html.Div(
        [
            dcc.Location(id=Ids.URL, refresh="callback-nav"),
            dcc.Store(id=Ids.TITLE),
            html.A("Saltar al contenido", href="#contenido", className="visually-hidden-focusable skip-link"),
            html.Header(header, role="banner"),
            html.Div(id=Ids.BANNER),
            dbc.Container(html.Main(id=Ids.PAGE, tabIndex="-1"), fluid=True, className="py-3"),
            footer(),
        ]
    )


def footer() -> html.Footer:
    return html.Footer(
        dbc.Container(
            [
                html.P([SOURCES, ATTRIBUTION_SHORT], className="mb-1"),
                html.P(
                    [
                        "Procedencia, licencias y diferencias conocidas: ",
                        dcc.Link("Datos y fuentes", href="/datos"),
                        " · ",
                        dcc.Link("Cifras publicadas", href="/boletines"),
                    ],
                    className="mb-0",
                ),
            ],
            fluid=True,
        ),
        className="site-footer small text-body-secondary py-3 mt-4 border-top",
    )


def demo_banner(demo: bool) -> Any:
    if not demo:
        return None
    apart = differing_figures()
    alert = dbc.Alert(
        [
            html.Strong("Datos de demostración. "),
            "Las cifras por unidad son generadas; no son registros reales de IMSS-Bienestar. A la fecha de cada "
            f"boletín reproducen {published_count() - len(apart)} de sus {published_count()} cifras (valor y total); "
            f"las otras {len(apart)} ({lista(apart)}) difieren por definición o fuente, por un error del boletín "
            "o porque ningún conjunto de datos las tiene: ",
            dcc.Link("ver Cifras publicadas", href="/boletines"),
            ".",
        ],
        color="warning",
        className="rounded-0 mb-0 py-2 small banner-demo",
    )
    return html.Div(alert, role="status")


def stamp(datos_al: Any) -> str:
    return f"Datos al {fmt.fecha_larga(datos_al)}" if datos_al else "Sin datos cargados"


def not_found(mensaje: str) -> html.Div:
    """The Spanish 404 page, with ways back."""
    return html.Div(
        [
            html.H1("Página no encontrada", className="h3"),
            html.P(mensaje),
            html.Ul(
                [
                    html.Li(dcc.Link("Panorama nacional", href="/")),
                    html.Li(dcc.Link("Credencialización", href="/registro")),
                    html.Li(dcc.Link("Comités — La Clínica es Nuestra", href="/comites")),
                    html.Li(dcc.Link("Datos y fuentes", href="/datos")),
                ]
            ),
        ],
        className="not-found",
        **{"data-status": "404"},
    )


def error_page(mensaje: str) -> html.Div:
    """Shown when the database does not answer: no traceback, a way to retry."""
    return html.Div(
        [
            html.H1("El tablero no puede leer los datos en este momento", className="h3"),
            html.P(mensaje),
            html.P("Intente de nuevo en unos minutos. Si el problema continúa, avise al equipo técnico."),
        ],
        className="error-page",
        **{"data-status": "503"},
    )


def page_title(title: str, subtitle: str | None = None) -> html.Div:
    return html.Div(
        [
            html.H1(title, className="h3 mb-1"),
            html.P(subtitle, className="text-body-secondary mb-3") if subtitle else None,
        ]
    )


def kpi_card(label: str, value: str, detail: Any = None, *, id_: str | None = None) -> dbc.Card:
    """A headline number with its change; the label is read by screen readers before the value."""
    body = [html.Div(label, className="kpi-label"), html.Div(value, className="kpi-value")]
    if detail:
        body.append(html.Div(detail, className="kpi-detail small"))
    kwargs = {"id": id_} if id_ else {}
    return dbc.Card(dbc.CardBody(body), className="kpi-card h-100", **kwargs)


def area_legend(statuses: Iterable[str] | None = None, *, id_: str | None = None, empty: str | None = None) -> html.Div:
    """HTML legend of the non-value states of the areas on the map (all when None); the colour bar explains values.

    Only the states the map shows are listed, and `empty` says so when no area has a value (the colour bar is hidden).
    """
    shown = set(AREA_STYLES) if statuses is None else set(statuses)
    items = [
        html.Li([html.Span(className="swatch", style={"backgroundColor": color}), label], className="legend-item")
        for key, (color, label) in AREA_STYLES.items()
        if key in shown
    ]
    note = html.P(empty, className="small text-body-secondary mb-0") if empty else None
    legend = html.Ul(items, className="area-legend list-inline small mb-0", **{"aria-label": "Leyenda del mapa"})
    return html.Div([legend, note], **({"id": id_} if id_ else {}))


def map_legend(values: Any, *, id_: str | None = None, areas: str = "estado") -> html.Div:
    """The legend of a choropleth drawn from `values` (status column): what it shows, at its date."""
    empty = None
    if not (values["status"] == "valor").any():
        empty = f"Ningún {areas} tiene datos de este indicador a esta fecha; el mapa no muestra escala de color."
    return area_legend(legend_statuses(values), id_=id_, empty=empty)


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
