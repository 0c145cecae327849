"""Flask routes /exportar/<preset>.<fmt>: every chart's export menu links here (image, data, text)."""

from __future__ import annotations

import logging
from urllib.parse import quote

import flask
from sqlalchemy.exc import SQLAlchemyError

from dashboard import runtime
from dashboard.export.files import FORMATS, export
from dashboard.export.presets import PRESETS, BadRequest, UnknownUnit
from dashboard.pages import parse_query

log = logging.getLogger(__name__)


def _error(message: str, status: int) -> flask.Response:
    return flask.Response(message + "\n", status=status, mimetype="text/plain; charset=utf-8")


def exportar(preset: str, fmt: str) -> flask.Response:
    """One export, validated; 404 for an unknown chart or format, 400 with a Spanish message for a bad parameter."""
    if preset not in PRESETS or fmt not in FORMATS:
        return _error(f"No existe la exportación «{preset[:60]}.{fmt[:8]}».", 404)
    raw = parse_query(flask.request.query_string.decode("utf-8", "replace")[:2000])
    params = {k: raw[k] for k in PRESETS[preset].params if k in raw}
    try:
        out = export(runtime.engine(), preset, fmt, params)
    except BadRequest as exc:
        return _error(str(exc), 400)
    except UnknownUnit as exc:
        return _error(str(exc), 404)
    except SQLAlchemyError:
        log.exception("database error exporting %s.%s", preset, fmt)
        return _error("No fue posible leer los datos en este momento.", 503)
    resp = flask.Response(out.content, mimetype=out.mimetype)
    resp.headers["Content-Disposition"] = (
        f"attachment; filename=\"{out.filename}\"; filename*=UTF-8''{quote(out.filename)}"
    )
    resp.headers["Cache-Control"] = "private, max-age=300"
    return resp


def register_export_routes(server: flask.Flask) -> None:
    """Add /exportar/<preset>.<fmt> to the app's Flask server (called once from create_app)."""
    server.add_url_rule("/exportar/<preset>.<fmt>", "exportar", exportar, methods=["GET"])
