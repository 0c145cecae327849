"""Pre-aggregated fact tables, recomputed by the loader for the loaded period × states in the load's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import (
    Column,
    Connection,
    Date,
    Engine,
    MetaData,
    Table,
    case,
    cast,
    delete,
    func,
    insert,
    select,
    true,
)
from sqlalchemy.dialects import postgresql, sqlite

from dashboard import db
from dashboard.bulk import insert_frame
from dashboard.milestones import SOURCES, refresh_milestones


@dataclass(frozen=True)
class Aggregate:
    """A target table filled by GROUP BY over a source fact table, by day or by month."""

    target: Table
    source: Table
    keys: tuple[str, ...]  # source columns grouped by, after the period column
    sums: tuple[str, ...]
    monthly: bool = False


AGGREGATES: dict[str, tuple[Aggregate, ...]] = {
    "registry": (
        Aggregate(
            db.registry_state_daily,
            db.registry,
            ("cve_ent", "canal"),
            ("registrados", "duplicados", "credenciales"),
        ),
        Aggregate(
            db.registry_mun_monthly,
            db.registry,
            ("cvegeo", "canal"),
            ("registrados", "duplicados", "credenciales"),
            monthly=True,
        ),
    ),
    "staffing": (Aggregate(db.staffing_state_daily, db.staffing, ("cve_ent", "rol"), ("incorporados", "basificados")),),
    "committee_spending": (
        Aggregate(db.spending_state_daily, db.committee_spending, ("cve_ent",), ("dispersado", "ejercido")),
    ),
}


def month_start(conn: Connection, column: Any) -> Any:
    """First day of the column's month, in the dialect's own date arithmetic."""
    if conn.dialect.name == "sqlite":
        return func.date(column, "start of month")
    return cast(func.date_trunc("month", column), Date)


def _month_bounds(start: date, end: date) -> tuple[date, date]:
    first = start.replace(day=1)
    nxt = date(end.year + end.month // 12, end.month % 12 + 1, 1)
    return first, date.fromordinal(nxt.toordinal() - 1)


def _select(conn: Connection, agg: Aggregate, where: list[Any]) -> Any:
    src = agg.source.c
    period = month_start(conn, src.fecha) if agg.monthly else src.fecha
    keys = [src[k] for k in agg.keys]
    cols: list[Any] = [period, *keys]
    if agg.monthly:
        cols.append(func.min(src.cve_ent))
    cols += [func.sum(src[s]) for s in agg.sums]
    if "filas" in agg.target.c:
        cols.append(func.count())
    if agg.monthly:
        cols.append(func.max(src.fecha))
    return select(*cols).where(*where).group_by(period, *keys)


def _target_columns(agg: Aggregate) -> list[str]:
    period = "mes" if agg.monthly else "fecha"
    names = [period, *agg.keys, *(["cve_ent"] if agg.monthly else []), *agg.sums]
    names += ["filas"] if "filas" in agg.target.c else []
    return names + (["ultimo"] if agg.monthly else [])


def _recompute(conn: Connection, agg: Aggregate, start: date | None, end: date | None, states: Sequence[str]) -> None:
    """Replace the aggregate rows of [start, end] × states (everything when start is None)."""
    t, src = agg.target, agg.source.c
    drop: list[Any] = []
    keep: list[Any] = []
    if start is not None and end is not None:
        lo, hi = _month_bounds(start, end) if agg.monthly else (start, end)
        period = t.c.mes if agg.monthly else t.c.fecha
        drop = [period.between(lo, hi), t.c.cve_ent.in_(list(states))]
        keep = [src.fecha.between(lo, hi), src.cve_ent.in_(list(states))]
    conn.execute(delete(t).where(*drop))
    conn.execute(insert(t).from_select(_target_columns(agg), _select(conn, agg, keep)))


def _last_ok(conn: Connection, dataset: str, before: int | None = None) -> Any:
    q = select(db.loads.c.id, db.loads.c.iniciado).where(
        db.loads.c.dataset == dataset, db.loads.c.resultado == db.Outcome.CORRECTA
    )
    if before is not None:
        q = q.where(db.loads.c.id < before)
    return conn.execute(q.order_by(db.loads.c.id.desc()).limit(1)).first()


def _mark(conn: Connection, dataset: str) -> Any:
    m = db.aggregate_marks
    return conn.execute(select(m.c.load_id, m.c.iniciado).where(m.c.dataset == dataset)).first()


def _same(load: Any, mark: Any) -> bool:
    return load is not None and mark is not None and (load.id, load.iniciado) == (mark.load_id, mark.iniciado)


def refresh(
    conn: Connection,
    dataset: str,
    load_id: int,
    iniciado: datetime,
    start: date | None,
    end: date | None,
    states: Sequence[str],
) -> None:
    """After a load's insert: recompute its period × states, or everything if the aggregates were not current."""
    aggs = AGGREGATES.get(dataset, ())
    if not aggs and dataset not in SOURCES:
        return
    partial = _same(_last_ok(conn, dataset, before=load_id), _mark(conn, dataset))
    for agg in aggs:
        _recompute(conn, agg, start if partial else None, end if partial else None, states)
    if dataset in SOURCES:
        refresh_milestones(conn, states if partial else None)
    conn.execute(delete(db.aggregate_marks).where(db.aggregate_marks.c.dataset == dataset))
    conn.execute(insert(db.aggregate_marks).values(dataset=dataset, load_id=load_id, iniciado=iniciado))


def _add_rows(conn: Connection, agg: Aggregate, stage: Table) -> None:
    """Add the sums of rows new to the base table (the staging table of a load) to the aggregate."""
    t = agg.target
    names = _target_columns(agg)
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    ins = dialect.insert(t).from_select(names, _select(conn, replace(agg, source=stage), [true()]))
    grow = {c: t.c[c] + ins.excluded[c] for c in (*agg.sums, *(["filas"] if "filas" in t.c else []))}
    if agg.monthly:
        grow["ultimo"] = case((ins.excluded.ultimo > t.c.ultimo, ins.excluded.ultimo), else_=t.c.ultimo)
    conn.execute(ins.on_conflict_do_update(index_elements=list(t.primary_key.columns), set_=grow))


def partial_sums(dataset: str, frame: pd.DataFrame) -> list[pd.DataFrame]:
    """Per aggregate of the dataset, a batch's sums in the aggregate's columns (numpy, while the file is read)."""
    out = []
    rows = np.arange(len(frame))
    for agg in AGGREGATES.get(dataset, ()):
        period = frame["fecha"].dt.to_period("M").dt.to_timestamp() if agg.monthly else frame["fecha"]
        columns = [period, *(frame[k] for k in agg.keys)]
        factors = [pd.factorize(c, sort=False) for c in columns]
        combined = np.ravel_multi_index([codes for codes, _ in factors], [len(u) for _, u in factors])
        group = np.unique(combined, return_inverse=True)[1]
        n = int(group.max()) + 1 if len(group) else 0
        first = np.full(n, len(frame), dtype=np.int64)
        np.minimum.at(first, group, rows)  # one row of each group gives its key values
        part = {name: np.asarray(c)[first] for name, c in zip(["_periodo", *agg.keys], columns, strict=True)}
        for column in agg.sums:
            part[column] = np.bincount(group, weights=frame[column].to_numpy(dtype="float64"), minlength=n)
        if "filas" in agg.target.c:
            part["filas"] = np.bincount(group, minlength=n)
        if agg.monthly:
            part["cve_ent"] = frame["cve_ent"].to_numpy()[first]  # a municipality's state
            last = np.full(n, np.datetime64("1900-01-01"), dtype="datetime64[ns]")
            np.maximum.at(last, group, frame["fecha"].to_numpy(dtype="datetime64[ns]"))
            part["ultimo"] = last
        out.append(pd.DataFrame(part).rename(columns={"_periodo": "mes" if agg.monthly else "fecha"}))
    return out


def _combined(agg: Aggregate, parts: Sequence[pd.DataFrame]) -> pd.DataFrame:
    period = "mes" if agg.monthly else "fecha"
    how: dict[str, str] = dict.fromkeys(agg.sums, "sum")
    how |= {"filas": "sum"} if "filas" in agg.target.c else {}
    how |= {"cve_ent": "min", "ultimo": "max"} if agg.monthly else {}
    return pd.concat(parts).groupby([period, *agg.keys], as_index=False, sort=False).agg(how)


def _add_frame(conn: Connection, agg: Aggregate, frame: pd.DataFrame) -> None:
    """Add pre-computed sums to the aggregate: through a temporary table, one upsert."""
    t = agg.target
    tmp = Table(
        f"_suma_{t.name}",
        MetaData(),
        *[Column(c.name, c.type) for c in t.columns],
        prefixes=["TEMPORARY"],
        postgresql_on_commit="DROP",
    )
    tmp.drop(conn, checkfirst=True)
    tmp.create(conn)
    insert_frame(conn, tmp, frame)
    names = _target_columns(agg)
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    ins = dialect.insert(t).from_select(names, select(*[tmp.c[n] for n in names]).where(true()))
    grow = {c: t.c[c] + ins.excluded[c] for c in (*agg.sums, *(["filas"] if "filas" in t.c else []))}
    if agg.monthly:
        grow["ultimo"] = case((ins.excluded.ultimo > t.c.ultimo, ins.excluded.ultimo), else_=t.c.ultimo)
    conn.execute(ins.on_conflict_do_update(index_elements=list(t.primary_key.columns), set_=grow))
    if conn.dialect.name == "sqlite":
        tmp.drop(conn)


def add_new_rows(
    conn: Connection,
    dataset: str,
    load_id: int,
    iniciado: datetime,
    stage: Table,
    states: Sequence[str],
    sums: Sequence[Sequence[pd.DataFrame]] = (),
) -> None:
    """After a load that only inserted rows: add their sums instead of recomputing the period (same result).

    sums: per aggregate, the batches' partial_sums (computed while reading); without them, GROUP BY the staging table.
    """
    aggs = AGGREGATES.get(dataset, ())
    previous, mark = _last_ok(conn, dataset, before=load_id), _mark(conn, dataset)
    first = previous is None and mark is None
    if first:  # the dataset's first load: its aggregates start empty
        for agg in aggs:
            conn.execute(delete(agg.target))
    elif not _same(previous, mark):
        refresh(conn, dataset, load_id, iniciado, None, None, states)  # not current: rebuild everything
        return
    for i, agg in enumerate(aggs):
        parts = [batch[i] for batch in sums]
        if parts:
            _add_frame(conn, agg, _combined(agg, parts))
        else:
            _add_rows(conn, agg, stage)
    if dataset in SOURCES:
        refresh_milestones(conn, None if first else states)
    conn.execute(delete(db.aggregate_marks).where(db.aggregate_marks.c.dataset == dataset))
    conn.execute(insert(db.aggregate_marks).values(dataset=dataset, load_id=load_id, iniciado=iniciado))


def is_current(conn: Connection, dataset: str) -> bool:
    """Whether the dataset's aggregates reflect its last successful load (else read the base table)."""
    return _same(_last_ok(conn, dataset), _mark(conn, dataset))


def stale(conn: Connection) -> list[str]:
    """Datasets with a successful load their aggregates do not reflect (loaded by older code or by hand)."""
    names = (*AGGREGATES, *(s for s in SOURCES if s not in AGGREGATES))
    return [d for d in names if _last_ok(conn, d) is not None and not is_current(conn, d)]


def rebuild(engine: Engine) -> None:
    """Recompute every aggregate from the base tables (databases loaded before the aggregates, direct inserts)."""
    with engine.begin() as conn:
        refresh_milestones(conn, None)
        for dataset in (*AGGREGATES, *(s for s in SOURCES if s not in AGGREGATES)):
            for agg in AGGREGATES.get(dataset, ()):
                _recompute(conn, agg, None, None, ())
            conn.execute(delete(db.aggregate_marks).where(db.aggregate_marks.c.dataset == dataset))
            last = _last_ok(conn, dataset)
            if last is not None:
                conn.execute(
                    insert(db.aggregate_marks).values(dataset=dataset, load_id=last.id, iniciado=last.iniciado)
                )
