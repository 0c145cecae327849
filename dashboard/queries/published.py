"""The bulletins' published figures next to what the database gives at the same date and scope."""

from __future__ import annotations

import math
from datetime import date
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Engine, func, select

from dashboard.db import municipalities, staffing, states, units
from dashboard.queries.committee_stages import states_at_full
from dashboard.queries.joining import ANNOUNCED, JOINED
from dashboard.queries.snapshot import StateCube, state_cube

REFERENCE = Path(__file__).resolve().parent.parent.parent / "datasets" / "reference"
FIGURES_CSV = REFERENCE / "published_figures.csv"
KNOWN_CSV = REFERENCE / "known_differences.csv"
STATUSES = ("coincide", "difiere", "diferencia_conocida", "sin_dato")
INTEGER_UNITS = {
    "persons",
    "units",
    "municipalities",
    "doctors",
    "assemblies",
    "committees",
    "cards",
    "MXN",
    "states",
    "flag",
}
COLUMNS = [
    "fact_id", "as_of", "scope", "metric", "label_es", "published", "of_total", "low", "high", "dashboard",
    "status", "difference", "note_es",
]  # fmt: skip

LABELS = {
    "persons_registered": "Personas registradas",
    "registered_channel_enrollment_module": "Registros en módulos de afiliación",
    "registered_channel_online_self_registration": "Autorregistro en línea",
    "registered_channel_welfare_database_crossmatch": "Registros por cruce con Programas de Bienestar",
    "target_population_without_social_security": "Población objetivo sin seguridad social",
    "target_share_of_uninsured_population": "Porcentaje de la población sin seguridad social cubierta",
    "population_without_social_security": "Población sin seguridad social",
    "hospitals": "Hospitales en la red",
    "health_centers_first_level": "Centros de salud de primer nivel",
    "units_to_transfer": "Unidades por transferir",
    "municipalities": "Municipios",
    "general_practitioners_hired": "Médicos generales incorporados ese día",
    "health_centers_receiving_new_doctors": "Centros de salud que recibieron médicos",
    "doctor_applicants": "Aspirantes a plazas de médico",
    "staff_basified": "Personal basificado",
    "community_assemblies_held": "Asambleas comunitarias realizadas",
    "committees_installed": "Comités instalados",
    "bank_cards_delivered_to_committees": "Tarjetas bancarias entregadas a comités",
    "card_delivery_progress": "Avance de entrega de tarjetas (% de comités instalados)",
    "cards_with_movement": "Comités con retiros o compras",
    "amount_withdrawn_or_spent_mxn": "Monto retirado o ejercido (pesos)",
    "bank_cards_dispersed": "Tarjetas con recursos dispersados",
    "amount_dispersed_mxn": "Monto dispersado (pesos)",
    "amount_spent_mxn": "Monto ejercido (pesos)",
    "amount_spent_share": "Porcentaje ejercido del monto dispersado",
    "committees_that_used_budget": "Comités que ejercieron recursos",
    "states_with_100pct_budget_used": "Estados con el 100 % ejercido",
    "amount_distributed_mxn": "Monto distribuido en el estado (pesos)",
    "states_federalized": "Estados federalizados",
    "state_joining_announced": "Adhesión anunciada",
    "months_since_joining": "Meses desde la adhesión",
}
# metric -> cube key (cumulative value at the figure's date and scope)
CUBE = {
    "persons_registered": "personas_registradas",
    "registered_channel_enrollment_module": "registros_modulo",
    "registered_channel_online_self_registration": "registros_autorregistro",
    "registered_channel_welfare_database_crossmatch": "registros_cruce_bienestar",
    "target_population_without_social_security": "pob_sin_seguridad",
    "population_without_social_security": "pob_sin_seguridad",
    "units_to_transfer": "unidades_red",
    "staff_basified": "basificados",
    "community_assemblies_held": "asambleas",
    "committees_installed": "comites_instalados",
    "bank_cards_delivered_to_committees": "tarjetas_entregadas",
    "cards_with_movement": "comites_con_gasto",
    "amount_withdrawn_or_spent_mxn": "monto_ejercido",
    "bank_cards_dispersed": "tarjetas_entregadas",
    "amount_dispersed_mxn": "monto_dispersado",
    "amount_spent_mxn": "monto_ejercido",
    "amount_spent_share": "ejercido_pct",
    "committees_that_used_budget": "comites_con_gasto",
    "amount_distributed_mxn": "monto_dispersado",
}
NO_DATA = {"doctor_applicants": "El número de aspirantes no está en ningún conjunto de datos del tablero."}


def published_figures() -> pd.DataFrame:
    """The 54 published figures (cve_ent kept as a 2-character string)."""
    frame = pd.read_csv(FIGURES_CSV, dtype={"cve_ent": str}, keep_default_na=False)
    for col in ("value", "of_total"):
        frame[col] = pd.to_numeric(frame[col].replace("", None), errors="coerce")
    frame["as_of"] = pd.to_datetime(frame["as_of"].replace("", None)).dt.date
    frame["approximate"] = frame["approximate"].str.lower().eq("yes")
    return frame


@cache
def _known() -> pd.DataFrame:
    return pd.read_csv(KNOWN_CSV, dtype=str, keep_default_na=False)


def known_differences() -> pd.DataFrame:
    """Documented differences between the bulletins and the data (id, fact_ids, title_es, explanation_es)."""
    return _known().copy()


def bulletin_interval(value: float, approximate: bool, unit: str) -> tuple[float, float]:
    """The values a bulletin's rounded figure stands for (inclusive bounds; integer units end one below)."""
    if unit in INTEGER_UNITS and not approximate and unit != "MXN":
        return float(value), float(value)
    if unit in INTEGER_UNITS:
        scale = 1e6 if abs(value) >= 1e6 else 1e3 if abs(value) >= 1e3 else 1.0
        step = scale * 10.0 ** -_decimals(value / scale)
        if step <= 1:
            return float(value), float(value)
        return value - step / 2, value + step / 2 - 1
    step = 10.0 ** -_decimals(value)
    return value - step / 2, value + step / 2


def _decimals(x: float) -> int:
    for d in range(4):
        if math.isclose(round(x, d), x, abs_tol=1e-9):
            return d
    return 4


def _sql_scalar(engine: Engine, stmt) -> float:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return float(conn.execute(stmt).scalar() or 0)


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
    return _sql_scalar(engine, stmt)


def _catalogue_units(engine: Engine, *conds) -> float:  # type: ignore[no-untyped-def]
    stmt = select(func.count()).select_from(units).where(units.c.sintetica.is_(False), *conds)
    return _sql_scalar(engine, stmt)


def _special(engine: Engine, cube: StateCube, row: pd.Series) -> float | None:
    """Metrics the cube lacks (or derives differently)."""
    m, fecha, ent = row["metric"], row["as_of"], row["cve_ent"] or None
    if m == "general_practitioners_hired":
        nat = cube.national()
        i = cube.day_index(fecha)
        return float(nat["medicos_generales"].iloc[i] - (nat["medicos_generales"].iloc[i - 1] if i > 0 else 0))
    if m == "health_centers_receiving_new_doctors":
        return _gp_units(engine, fecha)
    if m == "card_delivery_progress":
        nat = cube.national_at(fecha)
        return float(100 * nat["tarjetas_entregadas"] / nat["comites_instalados"])
    if m == "amount_spent_share":
        return float(cube.national_at(fecha)["ejercido_pct"])
    if m == "states_with_100pct_budget_used":  # the same rule the Comités page shows
        return float(len(states_at_full(engine, fecha)))
    if m == "hospitals":
        return _catalogue_units(engine, units.c.tipo_red == "hospital")
    if m == "health_centers_first_level":
        return _catalogue_units(engine, units.c.tipo_red == "centro_salud", units.c.nivel_atencion == "PRIMER NIVEL")
    if m == "municipalities":
        return _sql_scalar(
            engine, select(func.count()).select_from(municipalities).where(municipalities.c.cve_ent == ent)
        )
    if m in ("target_share_of_uninsured_population", "states_federalized", "state_joining_announced"):
        return _joining_fact(engine, cube, m, fecha if fecha is not None else cube.last_date(), ent)
    if m == "months_since_joining":
        joined = cube.states.at[ent, "fecha_adhesion"]
        return None if pd.isna(joined) else round((pd.Timestamp(fecha) - pd.Timestamp(joined)).days / 30.44, 1)
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
    return 100 * _sql_scalar(engine, fed) / _sql_scalar(engine, select(func.sum(states.c.pob_sin_seguridad)))


def _dashboard_value(engine: Engine, cube: StateCube, row: pd.Series) -> float | None:
    m, fecha, ent = row["metric"], row["as_of"], row["cve_ent"] or None
    if m in NO_DATA:
        return None
    special = _special(engine, cube, row)
    if special is not None or m not in CUBE:
        return special
    key = CUBE[m]
    when = fecha if fecha is not None else cube.last_date()
    if when is None:
        return None
    value = cube.at(when).at[ent, key] if ent else cube.national_at(when)[key]
    return None if pd.isna(value) else float(value)


def _reachable(cube: StateCube, row: pd.Series) -> bool:
    last = cube.last_date()
    fecha = row["as_of"]
    return row["dataset"] in ("population", "units", "federalization") or (
        last is not None and fecha is not None and fecha <= last
    )


def check_published(engine: Engine) -> pd.DataFrame:
    """One row per published figure: interval, dashboard value, status and a Spanish note."""
    figs = published_figures()
    cube = state_cube(engine)
    known = _known()
    by_fact: dict[str, str] = {}
    for _, k in known.iterrows():
        for fid in k["fact_ids"].split(";"):
            by_fact.setdefault(fid.strip(), k["explanation_es"])
    rows = []
    for _, f in figs.iterrows():
        low, high = bulletin_interval(float(f["value"]), bool(f["approximate"]), f["unit"])
        value = _dashboard_value(engine, cube, f) if _reachable(cube, f) else None
        status, note = _status(f, value, low, high, by_fact)
        rows.append(
            {
                "fact_id": f["fact_id"],
                "as_of": f["as_of"],
                "scope": "Nacional" if not f["cve_ent"] else f["state"],
                "metric": f["metric"],
                "label_es": LABELS.get(f["metric"], f["metric"]),
                "published": float(f["value"]),
                "of_total": f["of_total"],
                "low": low,
                "high": high,
                "dashboard": np.nan if value is None else value,
                "status": status,
                "difference": np.nan if value is None else value - float(f["value"]),
                "note_es": note,
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def _status(f: pd.Series, value: float | None, low: float, high: float, by_fact: dict[str, str]) -> tuple[str, str]:
    explanation = by_fact.get(f["fact_id"], "")
    if value is None:
        note = NO_DATA.get(f["metric"]) or "La fecha de la cifra es posterior a los datos cargados."
        return "sin_dato", " ".join(x for x in (note, explanation) if x)
    if low <= value <= high:
        return "coincide", explanation
    if explanation:
        return "diferencia_conocida", explanation
    return "difiere", f"El tablero da {value:,.0f} frente a {f['value']:,.0f} publicado."
