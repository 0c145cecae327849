"""Pure checks on the generated demo tables: shapes, weekday patterns, no negatives."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from dashboard.queries.published import bulletin_interval
from datasets.demo import calibration_targets as T
from datasets.demo.calendar import day, weekday
from datasets.demo.fit import CalibrationError, fit_total
from datasets.demo.generate import frames


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return frames(date(2024, 12, 31))


def test_no_negatives(tables: dict[str, pd.DataFrame]) -> None:
    for name, frame in tables.items():
        nums = frame.select_dtypes("number")
        assert (nums.fillna(0) >= 0).all().all(), name


def test_registry_weekly_pattern(tables: dict[str, pd.DataFrame]) -> None:
    reg = tables["registry"]
    mod = reg[reg["canal"] == "modulo"]
    by_day = mod.groupby(weekday(mod["fecha"].to_numpy().astype("datetime64[D]")))["registrados"].sum()
    assert 6 not in by_day.index  # modules closed on Sundays
    assert by_day[5] < 0.6 * by_day[[0, 1, 2, 3, 4]].mean()  # fewer on Saturdays


def test_registry_cumulative_monotone_and_sparse(tables: dict[str, pd.DataFrame]) -> None:
    reg = tables["registry"]
    assert (reg["registrados"] > 0).all()
    assert (reg["duplicados"] <= reg["registrados"]).all()
    assert len(reg) <= 600_000
    daily = reg.groupby("fecha")["registrados"].sum().cumsum()
    assert daily.is_monotonic_increasing
    cruce = reg[reg["canal"] == "cruce_bienestar"]
    assert cruce["fecha"].nunique() <= 12  # bulk batches on a few dates


def test_registry_targets(tables: dict[str, pd.DataFrame]) -> None:
    reg = tables["registry"]
    upto = reg[reg["fecha"] <= day(T.REGISTRY_DATE)]
    assert upto.groupby("canal")["registrados"].sum().to_dict() == T.CHANNEL_TARGETS
    assert int(upto["registrados"].sum() - upto["duplicados"].sum()) == 9_500_000


def test_committee_dates_ordered(tables: dict[str, pd.DataFrame]) -> None:
    com = tables["committees"]
    assert len(com) == 11_947 and com["clues"].is_unique
    assert not (com["fecha_asamblea"] > com["fecha_instalacion"]).any()
    assert not (com["fecha_instalacion"] > com["fecha_tarjeta"]).any()
    assert com["fecha_tarjeta"].isna().any()  # some committees without a card
    assert com["presupuesto_asignado"].between(400_000, 700_000).all()


def test_spending_never_exceeds_deposits(tables: dict[str, pd.DataFrame]) -> None:
    sp = tables["committee_spending"].sort_values(["clues", "fecha"])
    cum = sp.groupby("clues")[["dispersado", "ejercido"]].cumsum()
    assert (cum["ejercido"] <= cum["dispersado"]).all()
    assert sp.loc[sp["dispersado"] > 0, "fecha"].min() >= pd.Timestamp(T.DISPERSAL_START)


def test_staffing_gp_day(tables: dict[str, pd.DataFrame]) -> None:
    st = tables["staffing"]
    day_rows = st[st["fecha"] == day(T.GP_DATE)]
    assert set(day_rows["rol"]) == {"medico_general"}
    assert day_rows["incorporados"].sum() == T.GP_DOCTORS and day_rows["clues"].nunique() == T.GP_UNITS


def test_fit_total_exact() -> None:
    rng = np.random.default_rng(1)
    out = fit_total(rng.random(500) * 10, 1234, 0, 20)
    assert out.sum() == 1234 and out.min() >= 0 and out.max() <= 20
    with pytest.raises(CalibrationError):
        fit_total(np.ones(3), 100, 0, 10)


def test_weekday_convention() -> None:
    assert weekday(np.array([day("2024-06-28")]))[0] == 4  # a Friday


@pytest.mark.parametrize(
    ("value", "approximate", "unit", "expected"),
    [
        (9_500_000, True, "persons", (9_450_000, 9_549_999)),
        (164_000, True, "persons", (163_500, 164_499)),
        (9_000, True, "persons", (8_500, 9_499)),
        (1_162_000_000, False, "MXN", (1_161_500_000, 1_162_499_999)),
        (684_800_000, False, "MXN", (684_750_000, 684_849_999)),
        (11_807, False, "assemblies", (11_807, 11_807)),
        (97.7, False, "percent", (97.65, 97.75)),
        (89, False, "percent", (88.5, 89.5)),
        (4, True, "months", (3.5, 4.5)),
        (1, False, "flag", (1, 1)),
    ],
)
def test_bulletin_interval(value: float, approximate: bool, unit: str, expected: tuple[float, float]) -> None:
    low, high = bulletin_interval(value, approximate, unit)
    assert low == pytest.approx(expected[0]) and high == pytest.approx(expected[1])
