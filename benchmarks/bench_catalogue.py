"""Benchmark: the official DGIS catalogue workbook (~64,000 rows, 68 columns, every institution) loaded as units.

The workbook is built by tests/official_catalogue.py (its IMSS-Bienestar rows are the real units); each run loads it
in a fresh process into a fresh SQLite database with the reference data but no units (so every unit is written,
located in its municipality's polygon and compared). Target (issue 8): ≤ 60 s.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

TARGET_S = 60.0
ROOT = Path(__file__).resolve().parent.parent
CHILD = """
import json, sys, time, warnings
warnings.simplefilter("ignore")
from dashboard.db import make_engine
from dashboard.reference import load_reference
from dashboard.ingest import load_file
engine = make_engine("sqlite:///" + sys.argv[1])
load_reference(engine)
with engine.begin() as conn:  # measure a load that writes every unit, not one that finds them all unchanged
    conn.exec_driver_sql("DELETE FROM units")
t0 = time.perf_counter()
res = load_file(engine, "units", sys.argv[2])
seconds = time.perf_counter() - t0
skipped = [str(p) for p in res.problemas if "se omitieron" in str(p)]
print(json.dumps({"seconds": seconds, "filas": res.filas, "resultado": str(res.resultado), "fases": res.segundos,
                  "peak_rss_mb": next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")) / 1024, "omitidas": skipped}))
"""


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from tests.official_catalogue import write_official_catalogue

    repeat = int(os.environ.get("BENCH_REPEAT", "3"))
    with tempfile.TemporaryDirectory() as tmp:
        book = write_official_catalogue(Path(tmp) / "ESTABLECIMIENTO_SALUD_202608.xlsx")
        runs = []
        for i in range(repeat):
            out = subprocess.run(
                [sys.executable, "-c", CHILD, str(Path(tmp) / f"bench{i}.sqlite"), str(book)],
                check=True, capture_output=True, text=True, cwd=ROOT,
            )  # fmt: skip
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        size_mb = round(book.stat().st_size / 1e6, 1)
    secs = [r["seconds"] for r in runs]
    result = {
        "workbook_mb": size_mb,
        "runs_s": [round(s, 2) for s in secs],
        "median_s": round(statistics.median(secs), 2),
        "max_s": round(max(secs), 2),
        "peak_rss_mb": round(max(r["peak_rss_mb"] for r in runs), 1),
        "filas_cargadas": runs[0]["filas"],
        "resultado": runs[0]["resultado"],
        "fases": runs[0]["fases"],
        "omitidas": runs[0]["omitidas"],
        "loadavg_1_5_15": [round(x, 2) for x in os.getloadavg()],
        "target_s": TARGET_S,
    }
    result["ok"] = max(secs) <= TARGET_S
    print(json.dumps(result, indent=2, ensure_ascii=False))
    sys.exit(0 if result["ok"] else 1)


if __name__ == "__main__":
    main()
