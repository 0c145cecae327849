"""Checks that need the whole file or the database: duplicates across batches, scope, cumulative spending."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sqlalchemy import Connection, Table, and_, func, not_, select

from dashboard import db
from dashboard.ingest.scope import Scope
from dashboard.ingest.spec import Target
from datasets.schemas import MAX_PROBLEMS, Problem


def cross_batch_duplicates(
    conn: Connection, target: Target, stage: Table, hashes: Sequence[np.ndarray], filas: Sequence[np.ndarray]
) -> list[Problem]:
    """Rows of different batches with the same key (each batch checked its own); hashes first, SQL confirms."""
    if len(hashes) < 2:
        return []
    h = np.concatenate(hashes)
    rows = np.concatenate(filas)
    values, counts = np.unique(h, return_counts=True)
    repeated = values[counts > 1]
    if not len(repeated):
        return []
    suspects = rows[np.isin(h, repeated)][: MAX_PROBLEMS * 4].tolist()
    keys = [stage.c[k] for k in target.keys]
    found = conn.execute(select(*keys, stage.c._fila).where(stage.c._fila.in_(suspects))).all()
    groups: dict[tuple[object, ...], list[int]] = {}
    for row in found:
        groups.setdefault(tuple(row[:-1]), []).append(int(row[-1]))
    problems = []
    for lines in groups.values():
        if len(lines) > 1:
            lines.sort()
            listed = ", ".join(str(n) for n in lines[:-1]) + f" y {lines[-1]}"
            problems.append(Problem(lines[0], None, f"filas {listed}: clave duplicada ({', '.join(target.keys)})"))
    return sorted(problems, key=lambda p: p.fila or 0)[:MAX_PROBLEMS]


def outside_scope(conn: Connection, stage: Table, scope: Scope) -> list[Problem]:
    """File rows outside the declared scope: a scope that does not cover the file is a mistake."""
    where = not_(scope.clause(stage.c))
    total = int(conn.execute(select(func.count()).select_from(stage).where(where)).scalar() or 0)
    if not total:
        return []
    lines = conn.execute(select(stage.c._fila).where(where).order_by(stage.c._fila).limit(20)).scalars().all()
    problems = [Problem(int(n), None, f"fuera del alcance declarado ({scope.describe()})") for n in lines]
    if total > len(lines):
        problems.append(Problem(None, None, f"… y {total - len(lines)} fila(s) más fuera del alcance declarado"))
    return problems


def spending_overdrawn(conn: Connection, stage: Table) -> list[Problem]:
    """After the load: a committee whose cumulative ejercido exceeds its cumulative dispersado on some day."""
    s = db.committee_spending
    touched = select(stage.c.clues).distinct()
    running = select(
        s.c.clues,
        s.c.fecha,
        func.sum(s.c.ejercido).over(partition_by=s.c.clues, order_by=s.c.fecha).label("ejercido"),
        func.sum(s.c.dispersado).over(partition_by=s.c.clues, order_by=s.c.fecha).label("dispersado"),
    ).where(s.c.clues.in_(touched))
    r = running.subquery()
    first = (
        select(r.c.clues, func.min(r.c.fecha).label("fecha"))
        .where(r.c.ejercido > r.c.dispersado)
        .group_by(r.c.clues)
        .subquery()
    )
    rows = conn.execute(
        select(first.c.clues, first.c.fecha, r.c.ejercido, r.c.dispersado, stage.c._fila)
        .join(r, and_(r.c.clues == first.c.clues, r.c.fecha == first.c.fecha))
        .outerjoin(stage, and_(stage.c.clues == first.c.clues, stage.c.fecha == first.c.fecha))
        .order_by(first.c.clues)
        .limit(MAX_PROBLEMS)
    ).all()
    return [
        Problem(
            int(fila) if fila is not None else None,
            "ejercido",
            f"la unidad {clues} habría ejercido ${int(ej):,} acumulados al {str(fecha)[:10]} con sólo "
            f"${int(disp):,} dispersados (ejercido no puede superar lo dispersado)",
        )
        for clues, fecha, ej, disp, fila in rows
    ]
