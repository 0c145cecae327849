"""Process start to first page served (target ≤ 3 s): `tablero serve` and gunicorn, on the demo database."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "var" / "tablero.sqlite"
TARGET_S = 3.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def time_to_first_page(cmd: list[str], port: int, env: dict[str, str], limit: float = 30.0) -> float:
    """Seconds from spawning `cmd` until GET / answers 200 (bounded by `limit`)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - started < limit:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as resp:
                    if resp.status == 200:
                        return time.perf_counter() - started
            except OSError:
                time.sleep(0.05)
        return float("inf")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> int:
    if not DEMO.exists():
        subprocess.run([sys.executable, "-m", "dashboard.cli", "demo"], cwd=ROOT, check=True)
    env = {**os.environ, "TABLERO_DB_PATH": str(DEMO)}
    env.pop("DATABASE_URL", None)
    results = {}
    for name, make in {
        "tablero_serve": lambda p: [sys.executable, "-m", "dashboard.cli", "serve", "--port", str(p)],
        "gunicorn_2x4": lambda p: [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{p}",
            "dashboard.wsgi:server",
        ],
    }.items():
        runs = []
        for _ in range(3):
            port = free_port()
            runs.append(round(time_to_first_page(make(port), port, {**env, "PORT": str(port)}), 2))
        results[name] = {"runs_s": runs, "best_s": min(runs), "target_s": TARGET_S, "ok": max(runs) <= TARGET_S}
    print(json.dumps(results, indent=2))
    return 0 if all(r["ok"] for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
