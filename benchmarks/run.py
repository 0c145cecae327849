"""`make bench`: run every benchmark in its own process, print and save their JSON results."""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ORDER = (
    "bench_ingest",
    "bench_catalogue",
    "bench_validate",
    "bench_demo",
    "bench_startup",
    "bench_pages",
    "bench_export",
    "bench_load",
    "bench_scale",
)
OUT = Path("bench-results")


def available() -> list[str]:
    here = Path(__file__).resolve().parent
    return [name for name in ORDER if (here / f"{name}.py").exists()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", help=f"subset of {', '.join(ORDER)}")
    args = parser.parse_args(argv)
    names = args.names or available()
    OUT.mkdir(exist_ok=True)
    failed = 0
    for name in names:
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", f"benchmarks.{name}"], capture_output=True, text=True, check=False)
        seconds = round(time.perf_counter() - started, 1)
        print(f"== {name} ({seconds} s, exit {proc.returncode})")
        print(proc.stdout.strip() or proc.stderr.strip()[-2000:])
        (OUT / f"{name}.json").write_text(proc.stdout)
        failed += proc.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
