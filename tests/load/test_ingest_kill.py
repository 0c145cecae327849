"""`tablero load` SIGKILLed in the middle of writing: the data is intact, the attempt is recorded as interrumpida."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select

from benchmarks.gunicorn_proc import ROOT
from dashboard import db
from dashboard.db import make_engine
from tests.prod_support import copy_sqlite, digest

WAL_BYTES = 4 << 20  # the load is writing once the write-ahead log passes this


def tablero(*args: str) -> list[str]:
    script = Path(sys.executable).with_name("tablero")
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "dashboard.cli", *args]


def big_registry_file(url: str, path: Path) -> int:
    """Every registry row of the database, one more registration each: a valid file that changes everything."""
    t = db.registry.c
    with make_engine(url).connect() as conn:
        frame = pd.DataFrame(
            conn.execute(select(t.fecha, t.cvegeo, t.canal, t.registrados, t.duplicados, t.credenciales)).all()
        )
    frame["registrados"] += 1
    frame.to_csv(path, index=False)
    return len(frame)


def test_killed_load_keeps_previous_data(load_db: tuple[Path, str, str], tmp_path: Path) -> None:
    db_file = copy_sqlite(load_db[0], tmp_path / "kill.sqlite")
    url = f"sqlite:///{db_file}"
    rows = big_registry_file(url, tmp_path / "registro_grande.csv")
    if rows < 100_000:
        pytest.skip(f"only {rows} registry rows ({load_db[2]} database): the load ends before it can be killed")
    engine = make_engine(url)
    before = digest(engine)
    cmd = tablero("--database", url, "load", "registry", str(tmp_path / "registro_grande.csv"))
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wal = Path(f"{db_file}-wal")
    deadline = time.monotonic() + 120
    while not (wal.exists() and wal.stat().st_size > WAL_BYTES):
        assert proc.poll() is None, "the load finished before it could be killed"
        assert time.monotonic() < deadline, "the load never started writing"
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    engine.dispose()
    killed = digest(engine)
    assert {k: v for k, v in killed.items() if k != "loads"} == {k: v for k, v in before.items() if k != "loads"}
    assert killed["loads"][0] == before["loads"][0] + 1, "the attempt must be in the ledger (en_curso)"

    listing = subprocess.run(tablero("--database", url, "loads"), cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert listing.returncode == 0 and "interrumpida" in listing.stdout, listing.stdout[-2000:]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Carga correcta" in done.stdout
    after = digest(engine)
    assert after["registry"][0] == before["registry"][0] and after["registry"][1] != before["registry"][1]
    assert after["loads"][0] == before["loads"][0] + 2
    with engine.connect() as conn:
        outcomes = conn.execute(select(db.loads.c.resultado).order_by(db.loads.c.id.desc()).limit(2)).scalars().all()
    assert outcomes == ["correcta", "interrumpida"]
