"""A state's units with their dated facts (committee milestones, money and staff by day), cut at any date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import Engine, case, func, select

from dashboard.cache import memoize
from dashboard.db import committee_spending, committees, municipalities, staffing, staffing_norm, units

DOCTORS = ("medico_general", "especialista")
UNIT_COLUMNS = (
    units.c.clues,
    units.c.cvegeo,
    units.c.cvegeo_catalogo,
    units.c.localidad,
    units.c.nombre,
    units.c.tipologia,
    units.c.nivel_atencion,
    units.c.estatus,
    units.c.lat,
    units.c.lon,
    units.c.ubicacion,
    units.c.tipo_red,
    units.c.sintetica,
)
MILESTONES = ("fecha_asamblea", "fecha_instalacion", "fecha_tarjeta")


@dataclass(frozen=True)
class UnitFacts:
    """Everything dated about a state's units, read once per data version; `at` cuts it at a day."""

    base: pd.DataFrame  # one row per unit: catalogue columns and its municipality's name
    committees: pd.DataFrame  # clues, milestone dates, asignado
    spending: pd.DataFrame  # clues, fecha, dispersado, ejercido (one row per committee and day)
    staff: pd.DataFrame  # clues, fecha, medicos, enfermeria (one row per unit and day)
    need: pd.DataFrame  # clues, medicos_requeridos

    def at(self, fecha: date | None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """(committees, spending totals, staff totals) as they stood at the end of fecha (everything when None)."""
        com = self.committees.copy()
        if fecha is not None:
            day = pd.Timestamp(fecha)
            for col in MILESTONES:
                com[col] = com[col].where(com[col] <= day)
        return com, _spending_totals(_until(self.spending, fecha)), _staff_totals(_until(self.staff, fecha))


def _until(events: pd.DataFrame, fecha: date | None) -> pd.DataFrame:
    return events if fecha is None else events[events["fecha"] <= pd.Timestamp(fecha)]


def _spending_totals(events: pd.DataFrame) -> pd.DataFrame:
    g = events.groupby("clues")
    out = pd.DataFrame(
        {
            "dispersado": g["dispersado"].sum(),
            "ejercido": g["ejercido"].sum(),
            "primera_dispersion": events[events["dispersado"] > 0].groupby("clues")["fecha"].min(),
            "primer_gasto": events[events["ejercido"] > 0].groupby("clues")["fecha"].min(),
            "ultimo_gasto": events[events["ejercido"] > 0].groupby("clues")["fecha"].max(),
        }
    )
    return out.rename_axis("clues").reset_index()


def _staff_totals(events: pd.DataFrame) -> pd.DataFrame:
    return events.groupby("clues", as_index=False)[["medicos", "enfermeria"]].sum()


@memoize
def unit_facts(engine: Engine, cve_ent: str) -> UnitFacts:
    """The state's units and their dated facts (bound parameters only; cached per data version)."""
    with engine.connect() as conn:
        base = rows_frame(
            conn.execute(
                select(*UNIT_COLUMNS, municipalities.c.nombre.label("municipio"))
                .select_from(units.outerjoin(municipalities, municipalities.c.cvegeo == units.c.cvegeo))
                .where(units.c.cve_ent == cve_ent)
                .order_by(units.c.cvegeo, units.c.nombre)
            )
        )
        com = rows_frame(
            conn.execute(
                select(
                    committees.c.clues,
                    *[committees.c[c] for c in MILESTONES],
                    committees.c.presupuesto_asignado.label("asignado"),
                ).where(committees.c.cve_ent == cve_ent)
            )
        )
        spend = rows_frame(conn.execute(_spending_days().where(committee_spending.c.cve_ent == cve_ent)))
        staff = rows_frame(conn.execute(_staff_days().where(staffing.c.cve_ent == cve_ent)))
        need = rows_frame(conn.execute(_doctor_need().where(units.c.cve_ent == cve_ent)))
    for col in MILESTONES:
        com[col] = pd.to_datetime(com[col], errors="coerce")
    return UnitFacts(
        base, com, _dated(spend, ("dispersado", "ejercido")), _dated(staff, ("medicos", "enfermeria")), need
    )


def rows_frame(result: Any) -> pd.DataFrame:
    """A result's rows under its column names (empty results keep them)."""
    columns = list(result.keys())
    return pd.DataFrame([tuple(r) for r in result.all()], columns=columns)


def _dated(frame: pd.DataFrame, measures: tuple[str, ...]) -> pd.DataFrame:
    out = frame.assign(fecha=pd.to_datetime(frame["fecha"]))
    for col in measures:
        out[col] = pd.to_numeric(out[col]).fillna(0).astype("int64")
    return out


def _spending_days() -> Any:
    c = committee_spending.c
    return select(c.clues, c.fecha, c.dispersado, c.ejercido)


def _staff_days() -> Any:
    c = staffing.c
    doctors = func.sum(case((c.rol.in_(DOCTORS), c.incorporados), else_=0))
    nurses = func.sum(case((c.rol == "enfermeria", c.incorporados), else_=0))
    return select(c.clues, c.fecha, doctors.label("medicos"), nurses.label("enfermeria")).group_by(c.clues, c.fecha)


def _doctor_need() -> Any:
    return (
        select(units.c.clues, func.sum(staffing_norm.c.requeridos).label("medicos_requeridos"))
        .select_from(units.join(staffing_norm, staffing_norm.c.tipologia == units.c.tipologia))
        .where(staffing_norm.c.rol.in_(DOCTORS))
        .group_by(units.c.clues)
    )
