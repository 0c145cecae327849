"""The demo database and an app with the export routes, shared by the export and press-room tests."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from dash import Dash
from sqlalchemy import Engine

from dashboard.config import Settings
from dashboard.db import make_engine

DEMO_END = date(2024, 12, 31)


def build_demo(path: Path) -> Engine:
    """The demo dataset built into a SQLite file at path (its CSV files go beside it)."""
    import datasets.demo

    engine = make_engine(f"sqlite:///{path}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        datasets.demo.build_demo(engine, DEMO_END, path.parent / "files")
    return engine


def demo_database(path: Path) -> Iterator[Engine]:
    """A fixture's body: the demo database, the page cache cleared, the engine disposed afterwards."""
    from dashboard import cache

    engine = build_demo(path)
    cache.clear()
    yield engine
    engine.dispose()


def export_app(url: str) -> Dash:
    """The app on the database at url, with the export routes registered once."""
    from dashboard.app import create_app
    from dashboard.export_routes import register_export_routes

    app = create_app(Settings.from_env({"DATABASE_URL": url}))
    if "exportar" not in app.server.view_functions:
        register_export_routes(app.server)
    return app
