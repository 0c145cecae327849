"""WSGI entry for gunicorn: `gunicorn dashboard.wsgi:server`."""

import sys

from dashboard.app import create_app
from dashboard.config import SettingsError

WORKER_BOOT_ERROR = 3  # gunicorn's master stops (instead of respawning workers) when a worker exits with it

try:
    app = create_app()
except SettingsError as exc:  # gunicorn.conf.py refuses first; this covers a server started without it
    print(f"tablero: {exc}", file=sys.stderr)
    sys.exit(WORKER_BOOT_ERROR)
server = app.server
