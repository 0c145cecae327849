"""Databases for the production tests: the demo when its generator exists, else the small fixture; a TCP proxy."""

from __future__ import annotations

import contextlib
import hashlib
import socket
import sqlite3
import threading
import warnings
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, insert, select

from dashboard import db
from dashboard.db import make_engine


def fixture_db(path: Path) -> str:
    """A small deterministic SQLite database (tests/fixture_db.py, or the bare schema with one load)."""
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    try:
        from tests.fixture_db import build_fixture
    except ImportError:
        db.create_schema(engine)
        add_ok_load(engine)
    else:
        build_fixture(engine)
    engine.dispose()
    return url


def demo_or_fixture(path: Path) -> tuple[str, str]:
    """(url, 'demo' | 'fixture'): the full demo database if datasets.demo can build it, else the fixture."""
    url = f"sqlite:///{path}"
    try:
        from datasets.demo import build_demo

        engine = make_engine(url)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            build_demo(engine)
        engine.dispose()
        return url, "demo"
    except (ImportError, NotImplementedError, AttributeError):
        path.unlink(missing_ok=True)
        return fixture_db(path.with_name("fixture.sqlite")), "fixture"


def copy_sqlite(src: Path, dst: Path) -> Path:
    """A consistent copy through SQLite's backup API (safe while others read the source)."""
    with contextlib.closing(sqlite3.connect(src)) as a, contextlib.closing(sqlite3.connect(dst)) as b:
        a.backup(b)
    return dst


def add_ok_load(engine: Engine, dataset: str = "registry") -> int:
    """Record a successful load: the data version changes."""
    now = datetime.now()
    row = {
        "dataset": dataset,
        "archivo": "prueba",
        "sha256": "f" * 64,
        "iniciado": now,
        "terminado": now,
        "resultado": "correcta",
    }
    with engine.begin() as conn:
        key = conn.execute(insert(db.loads).values(**row)).inserted_primary_key
        db.bump_version(conn)
    assert key is not None
    return int(key[0])


def digest(engine: Engine) -> dict[str, tuple[int, str]]:
    """Row count and checksum of the sorted rows of every data table and of the load log."""
    out = {}
    with engine.connect() as conn:
        for table in (*db.DATA_TABLES, db.loads):
            rows = conn.execute(select(table).order_by(*table.primary_key.columns))
            sha = hashlib.sha256()
            count = 0
            for row in rows:
                sha.update(repr(tuple(row)).encode())
                count += 1
            out[table.name] = (count, sha.hexdigest())
    return out


def reachable(host: str, port: int, timeout: float = 1.0) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=timeout):
        return True
    return False


class TcpProxy:
    """Loopback TCP relay to (host, port); stop() drops the listener and every connection, start() comes back."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = 0
        self._listener: socket.socket | None = None
        self._conns: list[socket.socket] = []
        self._lock = threading.Lock()

    def start(self) -> TcpProxy:
        lst = socket.socket()
        lst.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        lst.bind(("127.0.0.1", self.port))
        lst.listen(64)
        self.port = lst.getsockname()[1]
        self._listener = lst
        threading.Thread(target=self._accept, args=(lst,), daemon=True).start()
        return self

    def _accept(self, lst: socket.socket) -> None:
        while True:
            try:
                client, _ = lst.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := src.recv(65536):
                dst.sendall(data)
        for s in (src, dst):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)

    def stop(self) -> None:
        if self._listener is not None:
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        with self._lock:
            conns, self._conns = self._conns, []
        for s in conns:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()
