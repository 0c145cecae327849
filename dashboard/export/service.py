"""The one export service: a kept-running kaleido browser, started lazily, used by one image at a time."""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import Any

import kaleido
import plotly.io as pio

import geodata

log = logging.getLogger(__name__)

MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
RENDER_TIMEOUT = 60.0  # seconds for one image before kaleido gives up

# The kept-running server answers requests through shared queues: two threads at once get each other's image.
_lock = threading.Lock()
_running_pid = 0  # the process whose browser is running (a forked worker starts its own)
stats = {"starts": 0, "restarts": 0, "images": 0}


def topojson_url() -> str:
    """File URL of the shipped base topology folder (plotly geo fetches world_110m.json from it)."""
    return geodata.WORLD_TOPOJSON.parent.as_uri() + "/"


def _start() -> None:
    global _running_pid
    if _running_pid not in (0, os.getpid()):  # inherited over fork: the parent's browser thread is not ours
        kaleido._global_server._initialized = False  # type: ignore[attr-defined]
    pio.defaults.topojson = topojson_url()
    t0 = time.perf_counter()
    kaleido.start_sync_server(mathjax=False, timeout=RENDER_TIMEOUT, silence_warnings=True)
    _running_pid = os.getpid()
    stats["starts"] += 1
    log.info("kaleido server started in %.2f s", time.perf_counter() - t0)


def _stop() -> None:
    global _running_pid
    kaleido.stop_sync_server(silence_warnings=True)
    _running_pid = 0


def _calc(fig: dict[str, Any], opts: dict[str, Any]) -> bytes:
    out = kaleido.calc_fig_sync(fig, opts=opts, topojson=pio.defaults.topojson)
    return bytes(out)


def render(fig: dict[str, Any], fmt: str, width: int, height: int, scale: float = 1.0) -> bytes:
    """PNG/SVG/PDF bytes of a plain-dict figure; restarts a dead browser once."""
    if fmt not in MIME:
        raise ValueError(f"formato no soportado: {fmt}")
    opts = {"format": fmt, "width": int(width), "height": int(height), "scale": float(scale)}
    with _lock:
        if _running_pid != os.getpid():
            _start()
        try:
            data = _calc(fig, opts)
        except Exception as exc:  # dead or wedged browser: one restart, then let the error through
            log.warning("export failed (%s: %s); restarting the browser once", type(exc).__name__, exc)
            _stop()
            _start()
            stats["restarts"] += 1
            data = _calc(fig, opts)
        stats["images"] += 1
        return data


def warm() -> None:
    """Start the browser now (e.g. in a worker after fork) instead of on the first export."""
    render({"data": [], "layout": {}}, "svg", 10, 10)


def shutdown() -> None:
    """Stop the browser (tests; process exit is handled by kaleido's atexit hook)."""
    with _lock:
        if _running_pid == os.getpid():
            _stop()
