"""Writing rows: bulk insert (COPY on PostgreSQL), the staging table and the upsert of a load."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Integer,
    MetaData,
    Table,
    and_,
    case,
    delete,
    exists,
    literal,
    or_,
    select,
    true,
)
from sqlalchemy import update as sql_update
from sqlalchemy.dialects import postgresql, sqlite

from dashboard.ingest.scope import Scope
from dashboard.ingest.spec import Target


def create_stage(conn: Connection, target: Target, name: str) -> Table:
    """A temporary table shaped like the target (key, values, cve_ent) plus the file row of each line."""
    wanted = {*target.keys, *target.values, "cve_ent"}
    columns = [Column(c.name, c.type) for c in target.table.columns if c.name in wanted]
    stage = Table(
        name,
        MetaData(),
        *columns,
        Column("_fila", Integer, nullable=False),
        prefixes=["TEMPORARY"],
        postgresql_on_commit="DROP",
    )
    stage.create(conn)
    return stage


def keep_absent(conn: Connection, target: Target, stage: Table, absent: list[str]) -> None:
    """Columns the file does not carry keep the table's value for keys already there (defaults only for new keys)."""
    if not absent:
        return
    t = target.table
    conn.execute(
        sql_update(stage).where(_match(stage, t, target.keys)).values({c: t.c[c] for c in absent})
    )  # UPDATE…FROM


def set_joining_status(conn: Connection, stage: Table) -> None:
    """federalizado as of today from the staged joining and announcement dates ('si', 'anunciado', 'no')."""
    today = date.today()
    c = stage.c
    status = case(
        (and_(c.fecha_adhesion.is_not(None), c.fecha_adhesion <= today), "si"),
        (and_(c.fecha_anuncio.is_not(None), c.fecha_anuncio <= today), "anunciado"),
        else_="no",
    )
    conn.execute(sql_update(stage).values(federalizado=status))


def _match(stage: Table, table: Table, keys: tuple[str, ...]) -> Any:
    return and_(*[stage.c[k] == table.c[k] for k in keys])


def apply(
    conn: Connection, target: Target, stage: Table, scope: Scope | None, load_id: int, only_new: bool = False
) -> None:
    """Delete what the scope declares and the file omits; insert new keys; update changed ones.

    only_new: the effect found no key of the file in the table, so a plain INSERT does (faster than an upsert).
    """
    t, keys, values = target.table, target.keys, target.values
    if scope is not None:
        conn.execute(delete(t).where(scope.clause(t.c), ~exists().where(_match(stage, t, keys))))
    if target.update_only:
        row = and_(*[stage.c[k] == t.c[k] for k in keys])
        conn.execute(
            sql_update(t)
            .where(exists().where(row))
            .values({v: select(stage.c[v]).where(row).scalar_subquery() for v in values})
        )
        return
    names = [*keys, *values]
    source: list[Any] = [stage.c[c] for c in names]
    if target.has_load_id:
        names.append("load_id")
        source.append(literal(load_id))
    if only_new:
        conn.execute(t.insert().from_select(names, select(*source)))
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    ins = dialect.insert(t).from_select(names, select(*source).where(true()))  # WHERE: SQLite's upsert grammar
    sets = {c: ins.excluded[c] for c in names if c not in keys}
    ins = ins.on_conflict_do_update(
        index_elements=[t.c[k] for k in keys],
        set_=sets,
        where=or_(*[t.c[v].is_distinct_from(ins.excluded[v]) for v in values]),
    )
    conn.execute(ins)
