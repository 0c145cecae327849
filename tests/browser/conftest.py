"""Shared browser fixtures: a small fixture database (built once) and a factory of apps serving it."""

from __future__ import annotations

import socket
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


def free_port() -> int:
    """A loopback port nobody listens on (dash_duo's default 8050 may be a developer's running dashboard)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(autouse=True)
def _dash_duo_on_free_port(request: pytest.FixtureRequest) -> Iterator[None]:
    """Make every dash_duo.start_server use a free port unless the test names one."""
    if "dash_duo" not in request.fixturenames:
        yield
        return
    duo = request.getfixturevalue("dash_duo")
    original = duo.start_server

    def start(app: Dash, navigate: bool = True, **kwargs: Any) -> Any:
        kwargs.setdefault("port", free_port())
        return original(app, navigate=navigate, **kwargs)

    duo.start_server = start
    yield
