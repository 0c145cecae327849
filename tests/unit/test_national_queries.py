"""Query functions of the national pages on the small fixture database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import numpy as np
import pytest
from sqlalchemy import Engine, func, select

from dashboard import cache, db
from dashboard.db import make_engine
from dashboard.queries import committee_stages as cs
from dashboard.queries import municipal, national, staff
from dashboard.queries.metrics import ALL
from dashboard.queries.published_marks import published_for
from dashboard.queries.snapshot import state_cube
from tests import fixture_db


@pytest.fixture(scope="module")
def fx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('national') / 'fx.sqlite'}")
    fixture_db.build_fixture(engine)
    cache.clear()
    yield engine
    engine.dispose()


def test_timeline_and_date_parsing(fx: Engine) -> None:
    tl = national.timeline(fx)
    assert tl.dates[0] == fixture_db.START and tl.last == fixture_db.END
    assert national.parse_date("2024-03-01", tl) == date(2024, 3, 1)
    for bad in ("", "2024-13-01", "1999-01-01", "2030-01-01", "x' OR 1=1 --", None, "2024-3-1"):
        assert national.parse_date(bad, tl) is None
    assert tl.index_of(None) == len(tl.dates) - 1
    assert tl.at(10**6) == tl.last and tl.at(-5) == tl.dates[0]


def test_valid_metric_falls_back_to_default() -> None:
    assert national.valid_metric("medicos_pct") == "medicos_pct"
    assert national.valid_metric("psinder") == national.DEFAULT_METRIC  # a metric, but not a map metric
    assert national.valid_metric(None) == national.DEFAULT_METRIC


def test_map_values_have_the_four_area_states(fx: Engine) -> None:
    frame = national.map_values(fx, "personas_registradas", date(2024, 6, 1)).set_index("cve_ent")
    assert len(frame) == 32
    assert frame.loc["12", "status"] == "valor" and frame.loc["12", "value"] > 0
    assert frame.loc["09", "status"] == "sin_datos"  # federalized, no rows
    assert frame.loc["31", "status"] == "no_adherido"  # Yucatán announced its joining on 2024-07-02
    assert frame.loc["01", "status"] == "no_adherido"
    later = national.map_values(fx, "personas_registradas", date(2024, 7, 3)).set_index("cve_ent")
    assert later.loc["31", "status"] == "anunciado" and later.loc["01", "status"] == "no_adherido"


def test_ranking_is_sorted_and_only_has_values(fx: Engine) -> None:
    rank = national.ranking(fx, "cobertura_registro", date(2024, 9, 30))
    assert set(rank["cve_ent"]) == set(fixture_db.DATA_STATES)
    assert rank["value"].is_monotonic_decreasing


def test_kpis_match_the_cube_and_changes(fx: Engine) -> None:
    day = date(2024, 6, 28)
    nat = state_cube(fx).national()
    items = {k.key: k for k in national.kpis(fx, day)}
    reg = items["personas_registradas"]
    assert reg.value == nat.loc["2024-06-28", "personas_registradas"]
    assert reg.day == reg.value - nat.loc["2024-06-27", "personas_registradas"]
    assert reg.week == reg.value - nat.loc["2024-06-21", "personas_registradas"]
    assert reg.of == nat.loc["2024-06-28", "pob_sin_seguridad"]
    assert items["unidades_red"].value == 36


def test_municipal_cube_equals_a_direct_sum(fx: Engine) -> None:
    cut = date(2024, 4, 30)
    frame = municipal.municipal_values(fx, cut, canal="modulo", vista="absoluto", denominador="psinder", cve_ent="12")
    with fx.connect() as conn:
        want = dict(
            conn.execute(
                select(db.registry.c.cvegeo, func.sum(db.registry.c.registrados))
                .where(db.registry.c.fecha <= cut, db.registry.c.canal == "modulo", db.registry.c.cve_ent == "12")
                .group_by(db.registry.c.cvegeo)
            ).all()
        )
    got = frame[frame["status"] == "valor"].set_index("cvegeo")["value"].to_dict()
    assert got == pytest.approx({k: float(v) for k, v in want.items()})


def test_municipal_statuses_and_coverage(fx: Engine) -> None:
    frame = municipal.municipal_values(fx, None, canal="todos", vista="cobertura", denominador="psinder")
    status = frame.set_index("cvegeo")["status"]
    assert status[status.index.str.startswith("31")].eq("anunciado").all()
    assert status[status.index.str.startswith("09")].eq("sin_datos").all()
    assert status[status.index.str.startswith("01")].eq("no_adherido").all()
    cov = frame[frame["status"] == "valor"]["value"]
    assert (cov > 0).all() and np.isfinite(cov).all()


def test_municipal_month_lookup(fx: Engine) -> None:
    cube = municipal.municipal_cube(fx)
    assert cube.cutoffs[-1] == fixture_db.END
    assert cube.cutoffs[cube.month_index(date(2024, 3, 10))] == date(2024, 3, 31)
    assert cube.month_index(date(2031, 1, 1)) == len(cube.cutoffs) - 1


def test_units_without_doctor_and_by_group(fx: Engine) -> None:
    gaps = staff.units_without_doctor(fx, fixture_db.END)
    assert gaps["clues"].iloc[0].startswith("FX") and (gaps["medicos"] == 0).all()
    first_unit = "FX" + sorted(gaps["clues"].str[2:7])[0]
    assert any(c.startswith(first_unit) for c in gaps["clues"])
    by = staff.doctors_by(fx, fixture_db.END, "nivel_atencion")
    assert set(by["grupo"]) <= {"PRIMER NIVEL", "SEGUNDO NIVEL"}
    assert by["requeridos"].sum() == staff.unit_catalog(fx)["requeridos"].sum()


def test_committee_stage_order_and_idle_money(fx: Engine) -> None:
    stages = cs.national_stages(fx, fixture_db.END)
    assert stages["valor"].is_monotonic_decreasing  # each stage a subset of the one before
    idle = cs.idle_money(fx, fixture_db.END, 60)
    assert (idle["ejercido"] == 0).all() and (idle["dias"] >= 60).all()
    assert len(cs.idle_money(fx, fixture_db.END, 700)) == 0
    full = cs.states_at_full(fx, fixture_db.END)
    assert (full["pct"] >= cs.FULL_PCT).all()


def test_published_marks() -> None:
    reg = published_for("personas_registradas")
    assert reg.iloc[0]["valor"] == 9_500_000 and str(reg.iloc[0]["fecha"].date()) == "2024-06-28"
    assert published_for("personas_registradas", "15")["valor"].tolist() == [5_200_000]


@pytest.mark.parametrize("day", [date(2023, 12, 1), date(2024, 1, 1), date(2024, 5, 17), fixture_db.END])
def test_metric_at_matches_the_cube_snapshot(fx: Engine, day: date) -> None:
    cube = state_cube(fx)
    snap = cube.at(day)
    for key in ALL:
        assert np.allclose(national.metric_at(cube, key, day), snap[key].to_numpy(dtype=float), equal_nan=True), key
