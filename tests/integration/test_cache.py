"""The query cache: shared through Redis by separate processes, invalidated by a new load, optional when absent."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from benchmarks.gunicorn_proc import ROOT, free_port
from benchmarks.payloads import page_router_body
from dashboard import cache
from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.db import make_engine
from tests.prod_support import add_ok_load, fixture_db

REDIS_URL = "redis://127.0.0.1:6379/15"  # a database of its own
WORKER = """
import sys, uuid
from dashboard import cache
from dashboard.db import make_engine

cache.configure(sys.argv[2])
engine = make_engine(sys.argv[1])

@cache.memoize
def probe(engine):
    return uuid.uuid4().hex

for _ in sys.stdin:
    print(probe(engine), flush=True)
"""


def redis_url() -> str:
    import os

    import redis

    url = os.environ.get("TEST_REDIS_URL", REDIS_URL)
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception as exc:
        pytest.skip(f"Redis no disponible en {url}: {type(exc).__name__}")
    return url


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return fixture_db(tmp_path_factory.mktemp("cache") / "cache.sqlite")


@pytest.fixture(autouse=True)
def local_cache() -> Iterator[None]:
    yield
    cache.configure(None)
    cache.forget_versions()


class Worker:
    """A separate process with its own cache module, asked for probe() one line at a time."""

    def __init__(self, db: str, cache_url: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", WORKER, db, cache_url],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def probe(self) -> str:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write("\n")
        self.proc.stdin.flush()
        return self.proc.stdout.readline().strip()

    def close(self) -> None:
        assert self.proc.stdin
        self.proc.stdin.close()
        self.proc.wait(timeout=20)


@pytest.mark.redis
def test_redis_shared_by_processes_and_invalidated_by_a_load(db_url: str) -> None:
    url = redis_url()
    a, b = Worker(db_url, url), Worker(db_url, url)
    try:
        first = a.probe()
        assert first and b.probe() == first, "the second process must read the first one's result from Redis"
        add_ok_load(make_engine(db_url))
        deadline = time.monotonic() + 10  # each process re-reads the data version every 2 s
        while (new := a.probe()) == first:
            assert time.monotonic() < deadline, "a new load did not invalidate the cache in 10 s"
            time.sleep(0.2)
        while (other := b.probe()) == first:
            assert time.monotonic() < deadline, "the second process kept the stale result"
            time.sleep(0.2)
        assert other == new
    finally:
        a.close()
        b.close()


@pytest.mark.redis
def test_app_pages_fill_redis(db_url: str) -> None:
    import redis

    url = redis_url()
    app = create_app(Settings.from_env(environ={}, database_url=db_url, cache_url=url))
    client = app.server.test_client()
    deps = json.loads(client.get("/_dash-dependencies").data)
    assert client.post("/_dash-update-component", json=page_router_body(deps, "/")).status_code == 200
    assert redis.Redis.from_url(url).keys("tablero:*"), "no query result was cached in Redis"


CALLS: list[int] = []


def counting(engine: Engine, label: str) -> int:
    """Counts real computations (the key is the arguments, so the counter lives outside them)."""
    CALLS.append(1)
    return len(CALLS)


def test_in_process_cache_when_cache_url_unset(db_url: str) -> None:
    cache.configure(None)
    CALLS.clear()
    memo = cache.memoize(counting)
    engine = make_engine(db_url)
    assert memo(engine, "local") == memo(engine, "local") == 1


def test_dead_redis_does_not_break_pages(db_url: str) -> None:
    dead = f"redis://127.0.0.1:{free_port()}/0"
    CALLS.clear()
    cache.configure(dead)
    memo = cache.memoize(counting)
    started = time.monotonic()
    values = [memo(make_engine(db_url), "dead") for _ in range(3)]  # computed, never raised
    assert values == [1, 1, 1] and len(CALLS) == 1  # the in-process layer still serves repeats
    assert time.monotonic() - started < 5
    app = create_app(Settings.from_env(environ={}, database_url=db_url, cache_url=dead))
    client = app.server.test_client()
    deps = json.loads(client.get("/_dash-dependencies").data)
    resp = client.post("/_dash-update-component", json=page_router_body(deps, "/"))
    assert resp.status_code == 200 and "Traceback" not in resp.get_data(as_text=True)
    assert client.get("/salud").status_code == 200
