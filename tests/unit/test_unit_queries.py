"""Unit-level queries and figures on the small drill-down database: status frame, to-do lists, profiles, loads."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine

from dashboard import cache
from dashboard.db import make_engine
from dashboard.figures import unit as unit_figs
from dashboard.figures.points import COLOR_BY, state_view, unit_points
from dashboard.queries import loads_history as lh
from dashboard.queries import units as q
from tests import drilldown_db as fx

REF = date(2024, 9, 30)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    path: Path = tmp_path_factory.mktemp("units") / "units.sqlite"
    eng = make_engine(f"sqlite:///{path}")
    fx.build(eng)
    cache.clear()
    yield eng
    eng.dispose()


@pytest.fixture(scope="module")
def frame(engine: Engine) -> pd.DataFrame:
    return q.state_units(engine, fx.STATE)


def test_state_units_one_row_per_unit(frame: pd.DataFrame) -> None:
    assert len(frame) == 35 and frame["clues"].is_unique
    assert set(frame["etapa"]) <= set(q.STAGES)
    assert set(frame["gasto"]) <= set(q.SPENDING)
    assert frame.loc[frame["clues"] == fx.SYNTHETIC, "sintetica"].item()


def test_state_units_unknown_state_is_empty(engine: Engine) -> None:
    assert q.state_units(engine, "99").empty


def test_stage_and_spending_are_consistent(frame: pd.DataFrame) -> None:
    full = frame[frame["etapa"] == "ejercido_100"]
    assert (full["ejercido"] >= full["asignado"]).all() and (full["gasto"] == "completo").all()
    no_com = frame[frame["etapa"] == "sin_comite"]
    assert not no_com["tiene_comite"].any()


def test_todo_masks(frame: pd.DataFrame) -> None:
    masks = q.todo_masks(frame, dias=30, ref=REF)
    assert set(masks) == set(q.TODOS)
    assert list(frame.loc[masks["sintetica"], "clues"]) == [fx.SYNTHETIC]
    assert list(frame.loc[masks["ubicacion"], "clues"]) == [fx.NO_COORDS]
    assert not frame.loc[masks["sin_comite"], "tipo_red"].eq("apoyo").any()
    unspent = frame[masks["sin_ejercer"]]
    assert (unspent["dispersado"] > unspent["ejercido"]).all()


def test_unspent_window_shrinks_with_more_days(frame: pd.DataFrame) -> None:
    short = q.todo_counts(frame, dias=1, ref=REF)["sin_ejercer"]
    long = q.todo_counts(frame, dias=3000, ref=REF)["sin_ejercer"]
    assert long == 0 and short >= long


def test_filter_units(frame: pd.DataFrame) -> None:
    assert len(q.filter_units(frame, municipio=fx.MUNICIPIO)) == 5
    assert len(q.filter_units(frame, municipio=fx.MUNICIPIO, pendiente="sintetica")) == 1
    assert len(q.filter_units(frame, buscar="HOSPITAL abejones")) == 1
    assert q.filter_units(frame, buscar="zzzz").empty
    assert len(q.filter_units(frame, pendiente="no-existe")) == len(frame)


def test_grid_rows_and_export(frame: pd.DataFrame) -> None:
    rows = q.grid_rows(frame, "Oaxaca")
    synthetic = next(r for r in rows if r["clues"] == fx.SYNTHETIC)
    assert synthetic["unidad"] == f"[Centro De Salud Demostración 00001](/unidad/{fx.SYNTHETIC})"
    assert synthetic["ruta"].startswith("Oaxaca › Oaxaca de Juárez › ")
    assert synthetic["origen"] == "sintética (demostración)"
    assert "nombre" not in synthetic and "localidad" not in synthetic
    out = q.export_frame(q.grid_rows(frame, "Oaxaca", export=True))
    assert list(out.columns)[:2] == ["CLUES", "Unidad"] and len(out) == len(rows)


@pytest.mark.parametrize("metric", q.STATE_METRICS)
def test_municipal_values(engine: Engine, frame: pd.DataFrame, metric: str) -> None:
    munis = q.state_municipalities(engine, fx.STATE)
    values = q.municipal_values(munis, frame, metric, "si")
    assert len(values) == 570 and set(values["status"]) <= {"valor", "sin_datos"}
    assert (values["status"] == "valor").sum() == values["value"].notna().sum()
    announced = q.municipal_values(munis, frame, metric, "anunciado")
    assert set(announced["status"]) == {"anunciado"} and announced["value"].isna().all()


def test_state_info(engine: Engine) -> None:
    info = q.state_info(engine, "20")
    assert info is not None and info.nombre == "Oaxaca" and info.federalizado == "si"
    assert q.state_info(engine, "99") is None


def test_unit_profile(engine: Engine) -> None:
    assert q.unit_profile(engine, "NOEXISTE") is None
    assert q.unit_profile(engine, "' OR 1=1 --") is None
    assert not q.unit_exists(engine, "' OR '1'='1")
    profile = q.unit_profile(engine, fx.SYNTHETIC)
    assert profile is not None and profile.unit["municipio"] == "Oaxaca de Juárez"
    assert profile.unit["estado"] == "Oaxaca"
    steps = q.milestones(profile)
    assert steps[0][0] == "Asamblea" and len(steps) == 5
    assert profile.norm  # the typology has a staffing norm


def test_unit_figures(engine: Engine) -> None:
    profile = q.unit_profile(engine, fx.SYNTHETIC)
    assert profile is not None
    funnel = unit_figs.budget_funnel(100, 80, 20)
    assert funnel["data"][0]["x"] == [100, 80, 20]
    assert unit_figs.budget_funnel(0, 0, 0)["data"] == []
    assert unit_figs.staff_vs_norm({"medico_general": 1}, {"medico_general": 2})["data"][1]["y"] == [2]
    assert unit_figs.staff_history(profile.staff)["layout"]
    assert unit_figs.spending_history(profile.spending, 100_000)["layout"]


@pytest.mark.parametrize("color", list(COLOR_BY))
def test_unit_points(frame: pd.DataFrame, color: str) -> None:
    center, zoom = state_view("20")
    fig = unit_points(frame, color=color, geojson_url="/geo/municipios/20.geojson", center=center, zoom=zoom)
    assert sum(len(t["lat"]) for t in fig["data"]) == 34  # the unit without coordinates is not drawn
    assert fig["layout"]["map"]["style"] == "white-bg"
    assert fig["layout"]["map"]["layers"][-1]["source"] == "/geo/municipios/20.geojson"
    assert 15 < center["lat"] < 19 and 5 < zoom < 9


def test_unit_points_with_tiles(frame: pd.DataFrame) -> None:
    fig = unit_points(
        frame,
        color="comite",
        geojson_url="/g",
        center={"lat": 0, "lon": 0},
        zoom=5,
        tiles_url="https://t/{z}/{x}/{y}.png",
    )
    layers = fig["layout"]["map"]["layers"]
    assert layers[0]["sourcetype"] == "raster" and layers[0]["below"] == "traces"


def test_load_history_and_freshness(engine: Engine) -> None:
    rows = lh.load_history(engine)
    assert rows[0]["resultado"] == "rechazada" and rows[0]["n_problemas"] == 1
    assert "municipio desconocido" in rows[0]["problemas"] and len(rows[0]["sha256"]) == 12
    fresh = lh.dataset_freshness(engine)
    assert set(fresh["dataset"]) == {"registry", "staffing", "committees", "committee_spending"}
    states = lh.state_freshness(engine).set_index("cve_ent")
    assert len(states) == 32 and states.loc["20", "unidades"] == 35
    assert str(states.loc["20", "committee_spending"])[:4] == "2024"
    assert lh.network_counts(engine)["hospital"] == 12


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, []),
        ("no es json", ["no es json"]),
        ('[{"fila": 2, "columna": "x", "mensaje": "m"}]', ["fila 2, columna x: m"]),
        ('{"mensaje": "solo"}', ["solo"]),
    ],
)
def test_parse_problems(raw: str | None, expected: list[str]) -> None:
    assert lh.parse_problems(raw) == expected
