"""Benchmark at 10× the demo: build (or reuse) var/bench databases, time loads and page loaders; prints JSON.

SQLite 10× and 1× live under var/bench/ and are reused when their summary file says the build completed.
PostgreSQL: the 10× files are loaded into a database `tablero_bench` created for the run and dropped after it,
in parallel with the SQLite build (two cores). Set BENCH_SCALE_PG=0 to skip it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "var" / "bench"
FILES10 = BENCH / "files10"
PG_ADMIN = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PG_NAME = "tablero_bench"


def _summary_path(db_path: Path) -> Path:
    return db_path.with_suffix(".json")


def sqlite_db(scale: int) -> tuple[str, dict[str, Any]]:
    """URL of var/bench/tablero<scale>.sqlite, built unless a complete build is recorded beside it."""
    from dashboard.db import create_schema, make_engine
    from datasets.demo import build_demo

    path = BENCH / f"tablero{scale}.sqlite"
    summary = _summary_path(path)
    url = f"sqlite:///{path}"
    if path.exists() and summary.exists():
        return url, {**json.loads(summary.read_text()), "reused": True, **_refresh_aggregates(url)}
    for old in BENCH.glob(f"tablero{scale}.sqlite*"):
        old.unlink()
    engine = make_engine(url)
    create_schema(engine)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = build_demo(engine, None, FILES10 if scale == 10 else BENCH / "files1", scale=scale)
    engine.dispose()
    result["database_mb"] = round(path.stat().st_size / 1e6, 1)
    summary.write_text(json.dumps(result, indent=1))
    return url, {**result, "reused": False}


def _refresh_aggregates(url: str) -> dict[str, float]:
    """A database built by older code: add the new tables and rebuild the aggregates once."""
    from dashboard import aggregates
    from dashboard.db import create_schema, make_engine
    from dashboard.milestones import SOURCES

    engine = make_engine(url)
    create_schema(engine)
    with engine.connect() as conn:
        current = all(aggregates.is_current(conn, d) for d in (*aggregates.AGGREGATES, *SOURCES))
    start = time.perf_counter()
    if not current:
        aggregates.rebuild(engine)
    engine.dispose()
    return {} if current else {"aggregates_rebuilt_seconds": round(time.perf_counter() - start, 1)}


def _pg_url(admin: str, name: str) -> str:
    return admin.rsplit("/", 1)[0] + "/" + name


def pg_load_child() -> None:
    """(child process) generate its own copy of the 10× files, load them into tablero_bench, time the loaders."""
    from benchmarks.scale_timings import loader_timings
    from dashboard.db import create_schema
    from datasets.demo.scale import SCALE_END, SCALE_START, generate_scaled
    from datasets.demo.scale_build import load_scaled

    url = _pg_url(PG_ADMIN, PG_NAME)
    engine = create_engine(url)
    create_schema(engine)
    t0 = time.perf_counter()
    files = generate_scaled(Path(sys.argv[2]), SCALE_START, SCALE_END)  # own copy: the SQLite build writes FILES10
    t1 = time.perf_counter()
    loads = load_scaled(engine, files)
    t2 = time.perf_counter()
    timings = loader_timings(engine, runs=2)
    engine.dispose()
    out = {"generate_seconds": round(t1 - t0, 1), "load_seconds": loads, "load_total_seconds": round(t2 - t1, 1)}
    print(json.dumps({**out, "rows": files.rows, "loaders": timings}))


def _admin(sql: str) -> None:
    engine = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(sql))
    engine.dispose()


def start_pg() -> subprocess.Popen[str] | None:
    """Create tablero_bench and start the PostgreSQL load in a child process (None when unreachable)."""
    if os.environ.get("BENCH_SCALE_PG", "1") == "0":
        return None
    try:
        _admin(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')
        _admin(f'CREATE DATABASE "{PG_NAME}"')
    except Exception:  # no server here
        return None
    cmd = [sys.executable, "-W", "ignore", "-m", "benchmarks.bench_scale", "--pg-child", str(BENCH / "files10_pg")]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish_pg(proc: subprocess.Popen[str] | None) -> dict[str, Any] | None:
    if proc is None:
        return None
    out, err = proc.communicate()
    _admin(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')
    lines = out.strip().splitlines()
    return json.loads(lines[-1]) if proc.returncode == 0 and lines else {"error": err.strip()[-1500:]}


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from benchmarks.scale_timings import loader_timings, page_timings
    from dashboard.db import make_engine

    BENCH.mkdir(parents=True, exist_ok=True)
    pg = start_pg()
    started = time.perf_counter()
    url10, build10 = sqlite_db(10)
    url1, build1 = sqlite_db(1)
    results: dict[str, Any] = {"benchmark": "scale", "builds": {"sqlite_10x": build10, "sqlite_1x": build1}}
    results["pg_10x"] = finish_pg(pg)  # before the timings: the two processes would share the two cores
    for label, url in (("1x", url1), ("10x", url10)):
        engine = make_engine(url)
        results[f"loaders_sqlite_{label}"] = loader_timings(engine)
        engine.dispose()
        results[f"pages_sqlite_{label}"] = page_timings(url)
    results["wall_seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(results, indent=2, ensure_ascii=False, default=str))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--pg-child":
        sys.path.insert(0, str(ROOT))
        pg_load_child()
    else:
        main()
