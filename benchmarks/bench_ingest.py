"""Benchmark: validate and load a 1,000,000-row registry CSV into a fresh SQLite database."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

CANALES = ("modulo", "autorregistro", "cruce_bienestar")
TARGET_SECONDS = 20.0
TARGET_RSS_MB = 1536.0


def registry_csv(path: Path, rows: int, seed: int = 42) -> Path:
    """A valid registry file: every (day, municipality, channel) once, in the 23 federalized states."""
    from dashboard.reference import municipalities_frame, states_frame

    states = states_frame()
    fed = set(states.loc[states["federalizado"] == "si", "cve_ent"])
    munis = municipalities_frame()
    codes = munis.loc[munis["cve_ent"].isin(fed) & munis["en_geometria"], "cvegeo"].to_numpy()
    per_day = len(codes) * len(CANALES)
    days = pd.date_range(date(2024, 1, 1), periods=-(-rows // per_day), freq="D").strftime("%Y-%m-%d")
    rng = np.random.default_rng(seed)
    fecha = np.repeat(days.to_numpy(), per_day)[:rows]
    cvegeo = np.tile(np.repeat(codes, len(CANALES)), len(days))[:rows]
    canal = np.tile(np.array(CANALES), len(codes) * len(days))[:rows]
    registrados = rng.integers(0, 500, rows)
    duplicados = (registrados * rng.random(rows) * 0.1).astype(int)
    credenciales = (registrados * rng.random(rows)).astype(int)
    frame = pd.DataFrame(
        {
            "fecha": fecha,
            "cvegeo": cvegeo,
            "canal": canal,
            "registrados": registrados,
            "duplicados": duplicados,
            "credenciales": credenciales,
        }
    )
    frame.to_csv(path, index=False)
    return path


CHILD = """
import json, sys, time
from dashboard.db import make_engine
from dashboard.reference import load_reference
from dashboard.ingest import load_file
engine = make_engine("sqlite:///" + sys.argv[1])
load_reference(engine)
t0 = time.perf_counter()
res = load_file(engine, "registry", sys.argv[2])
print(json.dumps({"seconds": time.perf_counter() - t0, "filas": res.filas, "resultado": res.resultado}))
"""


def bench_registry_load(rows: int = 1_000_000) -> dict[str, object]:
    """Seconds to validate and load `rows` registry rows, and the peak RSS of the loading process."""
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = registry_csv(Path(tmp) / "registry.csv", rows)
        size_mb = csv_path.stat().st_size / 1e6
        out = subprocess.run(
            [sys.executable, "-W", "ignore", "-c", CHILD, str(Path(tmp) / "bench.sqlite"), str(csv_path)],
            check=True,
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # kilobytes on Linux
    return {
        "rows": rows,
        "csv_mb": round(size_mb, 1),
        "seconds": round(result["seconds"], 2),
        "peak_rss_mb": round(peak_mb, 1),
        "resultado": result["resultado"],
        "ok": result["seconds"] <= TARGET_SECONDS and peak_mb <= TARGET_RSS_MB,
    }


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    print(json.dumps(bench_registry_load(rows), indent=2))


if __name__ == "__main__":
    main()
