"""The one export service: a kept-running kaleido browser, started lazily, used by one image at a time.

kaleido's own global sync server waits on its queue with no time limit: if its browser dies while starting, every
later export hangs forever. So the service runs its own event loop thread with one `kaleido.Kaleido`, waits for
each image with a deadline, and replaces a dead or wedged browser.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

import kaleido
import plotly.io as pio

import geodata

log = logging.getLogger(__name__)

MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
RENDER_TIMEOUT = 60.0  # seconds for one image before the browser is considered wedged
START_TIMEOUT = 60.0  # seconds for the browser to start

# One image at a time: the browser tab is shared, and concurrent calls got each other's image (STACK.md).
_lock = threading.Lock()
stats = {"starts": 0, "restarts": 0, "images": 0}


class ExportError(RuntimeError):
    """The browser could not produce the image."""


class _Browser:
    """A Kaleido browser living in its own event-loop thread, owned by one process."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="kaleido-loop", daemon=True)
        self.thread.start()
        self.kaleido: kaleido.Kaleido | None = None
        self._run(self._open(), START_TIMEOUT)

    async def _open(self) -> None:
        self.kaleido = kaleido.Kaleido(n=1, timeout=RENDER_TIMEOUT, mathjax=False)
        await self.kaleido.open()

    @property
    def alive(self) -> bool:
        return self.thread.is_alive() and self.loop.is_running()

    def _run(self, coro: Any, timeout: float) -> Any:
        """Wait for coro on the loop thread, giving up at the deadline or as soon as the thread has died."""
        future = asyncio.run_coroutine_threadsafe(coro, self.loop)
        deadline = time.monotonic() + timeout
        while True:
            try:
                return future.result(timeout=0.5)
            except FutureTimeout:
                if not self.thread.is_alive() or time.monotonic() > deadline:
                    future.cancel()
                    raise ExportError(f"el navegador no respondió en {timeout:.0f} s") from None

    def calc(self, fig: dict[str, Any], opts: dict[str, Any]) -> bytes:
        assert self.kaleido is not None
        coro = self.kaleido.calc_fig(fig, opts=opts, topojson=pio.defaults.topojson)
        return bytes(self._run(coro, RENDER_TIMEOUT + 5))

    def close(self) -> None:
        """Close the browser (bounded in time) and stop the loop thread."""
        try:
            if self.kaleido is not None:
                self._run(self.kaleido.close(), 10)
        except Exception as exc:  # a dead browser may not close cleanly
            log.warning("kaleido close: %s", exc)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=5)


_browser: _Browser | None = None


def topojson_url() -> str:
    """File URL of the shipped base topology folder (plotly geo fetches world_110m.json from it)."""
    return geodata.WORLD_TOPOJSON.parent.as_uri() + "/"


def _start() -> _Browser:
    global _browser
    pio.defaults.topojson = topojson_url()
    t0 = time.perf_counter()
    _browser = _Browser()
    stats["starts"] += 1
    log.info("kaleido browser started in %.2f s", time.perf_counter() - t0)
    return _browser


def _current() -> _Browser:
    """This process's browser (a forked worker starts its own; the parent's loop thread is not inherited)."""
    if _browser is None or _browser.pid != os.getpid():
        return _start()
    if not _browser.alive:  # e.g. its thread was stopped by a test runner
        return _replace()
    return _browser


def _replace() -> _Browser:
    global _browser
    if _browser is not None and _browser.pid == os.getpid():
        _browser.close()
    _browser = None
    stats["restarts"] += 1
    return _start()


def render(fig: dict[str, Any], fmt: str, width: int, height: int, scale: float = 1.0) -> bytes:
    """PNG/SVG/PDF bytes of a plain-dict figure; a dead or wedged browser is replaced once."""
    if fmt not in MIME:
        raise ValueError(f"formato no soportado: {fmt}")
    opts = {"format": fmt, "width": int(width), "height": int(height), "scale": float(scale)}
    with _lock:
        try:
            data = _current().calc(fig, opts)
        except Exception as exc:
            log.warning("export failed (%s: %s); restarting the browser once", type(exc).__name__, exc)
            data = _replace().calc(fig, opts)
        stats["images"] += 1
        return data


def warm() -> None:
    """Start the browser now (e.g. in a worker after fork) instead of on the first export."""
    render({"data": [], "layout": {}}, "svg", 10, 10)


def shutdown() -> None:
    """Stop the browser (tests, benchmarks)."""
    global _browser
    with _lock:
        if _browser is not None and _browser.pid == os.getpid():
            _browser.close()
        _browser = None
