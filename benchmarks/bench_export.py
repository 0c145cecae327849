"""Warm export timings: national map PNG (target ≤ 1 s) and the whole country's municipal map PNG (≤ 3 s)."""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
import warnings
from datetime import date
from pathlib import Path

from dashboard.db import make_engine
from dashboard.export import files, service

CASES = (
    ("mapa_nacional_png", "mapa-nacional", {"fecha": "2024-06-28"}, 1.0),
    ("mapa_municipal_pais_png", "mapa-municipal", {"fecha": "2024-06-28"}, 3.0),
)


def main(repeat: int = 5) -> dict[str, object]:
    """Build the demo in a temp SQLite file, warm the browser, time each case (median of repeats)."""
    import datasets.demo

    out: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'demo.sqlite'}")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            datasets.demo.build_demo(engine, date(2024, 12, 31), Path(tmp) / "files")
        t0 = time.perf_counter()
        service.warm()
        out["arranque_navegador_s"] = round(time.perf_counter() - t0, 2)
        for name, preset, params, target in CASES:
            files.export(engine, preset, "png", params)  # warm caches and the page
            times = []
            for _ in range(repeat):
                t = time.perf_counter()
                f = files.export(engine, preset, "png", params)
                times.append(time.perf_counter() - t)
            out[name] = {"mediana_s": round(statistics.median(times), 3), "max_s": round(max(times), 3),
                         "meta_s": target, "cumple": statistics.median(times) <= target, "bytes": len(f.content)}  # fmt: skip
        engine.dispose()
    service.shutdown()
    return out


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5), ensure_ascii=False, indent=2))
