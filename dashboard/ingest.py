"""Atomic, validated loads of files into the database, each recorded in the loads table."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, Table, delete, func, insert, select, update

from dashboard import aggregates, db
from datasets.readers import ReadError, read_table
from datasets.schemas import DATASETS, Problem
from datasets.validate import KnownKeys, validate

CHUNK_ROWS = 100_000
KEY_CHUNK = 500
TABLES: dict[str, Table] = {
    "units": db.units,
    "registry": db.registry,
    "staffing": db.staffing,
    "committees": db.committees,
    "committee_spending": db.committee_spending,
}


@dataclass(frozen=True)
class LoadResult:
    """Outcome of one load: 'ok' or 'sin_cambios' (rejections raise IngestRejected)."""

    load_id: int
    resultado: str
    filas: int
    problemas: list[Problem] = field(default_factory=list)
    periodo_inicio: date | None = None
    periodo_fin: date | None = None


class IngestRejected(Exception):
    """The file had errors; nothing was written except the 'rechazado' row in loads."""

    def __init__(self, problemas: Sequence[Problem], load_id: int | None = None, archivo: str = "") -> None:
        self.problemas = list(problemas)
        self.load_id = load_id
        errores = [p for p in self.problemas if p.nivel == "error"]
        head = f"carga rechazada{f' ({archivo})' if archivo else ''}: {len(errores)} problema(s)"
        super().__init__("\n".join([head, *(f"- {p}" for p in self.problemas)]))


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def known_keys(engine: Engine, dataset: str) -> KnownKeys:
    """The keys a file may reference, read from the reference and units tables."""
    with engine.connect() as conn:
        states = frozenset(conn.execute(select(db.states.c.cve_ent)).scalars())
        munis = frozenset(conn.execute(select(db.municipalities.c.cvegeo)).scalars())
        units: dict[str, str] = {}
        if dataset != "units":
            units = {c: e for c, e in conn.execute(select(db.units.c.clues, db.units.c.cve_ent))}
    return KnownKeys(states=states, municipalities=munis, units=units)


def _previous_ok(engine: Engine, dataset: str, checksum: str) -> Any:
    q = (
        select(db.loads.c.id, db.loads.c.periodo_inicio, db.loads.c.periodo_fin)
        .where(db.loads.c.dataset == dataset, db.loads.c.sha256 == checksum, db.loads.c.resultado == "ok")
        .order_by(db.loads.c.id.desc())
        .limit(1)
    )
    with engine.connect() as conn:
        return conn.execute(q).first()


def already_loaded(engine: Engine, dataset: str, path: str | Path) -> bool:
    """Whether this exact file was already loaded successfully."""
    return _previous_ok(engine, dataset, sha256_file(Path(path))) is not None


def _record(engine: Engine, **values: Any) -> int:
    """A loads row in its own small transaction (used for rejections and unchanged files)."""
    with engine.begin() as conn:
        return _new_id(conn.execute(insert(db.loads).values(**values)).inserted_primary_key)


def _new_id(key: Any) -> int:
    """The id of the row just inserted."""
    assert key is not None
    return int(key[0])


def _problems_json(problems: Sequence[Problem]) -> str | None:
    return json.dumps([p.as_dict() for p in problems], ensure_ascii=False) if problems else None


def load_file(
    engine: Engine, dataset: str, path: str | Path, *, demo: bool = False, _fail_after_rows: int | None = None
) -> LoadResult:
    """Validate a file and replace its period (or keys) in one transaction; record the attempt in loads."""
    if dataset not in DATASETS:
        raise ValueError(f"conjunto de datos desconocido '{dataset}' (use {', '.join(DATASETS)})")
    path = Path(path)
    started = datetime.now()
    checksum = sha256_file(path)
    base = {"dataset": dataset, "archivo": path.name[-300:], "sha256": checksum, "iniciado": started, "demo": demo}
    prev = _previous_ok(engine, dataset, checksum)
    if prev is not None:
        load_id = _record(
            engine,
            **base,
            filas=0,
            periodo_inicio=prev.periodo_inicio,
            periodo_fin=prev.periodo_fin,
            terminado=datetime.now(),
            resultado="sin_cambios",
        )
        return LoadResult(load_id, "sin_cambios", 0, [], prev.periodo_inicio, prev.periodo_fin)
    try:
        raw = read_table(path)
    except ReadError as exc:
        _reject(engine, base, exc.problemas, 0)
    checked = validate(dataset, raw, known_keys(engine, dataset))
    if not checked.ok:
        _reject(engine, base, checked.problemas, len(raw))
    frame = checked.frame
    if dataset == "units":
        frame = locate_units(frame)
    return _write(engine, dataset, frame, base, checked.problemas, _fail_after_rows)


def _reject(engine: Engine, base: dict[str, Any], problems: list[Problem], filas: int) -> None:
    load_id = _record(
        engine, **base, filas=filas, terminado=datetime.now(), resultado="rechazado", problemas=_problems_json(problems)
    )
    raise IngestRejected(problems, load_id, base["archivo"])


def locate_units(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ubicacion and cvegeo_punto by point in polygon (missing coordinates -> 'sin_coordenadas')."""
    from geodata import classify_location

    flags, points = classify_location(
        frame["cvegeo"].tolist(), frame["lat"].astype("float64").tolist(), frame["lon"].astype("float64").tolist()
    )
    return frame.assign(ubicacion=flags, cvegeo_punto=points)


def _period(frame: pd.DataFrame) -> tuple[date | None, date | None]:
    if "fecha" not in frame or frame.empty:
        return None, None
    return frame["fecha"].min().date(), frame["fecha"].max().date()


def _write(
    engine: Engine,
    dataset: str,
    frame: pd.DataFrame,
    base: dict[str, Any],
    problems: list[Problem],
    fail_after: int | None,
) -> LoadResult:
    table = TABLES[dataset]
    start, end = _period(frame)
    states = sorted(set(frame["cve_ent"].dropna()))
    with engine.begin() as conn:
        load_id = _new_id(
            conn.execute(
                insert(db.loads).values(
                    **base,
                    filas=len(frame),
                    periodo_inicio=start,
                    periodo_fin=end,
                    estados=",".join(states),
                    resultado="ok",
                    problemas=_problems_json(problems),
                )
            ).inserted_primary_key
        )
        if DATASETS[dataset].time_series:
            conn.execute(delete(table).where(table.c.fecha.between(start, end), table.c.cve_ent.in_(states)))
        else:
            keys = frame["clues"].tolist()
            for i in range(0, len(keys), KEY_CHUNK):
                conn.execute(delete(table).where(table.c.clues.in_(keys[i : i + KEY_CHUNK])))
        frame = frame.assign(load_id=load_id)
        insert_frame(conn, table, frame, fail_after)
        aggregates.refresh(conn, dataset, load_id, base["iniciado"], start, end, states)
        conn.execute(update(db.loads).where(db.loads.c.id == load_id).values(terminado=datetime.now()))
    return LoadResult(load_id, "ok", len(frame), problems, start, end)


def _column_values(s: pd.Series, sqlite: bool) -> list[Any]:
    """Plain Python values the DBAPI accepts: ISO dates, ints, floats, bools, None."""
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        codes, uniques = pd.factorize(s)
        text = np.array([u.strftime("%Y-%m-%d") for u in uniques] + [None], dtype=object)
        return text.take(codes).tolist()
    if pd.api.types.is_bool_dtype(s.dtype):
        return s.astype(int).tolist() if sqlite else s.tolist()
    if pd.api.types.is_float_dtype(s.dtype) and s.name not in ("lat", "lon"):
        return s.astype("int64").tolist()
    if pd.api.types.is_numeric_dtype(s.dtype):
        return s.astype(object).where(s.notna(), None).tolist()
    return s.astype(object).where(s.notna(), None).tolist()


def _chunks(frame: pd.DataFrame, columns: list[str], sqlite: bool, size: int) -> Iterator[list[tuple[Any, ...]]]:
    for i in range(0, len(frame), size):
        part = frame.iloc[i : i + size]
        yield list(zip(*(_column_values(part[c], sqlite) for c in columns), strict=True))


def insert_frame(conn: Connection, table: Table, frame: pd.DataFrame, fail_after: int | None = None) -> int:
    """Bulk insert inside the caller's transaction: executemany on SQLite, COPY on PostgreSQL."""
    columns = [c.name for c in table.columns if c.name in frame.columns]
    sqlite = conn.dialect.name == "sqlite"
    quote = conn.dialect.identifier_preparer.quote
    names = ", ".join(quote(c) for c in columns)
    size = min(CHUNK_ROWS, fail_after) if fail_after else CHUNK_ROWS
    done = 0
    for rows in _chunks(frame, columns, sqlite, size):
        if sqlite:
            marks = ", ".join("?" * len(columns))
            conn.exec_driver_sql(f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})", rows)
        else:
            cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
            with cursor.copy(f"COPY {quote(table.name)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        done += len(rows)
        if fail_after is not None and done >= fail_after:
            raise RuntimeError(f"fallo simulado después de {done} filas")
    return done


# Read side used by the Datos page and the cache key -----------------------------------------------------------


def is_demo(engine: Engine) -> bool:
    """Whether any successful load was synthetic demo data."""
    q = select(func.count()).select_from(db.loads).where(db.loads.c.resultado == "ok", db.loads.c.demo.is_(True))
    with engine.connect() as conn:
        return bool(conn.execute(q).scalar())


def data_version(engine: Engine) -> int:
    """Id of the last successful load (0 if none): a cache key that changes on every reload."""
    q = select(func.max(db.loads.c.id)).where(db.loads.c.resultado == "ok")
    with engine.connect() as conn:
        return int(conn.execute(q).scalar() or 0)


def freshness(engine: Engine) -> pd.DataFrame:
    """Per dataset: last successful load, its file, end of period covered and row count."""
    last = (
        select(db.loads.c.dataset, func.max(db.loads.c.id).label("id"))
        .where(db.loads.c.resultado == "ok")
        .group_by(db.loads.c.dataset)
        .subquery()
    )
    t = db.loads
    q = select(t.c.dataset, t.c.id.label("load_id"), t.c.archivo, t.c.terminado, t.c.periodo_fin, t.c.filas).join(
        last, t.c.id == last.c.id
    )
    with engine.connect() as conn:
        rows = conn.execute(q).mappings().all()
    found = pd.DataFrame(rows, columns=["dataset", "load_id", "archivo", "terminado", "periodo_fin", "filas"])
    order = pd.DataFrame({"dataset": list(DATASETS)})
    return order.merge(found, on="dataset", how="left")


def load_history(engine: Engine, limit: int = 50) -> pd.DataFrame:
    """The most recent loads, newest first."""
    t = db.loads
    q = (
        select(
            t.c.id,
            t.c.dataset,
            t.c.archivo,
            t.c.resultado,
            t.c.filas,
            t.c.periodo_inicio,
            t.c.periodo_fin,
            t.c.terminado,
            t.c.demo,
        )
        .order_by(t.c.id.desc())
        .limit(limit)
    )
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(q).mappings().all())
