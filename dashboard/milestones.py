"""Per committee: first spending day and the day its budget was fully spent (window sum over its spending)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, case, delete, func, insert, select

from dashboard import db

SOURCES = ("committee_spending", "committees")  # a load of either changes the milestones


def milestones_select(states: Sequence[str] | None = None) -> Any:
    """clues, cve_ent, primer_gasto, gasto_total for every committee with spending rows (of the given states)."""
    s, c = db.committee_spending.c, db.committees.c
    cum = func.sum(s.ejercido).over(partition_by=s.clues, order_by=s.fecha)
    inner = select(s.clues, s.cve_ent, s.fecha, s.ejercido, cum.label("cum"), c.presupuesto_asignado.label("budget"))
    inner = inner.join_from(db.committee_spending, db.committees, c.clues == s.clues, isouter=True)
    if states is not None:
        inner = inner.where(s.cve_ent.in_(list(states)))
    rows = inner.subquery()
    done = (rows.c.budget > 0) & (rows.c.cum >= rows.c.budget)
    return select(
        rows.c.clues,
        func.min(rows.c.cve_ent),
        func.min(case((rows.c.ejercido > 0, rows.c.fecha))),
        func.min(case((done, rows.c.fecha))),
    ).group_by(rows.c.clues)


def refresh_milestones(conn: Connection, states: Sequence[str] | None) -> None:
    """Recompute the milestones of the given states' committees (all when None)."""
    t = db.committee_milestones
    conn.execute(delete(t).where(t.c.cve_ent.in_(list(states))) if states is not None else delete(t))
    cols = ["clues", "cve_ent", "primer_gasto", "gasto_total"]
    conn.execute(insert(t).from_select(cols, milestones_select(states)))
