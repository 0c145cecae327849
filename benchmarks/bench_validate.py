"""Benchmark: the file side alone (datasets.readers.iter_table + datasets.validate.validate, no database).

Two files: the 6 M-row / ~230 MB registry CSV of bench_ingest and the ~64,000-row official catalogue workbook of
bench_catalogue. Each run is a fresh process reporting its own peak RSS (VmHWM: ru_maxrss would carry over the
generating parent's peak through fork and exec). It separates reading and validating from
writing: the load targets (issue 8: 6 M rows ≤ 60 s and ≤ 1.5 GB; catalogue ≤ 60 s) include both.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"registry_6m_s": 30.0, "registry_6m_rss_mb": 1536.0, "catalogue_s": 30.0}  # half the load's budget
CHILD = """
import json, re, sys, time, warnings
warnings.simplefilter("ignore")
from dashboard.reference import municipalities_frame, states_frame
from datasets.readers import iter_table
from datasets.validate import KnownKeys, validate
states = states_frame()
joined = {e: d.date() for e, d in zip(states["cve_ent"], states["fecha_adhesion"]) if d == d}
munis = frozenset(municipalities_frame()["cvegeo"])
known = KnownKeys(states=frozenset(states["cve_ent"]), municipalities=munis, joined=joined)
t0 = time.perf_counter()
rows = kept = errors = 0
for raw in iter_table(sys.argv[2]):
    res = validate(sys.argv[1], raw, known)
    rows, kept, errors = rows + len(raw), kept + len(res.frame), errors + len(res.errores)
print(json.dumps({"seconds": round(time.perf_counter() - t0, 2), "filas": rows, "validas": kept, "errores": errors,
                  "peak_rss_mb": round(int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read())[1]) / 1024)}))
"""


def run(dataset: str, path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, dataset, str(path)], check=True, capture_output=True, text=True, cwd=ROOT
    )
    return {k: float(v) for k, v in json.loads(out.stdout.strip().splitlines()[-1]).items()}


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from benchmarks.bench_ingest import registry_csv
    from tests.official_catalogue import write_official_catalogue

    with tempfile.TemporaryDirectory() as tmp:
        csv_path = registry_csv(Path(tmp) / "registro_6m.csv", int(os.environ.get("BENCH_ROWS", "6000000")))
        book = write_official_catalogue(Path(tmp) / "ESTABLECIMIENTO_SALUD_202608.xlsx")
        registry, catalogue = run("registry", csv_path), run("units", book)
        sizes = {"csv_mb": round(csv_path.stat().st_size / 1e6), "xlsx_mb": round(book.stat().st_size / 1e6, 1)}
    result = {
        **sizes,
        "registry": registry,
        "catalogue": catalogue,
        "loadavg_1_5_15": [round(x, 2) for x in os.getloadavg()],
        "targets": TARGETS,
    }
    result["ok"] = (
        registry["seconds"] <= TARGETS["registry_6m_s"]
        and registry["peak_rss_mb"] <= TARGETS["registry_6m_rss_mb"]
        and catalogue["seconds"] <= TARGETS["catalogue_s"]
        and registry["errores"] == catalogue["errores"] == 0
    )
    print(json.dumps(result, indent=2, ensure_ascii=False))
    sys.exit(0 if result["ok"] else 1)


if __name__ == "__main__":
    main()
