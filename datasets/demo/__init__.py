"""Deterministic demo data calibrated to the published bulletins (rules in datasets/reference/demo_dataset.md)."""

from __future__ import annotations

import tempfile
import time
import warnings
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from datasets.demo.calibration_targets import DEFAULT_END
from datasets.demo.generate import FILES, frames, write_files

LOAD_ORDER = ("units", "registry", "staffing", "committees", "committee_spending")

__all__ = ["DEFAULT_END", "FILES", "build_demo", "generate"]


def generate(end_date: date = DEFAULT_END, out_dir: Path | None = None) -> tuple[dict[str, Path], dict[str, int]]:
    """Write the demo files into out_dir; returns their paths and row counts."""
    out = Path(out_dir) if out_dir is not None else Path(tempfile.mkdtemp(prefix="tablero-demo-"))
    tables = frames(end_date)
    return write_files(tables, out), {k: len(v) for k, v in tables.items()}


def build_demo(
    engine: Engine, end_date: date | None = None, out_dir: Path | None = None, scale: int = 1
) -> dict[str, Any]:
    """Generate the demo files, load the reference data and then each file through load_file(demo=True).

    scale=1: calibrated to the bulletins, end date 2024-12-31 by default; scale=10: the uncalibrated 10× scenario
    (32 states, ~64,000 units, 2022-01-01 .. 2026-12-31 by default; see demo_dataset.md, "Escala 10×").
    """
    if scale == 10:
        from datasets.demo.scale_build import build_scaled

        return build_scaled(engine, end_date, out_dir)
    if scale != 1:
        raise ValueError(f"scale must be 1 or 10, not {scale}")
    end_date = end_date or DEFAULT_END
    from dashboard import cache
    from dashboard.ingest import load_file
    from dashboard.reference import load_reference

    t0 = time.perf_counter()
    paths, rows = generate(end_date, out_dir)
    t1 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        load_reference(engine)
    t2 = time.perf_counter()
    loads: dict[str, float] = {}
    for name in LOAD_ORDER:
        if name in paths:
            start = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                load_file(engine, name, paths[name], demo=True)
            loads[name] = round(time.perf_counter() - start, 2)
    cache.clear()
    t3 = time.perf_counter()
    return {
        "end_date": end_date.isoformat(),
        "out_dir": str(next(iter(paths.values())).parent) if paths else None,
        "rows": rows,
        "files": {k: p.name for k, p in paths.items()},
        "seconds": {
            "generate": round(t1 - t0, 2),
            "reference": round(t2 - t1, 2),
            "load": loads,
            "load_total": round(t3 - t2, 2),
            "total": round(t3 - t0, 2),
        },
    }
