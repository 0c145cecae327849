"""The 54 published figures recomputed from the database with plain SQL, value and total, at their dates.

Independent of the dashboard's queries on purpose: each figure's SQL is written here. At least 47 reproduce both
numbers inside the bulletin's rounding; every other one is a documented difference, explained in
datasets/reference/known_differences.csv.
"""

from __future__ import annotations

import csv
import math
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, Date, Engine, String, bindparam, text
from test_export import demo_engine  # noqa: F401  (the session's demo database)

pytestmark = pytest.mark.slow

REFERENCE = Path(__file__).resolve().parents[2] / "datasets" / "reference"
MIN_REPRODUCED = 47

# :d the figure's date, :e its state ('' = national)
IN_OPERATION = "(u.fecha_inicio IS NULL OR u.fecha_inicio <= :d)"
COMMITTEES_OF_UNITS_IN_OPERATION = (
    "SELECT count(*) FROM committees c JOIN units u ON u.clues = c.clues "
    f"WHERE {IN_OPERATION} AND (:e = '' OR c.cve_ent = :e)"
)
SPENT = "SELECT sum(ejercido) FROM committee_spending WHERE fecha <= :d AND (:e = '' OR cve_ent = :e)"
DISPERSED = "SELECT sum(dispersado) FROM committee_spending WHERE fecha <= :d AND (:e = '' OR cve_ent = :e)"
WITH_SPENDING = (
    "SELECT count(DISTINCT clues) FROM committee_spending WHERE ejercido > 0 AND fecha <= :d "
    "AND (:e = '' OR cve_ent = :e)"
)
CARDS = "SELECT count(*) FROM committees WHERE fecha_tarjeta <= :d AND (:e = '' OR cve_ent = :e)"
BY_STATE = (
    "SELECT cve_ent, sum(dispersado) AS dis, sum(ejercido) AS eje FROM committee_spending "
    "WHERE fecha <= :d GROUP BY cve_ent HAVING sum(dispersado) > 0"
)
REGISTERED = "SELECT sum(registrados - duplicados) FROM registry WHERE fecha <= :d AND (:e = '' OR cve_ent = :e)"
CHANNEL = "SELECT sum(registrados) FROM registry WHERE fecha <= :d AND canal = '{}'"
UNINSURED_JOINED = "SELECT sum(pob_sin_seguridad) FROM states WHERE fecha_adhesion IS NOT NULL"
# bulletin metric -> (value SQL, total SQL or None)
SQL: dict[str, tuple[str, str | None]] = {
    "persons_registered": (REGISTERED, None),
    "registered_channel_enrollment_module": (CHANNEL.format("modulo"), None),
    "registered_channel_online_self_registration": (CHANNEL.format("autorregistro"), None),
    "registered_channel_welfare_database_crossmatch": (CHANNEL.format("cruce_bienestar"), None),
    "target_population_without_social_security": (UNINSURED_JOINED, None),
    "target_share_of_uninsured_population": (
        f"SELECT 100.0 * ({UNINSURED_JOINED}) / (SELECT sum(pob_sin_seguridad) FROM states)",
        None,
    ),
    "population_without_social_security": ("SELECT pob_sin_seguridad FROM states WHERE cve_ent = :e", None),
    "hospitals": ("SELECT count(*) FROM units WHERE tipo_red = 'hospital' AND NOT sintetica", None),
    "health_centers_first_level": (
        "SELECT count(*) FROM units WHERE tipo_red = 'centro_salud' AND nivel_atencion = 'PRIMER NIVEL' "
        "AND NOT sintetica",
        None,
    ),
    "units_to_transfer": (  # units of the network in operation at the date
        "SELECT count(*) FROM units u WHERE u.cve_ent = :e AND u.tipo_red <> 'apoyo' "
        f"AND u.estatus = 'EN OPERACION' AND {IN_OPERATION}",
        None,
    ),
    "municipalities": ("SELECT count(*) FROM municipalities WHERE cve_ent = :e AND en_geometria", None),
    "general_practitioners_hired": (
        "SELECT sum(incorporados) FROM staffing WHERE fecha = :d AND rol = 'medico_general'",
        None,
    ),
    "health_centers_receiving_new_doctors": (
        "SELECT count(DISTINCT s.clues) FROM staffing s JOIN units u ON u.clues = s.clues "
        "WHERE s.fecha = :d AND s.rol = 'medico_general' AND s.incorporados > 0 AND u.tipo_red = 'centro_salud'",
        None,
    ),
    "staff_basified": ("SELECT sum(basificados) FROM staffing WHERE fecha <= :d AND cve_ent = :e", None),
    "community_assemblies_held": (
        "SELECT count(*) FROM committees WHERE fecha_asamblea <= :d",
        "SELECT count(*) FROM committees",  # assemblies planned: one per committee of the programme
    ),
    "committees_installed": (
        "SELECT count(*) FROM committees WHERE fecha_instalacion <= :d AND cve_ent = :e",
        COMMITTEES_OF_UNITS_IN_OPERATION,
    ),
    "bank_cards_delivered_to_committees": (CARDS, COMMITTEES_OF_UNITS_IN_OPERATION),
    "card_delivery_progress": (f"SELECT 100.0 * ({CARDS}) / ({COMMITTEES_OF_UNITS_IN_OPERATION})", None),
    "cards_with_movement": (WITH_SPENDING, None),
    "amount_withdrawn_or_spent_mxn": (SPENT, None),
    "bank_cards_dispersed": (CARDS, None),
    "amount_dispersed_mxn": (DISPERSED, None),
    "amount_spent_mxn": (SPENT, DISPERSED),
    "amount_spent_share": (f"SELECT 100.0 * ({SPENT}) / ({DISPERSED})", None),
    "committees_that_used_budget": (WITH_SPENDING, COMMITTEES_OF_UNITS_IN_OPERATION),
    "states_with_100pct_budget_used": (
        f"SELECT count(*) FROM ({BY_STATE}) t WHERE eje >= dis",
        f"SELECT count(*) FROM ({BY_STATE}) t",
    ),
    "amount_distributed_mxn": (DISPERSED, None),
    "states_federalized": ("SELECT count(*) FROM states WHERE fecha_adhesion <= :d", None),
    "state_joining_announced": (
        "SELECT count(*) FROM states WHERE cve_ent = :e AND fecha_anuncio <= :d "
        "AND (fecha_adhesion IS NULL OR fecha_adhesion > :d)",
        None,
    ),
    "months_since_joining": ("SELECT fecha_adhesion FROM states WHERE cve_ent = :e", None),
}


def differences() -> dict[str, str]:
    """fact_id -> explanation of every `diferencia` row of known_differences.csv."""
    with (REFERENCE / "known_differences.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["tipo"] == "diferencia"]
    return {fid.strip(): r["explanation_es"] for r in rows for fid in r["fact_ids"].split(";")}


def figures() -> list[dict[str, str]]:
    with (REFERENCE / "published_figures.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def interval(value: float, fig: dict[str, str]) -> tuple[float, float]:
    """[low, high): what a printed figure stands for. Pesos are printed in millions, 'approximate' counts in
    millions or thousands to their last printed digit, percentages and months to their printed decimals."""
    unit, approx = fig["unit"], fig["approximate"] == "yes"
    if unit == "MXN" or (approx and value >= 1000):
        scale = 1e6 if value >= 1e6 else 1e3
        step = scale * 10.0 ** -_decimals(value / scale)
    elif approx or unit in ("percent", "months"):
        step = 10.0 ** -_decimals(value)
    else:
        return value, value + 1  # an exact count
    return value - step / 2, value + step / 2


def _decimals(x: float) -> int:
    return next(d for d in range(6) if math.isclose(round(x, d), x, abs_tol=1e-9))


def _scalar(conn: Connection, sql: str | None, as_of: date | None, cve_ent: str) -> Any:
    if sql is None:
        return None
    stmt = text(sql)
    if ":d" in sql:
        stmt = stmt.bindparams(bindparam("d", value=as_of, type_=Date))
    if ":e" in sql:
        stmt = stmt.bindparams(bindparam("e", value=cve_ent, type_=String))
    return conn.execute(stmt).scalar()


def recompute(engine: Engine, fig: dict[str, str]) -> tuple[float | None, float | None]:
    """(value, total) of one figure from the database; None where no table holds it."""
    if fig["metric"] not in SQL:
        return None, None
    value_sql, total_sql = SQL[fig["metric"]]
    as_of = date.fromisoformat(fig["as_of"]) if fig["as_of"] else None
    with engine.connect() as conn:
        value, total = _scalar(conn, value_sql, as_of, fig["cve_ent"]), _scalar(conn, total_sql, as_of, fig["cve_ent"])
    if fig["metric"] == "months_since_joining" and as_of is not None:  # days / average month length
        value = (as_of - date.fromisoformat(str(value))).days / (365.25 / 12)
    return (None if value is None else float(value)), (None if total is None else float(total))


def reproduces(engine: Engine, fig: dict[str, str]) -> bool:
    value, total = recompute(engine, fig)
    if value is None:
        return False
    low, high = interval(float(fig["value"]), fig)
    if not low <= value < high:
        return False
    if not fig["of_total"]:
        return True
    low, high = interval(float(fig["of_total"]), fig)
    return total is not None and low <= total < high


@pytest.fixture(scope="module")
def outcome(demo_engine: Engine) -> dict[str, bool]:  # noqa: F811
    return {f["fact_id"]: reproduces(demo_engine, f) for f in figures()}


def test_at_least_47_of_54_reproduce_value_and_total(outcome: dict[str, bool]) -> None:
    assert len(outcome) == 54
    failing = sorted(k for k, ok in outcome.items() if not ok)
    assert sum(outcome.values()) >= MIN_REPRODUCED, failing


def test_the_others_are_exactly_the_explained_differences(outcome: dict[str, bool]) -> None:
    """What the demo banner and /boletines say: the figures that differ are the `diferencia` rows, no more."""
    explained = differences()
    assert {k for k, ok in outcome.items() if not ok} == set(explained)
    assert all(len(text.split()) >= 12 for text in explained.values())


def test_dashboard_agrees_with_the_recomputation(outcome: dict[str, bool], demo_engine: Engine) -> None:  # noqa: F811
    from dashboard.queries.published import check_published

    checked = check_published(demo_engine).set_index("fact_id")
    assert {k for k, ok in outcome.items() if ok} == set(checked.index[checked["status"] == "coincide"])


@pytest.mark.parametrize(
    ("fact", "value", "expected"),
    [
        ({"unit": "percent", "approximate": "no"}, 89.0, (88.5, 89.5)),
        ({"unit": "MXN", "approximate": "no"}, 684_800_000.0, (684_750_000.0, 684_850_000.0)),
        ({"unit": "persons", "approximate": "yes"}, 9_500_000.0, (9_450_000.0, 9_550_000.0)),
        ({"unit": "committees", "approximate": "no"}, 11_690.0, (11_690.0, 11_691.0)),
        ({"unit": "months", "approximate": "yes"}, 4.0, (3.5, 4.5)),
    ],
)
def test_interval(fact: dict[str, str], value: float, expected: tuple[float, float]) -> None:
    assert interval(value, fact) == pytest.approx(expected)
