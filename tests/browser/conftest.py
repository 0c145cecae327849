"""Shared browser fixtures: a small fixture database (built once) and a factory of apps serving it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from dash import Dash

from dashboard import cache
from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.db import make_engine
from tests.fixture_db import build_fixture


@pytest.fixture(scope="session")
def demo_db_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """SQLite URL of the small deterministic fixture database (tests/fixture_db.py), built once per session."""
    url = f"sqlite:///{tmp_path_factory.mktemp('browser_db') / 'fixture.sqlite'}"
    engine = make_engine(url)
    build_fixture(engine)
    engine.dispose()
    yield url


@pytest.fixture
def app_factory(demo_db_url: str) -> Callable[..., Dash]:
    """make_app(database_url=None, **settings) -> a fresh app (empty query cache) on the fixture database."""

    def make(database_url: str | None = None, **overrides: Any) -> Dash:
        cache.clear()
        settings = Settings.from_env({"DATABASE_URL": database_url or demo_db_url}, **overrides)
        return create_app(settings)

    return make
