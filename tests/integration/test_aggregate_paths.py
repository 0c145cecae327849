"""Readers give the same answer from the loader's aggregates and from the base tables (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import Engine, case, delete, func, select

from dashboard import aggregates, cache, db
from dashboard.queries import committee_stages, loads_history, municipal, staff, units
from tests import fixture_db
from tests.conftest import pg_schema_engine

DATASETS = ("registry", "staffing", "committees", "committee_spending")
DAYS = (date(2023, 12, 31), date(2024, 2, 10), date(2024, 5, 1), date(2024, 7, 15), fixture_db.END, date(2025, 1, 1))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def fx(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = db.make_engine(f"sqlite:///{tmp_path_factory.mktemp('agg') / 'fx.sqlite'}")
    else:
        engine = pg_schema_engine("tablero_test_aggregates")
    fixture_db.build_fixture(engine)
    cache.clear()
    yield engine
    engine.dispose()


@contextmanager
def base_tables(engine: Engine) -> Iterator[None]:
    """Delete the aggregate marks (readers fall back to the base tables), then rebuild them."""
    with engine.begin() as conn:
        conn.execute(delete(db.aggregate_marks))
    try:
        with engine.connect() as conn:
            assert not any(aggregates.is_current(conn, d) for d in DATASETS)
        yield
    finally:
        aggregates.rebuild(engine)


def both(engine: Engine, fn: Any, *args: Any) -> tuple[Any, Any]:
    """fn's uncached result from the aggregates, then from the base tables."""
    with engine.connect() as conn:
        assert all(aggregates.is_current(conn, d) for d in DATASETS)
    fast = fn.uncached(engine, *args)
    with base_tables(engine):
        slow = fn.uncached(engine, *args)
    return fast, slow


def test_municipal_cube(fx: Engine) -> None:
    fast, slow = both(fx, municipal.municipal_cube)
    assert fast.cutoffs == slow.cutoffs and len(fast.cutoffs) > 0
    np.testing.assert_array_equal(fast.values, slow.values)
    pd.testing.assert_frame_equal(fast.munis, slow.munis)


@pytest.mark.parametrize("cve_ent", [*fixture_db.DATA_STATES, "09"])
def test_state_municipalities(fx: Engine, cve_ent: str) -> None:
    fast, slow = both(fx, units.state_municipalities, cve_ent)
    pd.testing.assert_frame_equal(fast, slow)
    assert (fast["personas"].notna().sum() > 0) == (cve_ent in fixture_db.DATA_STATES)


def test_state_freshness(fx: Engine) -> None:
    fast, slow = both(fx, loads_history.state_freshness)
    pd.testing.assert_frame_equal(fast, slow)
    assert fast.set_index("cve_ent").loc["12", "registry"] == fixture_db.END


def _doctors_sql(engine: Engine, fecha: date) -> pd.DataFrame:
    """The former per-date query (SUM over staffing up to fecha), as the reference."""
    s = db.staffing.c
    doctors = func.sum(case((s.rol.in_(staff.DOCTORS), s.incorporados), else_=0))
    stmt = select(s.clues, doctors, func.sum(s.basificados)).where(s.fecha <= fecha).group_by(s.clues)
    st = db.states.c
    joined = select(st.cve_ent).where(
        (st.fecha_adhesion <= fecha)
        | (st.fecha_adhesion.is_(None) & st.fecha_anuncio.is_(None) & (st.federalizado == "si"))
    )  # the states joined at fecha (dashboard/queries/joining.py)
    with engine.connect() as conn:
        got = pd.DataFrame(conn.execute(stmt).all(), columns=["clues", "medicos", "basificados"])
        states = {r[0] for r in conn.execute(joined)}
    catalog = staff.unit_catalog(engine)
    frame = catalog[catalog["cve_ent"].isin(states)].merge(got, on="clues", how="left")
    return frame.fillna({"medicos": 0, "basificados": 0}).astype({"medicos": float, "basificados": float})


@pytest.mark.parametrize("fecha", DAYS)
def test_unit_doctors_cut_in_pandas(fx: Engine, fecha: date) -> None:
    expected = _doctors_sql(fx, fecha)
    pd.testing.assert_frame_equal(staff.unit_doctors(fx, fecha), expected)


def _money_sql(engine: Engine, fecha: date) -> pd.DataFrame:
    cs = db.committee_spending.c
    first = func.min(case((cs.dispersado > 0, cs.fecha), else_=None))
    stmt = select(cs.clues, first, func.sum(cs.dispersado), func.sum(cs.ejercido)).where(cs.fecha <= fecha)
    with engine.connect() as conn:
        rows = conn.execute(stmt.group_by(cs.clues)).all()
    money = pd.DataFrame(rows, columns=["clues", "primera_dispersion", "dispersado", "ejercido"])
    money["primera_dispersion"] = pd.to_datetime(money["primera_dispersion"]).dt.date
    _, extra = committee_stages.money_events(engine)
    meta = extra[["nombre", "cve_ent", "estado"]].rename_axis("clues").reset_index()
    out = money.merge(meta, on="clues", how="left").astype({"dispersado": float, "ejercido": float})
    return out.sort_values("clues", ignore_index=True)


@pytest.mark.parametrize("fecha", DAYS)
def test_committee_money_cut_in_pandas(fx: Engine, fecha: date) -> None:
    got = committee_stages.committee_money(fx, fecha)
    pd.testing.assert_frame_equal(got, _money_sql(fx, fecha))
    idle = committee_stages.idle_money(fx, fecha, 30)
    assert (idle["dias"] >= 30).all() and (idle["ejercido"] <= 0).all()


def test_a_new_day_reuses_the_events(fx: Engine) -> None:
    cache.clear()
    first = staff.doctor_events(fx)
    staff.unit_doctors(fx, fixture_db.START + timedelta(days=40))
    assert staff.doctor_events(fx) is first
