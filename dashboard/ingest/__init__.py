"""Validated loads that change exactly what their file says, recorded in the load ledger.

read_side: freshness, history and the data version for the Datos page and the cache.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, func, select

from dashboard import db
from dashboard.bulk import insert_frame
from dashboard.db import Outcome
from dashboard.ingest.effect import Effect, StateEffect
from dashboard.ingest.errors import IngestRejected, LoadBusy, LoadError, LoadFailed
from dashboard.ingest.ledger import reap_interrupted
from dashboard.ingest.load import LoadResult, load_file, sha256_file
from dashboard.ingest.lock import load_lock, try_load_lock
from dashboard.ingest.scope import Scope, ScopeError, parse_scope
from dashboard.ingest.units import locate_units
from datasets.schemas import DATASETS

__all__ = [
    "Effect",
    "IngestRejected",
    "LoadBusy",
    "LoadError",
    "LoadFailed",
    "LoadResult",
    "Scope",
    "ScopeError",
    "StateEffect",
    "already_loaded",
    "data_version",
    "freshness",
    "insert_frame",
    "is_demo",
    "load_file",
    "load_history",
    "load_lock",
    "locate_units",
    "parse_scope",
    "reap_interrupted",
    "sha256_file",
    "try_load_lock",
]


def already_loaded(engine: Engine, dataset: str, path: str | Path) -> bool:
    """Whether this exact file was loaded successfully before (init uses it not to reload its reference files)."""
    q = select(func.count()).where(
        db.loads.c.dataset == dataset,
        db.loads.c.sha256 == sha256_file(Path(path)),
        db.loads.c.resultado.in_([Outcome.CORRECTA, Outcome.SIN_CAMBIOS]),
    )
    with engine.connect() as conn:
        return bool(conn.execute(q).scalar())


def is_demo(engine: Engine) -> bool:
    """Whether any successful load was synthetic demo data."""
    q = (
        select(func.count())
        .select_from(db.loads)
        .where(db.loads.c.resultado == Outcome.CORRECTA, db.loads.c.demo.is_(True))
    )
    with engine.connect() as conn:
        return bool(conn.execute(q).scalar())


def data_version(engine: Engine) -> int:
    """The data version: bumped in the transaction of every committed load, never backwards."""
    with engine.connect() as conn:
        return db.current_version(conn)


def freshness(engine: Engine) -> pd.DataFrame:
    """Per dataset: last successful load, its file, end of period covered and row count."""
    last = (
        select(db.loads.c.dataset, func.max(db.loads.c.id).label("id"))
        .where(db.loads.c.resultado == Outcome.CORRECTA)
        .group_by(db.loads.c.dataset)
        .subquery()
    )
    t = db.loads
    q = select(t.c.dataset, t.c.id.label("load_id"), t.c.archivo, t.c.terminado, t.c.periodo_fin, t.c.filas).join(
        last, t.c.id == last.c.id
    )
    with engine.connect() as conn:
        rows = conn.execute(q).mappings().all()
    found = pd.DataFrame(rows, columns=["dataset", "load_id", "archivo", "terminado", "periodo_fin", "filas"])
    order = pd.DataFrame({"dataset": list(DATASETS)})
    return order.merge(found, on="dataset", how="left")


def load_history(engine: Engine, limit: int = 50) -> pd.DataFrame:
    """The most recent loads, newest first."""
    t = db.loads
    q = (
        select(
            t.c.id,
            t.c.dataset,
            t.c.archivo,
            t.c.resultado,
            t.c.filas,
            t.c.insertadas,
            t.c.actualizadas,
            t.c.eliminadas,
            t.c.periodo_inicio,
            t.c.periodo_fin,
            t.c.terminado,
            t.c.usuario,
            t.c.demo,
        )
        .order_by(t.c.id.desc())
        .limit(limit)
    )
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(q).mappings().all())
