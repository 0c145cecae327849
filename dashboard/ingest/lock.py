"""One load at a time per database: a PostgreSQL advisory lock, or a lock file beside the SQLite file."""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import Engine, text

from dashboard.ingest.errors import LoadBusy

POLL_SECONDS = 0.2
_memory_locks: dict[str, threading.Lock] = {}
_memory_guard = threading.Lock()


def _advisory_key(engine: Engine) -> int:
    """A 63-bit key from the database and schema, so separate schemas do not block each other."""
    with engine.connect() as conn:
        where = conn.execute(text("SELECT current_database() || '.' || current_schema()")).scalar()
    return zlib.crc32(f"tablero-carga:{where}".encode())


def _poll(try_once: Callable[[], bool], wait: float, on_wait: Callable[[], None] | None) -> None:
    start = time.monotonic()
    told = False
    while not try_once():
        waited = time.monotonic() - start
        if waited >= wait:
            raise LoadBusy(waited)
        if not told and on_wait is not None:
            on_wait()
            told = True
        time.sleep(POLL_SECONDS)


@contextlib.contextmanager
def _postgresql(engine: Engine, wait: float, on_wait: Callable[[], None] | None) -> Iterator[None]:
    key = _advisory_key(engine)
    with engine.connect() as conn:  # a session-level lock: a killed process releases it with its connection

        def attempt() -> bool:
            got = bool(conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar())
            conn.commit()
            return got

        _poll(attempt, wait, on_wait)
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
            conn.commit()


@contextlib.contextmanager
def _file(path: Path, wait: float, on_wait: Callable[[], None] | None) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)  # the kernel drops the lock when the process dies

    def attempt() -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    try:
        _poll(attempt, wait, on_wait)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextlib.contextmanager
def _memory(name: str, wait: float, on_wait: Callable[[], None] | None) -> Iterator[None]:
    with _memory_guard:
        lock = _memory_locks.setdefault(name, threading.Lock())
    _poll(lambda: lock.acquire(blocking=False), wait, on_wait)
    try:
        yield
    finally:
        lock.release()


def load_lock(
    engine: Engine, wait: float = 120.0, on_wait: Callable[[], None] | None = None
) -> contextlib.AbstractContextManager[None]:
    """Hold the database's load lock, waiting at most `wait` seconds (on_wait is told once if it must wait)."""
    if engine.dialect.name == "postgresql":
        return _postgresql(engine, wait, on_wait)
    database = engine.url.database or ""
    if engine.dialect.name == "sqlite" and database and database != ":memory:":
        return _file(Path(database + ".carga.lock"), wait, on_wait)
    return _memory(str(engine.url), wait, on_wait)


def try_load_lock(engine: Engine) -> contextlib.AbstractContextManager[None]:
    """The load lock only if it is free now (raises LoadBusy otherwise)."""
    return load_lock(engine, wait=0.0)
