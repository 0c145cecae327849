"""Database fixtures: SQLite in a temp file and PostgreSQL (TEST_DATABASE_URL), reference data loaded once."""

from __future__ import annotations

import hashlib
import os
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, select, text

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the project may not be pip-installed in the venv
    sys.path.insert(0, str(ROOT))

from dashboard import db  # noqa: E402
from dashboard.db import make_engine  # noqa: E402

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SNAPSHOT = ("units", "loads")
RESET = (
    "registry",
    "staffing",
    "committees",
    "committee_spending",
    "units",
    "loads",
    *(t.name for t in db.AGGREGATE_TABLES),  # what the loader keeps beside the facts
)


def pg_url() -> str:
    return os.environ.get("TEST_DATABASE_URL", PG_DEFAULT)


def pg_schema_engine(schema: str) -> Engine:
    """A PostgreSQL engine confined to a freshly recreated schema; skips when the server is unreachable."""
    url = pg_url()
    if not url:
        pytest.skip("PostgreSQL desactivado (TEST_DATABASE_URL vacío)")
    try:
        admin = create_engine(url)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        admin.dispose()
    except Exception as exc:  # any connection failure means: no PostgreSQL here
        pytest.skip(f"PostgreSQL no disponible en {url}: {type(exc).__name__}")
    return create_engine(url, connect_args={"options": f"-csearch_path={schema}"})


def table_digest(engine: Engine) -> dict[str, tuple[int, str]]:
    """Row count and a checksum of the sorted rows of every data table (loads excluded)."""
    out = {}
    with engine.connect() as conn:
        for table in db.DATA_TABLES:
            rows = conn.execute(select(table).order_by(*table.primary_key.columns)).all()
            blob = "\n".join(repr(tuple(r)) for r in rows).encode()
            out[table.name] = (len(rows), hashlib.sha256(blob).hexdigest())
    return out


def load_rows(engine: Engine) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(db.loads).order_by(db.loads.c.id)).all()]


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'test.sqlite'}")
    db.create_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def pg_engine() -> Iterator[Engine]:
    engine = pg_schema_engine("tablero_test_module")
    db.metadata.drop_all(engine)
    db.metadata.create_all(engine)
    yield engine
    engine.dispose()


def _with_reference(engine: Engine) -> Engine:
    """Load the reference data and snapshot the tables tests may change."""
    from dashboard.reference import load_reference

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        load_reference(engine)
    with engine.begin() as conn:
        for name in SNAPSHOT:
            conn.execute(text(f"DROP TABLE IF EXISTS _snap_{name}"))
            conn.execute(text(f"CREATE TABLE _snap_{name} AS SELECT * FROM {name}"))
    return engine


@pytest.fixture(scope="session")
def sqlite_reference(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('ref') / 'ref.sqlite'}")
    yield _with_reference(engine)
    engine.dispose()


@pytest.fixture(scope="session")
def postgresql_reference() -> Iterator[Engine]:
    engine = pg_schema_engine("tablero_test_ref")
    yield _with_reference(engine)
    engine.dispose()


def reset(engine: Engine) -> None:
    """Back to the state right after the reference load."""
    with engine.begin() as conn:
        for name in RESET:
            conn.execute(text(f"DELETE FROM {name}"))
        for name in SNAPSHOT:
            conn.execute(text(f"INSERT INTO {name} SELECT * FROM _snap_{name}"))


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest) -> Engine:
    """Reference data loaded (once per backend and session), fact tables empty; runs on both backends."""
    engine: Engine = request.getfixturevalue(f"{request.param}_reference")
    reset(engine)
    return engine
