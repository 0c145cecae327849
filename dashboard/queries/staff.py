"""Doctors per unit at a date against the staffing norm: by state, unit type, level of care; units with no doctor."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Engine, case, func, select

from dashboard.cache import memoize
from dashboard.db import staffing, staffing_norm, states, units
from dashboard.queries import joining
from dashboard.queries.running import RunningTotals, columns_frame, raw_day

DOCTORS = ("medico_general", "especialista")
GROUPS = {"tipo_red": "Tipo de unidad", "tipologia": "Tipología", "nivel_atencion": "Nivel de atención"}
TIPO_RED = {"centro_salud": "Centro de salud", "hospital": "Hospital", "movil": "Unidad móvil", "apoyo": "Apoyo"}


@memoize
def unit_catalog(engine: Engine) -> pd.DataFrame:
    """Units with the doctors their typology needs (staffing norm); unit_doctors keeps those of joined states."""
    need = (
        select(staffing_norm.c.tipologia, func.sum(staffing_norm.c.requeridos).label("requeridos"))
        .where(staffing_norm.c.rol.in_(DOCTORS))
        .group_by(staffing_norm.c.tipologia)
        .subquery()
    )
    stmt = (
        select(
            units.c.clues,
            units.c.cve_ent,
            states.c.nombre_corto.label("estado"),
            units.c.nombre,
            units.c.tipo_red,
            units.c.tipologia,
            units.c.nivel_atencion,
            func.coalesce(need.c.requeridos, 0).label("requeridos"),
        )
        .select_from(units.join(states, states.c.cve_ent == units.c.cve_ent).outerjoin(need, need.c.tipologia == units.c.tipologia))
    )  # fmt: skip
    with engine.connect() as conn:
        frame = pd.DataFrame(conn.execute(stmt).mappings().all())
    if frame.empty:
        return pd.DataFrame(
            columns=["clues", "cve_ent", "estado", "nombre", "tipo_red", "tipologia", "nivel_atencion", "requeridos"]
        )
    for col in ("tipologia", "nivel_atencion"):
        frame[col] = frame[col].fillna("Sin dato").replace("", "Sin dato")
    return frame.astype({"requeridos": float})


@memoize
def doctor_events(engine: Engine) -> RunningTotals:
    """Doctors and permanent posts per unit and day, read once per data version (any date is cut from it)."""
    doctors = func.sum(case((staffing.c.rol.in_(DOCTORS), staffing.c.incorporados), else_=0))
    stmt = select(staffing.c.clues, raw_day(staffing.c.fecha), doctors, func.sum(staffing.c.basificados))
    with engine.connect() as conn:
        rows = conn.execute(stmt.group_by(staffing.c.clues, staffing.c.fecha)).all()
    got = columns_frame(rows, ["clues", "fecha", "medicos", "basificados"])
    return RunningTotals.build(got, "clues", "fecha", ("medicos", "basificados"))


def unit_doctors(engine: Engine, fecha: date) -> pd.DataFrame:
    """Per unit of the states joined at fecha: doctors incorporated and staff given a permanent post up to fecha."""
    got = doctor_events(engine).at(fecha).rename_axis("clues").reset_index()
    catalog = unit_catalog(engine)
    joined = joining.statuses(engine, fecha) == joining.JOINED
    catalog = catalog[catalog["cve_ent"].map(joined).fillna(False).astype(bool)]
    frame = catalog.merge(got, on="clues", how="left")
    return frame.fillna({"medicos": 0, "basificados": 0}).astype({"medicos": float, "basificados": float})


def doctors_by(engine: Engine, fecha: date, group: str, cve_ent: str | None = None) -> pd.DataFrame:
    """Doctors incorporated vs required, grouped by unit type, typology or level of care."""
    frame = unit_doctors(engine, fecha)
    if cve_ent:
        frame = frame[frame["cve_ent"] == cve_ent]
    key = group if group in GROUPS else "tipo_red"
    out = frame.groupby(key, as_index=False)[["medicos", "requeridos"]].sum()
    out = out[(out["medicos"] > 0) | (out["requeridos"] > 0)]
    if key == "tipo_red":
        out[key] = out[key].map(TIPO_RED).fillna(out[key])
    return out.rename(columns={key: "grupo"}).sort_values("requeridos", ascending=False, ignore_index=True)


def units_without_doctor(engine: Engine, fecha: date, cve_ent: str | None = None) -> pd.DataFrame:
    """Units that need doctors by the norm and have none incorporated at fecha."""
    frame = unit_doctors(engine, fecha)
    frame = frame[(frame["requeridos"] > 0) & (frame["medicos"] == 0)]
    if cve_ent:
        frame = frame[frame["cve_ent"] == cve_ent]
    return frame.sort_values(["estado", "nombre"], ignore_index=True)
