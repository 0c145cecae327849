"""A bad configuration stops `tablero serve` and gunicorn with one Spanish line and a non-zero exit, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.gunicorn_proc import CLEARED, ROOT, free_port
from dashboard import db

BAD = {
    "entorno desconocido": ({"TABLERO_ENV": "prod"}, "TABLERO_ENV"),
    "entorno vacío": ({"TABLERO_ENV": ""}, "TABLERO_ENV"),
    "producción sin secreto": ({"TABLERO_ENV": "production"}, "SECRET_KEY"),
    "Production sin secreto": ({"TABLERO_ENV": "Production"}, "SECRET_KEY"),
    "producción con depuración": (
        {"TABLERO_ENV": "production", "SECRET_KEY": "x", "TABLERO_DEBUG": "1"},
        "TABLERO_DEBUG",
    ),
}
# A broken check would start a server: the timeout ends it and the test fails.
TIMEOUT = 60


def environment(tmp_path: Path, extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in CLEARED and k not in ("HOST", "PORT")}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'vacia.sqlite'}", HOST="127.0.0.1", PORT=str(free_port()))
    env.update(WEB_CONCURRENCY="1", PYTHONPATH=str(ROOT))
    return {**env, **extra}


def run(cmd: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False)


def assert_one_spanish_line(proc: subprocess.CompletedProcess[str], word: str) -> None:
    lines = proc.stderr.splitlines()
    assert proc.returncode != 0, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert len(lines) == 1, proc.stderr
    assert word in lines[0] and ("no es válido" in lines[0] or "no se permite" in lines[0] or "obligatorio" in lines[0])


@pytest.mark.parametrize("case", list(BAD))
def test_tablero_serve_refuses(tmp_path: Path, case: str) -> None:
    extra, word = BAD[case]
    proc = run([sys.executable, "-m", "dashboard.cli", "serve"], environment(tmp_path, extra))
    assert_one_spanish_line(proc, word)


@pytest.mark.parametrize("case", ["entorno desconocido", "Production sin secreto", "producción con depuración"])
def test_other_commands_refuse_an_unknown_environment_too(tmp_path: Path, case: str) -> None:
    extra, word = BAD[case]
    env = environment(tmp_path, extra)
    engine = db.make_engine(env["DATABASE_URL"])
    db.create_schema(engine)
    engine.dispose()
    proc = run([sys.executable, "-m", "dashboard.cli", "loads"], env)
    if word == "TABLERO_ENV":
        assert_one_spanish_line(proc, word)
    else:  # production checks guard the server only: loading data needs no Flask secret
        assert proc.returncode == 0, proc.stderr


def gunicorn() -> str:
    return str(Path(sys.executable).parent / "gunicorn")


@pytest.mark.parametrize("case", list(BAD))
def test_gunicorn_refuses(tmp_path: Path, case: str) -> None:
    extra, word = BAD[case]
    proc = run([gunicorn(), "--config", "gunicorn.conf.py", "dashboard.wsgi:server"], environment(tmp_path, extra))
    assert_one_spanish_line(proc, word)


def test_gunicorn_without_the_config_file_stops_at_the_first_worker(tmp_path: Path) -> None:
    """Started bare, the worker refuses with the same line and the master stops (no respawn loop, no traceback)."""
    empty = tmp_path / "vacio.conf.py"
    empty.write_text("", encoding="utf-8")
    env = environment(tmp_path, {"TABLERO_ENV": "prod"})
    cmd = [gunicorn(), "--config", str(empty), "--bind", f"127.0.0.1:{env['PORT']}", "dashboard.wsgi:server"]
    proc = run(cmd, env)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr, proc.stderr
    ours = [line for line in proc.stderr.splitlines() if "TABLERO_ENV" in line]
    assert len(ours) == 1 and "no es válido" in ours[0], proc.stderr
    assert proc.stderr.count("Booting worker") == 1, proc.stderr
