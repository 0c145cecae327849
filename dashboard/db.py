"""Database: one SQLAlchemy Core metadata, one lazily created engine per process."""

from __future__ import annotations

import os
import threading
from enum import StrEnum
from pathlib import Path

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Engine,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection

from dashboard.config import Settings

metadata = MetaData()

# Reference tables ---------------------------------------------------------------------------------------------

states = Table(
    "states",
    metadata,
    Column("cve_ent", String(2), primary_key=True),
    Column("nombre", String(80), nullable=False),
    Column("nombre_corto", String(80), nullable=False),
    # 'si' federalized, 'anunciado' announced (Yucatán), 'no' not joined
    Column("federalizado", String(10), nullable=False),
    Column("fecha_adhesion", Date),
    Column("fecha_adhesion_aproximada", Boolean, nullable=False, default=True),
    Column("fecha_anuncio", Date),  # announcement of the joining (Yucatán: 2024-07-02)
    Column("pobtot", BigInteger, nullable=False),
    Column("psinder", BigInteger, nullable=False),  # Censo 2020: without health affiliation
    Column("pob_sin_seguridad", BigInteger, nullable=False),  # psinder + INSABI + IMSS-Bienestar 2020
)

municipalities = Table(
    "municipalities",
    metadata,
    Column("cvegeo", String(5), primary_key=True),
    Column("cve_ent", String(2), nullable=False, index=True),
    Column("cve_mun", String(3), nullable=False),
    Column("nombre", String(120), nullable=False),
    Column("pobtot", BigInteger),  # null for the 6 municipalities created after the census
    Column("psinder", BigInteger),
    Column("pob_sin_seguridad", BigInteger),
    Column("en_geometria", Boolean, nullable=False, default=True),
)

units = Table(
    "units",
    metadata,
    Column("clues", String(20), primary_key=True),
    Column("cve_ent", String(2), nullable=False, index=True),
    Column("cvegeo", String(5), nullable=False, index=True),  # after the crosswalk: a municipality with a polygon
    Column("cvegeo_catalogo", String(5), nullable=False),  # as written in the catalogue
    Column("cve_loc", String(4)),
    Column("localidad", String(200)),
    Column("nombre", String(300), nullable=False),
    Column("tipologia_clave", String(10)),
    Column("tipologia", String(200)),
    Column("subtipologia", String(200)),
    Column("nivel_atencion", String(40)),
    Column("estrato", String(40)),
    Column("estatus", String(60)),
    Column("fecha_inicio", Date),
    Column("lat", Float),
    Column("lon", Float),
    # 'ok' | 'otro_municipio' | 'otro_estado' | 'fuera_de_poligonos' | 'sin_coordenadas'
    Column("ubicacion", String(24), nullable=False, default="ok"),
    Column("cvegeo_punto", String(5)),  # municipality whose polygon contains the point
    # 'centro_salud' | 'hospital' | 'movil' | 'apoyo' (offices, warehouses, labs)
    Column("tipo_red", String(20), nullable=False),
    Column("sintetica", Boolean, nullable=False, default=False),
    Column("load_id", Integer),
)

staffing_norm = Table(
    "staffing_norm",
    metadata,
    Column("tipologia", String(200), primary_key=True),
    Column("rol", String(20), primary_key=True),
    Column("requeridos", Integer, nullable=False),
)

# Fact tables (aggregates only, never personal data) -----------------------------------------------------------

registry = Table(
    "registry",
    metadata,
    Column("fecha", Date, primary_key=True),
    Column("cvegeo", String(5), primary_key=True),
    # 'modulo' enrollment module | 'autorregistro' online | 'cruce_bienestar' welfare-database cross-match
    Column("canal", String(20), primary_key=True),
    Column("cve_ent", String(2), nullable=False),
    Column("registrados", Integer, nullable=False),  # registrations made through the channel that day
    Column("duplicados", Integer, nullable=False, default=0),  # of those, persons already registered elsewhere
    Column("credenciales", Integer, nullable=False, default=0),  # credentials delivered
    Column("load_id", Integer, nullable=False),
)
Index("ix_registry_ent_fecha", registry.c.cve_ent, registry.c.fecha)

staffing = Table(
    "staffing",
    metadata,
    Column("fecha", Date, primary_key=True),
    Column("clues", String(20), primary_key=True),
    Column("rol", String(20), primary_key=True),  # 'medico_general' | 'especialista' | 'enfermeria'
    Column("cve_ent", String(2), nullable=False),
    Column("incorporados", Integer, nullable=False),  # hired or assigned to the unit that day
    Column("basificados", Integer, nullable=False, default=0),  # given a permanent post that day
    Column("load_id", Integer, nullable=False),
)
Index("ix_staffing_ent_fecha", staffing.c.cve_ent, staffing.c.fecha)
Index("ix_staffing_clues", staffing.c.clues)

committees = Table(
    "committees",
    metadata,
    Column("clues", String(20), primary_key=True),
    Column("cve_ent", String(2), nullable=False, index=True),
    Column("fecha_asamblea", Date),
    Column("fecha_instalacion", Date),
    Column("fecha_tarjeta", Date),
    Column("presupuesto_asignado", BigInteger, nullable=False, default=0),  # pesos
    Column("load_id", Integer, nullable=False),
)

committee_spending = Table(
    "committee_spending",
    metadata,
    Column("fecha", Date, primary_key=True),
    Column("clues", String(20), primary_key=True),
    Column("cve_ent", String(2), nullable=False),
    Column("dispersado", BigInteger, nullable=False, default=0),  # pesos deposited on the card that day
    Column("ejercido", BigInteger, nullable=False, default=0),  # pesos withdrawn or spent that day
    Column("load_id", Integer, nullable=False),
)
Index("ix_spending_ent_fecha", committee_spending.c.cve_ent, committee_spending.c.fecha)
Index("ix_spending_clues", committee_spending.c.clues)

# Aggregates kept by the loader in the load's transaction (dashboard/aggregates.py) -------------------------

registry_state_daily = Table(
    "registry_state_daily",
    metadata,
    Column("fecha", Date, primary_key=True),
    Column("cve_ent", String(2), primary_key=True),
    Column("canal", String(20), primary_key=True),
    Column("registrados", BigInteger, nullable=False),
    Column("duplicados", BigInteger, nullable=False),
    Column("credenciales", BigInteger, nullable=False),
    Column("filas", Integer, nullable=False),  # registry rows behind the sums
)

registry_mun_monthly = Table(
    "registry_mun_monthly",
    metadata,
    Column("mes", Date, primary_key=True),  # first day of the month
    Column("cvegeo", String(5), primary_key=True),
    Column("canal", String(20), primary_key=True),
    Column("cve_ent", String(2), nullable=False),
    Column("registrados", BigInteger, nullable=False),
    Column("duplicados", BigInteger, nullable=False),
    Column("credenciales", BigInteger, nullable=False),
    Column("filas", Integer, nullable=False),
    Column("ultimo", Date, nullable=False),  # last day of the month with a row
)
Index("ix_registry_mun_monthly_ent_mes", registry_mun_monthly.c.cve_ent, registry_mun_monthly.c.mes)

staffing_state_daily = Table(
    "staffing_state_daily",
    metadata,
    Column("fecha", Date, primary_key=True),
    Column("cve_ent", String(2), primary_key=True),
    Column("rol", String(20), primary_key=True),
    Column("incorporados", BigInteger, nullable=False),
    Column("basificados", BigInteger, nullable=False),
)

spending_state_daily = Table(
    "spending_state_daily",
    metadata,
    Column("fecha", Date, primary_key=True),
    Column("cve_ent", String(2), primary_key=True),
    Column("dispersado", BigInteger, nullable=False),
    Column("ejercido", BigInteger, nullable=False),
)

committee_milestones = Table(
    "committee_milestones",
    metadata,
    Column("clues", String(20), primary_key=True),
    Column("cve_ent", String(2), nullable=False, index=True),
    Column("primer_gasto", Date),  # first day with any spending
    Column("gasto_total", Date),  # day the cumulative spending reached the assigned budget
)

# Which load each dataset's aggregates reflect: a reader trusts them only if it is still the last 'ok' load
aggregate_marks = Table(
    "aggregate_marks",
    metadata,
    Column("dataset", String(40), primary_key=True),
    Column("load_id", Integer, nullable=False),
    Column("iniciado", DateTime, nullable=False),
)


class Outcome(StrEnum):
    """What became of a load attempt (loads.resultado)."""

    EN_CURSO = "en_curso"  # running, or killed: the next load (holding the lock) marks it interrumpida
    CORRECTA = "correcta"  # committed and changed data
    SIN_CAMBIOS = "sin_cambios"  # valid, but the data already were exactly what the file says
    RECHAZADA = "rechazada"  # the file had errors (or a confirmation was needed and not given)
    FALLIDA = "fallida"  # could not run: another load held the lock too long, database error
    INTERRUMPIDA = "interrumpida"  # the process died mid-load; nothing was written


# The load ledger: every attempt, its file, who ran it and what it changed
loads = Table(
    "loads",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("dataset", String(40), nullable=False),
    Column("archivo", String(300), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("filas", Integer, nullable=False, default=0),
    Column("periodo_inicio", Date),
    Column("periodo_fin", Date),
    Column("estados", Text),  # comma-separated cve_ent covered
    Column("iniciado", DateTime, nullable=False),
    Column("terminado", DateTime),
    Column("resultado", String(20), nullable=False),  # an Outcome
    Column("problemas", Text),  # JSON list of {fila, columna, mensaje, nivel, texto}
    Column("demo", Boolean, nullable=False, default=False),
    Column("usuario", String(120)),  # who ran it: user@host
    Column("alcance", Text),  # the declared replacement scope, as written (--reemplazar)
    Column("insertadas", Integer),
    Column("actualizadas", Integer),
    Column("eliminadas", Integer),
    Column("resumen", Text),  # JSON: the effect (rows and totals before -> after per state)
    Column("version_datos", BigInteger),  # the data version this load's commit produced
)

# The data version: bumped in the same transaction as every committed change; cache keys use it
data_version = Table(
    "data_version",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version", BigInteger, nullable=False),
)

FACT_TABLES = (registry, staffing, committees, committee_spending)
AGGREGATE_TABLES = (
    registry_state_daily,
    registry_mun_monthly,
    staffing_state_daily,
    spending_state_daily,
    committee_milestones,
    aggregate_marks,
)
DATA_TABLES = (states, municipalities, units, staffing_norm, *FACT_TABLES)

# Engine -------------------------------------------------------------------------------------------------------

_engines: dict[tuple[int, str], Engine] = {}
_lock = threading.Lock()


def make_engine(url: str) -> Engine:
    """A new engine; SQLite gets WAL and a busy timeout, its folder created."""
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def get_engine(settings: Settings | None = None) -> Engine:
    """The process's engine for the settings' URL; a forked worker gets its own."""
    url = (settings or Settings.from_env()).database_url
    key = (os.getpid(), url)
    with _lock:
        engine = _engines.get(key)
        if engine is None:
            engine = _engines[key] = make_engine(url)
        return engine


def create_schema(engine: Engine) -> None:
    """Create every table that does not exist yet and bring older databases up to date."""
    metadata.create_all(engine)
    _migrate(engine)


# Columns added after the first release: (table, column, DDL type); old outcome names -> Outcome
_ADDED_COLUMNS = (
    ("states", "fecha_anuncio", "DATE"),
    ("loads", "usuario", "VARCHAR(120)"),
    ("loads", "alcance", "TEXT"),
    ("loads", "insertadas", "INTEGER"),
    ("loads", "actualizadas", "INTEGER"),
    ("loads", "eliminadas", "INTEGER"),
    ("loads", "resumen", "TEXT"),
    ("loads", "version_datos", "BIGINT"),
)
_OLD_OUTCOMES = {"ok": Outcome.CORRECTA, "rechazado": Outcome.RECHAZADA}


def _migrate(engine: Engine) -> None:
    """Add missing columns, rename old outcomes and seed the data version row (idempotent)."""
    existing = {t: {c["name"] for c in inspect(engine).get_columns(t)} for t in ("states", "loads")}
    with engine.begin() as conn:
        for table, column, ddl in _ADDED_COLUMNS:
            if column not in existing[table]:
                conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} {ddl}"))
        for old, new in _OLD_OUTCOMES.items():
            conn.execute(update(loads).where(loads.c.resultado == old).values(resultado=new))
        if conn.execute(select(data_version.c.id)).first() is None:
            conn.execute(data_version.insert().values(id=1, version=0))


def current_version(conn: Connection) -> int:
    """The data version (0 before any load)."""
    return int(conn.execute(select(data_version.c.version).where(data_version.c.id == 1)).scalar() or 0)


def bump_version(conn: Connection) -> int:
    """Raise the data version inside the caller's transaction (the row lock orders concurrent writers)."""
    conn.execute(update(data_version).where(data_version.c.id == 1).values(version=data_version.c.version + 1))
    return current_version(conn)
