"""One unit's page: catalogue record, committee, money and staff over time, cut at the page's date."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import Engine, select

from dashboard.cache import memoize
from dashboard.db import committee_spending, committees, municipalities, staffing, staffing_norm, states, units
from dashboard.queries.unit_facts import MILESTONES, rows_frame


@dataclass(frozen=True)
class UnitProfile:
    unit: dict[str, Any]
    committee: dict[str, Any] | None
    spending: pd.DataFrame  # fecha, dispersado, ejercido (cumulative)
    staff: pd.DataFrame  # fecha, rol, acumulado
    norm: dict[str, int]  # rol -> requeridos for the unit's typology

    def at(self, fecha: date | None) -> UnitProfile:
        """The profile as it stood at the end of fecha: later milestones pending, later money and staff left out."""
        if fecha is None:
            return self
        com = self.committee
        if com is not None:
            com = {k: (None if k in MILESTONES and v is not None and v > fecha else v) for k, v in com.items()}
        day = pd.Timestamp(fecha)
        spending = self.spending[self.spending["fecha"] <= day].reset_index(drop=True)
        staff = self.staff[self.staff["fecha"] <= day].reset_index(drop=True)
        return replace(self, committee=com, spending=spending, staff=staff)


@memoize
def unit_exists(engine: Engine, clues: str) -> bool:
    """Whether the CLUES names a unit (bound parameter only)."""
    with engine.connect() as conn:
        return conn.execute(select(units.c.clues).where(units.c.clues == clues)).first() is not None


@memoize
def unit_profile(engine: Engine, clues: str) -> UnitProfile | None:
    """Everything the unit page shows; None for an unknown CLUES."""
    catalog = municipalities.alias("catalogo")
    with engine.connect() as conn:
        unit = (
            conn.execute(
                select(
                    units,
                    municipalities.c.nombre.label("municipio"),
                    catalog.c.nombre.label("municipio_catalogo"),
                    states.c.nombre.label("estado"),
                )
                .select_from(
                    units.outerjoin(municipalities, municipalities.c.cvegeo == units.c.cvegeo)
                    .outerjoin(catalog, catalog.c.cvegeo == units.c.cvegeo_catalogo)
                    .outerjoin(states, states.c.cve_ent == units.c.cve_ent)
                )
                .where(units.c.clues == clues)
            )
            .mappings()
            .first()
        )
        if unit is None:
            return None
        com = conn.execute(select(committees).where(committees.c.clues == clues)).mappings().first()
        spend = rows_frame(
            conn.execute(
                select(committee_spending.c.fecha, committee_spending.c.dispersado, committee_spending.c.ejercido)
                .where(committee_spending.c.clues == clues)
                .order_by(committee_spending.c.fecha)
            )
        )
        staff = rows_frame(
            conn.execute(
                select(staffing.c.fecha, staffing.c.rol, staffing.c.incorporados)
                .where(staffing.c.clues == clues)
                .order_by(staffing.c.fecha)
            )
        )
        norm = conn.execute(
            select(staffing_norm.c.rol, staffing_norm.c.requeridos).where(
                staffing_norm.c.tipologia == unit["tipologia"]
            )
        ).all()
    return UnitProfile(
        unit=dict(unit),
        committee=dict(com) if com else None,
        spending=_cumulative_spending(spend),
        staff=_cumulative_staff(staff),
        norm={r[0]: int(r[1]) for r in norm},
    )


def _cumulative_spending(spend: pd.DataFrame) -> pd.DataFrame:
    if spend.empty:
        return pd.DataFrame(columns=["fecha", "dispersado", "ejercido"])
    out = spend.assign(fecha=pd.to_datetime(spend["fecha"]))
    out[["dispersado", "ejercido"]] = out[["dispersado", "ejercido"]].astype("int64").cumsum()
    return out.reset_index(drop=True)


def _cumulative_staff(staff: pd.DataFrame) -> pd.DataFrame:
    if staff.empty:
        return pd.DataFrame(columns=["fecha", "rol", "acumulado"])
    out = staff.assign(fecha=pd.to_datetime(staff["fecha"])).sort_values(["rol", "fecha"])
    out["acumulado"] = out.groupby("rol")["incorporados"].cumsum().astype("int64")
    return out[["fecha", "rol", "acumulado"]].reset_index(drop=True)


def milestones(profile: UnitProfile) -> list[tuple[str, date | None]]:
    """The committee timeline: asamblea → instalación → tarjeta → first spend → 100 % ejercido."""
    com = profile.committee or {}
    spend = profile.spending
    first = full = None
    if not spend.empty:
        spent = spend[spend["ejercido"] > 0]
        first = spent["fecha"].iloc[0].date() if not spent.empty else None
        budget = int(com.get("presupuesto_asignado") or 0)
        done = spend[spend["ejercido"] >= budget] if budget > 0 else spend.iloc[0:0]
        full = done["fecha"].iloc[0].date() if not done.empty else None
    return [
        ("Asamblea", com.get("fecha_asamblea")),
        ("Instalación del comité", com.get("fecha_instalacion")),
        ("Entrega de tarjeta", com.get("fecha_tarjeta")),
        ("Primer gasto", first),
        ("100 % ejercido", full),
    ]
