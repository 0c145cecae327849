"""Failures become Spanish messages, never a 500 page or a traceback; the engine recovers without a restart."""

from __future__ import annotations

import contextlib
import logging
from typing import Any

import dash_bootstrap_components as dbc
import flask
from dash import Dash, html, set_props
from dash.exceptions import DependencyException
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from dashboard import runtime

log = logging.getLogger(__name__)

NOTICE_ID = "aviso-sistema"
DB_DOWN = "No fue posible conectar con la base de datos. Los datos en pantalla no se actualizaron; intente de nuevo en unos minutos."
UNEXPECTED = (
    "Ocurrió un error inesperado al actualizar esta vista. Intente de nuevo; si continúa, avise al equipo técnico."
)
UNEXPECTED_LOG = "error inesperado en callback"


def notice() -> dbc.Toast:
    """A hidden toast the error handler opens with a Spanish message."""
    return dbc.Toast(
        id=NOTICE_ID,
        header="Aviso",
        icon="danger",
        is_open=False,
        dismissable=True,
        duration=15000,
        style={"position": "fixed", "top": "4.5rem", "right": "1rem", "zIndex": 1080, "maxWidth": "26rem"},
    )


def callback_error(exc: Exception) -> None:
    """Dash `on_error`: log, open the notice, leave every output unchanged (the response stays 200)."""
    if isinstance(exc, SQLAlchemyError):
        log.warning("base de datos no disponible en un callback: %s", type(exc).__name__)
        if isinstance(exc, OperationalError):
            _drop_pool()
        message = DB_DOWN
    else:
        log.error("%s: %r", UNEXPECTED_LOG, exc, exc_info=exc)
        message = UNEXPECTED
    with contextlib.suppress(Exception):
        set_props(NOTICE_ID, {"children": message, "is_open": True})


def _drop_pool() -> None:
    """Close pooled connections so the next checkout reconnects (pool_pre_ping covers the rest)."""
    with contextlib.suppress(Exception):
        runtime.engine().dispose()


def install(app: Dash) -> None:
    """Wire the callback error handler, the notice and Spanish HTTP error pages; safe to call twice."""
    server: flask.Flask = app.server
    if server.extensions.get("tablero_resilience"):
        return
    server.extensions["tablero_resilience"] = True
    if app._on_error is None:  # same as Dash(on_error=callback_error) for an app already built
        app._on_error = callback_error
    _add_notice(app)
    server.register_error_handler(SQLAlchemyError, _db_unavailable)
    server.register_error_handler(DependencyException, _not_found)  # /_dash-component-suites/<unknown>
    server.register_error_handler(500, _internal_error)


def _add_notice(app: Dash) -> None:
    """Append the notice to the layout unless the shell already has it."""
    layout = app.layout
    if callable(layout):
        app.layout = lambda: html.Div([layout(), notice()])  # type: ignore[assignment]
    elif not _has_notice(layout):
        app.layout = html.Div([layout, notice()])
    if app.validation_layout is not None and not _has_notice(app.validation_layout):
        app.validation_layout = html.Div([app.validation_layout, notice()])  # type: ignore[assignment]


def _has_notice(tree: Any) -> bool:
    return any(getattr(c, "id", None) == NOTICE_ID for c in getattr(tree, "_traverse", list)())


def _db_unavailable(exc: Exception) -> tuple[str, int, dict[str, str]]:
    log.warning("base de datos no disponible: %s", type(exc).__name__)
    return _page(DB_DOWN), 503, {"Content-Type": "text/html; charset=utf-8", "Retry-After": "30"}


def _not_found(exc: Exception) -> tuple[str, int, dict[str, str]]:
    return _page("El recurso solicitado no existe."), 404, {"Content-Type": "text/html; charset=utf-8"}


def _internal_error(exc: Any) -> tuple[str, int, dict[str, str]]:
    return _page(UNEXPECTED), 500, {"Content-Type": "text/html; charset=utf-8"}


def _page(message: str) -> str:
    return (
        '<!doctype html><html lang="es-MX"><meta charset="utf-8"><title>Tablero IMSS-Bienestar</title>'
        f"<h1>El tablero no puede atender la solicitud</h1><p>{message}</p></html>"
    )
