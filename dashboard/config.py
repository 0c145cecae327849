"""One settings object: argument > environment > default, every variable documented in the README."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = ROOT / "var" / "tablero.sqlite"


@dataclass(frozen=True)
class Setting:
    """A documented environment variable."""

    env: str
    default: str | None
    help: str


# Every setting the app reads; tests/integration/test_production.py checks each is documented in the README.
SETTINGS: tuple[Setting, ...] = (
    Setting("DATABASE_URL", None, "SQLAlchemy URL; PostgreSQL in production. Unset: SQLite file TABLERO_DB_PATH."),
    Setting("TABLERO_DB_PATH", str(DEFAULT_DB_PATH), "SQLite file used when DATABASE_URL is unset."),
    Setting("CACHE_URL", None, "redis://… shared by all workers; unset: in-process cache."),
    Setting("SECRET_KEY", None, "Flask secret; required when TABLERO_ENV=production."),
    Setting(
        "TABLERO_ENV",
        "development",
        "development or production (production refuses to start without SECRET_KEY).",
    ),
    Setting("TABLERO_DEBUG", "0", "1 turns on Dash dev tools (never in production)."),
    Setting("HOST", "127.0.0.1", "Address `tablero serve` binds."),
    Setting("PORT", "8050", "Port for `tablero serve` and gunicorn."),
    Setting("WEB_CONCURRENCY", "2", "gunicorn workers."),
    Setting("GUNICORN_THREADS", "4", "gunicorn threads per worker."),
    Setting(
        "MAP_TILES_URL",
        None,
        "Optional raster tile URL template for unit maps; unset: offline white background.",
    ),
    Setting("DEMO_END_DATE", "2024-12-31", "Last day of the demo dataset."),
    Setting("TABLERO_USUARIO", None, "Name recorded in the load ledger; unset: the login name (user@host)."),
)


def _env(name: str, environ: dict[str, str]) -> str | None:
    for s in SETTINGS:
        if s.env == name:
            return environ.get(name, s.default)
    raise KeyError(name)


@dataclass(frozen=True)
class Settings:
    """Resolved settings; build with `Settings.from_env()` and override with `with_(...)`."""

    database_url: str
    cache_url: str | None
    secret_key: str | None
    env: str
    debug: bool
    host: str
    port: int
    workers: int
    threads: int
    map_tiles_url: str | None
    demo_end_date: date

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: object) -> Settings:
        env = dict(os.environ if environ is None else environ)
        url = env.get("DATABASE_URL") or f"sqlite:///{_env('TABLERO_DB_PATH', env)}"
        settings = cls(
            database_url=normalise_db_url(url),
            cache_url=env.get("CACHE_URL") or None,
            secret_key=env.get("SECRET_KEY") or None,
            env=_env("TABLERO_ENV", env) or "development",
            debug=(_env("TABLERO_DEBUG", env) or "0") == "1",
            host=_env("HOST", env) or "127.0.0.1",
            port=int(_env("PORT", env) or 8050),
            workers=int(_env("WEB_CONCURRENCY", env) or 2),
            threads=int(_env("GUNICORN_THREADS", env) or 4),
            map_tiles_url=env.get("MAP_TILES_URL") or None,
            demo_end_date=date.fromisoformat(_env("DEMO_END_DATE", env) or "2024-12-31"),
        )
        known = {f.name for f in fields(cls)}
        unknown = set(overrides) - known
        if unknown:
            raise TypeError(f"unknown settings: {sorted(unknown)}")
        return replace(settings, **overrides)  # type: ignore[arg-type]

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def check_production(self) -> None:
        """Refuse to run in production with a missing secret or debug on."""
        if self.env == "production":
            if not self.secret_key:
                raise RuntimeError("SECRET_KEY es obligatorio con TABLERO_ENV=production")
            if self.debug:
                raise RuntimeError("TABLERO_DEBUG=1 no se permite con TABLERO_ENV=production")


def normalise_db_url(url: str) -> str:
    """Use psycopg 3 for plain postgres:// URLs (Heroku style)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
