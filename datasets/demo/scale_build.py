"""Scale 10×: generate the files, mark the scenario's extra states as joined, load everything through load_file."""

from __future__ import annotations

import tempfile
import time
import warnings
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, update

from datasets.demo.scale import SCALE_END, SCALE_START, SCENARIO_JOINS, ScaledFiles, generate_scaled

LOAD_ORDER = ("units", "registry", "staffing", "committees", "committee_spending")


def join_scenario_states(engine: Engine) -> None:
    """In the scaled scenario the 9 states outside IMSS-Bienestar have joined (approximate, invented dates)."""
    from dashboard import db

    with engine.begin() as conn:
        for cve_ent, when in SCENARIO_JOINS.items():
            conn.execute(
                update(db.states)
                .where(db.states.c.cve_ent == cve_ent)
                .values(federalizado="si", fecha_adhesion=date.fromisoformat(when), fecha_adhesion_aproximada=True)
            )


def load_scaled(engine: Engine, files: ScaledFiles) -> dict[str, float]:
    """Reference data, the scenario's joined states, then every file through load_file (registry: one per year)."""
    from dashboard import cache
    from dashboard.ingest import load_file
    from dashboard.reference import load_reference

    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        load_reference(engine)
    join_scenario_states(engine)
    seconds = {"reference": round(time.perf_counter() - start, 2)}
    for name in LOAD_ORDER:
        start = time.perf_counter()
        for path in files.paths.get(name, []):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                load_file(engine, name, path, demo=True)
        seconds[name] = round(time.perf_counter() - start, 2)
    cache.clear()
    return seconds


def build_scaled(engine: Engine, end_date: date | None = None, out_dir: Path | None = None) -> dict[str, Any]:
    """The 10× scenario into engine: files written to out_dir, then loaded (see load_scaled)."""
    end = end_date or SCALE_END
    out = Path(out_dir) if out_dir is not None else Path(tempfile.mkdtemp(prefix="tablero-demo10-"))
    t0 = time.perf_counter()
    files = generate_scaled(out, SCALE_START, end)
    t1 = time.perf_counter()
    loads = load_scaled(engine, files)
    t2 = time.perf_counter()
    reference = loads.pop("reference")
    return {
        "scale": 10,
        "start_date": SCALE_START.isoformat(),
        "end_date": end.isoformat(),
        "out_dir": str(out),
        "rows": files.rows,
        "files": {k: [p.name for p in v] for k, v in files.paths.items()},
        "seconds": {
            "generate": round(t1 - t0, 2),
            "reference": reference,
            "load": loads,
            "load_total": round(t2 - t1, 2),
            "total": round(t2 - t0, 2),
        },
    }
