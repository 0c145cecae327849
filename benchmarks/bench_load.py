"""Benchmark: 32 users for 60 s against the real gunicorn (2 workers x 4 threads) on the demo database."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

from benchmarks import loadgen
from benchmarks.gunicorn_proc import Gunicorn
from dashboard.db import make_engine


def demo_database(folder: Path) -> str:
    """A fresh demo database in `folder` (the same data every run)."""
    from datasets.demo import build_demo

    url = f"sqlite:///{folder / 'demo.sqlite'}"
    engine = make_engine(url)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        build_demo(engine)
    engine.dispose()
    return url


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--users", type=int, default=32)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--think", type=float, default=1.0, help="seconds a user reads between clicks (0: saturation)")
    ap.add_argument("--database", help="SQLAlchemy URL of a loaded database (default: build the demo)")
    ap.add_argument("--cache-url", help="redis://… to measure with the shared cache")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        url = args.database or demo_database(Path(tmp))
        engine = make_engine(url)
        paths = loadgen.sample_paths(engine)
        engine.dispose()
        server_at = Gunicorn(url, Path(tmp), workers=args.workers, threads=args.threads, cache_url=args.cache_url)
        with server_at as server:
            reqs = loadgen.scenario(server.port, paths)
            report: dict[str, Any] = {}
            for name, think in (("usuarios", args.think), ("saturacion", 0.0)):
                started = time.monotonic()
                run = loadgen.run_load(server.port, reqs, users=args.users, seconds=args.seconds, think=think)
                report[name] = {"think_s": think, **loadgen.summarize(run, time.monotonic() - started)}
    report.update(
        users=args.users, workers=args.workers, threads=args.threads, paths=paths, distinct_requests=len(reqs)
    )
    print(json.dumps(report, indent=2))
    return 0 if all(r["errors"] == 0 for r in report.values() if isinstance(r, dict) and "errors" in r) else 1


if __name__ == "__main__":
    sys.exit(main())
