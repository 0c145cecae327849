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


def _state_and_start(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """clues -> cve_ent and start of operation (NaT when the catalogue has none), real and synthetic units."""
    from datasets.demo.units import catalogue

    real = catalogue().set_index("clues")[["cve_ent", "inicio"]]
    synth = tables["units"]
    synth = pd.DataFrame(
        {
            "cve_ent": synth["CLAVE DE LA ENTIDAD"].to_numpy(),
            "inicio": pd.to_datetime(synth["FECHA DE INICIO DE OPERACION"], format="%d/%m/%Y").to_numpy(),
        },
        index=synth["CLUES"],
    )
    return pd.concat([real, synth])


def _dated_facts(tables: dict[str, pd.DataFrame]) -> list[tuple[str, pd.DataFrame]]:
    """(name, frame with clues or cvegeo and a 'fecha') for every dated fact of the demo."""
    com = tables["committees"]
    out = [
        ("registry", tables["registry"][["cvegeo", "fecha"]]),
        ("staffing", tables["staffing"][["clues", "fecha"]]),
        ("committee_spending", tables["committee_spending"][["clues", "fecha"]]),
    ]
    for col in ("fecha_asamblea", "fecha_instalacion", "fecha_tarjeta"):
        out.append((col, com[["clues", col]].rename(columns={col: "fecha"}).dropna()))
    return out


def test_no_fact_before_its_state_joined(tables: dict[str, pd.DataFrame]) -> None:
    """What the loader rejects (datasets/validate.py): a fact dated before its state's fecha_adhesion."""
    from datasets.demo.calendar import join_dates

    joined = pd.Series(pd.to_datetime(join_dates()))
    units = _state_and_start(tables)
    for name, frame in _dated_facts(tables):
        ent = frame["cvegeo"].str[:2] if "cvegeo" in frame else frame["clues"].map(units["cve_ent"])
        assert ent.notna().all(), name
        since = ent.map(joined)
        early = frame[pd.to_datetime(frame["fecha"]) < since]
        assert early.empty, (name, early.head().to_dict("records"))
    com = tables["committees"].assign(cve_ent=lambda f: f["clues"].map(units["cve_ent"]))
    edomex = com[com["cve_ent"] == T.EDOMEX]
    assert len(edomex) > 1000 and (pd.to_datetime(edomex["fecha_asamblea"]) >= pd.Timestamp("2024-04-15")).all()


def test_no_unit_works_before_it_operates(tables: dict[str, pd.DataFrame]) -> None:
    """Staff, installations, cards and money of a unit start on or after its start of operation.

    Assemblies may come earlier: the 11,947 of May 2024 include units that start operating later (KD09).
    """
    start = _state_and_start(tables)["inicio"]
    late = start[(start > pd.Timestamp(T.COMMITTEE_DATE)) & start.index.str.startswith("DEMO-")]
    assert len(late) == T.COMMITTEES_TOTAL - int(T.committees_installed_by_state()["of_total"].sum())
    for name, frame in _dated_facts(tables):
        if name in ("registry", "fecha_asamblea"):
            continue
        since = frame["clues"].map(start)
        early = frame[since.notna() & (pd.to_datetime(frame["fecha"]) < since)]
        assert early.empty, (name, early.head().to_dict("records"))


def _daily(dates: pd.Series, weights: pd.Series | None = None) -> pd.Series:
    days = pd.to_datetime(dates)
    values = pd.Series(1.0 if weights is None else weights.to_numpy(float), index=days.to_numpy())
    return values.groupby(level=0).sum().reindex(pd.date_range("2024-01-01", "2024-12-31"), fill_value=0.0)


@pytest.mark.parametrize("col", ["fecha_instalacion", "fecha_tarjeta"])
def test_committee_steps_on_working_days(tables: dict[str, pd.DataFrame], col: str) -> None:
    from datasets.demo.rhythm import holidays

    daily = _daily(tables["committees"][col].dropna())
    dow = daily.index.day_of_week
    assert daily[dow == 6].sum() == 0  # offices closed on Sundays
    assert daily[daily.index.isin(pd.to_datetime(list(holidays(2024))))].sum() == 0
    assert daily[dow == 5].mean() < 0.5 * daily[dow < 5].mean()  # half a day on Saturdays


def test_daily_series_have_no_step_at_the_bulletin_dates(tables: dict[str, pd.DataFrame]) -> None:
    """Calibrated to the bulletins yet daily: the level just before a bulletin's date and just after are alike,
    and campaigns fill the weeks between (most working days have activity)."""
    com, spend = tables["committees"], tables["committee_spending"]
    series = {
        "instalaciones": _daily(com["fecha_instalacion"].dropna()),
        "tarjetas": _daily(com["fecha_tarjeta"].dropna()),
        "ejercido": _daily(spend["fecha"], spend["ejercido"]),
    }
    for name, daily in series.items():
        work = daily[daily.index.day_of_week < 5]
        for when in (T.COMMITTEE_DATE, T.CARDS_DATE, T.SEPT_DATE):
            before = work[: pd.Timestamp(when)].tail(3).mean()
            after = work[pd.Timestamp(when) + pd.Timedelta(days=1) :].head(3).mean()
            if max(before, after) < 5:  # nothing much happening either side
                continue
            assert max(before, after) < 4 * min(before, after), (name, when, before, after)
    installs = series["instalaciones"][pd.Timestamp(T.INSTALL_START) : pd.Timestamp(T.COMMITTEE_DATE)]
    weekdays = installs[installs.index.day_of_week < 5]
    assert (weekdays > 0).mean() > 0.9
    assert weekdays.std() / weekdays.mean() > 0.3  # campaign weeks and lulls, not a flat level
