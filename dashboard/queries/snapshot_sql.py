"""Fact-table reads behind the state cube: the loader's aggregates when current, else GROUP BY over base tables."""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Connection, cast, func, select

from dashboard import aggregates
from dashboard.db import (
    committee_milestones,
    committee_spending,
    registry,
    registry_state_daily,
    spending_state_daily,
    staffing,
    staffing_state_daily,
)
from dashboard.milestones import SOURCES, milestones_select


def registry_flows(conn: Connection) -> Any:
    """cve_ent, fecha, canal, registrados, duplicados, credenciales per state, day and channel."""
    if aggregates.is_current(conn, "registry"):
        a = registry_state_daily.c
        return select(a.cve_ent, a.fecha, a.canal, a.registrados, a.duplicados, a.credenciales)
    r = registry.c
    return select(
        r.cve_ent, r.fecha, r.canal, func.sum(r.registrados), func.sum(r.duplicados), func.sum(r.credenciales)
    ).group_by(r.cve_ent, r.fecha, r.canal)


def staffing_flows(conn: Connection) -> Any:
    """cve_ent, fecha, rol, incorporados, basificados per state, day and role."""
    if aggregates.is_current(conn, "staffing"):
        a = staffing_state_daily.c
        return select(a.cve_ent, a.fecha, a.rol, a.incorporados, a.basificados)
    s = staffing.c
    return select(s.cve_ent, s.fecha, s.rol, func.sum(s.incorporados), func.sum(s.basificados)).group_by(
        s.cve_ent, s.fecha, s.rol
    )


def spending_flows(conn: Connection) -> Any:
    """cve_ent, fecha, dispersado, ejercido per state and day."""
    if aggregates.is_current(conn, "committee_spending"):
        a = spending_state_daily.c
        return select(a.cve_ent, a.fecha, a.dispersado, a.ejercido)
    s = committee_spending.c
    money = [cast(func.sum(c), BigInteger) for c in (s.dispersado, s.ejercido)]  # PostgreSQL: sum(bigint) is numeric
    return select(s.cve_ent, s.fecha, *money).group_by(s.cve_ent, s.fecha)


def milestones(conn: Connection) -> Any:
    """clues, cve_ent, primer_gasto, gasto_total per committee (see dashboard/milestones.py)."""
    if all(aggregates.is_current(conn, d) for d in SOURCES):
        m = committee_milestones.c
        return select(m.clues, m.cve_ent, m.primer_gasto, m.gasto_total)
    return milestones_select()
