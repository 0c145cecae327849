"""Router: the URL path picks the page; query parameters seed its controls."""

from __future__ import annotations

import json
import logging
from typing import Any

from dash import Dash, Input, Output, State
from sqlalchemy.exc import SQLAlchemyError

from dashboard import runtime
from dashboard.pages import NotFound, Page, parse_query, resolve
from dashboard.queries.status import data_status
from layouts.common import Ids, demo_banner, error_page, not_found, stamp

log = logging.getLogger(__name__)
DB_DOWN = "No fue posible conectar con la base de datos."


def render(pathname: str | None, search: str | None, pages: tuple[Page, ...]) -> tuple[Any, str]:
    """Page content and document title for a URL; never raises."""
    hit = resolve(pathname or "/", pages)
    if hit is None:
        return not_found(f"No existe la página «{(pathname or '')[:80]}»."), "Página no encontrada"
    page, params = hit
    try:
        return page.load().layout(**{**parse_query(search), **params}), page.title
    except NotFound as exc:
        return not_found(exc.mensaje), "Página no encontrada"
    except SQLAlchemyError:
        log.exception("database error rendering %s", pathname)
        return error_page(DB_DOWN), "Sin conexión a los datos"
    except Exception:  # a bug must not show a traceback: log it, show a Spanish message
        log.exception("error rendering %s", pathname)
        return error_page("Ocurrió un error al mostrar esta página."), "Error"


def register(app: Dash, pages: tuple[Page, ...]) -> None:
    @app.callback(
        Output(Ids.PAGE, "children"),
        Output(Ids.STAMP, "children"),
        Output(Ids.BANNER, "children"),
        Output(Ids.TITLE, "data"),
        Input(Ids.URL, "pathname"),
        State(Ids.URL, "search"),
    )
    def route(pathname: str | None, search: str | None) -> tuple[Any, str, Any, str]:
        content, title = render(pathname, search, pages)
        try:
            status = data_status(runtime.engine())
        except SQLAlchemyError:
            return error_page(DB_DOWN), "Sin conexión", None, "Sin conexión a los datos"
        return content, stamp(status.datos_al), demo_banner(status.demo), title

    app.clientside_callback(
        "function(t) { if (t) { document.title = t + ' · Tablero IMSS-Bienestar'; } return window.dash_clientside.no_update; }",
        Output(Ids.TITLE, "id"),
        Input(Ids.TITLE, "data"),
    )

    _register_nav_dates(app, pages)

    @app.callback(
        Output("nav-collapse", "is_open"),
        Input("nav-toggler", "n_clicks"),
        State("nav-collapse", "is_open"),
        prevent_initial_call=True,
    )
    def toggle(n: int | None, is_open: bool | None) -> bool:
        return not is_open


NAV_DATES = """
function(pathname, search) {
    const fecha = new URLSearchParams(search || '').get('fecha');
    const query = fecha && /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(fecha) ? '?fecha=' + fecha : '';
    const path = pathname || '/';
    return LINKS.flatMap(([href, dated]) => [
        dated ? href + query : href,
        href === '/' ? path === '/' : path === href || path.startsWith(href + '/'),
    ]);
}
"""


def _register_nav_dates(app: Dash, pages: tuple[Page, ...]) -> None:
    """The bar's links to dated pages carry the date the user is looking at (in the browser: no request)."""
    links = [p for p in pages if p.nav]
    code = NAV_DATES.replace("LINKS", json.dumps([[p.path, p.dated] for p in links]))
    outputs = [Output(p.nav_id, prop) for p in links for prop in ("href", "active")]
    app.clientside_callback(code, *outputs, Input(Ids.URL, "pathname"), Input(Ids.URL, "search"))
