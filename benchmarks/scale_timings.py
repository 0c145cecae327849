"""Cold timings of the memoized page loaders on one database (what the first visitor after a load waits for)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, func, select


def _time(fn: Callable[[], Any], runs: int) -> dict[str, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    p95 = max(times) if runs < 20 else statistics.quantiles(times, n=20)[-1]
    return {"runs": runs, "p50_ms": round(statistics.median(times), 1), "p95_ms": round(p95, 1)}


@contextmanager
def base_tables_only() -> Any:
    """Make the readers ignore the aggregates (the 'before' path: GROUP BY over the fact tables)."""
    from dashboard import aggregates

    real = aggregates.is_current
    aggregates.is_current = lambda conn, dataset: False  # type: ignore[assignment]
    try:
        yield
    finally:
        aggregates.is_current = real  # type: ignore[assignment]


def _largest_state(engine: Engine) -> str:
    from dashboard.db import units

    with engine.connect() as conn:
        stmt = select(units.c.cve_ent).group_by(units.c.cve_ent).order_by(func.count().desc()).limit(1)
        return str(conn.execute(stmt).scalar())


def _busiest_unit(engine: Engine) -> str:
    """The unit with the most spending rows (the heaviest profile)."""
    from dashboard.db import committee_spending as cs

    with engine.connect() as conn:
        stmt = select(cs.c.clues).group_by(cs.c.clues).order_by(func.count().desc(), cs.c.clues).limit(1)
        return str(conn.execute(stmt).scalar())


def loader_timings(engine: Engine, runs: int = 3, base: bool = True) -> dict[str, Any]:
    """state_cube (aggregates and base tables), municipal cube, a state's units and municipalities, a unit profile."""
    from dashboard.queries import municipal, units
    from dashboard.queries.snapshot import state_cube

    cve_ent, clues = _largest_state(engine), _busiest_unit(engine)
    cube = state_cube.uncached  # type: ignore[attr-defined]
    out: dict[str, Any] = {"estado": cve_ent, "unidad": clues}
    out["state_cube"] = _time(lambda: cube(engine), runs)
    if base:
        with base_tables_only():
            out["state_cube_base_tables"] = _time(lambda: cube(engine), runs)
    built = cube(engine)
    fecha = built.dates[len(built.dates) // 2] if len(built.dates) else None
    out["national_snapshot_warm"] = _time(lambda: built.national_at(fecha), 20)
    out["municipal_cube"] = _time(lambda: municipal.municipal_cube.uncached(engine), runs)  # type: ignore[attr-defined]
    out["state_units"] = _time(lambda: units.state_units.uncached(engine, cve_ent), runs)  # type: ignore[attr-defined]
    muns = units.state_municipalities.uncached  # type: ignore[attr-defined]
    out["state_municipalities"] = _time(lambda: muns(engine, cve_ent), runs)
    profile = units.unit_profile.uncached  # type: ignore[attr-defined]
    out["unit_profile"] = _time(lambda: profile(engine, clues), max(runs, 10))
    out.update(other_loaders(engine, fecha.date() if fecha is not None else None, runs))
    return out


def other_loaders(engine: Engine, fecha: Any, runs: int) -> dict[str, Any]:
    """Page engineers' loaders that read the fact tables directly (Datos, Personal, Comités pages)."""
    from dashboard.queries import committee_stages, loads_history, staff

    out = {"state_freshness": _time(lambda: loads_history.state_freshness.uncached(engine), runs)}  # type: ignore[attr-defined]
    if fecha is not None:  # cold: read the events; a new day: cut the cached events
        out["doctor_events"] = _time(lambda: staff.doctor_events.uncached(engine), runs)  # type: ignore[attr-defined]
        out["unit_doctors_new_day"] = _time(lambda: staff.unit_doctors(engine, fecha), max(runs, 10))
        money = committee_stages.money_events.uncached  # type: ignore[attr-defined]
        out["money_events"] = _time(lambda: money(engine), runs)
        out["committee_money_new_day"] = _time(lambda: committee_stages.committee_money(engine, fecha), max(runs, 10))
    return out


def page_timings(url: str, runs: int = 20) -> dict[str, Any]:
    """bench_pages' callback cases (warm: after the first request built the cubes), fewer runs."""
    from benchmarks import bench_pages
    from dashboard import cache
    from dashboard.app import create_app
    from dashboard.config import Settings

    bench_pages.RUNS, bench_pages.WARMUP = runs, 2
    cache.clear()
    app = create_app(Settings.from_env({"DATABASE_URL": url}))
    out = []
    for case in bench_pages.CASES:
        start = time.perf_counter()
        res = bench_pages.run_case(app, case)
        res["case_seconds"] = round(time.perf_counter() - start, 1)
        out.append({k: res[k] for k in ("case", "p50_ms", "p95_ms", "status", "case_seconds") if k in res})
    return {"runs": runs, "cases": out}
