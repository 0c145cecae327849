"""One settings object: argument > environment > default, every variable documented in the README."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = ROOT / "var" / "tablero.sqlite"
# TABLERO_ENV values, matched ignoring case and surrounding spaces; anything else (even empty) is refused.
ENVIRONMENTS = ("development", "production")


class SettingsError(RuntimeError):
    """A setting the app cannot run with; the message is one Spanish line for stderr."""


@dataclass(frozen=True)
class Setting:
    """A documented environment variable."""

    env: str
    default: str | None
    help: str


# Every setting the app reads. tests/integration/test_production.py checks each is documented in the README.
SETTINGS: tuple[Setting, ...] = (
    Setting("DATABASE_URL", None, "SQLAlchemy URL; PostgreSQL in production. Unset: SQLite file TABLERO_DB_PATH."),
    Setting("TABLERO_DB_PATH", str(DEFAULT_DB_PATH), "SQLite file used when DATABASE_URL is unset."),
    Setting("CACHE_URL", None, "redis://… shared by all workers; unset: in-process cache."),
    Setting("SECRET_KEY", None, "Flask secret; required when TABLERO_ENV=production."),
    Setting(
        "TABLERO_ENV",
        "development",
        "development or production, any case; anything else is refused (production also needs SECRET_KEY).",
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
    """The variable's value; empty counts as unset (TABLERO_ENV is read strictly by `environment`)."""
    for s in SETTINGS:
        if s.env == name:
            return environ.get(name) or s.default
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

    def __post_init__(self) -> None:
        if self.env not in ENVIRONMENTS:
            raise SettingsError(_invalid("TABLERO_ENV", self.env, "use «development» o «production»"))

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: object) -> Settings:
        """SettingsError (one Spanish line) for a value that cannot be used."""
        env = dict(os.environ if environ is None else environ)
        url = env.get("DATABASE_URL") or f"sqlite:///{_env('TABLERO_DB_PATH', env)}"
        settings = cls(
            database_url=normalise_db_url(url),
            cache_url=env.get("CACHE_URL") or None,
            secret_key=env.get("SECRET_KEY") or None,
            env=environment(env.get("TABLERO_ENV")),
            debug=(_env("TABLERO_DEBUG", env) or "0") == "1",
            host=_env("HOST", env) or "127.0.0.1",
            port=_number("PORT", env),
            workers=_number("WEB_CONCURRENCY", env),
            threads=_number("GUNICORN_THREADS", env),
            map_tiles_url=env.get("MAP_TILES_URL") or None,
            demo_end_date=_date("DEMO_END_DATE", env),
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
        """Refuse to serve in production with a missing secret or debug on (SettingsError)."""
        if self.env == "production":
            if not self.secret_key:
                raise SettingsError("SECRET_KEY es obligatorio con TABLERO_ENV=production.")
            if self.debug:
                raise SettingsError("TABLERO_DEBUG=1 no se permite con TABLERO_ENV=production.")


def environment(raw: str | None) -> str:
    """TABLERO_ENV: unset means development; a known value in any case; anything else is a SettingsError."""
    if raw is None:
        return "development"
    value = raw.strip().lower()
    if value not in ENVIRONMENTS:
        raise SettingsError(_invalid("TABLERO_ENV", raw, "use «development» o «production»"))
    return value


def _invalid(name: str, raw: str, hint: str) -> str:
    shown = "".join(c if c.isprintable() else "?" for c in raw[:40])
    return f"El valor de {name} no es válido: «{shown}»; {hint}."


def _number(name: str, environ: dict[str, str]) -> int:
    raw = _env(name, environ) or ""
    if not (raw.strip().isascii() and raw.strip().isdecimal()):
        raise SettingsError(_invalid(name, raw, "use un número entero"))
    return int(raw)


def _date(name: str, environ: dict[str, str]) -> date:
    raw = _env(name, environ) or ""
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise SettingsError(_invalid(name, raw, "use una fecha AAAA-MM-DD")) from None


def normalise_db_url(url: str) -> str:
    """Use psycopg 3 for plain postgres:// URLs (Heroku style)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
