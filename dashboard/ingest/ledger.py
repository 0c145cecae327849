"""The load ledger: every attempt gets a row before it starts, and its outcome and effect when it ends."""

from __future__ import annotations

import getpass
import json
import os
import socket
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, insert, select, update

from dashboard import db
from dashboard.db import Outcome
from datasets.schemas import Problem

MAX_STORED_PROBLEMS = 200


def who() -> str:
    """user@host of whoever runs the load (TABLERO_USUARIO overrides the login name)."""
    try:
        user = os.environ.get("TABLERO_USUARIO") or getpass.getuser()
    except Exception:  # no login name in some containers
        user = "desconocido"
    return f"{user}@{socket.gethostname()}"[:120]


def problems_json(problems: Sequence[Problem]) -> str | None:
    """At most MAX_STORED_PROBLEMS problems as JSON (messages are already short)."""
    if not problems:
        return None
    return json.dumps([p.as_dict() for p in problems[:MAX_STORED_PROBLEMS]], ensure_ascii=False)


def start(engine: Engine, **values: Any) -> int:
    """A row 'en_curso' in its own committed transaction: a killed load still leaves a trace."""
    with engine.begin() as conn:
        key = conn.execute(
            insert(db.loads).values(resultado=Outcome.EN_CURSO, usuario=who(), **values)
        ).inserted_primary_key
    assert key is not None
    return int(key[0])


def finish(engine: Engine, load_id: int, outcome: Outcome, **values: Any) -> None:
    """Record the outcome of an attempt that did not commit data (rejected, unchanged, failed)."""
    with engine.begin() as conn:
        conn.execute(
            update(db.loads)
            .where(db.loads.c.id == load_id)
            .values(resultado=outcome, terminado=datetime.now(), **values)
        )


def finish_pending(engine: Engine, load_id: int, **values: Any) -> None:
    """Fill in a running load's row (its checksum once read) without ending it."""
    with engine.begin() as conn:
        conn.execute(update(db.loads).where(db.loads.c.id == load_id).values(**values))


def reap_interrupted(engine: Engine) -> int:
    """Mark 'en_curso' rows as 'interrumpida'; call only while holding the load lock (so none is running)."""
    running = select(db.loads.c.id).where(db.loads.c.resultado == Outcome.EN_CURSO).limit(1)
    with engine.connect() as conn:
        if conn.execute(running).first() is None:  # the usual case: no write, no write lock
            return 0
    with engine.begin() as conn:
        result = conn.execute(
            update(db.loads)
            .where(db.loads.c.resultado == Outcome.EN_CURSO)
            .values(
                resultado=Outcome.INTERRUMPIDA,
                terminado=datetime.now(),
                problemas=problems_json(
                    [Problem(None, None, "la carga se interrumpió (proceso terminado); no se modificó ningún dato")]
                ),
            )
        )
    return int(result.rowcount or 0)
