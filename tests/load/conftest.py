"""One database (demo, else fixture) and one real gunicorn (2 workers x 4 threads) shared by the load tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks import loadgen
from benchmarks.gunicorn_proc import Gunicorn
from dashboard.db import make_engine
from tests.prod_support import demo_or_fixture


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "load: real gunicorn under concurrent load (short here; full run: make bench)")
    config.addinivalue_line("markers", "redis: needs Redis (TEST_REDIS_URL, default redis://127.0.0.1:6379/15)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/load/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.load)


@pytest.fixture(scope="session")
def load_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """(SQLite file, URL, 'demo' | 'fixture')."""
    if not Path("/proc").is_dir():
        pytest.skip("the load tests find gunicorn workers through /proc (Linux)")
    path = tmp_path_factory.mktemp("load") / "load.sqlite"
    url, source = demo_or_fixture(path)
    return Path(url.removeprefix("sqlite:///")), url, source


@pytest.fixture(scope="session")
def server(load_db: tuple[Path, str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gunicorn]:
    app_uri = os.environ.get("TEST_WSGI_APP", "dashboard.wsgi:server")  # another entry point, e.g. to try a fix
    with Gunicorn(load_db[1], tmp_path_factory.mktemp("gunicorn"), workers=2, threads=4, app_uri=app_uri) as g:
        yield g


@pytest.fixture(scope="session")
def requests_mix(server: Gunicorn, load_db: tuple[Path, str, str]) -> list[loadgen.Req]:
    engine = make_engine(load_db[1])
    paths = loadgen.sample_paths(engine)
    engine.dispose()
    return loadgen.scenario(server.port, paths)
