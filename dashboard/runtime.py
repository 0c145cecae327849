"""Per-app runtime (settings, engine) reachable from layouts and callbacks of the app serving the request."""

from __future__ import annotations

from dataclasses import dataclass

import flask
from sqlalchemy import Engine

from dashboard.config import Settings

EXTENSION = "tablero"


@dataclass
class Runtime:
    settings: Settings
    engine: Engine


def attach(server: flask.Flask, runtime: Runtime) -> None:
    server.extensions[EXTENSION] = runtime


def current() -> Runtime:
    """The runtime of the Flask app handling this request."""
    return flask.current_app.extensions[EXTENSION]  # type: ignore[no-any-return]


def engine() -> Engine:
    return current().engine


def settings() -> Settings:
    return current().settings
