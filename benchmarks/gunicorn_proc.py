"""Run the real gunicorn (gunicorn.conf.py, dashboard.wsgi:server) as a subprocess on a free loopback port."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType

ROOT = Path(__file__).resolve().parent.parent
READY = "listo; calentamiento"
CLEARED = (
    "DATABASE_URL",
    "TABLERO_DB_PATH",
    "CACHE_URL",
    "SECRET_KEY",
    "TABLERO_ENV",
    "TABLERO_DEBUG",
    "GUNICORN_CMD_ARGS",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def children(pid: int) -> list[int]:
    """Direct child pids of `pid` (Linux /proc)."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                stat = (entry / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(entry.name))
    return sorted(out)


class Gunicorn:
    """`with Gunicorn(db_url, log_dir) as g:` serves on g.port until the block ends."""

    def __init__(
        self,
        database_url: str,
        log_dir: Path,
        *,
        workers: int = 2,
        threads: int = 4,
        cache_url: str | None = None,
        app_uri: str = "dashboard.wsgi:server",
    ) -> None:
        self.app_uri = app_uri
        self.port = free_port()
        self.workers = workers
        self.log = log_dir / f"gunicorn-{self.port}.log"
        env = {k: v for k, v in os.environ.items() if k not in CLEARED}
        env.update(
            DATABASE_URL=database_url,
            HOST="127.0.0.1",
            PORT=str(self.port),
            WEB_CONCURRENCY=str(workers),
            GUNICORN_THREADS=str(threads),
            TABLERO_ENV="development",
            PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
        )
        if cache_url:
            env["CACHE_URL"] = cache_url
        self.env = env
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Gunicorn:
        cmd = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", self.app_uri]
        with self.log.open("wb") as fh:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, env=self.env, stdout=fh, stderr=subprocess.STDOUT)
        self.wait_ready(self.workers)
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.stop()

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def ready_count(self) -> int:
        return self.log_text().count(READY)

    def wait_ready(self, count: int, timeout: float = 120.0) -> None:
        """Until `count` workers logged their warm-up and /salud answers; bounded in time."""
        assert self.proc is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn terminó ({self.proc.returncode}):\n{self.log_text()[-4000:]}")
            if self.ready_count() >= count and self._answers():
                return
            time.sleep(0.2)
        self.stop()
        raise TimeoutError(f"gunicorn no quedó listo en {timeout} s:\n{self.log_text()[-4000:]}")

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(self.url + "/salud", timeout=5) as resp:
                return bool(resp.status)
        except urllib.error.HTTPError:
            return True  # 503 is an answer
        except OSError:
            return False

    def worker_pids(self) -> list[int]:
        assert self.proc is not None
        return children(self.proc.pid)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
