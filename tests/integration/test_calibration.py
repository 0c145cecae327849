"""The demo, loaded through the real ingest, reproduces every published figure (or its documented difference)."""

from __future__ import annotations

import hashlib
import re
import warnings
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from dashboard import db
from dashboard.db import make_engine
from dashboard.queries.published import check_published, known_differences, published_figures
from tests.conftest import pg_schema_engine

pytestmark = pytest.mark.slow

KNOWN = {"P1", "P2", "P3", "U1", "U2", "U4"}
NO_DATA = {"S3"}
FACT_IDS = [
    "R1", "R2", "R3", "R4", "R5", "P1", "P2", "P3", "U1", "U2", "U3", "U4", "S1", "S2", "S3", "S4",
    "C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9", "C10", "C11", "C12", "C13", "C14", "C15", "C16",
    "C17", "C18", "C19", "C20", "C21", "C22", "C23", "C24", "C25", "C26", "C27", "C28", "C29", "C30", "C31",
    "C32", "C33", "C34", "C35", "F1", "F2", "F3",
]  # fmt: skip
REAL_CLUES = re.compile(r"^[A-Z]{2}[A-Z]{3}\d{6}$")


def _build(engine: Engine, out: Path) -> Engine:
    import datasets.demo

    db.create_schema(engine)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        datasets.demo.build_demo(engine, date(2024, 12, 31), out)
    return engine


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, Path]]:
    out = tmp_path_factory.mktemp(f"demo_{request.param}")
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{out / 'demo.sqlite'}")
    else:
        engine = pg_schema_engine("tablero_test_demo")
    yield _build(engine, out / "files"), out / "files"
    engine.dispose()


@pytest.fixture(scope="module")
def checked(demo: tuple[Engine, Path]):  # type: ignore[no-untyped-def]
    return check_published(demo[0]).set_index("fact_id")


def test_every_figure_listed() -> None:
    assert sorted(published_figures()["fact_id"]) == sorted(FACT_IDS)


@pytest.mark.parametrize("fact_id", FACT_IDS)
def test_figure(checked, fact_id: str) -> None:  # type: ignore[no-untyped-def]
    row = checked.loc[fact_id]
    expected = "diferencia_conocida" if fact_id in KNOWN else "sin_dato" if fact_id in NO_DATA else "coincide"
    assert row["status"] == expected, (fact_id, row["dashboard"], row["low"], row["high"], row["note_es"])
    if expected != "coincide":
        assert row["note_es"]


def test_known_differences_cover_statuses(checked) -> None:  # type: ignore[no-untyped-def]
    listed = {f.strip() for ids in known_differences()["fact_ids"] for f in ids.split(";")}
    assert listed >= KNOWN | NO_DATA


def test_deterministic(demo: tuple[Engine, Path], tmp_path: Path) -> None:
    import datasets.demo

    paths, _ = datasets.demo.generate(date(2024, 12, 31), tmp_path)
    for name, path in paths.items():
        if path.suffix == ".xlsx":  # the workbook zip stores a timestamp: compare its cells instead
            import pandas as pd

            assert pd.read_excel(path).equals(pd.read_excel(demo[1] / path.name))
            continue
        assert _sha(path) == _sha(demo[1] / path.name), name


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_synthetic_units(demo: tuple[Engine, Path]) -> None:
    from datasets.demo import calibration_targets as T
    from datasets.demo import units as U

    engine = demo[0]
    with engine.connect() as conn:
        rows = conn.execute(
            select(db.units.c.clues, db.units.c.cve_ent, db.units.c.ubicacion, db.units.c.cvegeo_punto).where(
                db.units.c.sintetica.is_(True)
            )
        ).all()
    assert rows
    assert not any(REAL_CLUES.match(r.clues) for r in rows)
    assert all(r.clues.startswith(f"DEMO-{r.cve_ent}-") for r in rows)
    assert all(r.ubicacion == "ok" and r.cvegeo_punto[:2] == r.cve_ent for r in rows)
    plan = U.committees_per_state(U.catalogue())
    assert len(rows) == int(plan["synthetic"].sum())
    assert int(plan["late"].sum()) == T.COMMITTEES_TOTAL - int(plan["of_total"].sum())  # C1 beyond C2–C24


def test_every_fact_row_is_demo(demo: tuple[Engine, Path]) -> None:
    with demo[0].connect() as conn:
        for table in db.FACT_TABLES:
            stmt = (
                select(func.count())
                .select_from(table.join(db.loads, db.loads.c.id == table.c.load_id))
                .where(db.loads.c.demo.is_(False))
            )
            assert conn.execute(stmt).scalar() == 0, table.name
            assert conn.execute(select(func.count()).select_from(table)).scalar() > 0, table.name


def test_doctor_coverage_meaningful(demo: tuple[Engine, Path]) -> None:
    from dashboard.queries.snapshot import state_cube

    at = state_cube(demo[0]).at("2024-12-31")
    pct = at["medicos_pct"].dropna()
    assert len(pct) == 23
    assert pct.between(55, 100).all(), pct.to_dict()
