"""Benchmark: validate and load registry CSVs (1 M rows; 6 M rows / ~200 MB), and the dry run of the 1 M-row file.

Each run is a fresh process on a fresh SQLite database with the reference data; the process reports its own peak
RSS (VmHWM: ru_maxrss would include the parent's memory at the fork). Targets (issue 8): 1 M rows ≤ 20 s;
6 M rows ≤ 60 s and ≤ 1.5 GB; dry run ≤ 1.2 × the load.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

CANALES = ("modulo", "autorregistro", "cruce_bienestar")
TARGETS = {"load_1m_s": 20.0, "load_6m_s": 60.0, "rss_6m_mb": 1536.0, "dry_over_load": 1.2}
ROOT = Path(__file__).resolve().parent.parent


def registry_csv(path: Path, rows: int, seed: int = 42) -> Path:
    """A valid registry file: every (day, municipality, channel) once, each state only from its joining date."""
    from dashboard.reference import municipalities_frame, states_frame

    states = states_frame()
    joined = states.dropna(subset=["fecha_adhesion"]).set_index("cve_ent")["fecha_adhesion"]
    munis = municipalities_frame()
    munis = munis[munis["cve_ent"].isin(joined.index) & munis["en_geometria"]]
    munis = munis.assign(desde=munis["cve_ent"].map(joined))
    rng = np.random.default_rng(seed)
    first = max(pd.Timestamp(date(2022, 1, 1)), joined.min())
    days = pd.date_range(first, pd.Timestamp(date.today()) - pd.Timedelta(days=1), freq="D")
    parts, total = [], 0
    for day in days:
        codes = munis.loc[munis["desde"] <= day, "cvegeo"].to_numpy()
        n = len(codes) * len(CANALES)
        parts.append((day.strftime("%Y-%m-%d"), codes))
        total += n
        if total >= rows:
            break
    fecha = np.concatenate([np.repeat(d, len(c) * len(CANALES)) for d, c in parts])[:rows]
    cvegeo = np.concatenate([np.repeat(c, len(CANALES)) for _, c in parts])[:rows]
    canal = np.tile(np.array(CANALES), -(-rows // len(CANALES)) + 1)[: len(cvegeo)][:rows]
    n = len(fecha)
    registrados = rng.integers(0, 500, n)
    frame = pd.DataFrame(
        {
            "fecha": fecha,
            "cvegeo": cvegeo,
            "canal": canal,
            "registrados": registrados,
            "duplicados": (registrados * rng.random(n) * 0.1).astype(int),
            "credenciales": (registrados * rng.random(n)).astype(int),
        }
    )
    frame.to_csv(path, index=False)
    return path


CHILD = """
import json, sys, time, warnings
warnings.simplefilter("ignore")
from dashboard.db import make_engine
from dashboard.reference import load_reference
from dashboard.ingest import load_file
engine = make_engine("sqlite:///" + sys.argv[1])
load_reference(engine)
t0 = time.perf_counter()
res = load_file(engine, "registry", sys.argv[2], dry_run=sys.argv[3] == "1")
seconds = time.perf_counter() - t0
peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")) / 1024  # own peak
print(json.dumps({"seconds": seconds, "filas": res.filas, "resultado": str(res.resultado), "peak_rss_mb": peak, "fases": res.segundos}))
"""


def one_run(csv_path: Path, dry: bool) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(Path(tmp) / "bench.sqlite"), str(csv_path), "1" if dry else "0"],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def series(csv_path: Path, dry: bool, repeat: int) -> dict[str, object]:
    runs = [one_run(csv_path, dry) for _ in range(repeat)]
    secs = [r["seconds"] for r in runs]
    return {
        "runs_s": [round(s, 2) for s in secs],
        "median_s": round(statistics.median(secs), 2),
        "min_s": round(min(secs), 2),
        "max_s": round(max(secs), 2),
        "peak_rss_mb": round(max(r["peak_rss_mb"] for r in runs), 1),
        "filas": runs[0]["filas"],
        "resultado": runs[0]["resultado"],
    }


def main() -> None:
    big_rows = int(os.environ.get("BENCH_BIG_ROWS", "6000000"))
    repeat = int(os.environ.get("BENCH_REPEAT", "3"))
    with tempfile.TemporaryDirectory() as tmp:
        small = registry_csv(Path(tmp) / "registro_1m.csv", 1_000_000)
        load_1m = series(small, False, repeat)
        dry_1m = series(small, True, repeat)
        big = registry_csv(Path(tmp) / "registro_grande.csv", big_rows)
        size_mb = round(big.stat().st_size / 1e6, 1)
        load_big = series(big, False, max(1, repeat - 1))
    ratio = round(float(dry_1m["median_s"]) / float(load_1m["median_s"]), 2)  # type: ignore[arg-type]
    result = {
        "load_1m": load_1m,
        "dry_run_1m": dry_1m,
        "dry_over_load": ratio,
        "load_big": {**load_big, "csv_mb": size_mb},
        "loadavg_1_5_15": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
        "targets": TARGETS,
    }
    result["ok"] = (
        float(load_1m["max_s"]) <= TARGETS["load_1m_s"]  # type: ignore[arg-type]
        and float(load_big["max_s"]) <= TARGETS["load_6m_s"]  # type: ignore[arg-type]
        and float(load_big["peak_rss_mb"]) <= TARGETS["rss_6m_mb"]  # type: ignore[arg-type]
        and ratio <= TARGETS["dry_over_load"]
    )
    print(json.dumps(result, indent=2))
    sys.exit(0 if result["ok"] else 1)


if __name__ == "__main__":
    main()
