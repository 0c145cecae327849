"""Time demo generation and loading on SQLite and PostgreSQL: `python -m benchmarks.bench_demo` prints JSON."""

from __future__ import annotations

import json
import os
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from dashboard import db
from dashboard.db import make_engine

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TARGETS = {"sqlite": 60.0, "postgresql": 90.0}


def bench_demo(url: str, end_date: date = date(2024, 12, 31)) -> dict[str, Any]:
    """Generate + load the demo into an empty database at url; timings in seconds."""
    import datasets.demo

    engine = make_engine(url) if url.startswith("sqlite") else create_engine(url)
    db.metadata.drop_all(engine)
    db.create_schema(engine)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        summary = datasets.demo.build_demo(engine, end_date, Path(tmp))
        wall = time.perf_counter() - start
    engine.dispose()
    backend = "sqlite" if url.startswith("sqlite") else "postgresql"
    return {"backend": backend, "wall_seconds": round(wall, 2), "target_seconds": TARGETS[backend], **summary}


def _pg_reachable(url: str) -> bool:
    try:
        with create_engine(url).connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception:  # any failure: no server here
        return False


def main() -> None:
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        results.append(bench_demo(f"sqlite:///{Path(tmp) / 'bench.sqlite'}"))
    pg = os.environ.get("TEST_DATABASE_URL", PG_DEFAULT)
    if pg and _pg_reachable(pg):
        results.append(bench_demo(pg))
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
