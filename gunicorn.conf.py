"""gunicorn settings from the app's Settings (HOST, PORT, WEB_CONCURRENCY, GUNICORN_THREADS); each worker warms up."""

from __future__ import annotations

import sys
from typing import Any

from dashboard.config import Settings, SettingsError

try:  # fail in the master, once, before any worker boots: one Spanish line, exit code 1, no traceback
    _settings = Settings.from_env()
    _settings.check_production()
except SettingsError as exc:
    sys.exit(f"gunicorn: {exc}")

wsgi_app = "dashboard.wsgi:server"
bind = [f"{_settings.host}:{_settings.port}"]
workers = _settings.workers
threads = _settings.threads
worker_class = "gthread"  # threads share one engine pool per worker; callbacks are I/O (database) bound

# Off: each worker imports the app after fork, so no engine, pool or Redis socket is ever shared between
# processes, a HUP reload picks up new code, and a bad configuration fails in the worker with its own log line.
# The price (~300 MB per worker instead of copy-on-write pages) is small next to the safety.
preload_app = False

timeout = 60  # a worker silent this long is killed and replaced (gthread heartbeats from its main loop)
graceful_timeout = 30  # on SIGTERM/HUP, in-flight callbacks get this long to finish
keepalive = 5  # seconds an idle keep-alive connection stays open (behind a proxy that reuses connections)
max_requests = 0  # no periodic recycling: every respawn costs a warm-up; turn on only to contain a leak

control_socket_disable = True  # gunicornc is unused; the socket path would be shared by every instance

accesslog = "-"
errorlog = "-"
loglevel = "info"
# client, request line, status, bytes, milliseconds, referer, user agent, forwarded-for, worker pid
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s" xff=%({x-forwarded-for}i)s pid=%(p)s'


def post_worker_init(worker: Any) -> None:
    """Warm the worker (layout, callback graph, router) before it accepts its first request."""
    from dashboard.warmup import warm

    statuses = warm(worker.wsgi)
    worker.log.info("worker %s listo; calentamiento %s", worker.pid, statuses)
