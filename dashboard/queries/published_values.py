"""What the dashboard gives for each published figure: its value and, where the bulletin has one, its total."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import Engine, func, or_, select

from dashboard.db import committees, municipalities, staffing, states, units
from dashboard.queries.committee_stages import budget_by_state, states_at_full
from dashboard.queries.joining import ANNOUNCED, JOINED
from dashboard.queries.snapshot import StateCube

# bulletin metric -> cube key (cumulative value at the figure's date and scope)
CUBE = {
    "persons_registered": "personas_registradas",
    "registered_channel_enrollment_module": "registros_modulo",
    "registered_channel_online_self_registration": "registros_autorregistro",
    "registered_channel_welfare_database_crossmatch": "registros_cruce_bienestar",
    "target_population_without_social_security": "pob_sin_seguridad",
    "population_without_social_security": "pob_sin_seguridad",
    "staff_basified": "basificados",
    "community_assemblies_held": "asambleas",
    "committees_installed": "comites_instalados",
    "bank_cards_delivered_to_committees": "tarjetas_entregadas",
    "card_delivery_progress": "tarjetas_pct",
    "cards_with_movement": "comites_con_gasto",
    "amount_withdrawn_or_spent_mxn": "monto_ejercido",
    "bank_cards_dispersed": "tarjetas_entregadas",
    "amount_dispersed_mxn": "monto_dispersado",
    "amount_spent_mxn": "monto_ejercido",
    "amount_spent_share": "ejercido_pct",
    "committees_that_used_budget": "comites_con_gasto",
    "amount_distributed_mxn": "monto_dispersado",
}
# bulletin metric -> cube key of its total ("de" in "11,427 de 11,692"): committees of units in operation that day
CUBE_TOTAL = {
    "committees_installed": "comites_planeados",
    "bank_cards_delivered_to_committees": "comites_planeados",
    "committees_that_used_budget": "comites_planeados",
    "amount_spent_mxn": "monto_dispersado",
}
NO_DATA = {"doctor_applicants": "El número de aspirantes no está en ningún conjunto de datos del tablero."}
AVERAGE_MONTH_DAYS = 365.25 / 12


def _scalar(engine: Engine, stmt: Any) -> float:
    with engine.connect() as conn:
        return float(conn.execute(stmt).scalar() or 0)


def _count(engine: Engine, table: Any, *conds: Any) -> float:
    return _scalar(engine, select(func.count()).select_from(table).where(*conds))


def units_in_operation(engine: Engine, cve_ent: str, fecha: date) -> float:
    """Units of a state's network (no offices or warehouses) in operation, started by that date."""
    started = or_(units.c.fecha_inicio.is_(None), units.c.fecha_inicio <= fecha)
    network = (units.c.cve_ent == cve_ent, units.c.tipo_red != "apoyo", units.c.estatus == "EN OPERACION")
    return _count(engine, units, *network, started)


def _gp_units(engine: Engine, fecha: date) -> float:
    """Distinct health centres that received general practitioners on that exact day."""
    stmt = (
        select(func.count(func.distinct(staffing.c.clues)))
        .select_from(staffing.join(units, units.c.clues == staffing.c.clues))
        .where(
            staffing.c.fecha == fecha,
            staffing.c.rol == "medico_general",
            staffing.c.incorporados > 0,
            units.c.tipo_red == "centro_salud",
        )
    )
    return _scalar(engine, stmt)


def _special(engine: Engine, cube: StateCube, row: pd.Series) -> float | None:
    """Metrics the cube lacks (or derives differently)."""
    m, fecha, ent = row["metric"], row["as_of"], row["cve_ent"] or None
    real = units.c.sintetica.is_(False)
    if m == "general_practitioners_hired":
        nat = cube.national()
        i = cube.day_index(fecha)
        return float(nat["medicos_generales"].iloc[i] - (nat["medicos_generales"].iloc[i - 1] if i > 0 else 0))
    if m == "health_centers_receiving_new_doctors":
        return _gp_units(engine, fecha)
    if m == "states_with_100pct_budget_used":  # the same rule the Comités page shows
        return float(len(states_at_full(engine, fecha)))
    if m == "units_to_transfer":
        return units_in_operation(engine, str(ent), fecha)
    if m == "hospitals":
        return _count(engine, units, real, units.c.tipo_red == "hospital")
    if m == "health_centers_first_level":
        return _count(engine, units, real, units.c.tipo_red == "centro_salud", units.c.nivel_atencion == "PRIMER NIVEL")
    if m == "municipalities":
        return _count(engine, municipalities, municipalities.c.cve_ent == ent, municipalities.c.en_geometria.is_(True))
    if m in ("target_share_of_uninsured_population", "states_federalized", "state_joining_announced"):
        return _joining_fact(engine, cube, m, fecha if fecha is not None else cube.last_date(), ent)
    if m == "months_since_joining":
        joined = cube.states.at[ent, "fecha_adhesion"]
        if pd.isna(joined):
            return None
        return round((pd.Timestamp(fecha) - pd.Timestamp(joined)).days / AVERAGE_MONTH_DAYS, 1)
    return None


def _joining_fact(engine: Engine, cube: StateCube, m: str, fecha: date | None, ent: str | None) -> float:
    """Facts about which states had joined or announced at the bulletin's date (queries/joining.py)."""
    status = cube.status_at(fecha or date.today())
    if m == "states_federalized":
        return float((status == JOINED).sum())
    if m == "state_joining_announced":
        return float(status.get(ent) == ANNOUNCED)
    joined = [str(c) for c in status.index[status == JOINED]]
    fed = select(func.sum(states.c.pob_sin_seguridad)).where(states.c.cve_ent.in_(joined))
    return 100 * _scalar(engine, fed) / _scalar(engine, select(func.sum(states.c.pob_sin_seguridad)))


def _cube_value(cube: StateCube, key: str, fecha: date | None, ent: str | None) -> float | None:
    when = fecha if fecha is not None else cube.last_date()
    if when is None:
        return None
    value = cube.at(when).at[ent, key] if ent else cube.national_at(when)[key]
    return None if pd.isna(value) else float(value)


def dashboard_value(engine: Engine, cube: StateCube, row: pd.Series) -> float | None:
    """The dashboard's number for a published figure at its date and scope (None: no dataset has it)."""
    if row["metric"] in NO_DATA:
        return None
    special = _special(engine, cube, row)
    if special is not None or row["metric"] not in CUBE:
        return special
    return _cube_value(cube, CUBE[row["metric"]], row["as_of"], row["cve_ent"] or None)


def dashboard_total(engine: Engine, cube: StateCube, row: pd.Series) -> float | None:
    """The dashboard's total for a figure published as 'X de Y' (None when the bulletin gives no total)."""
    m, fecha, ent = row["metric"], row["as_of"], row["cve_ent"] or None
    if pd.isna(row["of_total"]) or fecha is None:
        return None
    if m == "community_assemblies_held":  # assemblies planned: one per committee of the whole programme
        return _count(engine, committees, *([committees.c.cve_ent == ent] if ent else []))
    if m == "states_with_100pct_budget_used":
        return float(len(budget_by_state(engine, fecha)))
    if m in CUBE_TOTAL:
        return _cube_value(cube, CUBE_TOTAL[m], fecha, ent)
    return None
