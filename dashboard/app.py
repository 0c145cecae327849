"""App factory: everything is built here; wsgi.py exposes `server` for gunicorn."""

from __future__ import annotations

import functools
import importlib
import logging
import re
from typing import Any

import dash_bootstrap_components as dbc  # noqa: F401  (registers the component library)
import flask
import orjson
from dash import Dash, html
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

import geodata
from callbacks import shell as shell_callbacks
from dashboard import cache, resilience, runtime
from dashboard.config import ROOT, Settings
from dashboard.db import get_engine
from dashboard.export_routes import register_export_routes
from dashboard.pages import NotFound, Page, available_pages, parse_query, resolve
from dashboard.queries.status import data_status
from layouts.common import shell

log = logging.getLogger(__name__)
STATE_CODE = re.compile(r"[0-9]{2}")  # ASCII only: str.isdigit() also accepts '١٢' (Arabic-Indic digits)

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "geolocation=(), camera=(), microphone=()",
    # Dash needs inline scripts/styles and eval-free plotly; no third-party origin is ever needed (offline).
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'self'"
    ),
}


APP_ENTRY = """
<div id="react-entry-point">
    <div class="_dash-loading" role="status">Cargando el tablero…</div>
</div>
"""


class TableroDash(Dash):
    """Dash with the loading text in Spanish."""

    def interpolate_index(self, **kwargs: Any) -> str:  # type: ignore[override]
        kwargs["app_entry"] = APP_ENTRY
        return super().interpolate_index(**kwargs)


def create_app(settings: Settings | None = None) -> Dash:
    """Build the Dash app for the given settings (environment when None)."""
    settings = settings or Settings.from_env()
    settings.check_production()
    engine = get_engine(settings)
    cache.configure(settings.cache_url)
    pages = available_pages()

    app = TableroDash(
        __name__,
        title="Tablero IMSS-Bienestar",
        assets_folder=str(ROOT / "assets"),
        serve_locally=True,
        compress=True,
        update_title=None,  # type: ignore[arg-type]  # documented: None disables the title update
        on_error=resilience.callback_error,
        meta_tags=[
            {"name": "viewport", "content": "width=device-width, initial-scale=1"},
            {"name": "description", "content": "Avance de la federalización de los servicios de salud IMSS-Bienestar"},
        ],
    )
    app.index_string = app.index_string.replace("<html>", '<html lang="es-MX">')
    server: flask.Flask = app.server
    server.secret_key = settings.secret_key or "solo-desarrollo"
    runtime.attach(server, runtime.Runtime(settings=settings, engine=engine))

    app.layout = shell(pages)
    app.validation_layout = html.Div([shell(pages), *(_skeleton(p) for p in pages)])  # type: ignore[assignment]
    shell_callbacks.register(app, pages)
    for page in pages:
        importlib.import_module(page.module.replace("layouts.", "callbacks.", 1)).register(app)

    _add_http_routes(server, pages)
    register_export_routes(server)
    resilience.install(app)
    return app


def _skeleton(page: Page) -> Any:
    return page.load().skeleton()


def _add_http_routes(server: flask.Flask, pages: tuple[Page, ...]) -> None:
    @server.route("/geo/estados.geojson")
    def geo_states() -> flask.Response:
        return _geojson("estados")

    @server.route("/geo/municipios.geojson")
    def geo_municipalities() -> flask.Response:
        return _geojson("municipios")

    @server.route("/geo/municipios/<cve_ent>.geojson")
    def geo_state_municipalities(cve_ent: str) -> flask.Response:
        if cve_ent not in state_codes():
            flask.abort(404)
        return _geojson(cve_ent)

    @server.route("/salud")
    def salud() -> tuple[dict[str, Any], int]:
        """Health check: answers 200 only when the database answers."""
        try:
            with runtime.engine().connect() as conn:
                conn.execute(text("SELECT 1"))
            status = data_status(runtime.engine())
        except SQLAlchemyError:
            return {"estado": "error", "base_de_datos": "sin conexión"}, 503
        datos_al = status.datos_al.isoformat() if status.datos_al else None
        return {"estado": "ok", "base_de_datos": "ok", "datos_al": datos_al, "demo": status.demo}, 200

    @server.after_request
    def headers(response: flask.Response) -> flask.Response:
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        if flask.request.method == "GET" and response.status_code == 200 and response.mimetype == "text/html":
            response.status_code = _page_status(flask.request.path, pages)
        return response


@functools.cache
def state_codes() -> frozenset[str]:
    """The ASCII two-digit codes of the states in the boundary file: the only keys the geo route accepts."""
    codes = (f["properties"]["cve_ent"] for f in geodata.states_geojson()["features"])
    return frozenset(c for c in codes if STATE_CODE.fullmatch(c))


@functools.lru_cache(maxsize=40)  # 'estados', 'municipios' and one entry per state: bounded by the boundary file
def _geojson_bytes(key: str) -> bytes:
    if key == "estados":
        return orjson.dumps(geodata.states_geojson())
    if key == "municipios":
        return orjson.dumps(geodata.municipalities_geojson())
    return orjson.dumps(geodata.municipalities_of_state(key))


def _geojson(key: str) -> flask.Response:
    """Boundaries as a static, cacheable response (sent once; figures refer to them by URL)."""
    resp = flask.Response(_geojson_bytes(key), mimetype="application/geo+json")
    resp.headers["Cache-Control"] = "public, max-age=86400"
    return resp


def _page_status(path: str, pages: tuple[Page, ...]) -> int:
    """404 for a page URL that names nothing (the Dash index is still served, showing the Spanish 404)."""
    if path.startswith(("/_dash", "/assets", "/_reload", "/_favicon")):
        return 200
    hit = resolve(path, pages)
    if hit is None:
        return 404
    page, params = hit
    exists = getattr(page.load(), "exists", None)
    if exists is None or not params:
        return 200
    try:
        query = parse_query(flask.request.query_string.decode(errors="replace")[:2000])
        return 200 if exists(**{**query, **params}) else 404
    except NotFound:
        return 404
    except SQLAlchemyError:
        return 503
