"""Fixtures for the drill-down browser journeys: the small Oaxaca database and an app serving it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from dash import Dash

from dashboard import cache
from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.db import make_engine
from tests import drilldown_db


@pytest.fixture(scope="session")
def drill_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The drill-down fixture database, built once per session."""
    path = tmp_path_factory.mktemp("drill_browser") / "drill.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    drilldown_db.build(engine)
    engine.dispose()
    yield path


@pytest.fixture
def drill_app(drill_db: Path) -> Dash:
    """A fresh app on the fixture database (dash_duo serves it in a thread)."""
    cache.clear()
    return create_app(Settings.from_env({"DATABASE_URL": f"sqlite:///{drill_db}"}))
