"""10× scale: the loader's aggregates equal a GROUP BY over the base tables; the scaled generator's shape and seed."""

from __future__ import annotations

import hashlib
import re
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import Engine, delete, insert, select

from dashboard import aggregates, db
from dashboard.ingest import IngestRejected, load_file
from dashboard.milestones import SOURCES, milestones_select
from datasets.demo import scale as S

MUNIS = {"12": ("12001", "12029"), "20": ("20067", "20184", "20413")}


def registry_csv(path: Path, start: date, days: int, states: tuple[str, ...], seed: int) -> Path:
    """Every municipality × channel × day of the given states, random counts."""
    rng = np.random.default_rng(seed)
    rows = [
        (start + timedelta(d), cvegeo, canal)
        for d in range(days)
        for s in states
        for cvegeo in MUNIS[s]
        for canal in ("modulo", "autorregistro", "cruce_bienestar")
    ]
    frame = pd.DataFrame(rows, columns=["fecha", "cvegeo", "canal"])
    frame["registrados"] = rng.integers(1, 400, len(frame))
    frame["duplicados"] = (frame["registrados"] * rng.random(len(frame)) * 0.2).astype(int)
    frame["credenciales"] = (frame["registrados"] * rng.random(len(frame))).astype(int)
    frame.to_csv(path, index=False)
    return path


def _rows(engine: Engine, stmt: object) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        out = [tuple(str(v)[:10] if isinstance(v, date) else str(v) for v in r) for r in conn.execute(stmt)]  # type: ignore[call-overload]
    return sorted(out)


def assert_aggregates_equal_base(engine: Engine) -> None:
    """Each loaded dataset's aggregates are current and equal their GROUP BY recomputed from scratch."""
    with engine.connect() as conn:
        for dataset, aggs in aggregates.AGGREGATES.items():
            ok = (db.loads.c.dataset == dataset) & (db.loads.c.resultado == "correcta")
            loaded = conn.execute(select(db.loads.c.id).where(ok)).first()
            assert aggregates.is_current(conn, dataset) == bool(loaded)  # readers skip stale ones
            if not loaded:
                continue
            for agg in aggs:
                names = aggregates._target_columns(agg)
                stored = _rows(engine, select(*(agg.target.c[n] for n in names)))
                fresh = _rows(engine, aggregates._select(conn, agg, []))
                assert stored == fresh, agg.target.name
        if all(aggregates.is_current(conn, d) for d in SOURCES):
            assert _rows(engine, select(db.committee_milestones)) == _rows(engine, milestones_select())


def test_aggregates_follow_loads_reloads_and_rejections(engine: Engine, tmp_path: Path) -> None:
    # stale rows left by an earlier database state must not survive the first load
    with engine.begin() as conn:
        conn.execute(delete(db.aggregate_marks))
        conn.execute(
            insert(db.registry_state_daily).values(
                fecha=date(2020, 1, 1),
                cve_ent="12",
                canal="modulo",
                registrados=9,
                duplicados=0,
                credenciales=0,
                filas=1,
            )
        )
    load_file(engine, "registry", registry_csv(tmp_path / "a.csv", date(2024, 1, 20), 50, ("12", "20"), 1))
    assert_aggregates_equal_base(engine)
    # corrected reload of part of the period, one state only: other months and states keep their rows
    load_file(engine, "registry", registry_csv(tmp_path / "b.csv", date(2024, 2, 10), 30, ("20",), 2))
    assert_aggregates_equal_base(engine)
    bad = tmp_path / "bad.csv"
    registry_csv(bad, date(2024, 1, 1), 5, ("12",), 3)
    bad.write_text(bad.read_text().replace("12001", "99999", 1))
    with pytest.raises(IngestRejected):
        load_file(engine, "registry", bad)
    assert_aggregates_equal_base(engine)
    with pytest.raises(RuntimeError):
        load_file(
            engine, "registry", registry_csv(tmp_path / "c.csv", date(2024, 3, 1), 40, ("12",), 4), _fail_after_rows=5
        )
    assert_aggregates_equal_base(engine)
    with engine.connect() as conn:
        clues = conn.execute(select(db.units.c.clues).where(db.units.c.cve_ent == "12").limit(3)).scalars().all()
    staff = pd.DataFrame(
        [
            (date(2024, 1, d), c, rol, d % 3, d % 2)
            for d in range(1, 29)
            for c in clues
            for rol in ("enfermeria", "especialista")
        ],
        columns=["fecha", "clues", "rol", "incorporados", "basificados"],
    )
    staff.to_csv(tmp_path / "s.csv", index=False)
    load_file(engine, "staffing", tmp_path / "s.csv")
    staff[staff["fecha"] >= date(2024, 1, 15)].assign(incorporados=7).to_csv(tmp_path / "s2.csv", index=False)
    load_file(engine, "staffing", tmp_path / "s2.csv")
    assert_aggregates_equal_base(engine)
    load_committees_and_spending(engine, tmp_path, list(clues))


def load_committees_and_spending(engine: Engine, tmp_path: Path, clues: list[str]) -> None:
    """Milestones and spending sums follow spending loads, a corrected spending reload and a budget change."""
    com = pd.DataFrame({"clues": clues, "fecha_instalacion": "2024-01-05", "presupuesto_asignado": 500_000})
    com.to_csv(tmp_path / "c.csv", index=False)
    load_file(engine, "committees", tmp_path / "c.csv")
    days = [date(2024, 2, d) for d in range(1, 21)]
    deposits = {1: 500_000, 10: 600_000}  # spending never runs ahead of what was dispersed
    spend = pd.DataFrame([(d, c, deposits.get(d.day, 0), 40_000) for d in days for c in clues])
    spend.columns = ["fecha", "clues", "dispersado", "ejercido"]
    spend.to_csv(tmp_path / "g.csv", index=False)
    load_file(engine, "committee_spending", tmp_path / "g.csv")
    assert_aggregates_equal_base(engine)
    spend[spend["fecha"] >= date(2024, 2, 10)].assign(ejercido=60_000).to_csv(tmp_path / "g2.csv", index=False)
    load_file(engine, "committee_spending", tmp_path / "g2.csv")
    assert_aggregates_equal_base(engine)
    com.assign(presupuesto_asignado=900_000).to_csv(tmp_path / "c2.csv", index=False)
    load_file(engine, "committees", tmp_path / "c2.csv")
    assert_aggregates_equal_base(engine)
    with engine.connect() as conn:
        done = conn.execute(select(db.committee_milestones.c.gasto_total)).scalars().all()
    assert done and all(d is not None for d in done)  # 9 × 40,000 + 9 × 60,000 = 900,000 on 18 February


def test_cube_same_from_aggregates_and_base(engine: Engine, tmp_path: Path) -> None:
    from dashboard.queries.snapshot import state_cube

    load_file(engine, "registry", registry_csv(tmp_path / "a.csv", date(2024, 5, 1), 20, ("12", "20"), 5))
    with engine.connect() as conn:
        clues = conn.execute(select(db.units.c.clues).where(db.units.c.cve_ent == "20").limit(4)).scalars().all()
    load_committees_and_spending(engine, tmp_path, list(clues))
    fast = state_cube.uncached(engine)  # type: ignore[attr-defined]
    with engine.begin() as conn:
        conn.execute(delete(db.aggregate_marks))  # the reader falls back to the base tables
    slow = state_cube.uncached(engine)  # type: ignore[attr-defined]
    assert fast.keys == slow.keys and np.array_equal(fast.values, slow.values)
    aggregates.rebuild(engine)
    assert_aggregates_equal_base(engine)


SMALL_STATES = ("01", "09", "29")
SMALL: dict[str, object] = {"start": date(2024, 1, 1), "end": date(2024, 1, 31), "states": SMALL_STATES}


@pytest.fixture(scope="module")
def scaled(tmp_path_factory: pytest.TempPathFactory) -> S.ScaledFiles:
    return S.generate_scaled(tmp_path_factory.mktemp("scale10"), **SMALL)  # type: ignore[arg-type]


def test_scaled_shape(scaled: S.ScaledFiles) -> None:
    units = pd.read_csv(scaled.paths["units"][0], dtype=str)
    assert units["CLUES"].str.fullmatch(r"DEMO-\d{2}-\d{5}").all() and (units["SINTETICA"] == "1").all()
    assert set(units["CLAVE DE LA ENTIDAD"]) == set(SMALL_STATES)  # Aguascalientes (not joined) included
    munis = S.U.municipalities(list(SMALL_STATES))
    share = munis["pss"].sum() / S.U.municipalities(list(S.ALL_STATES))["pss"].sum()
    real = S.U.catalogue()["cve_ent"].isin(SMALL_STATES).sum()
    assert abs(len(units) + real - S.TOTAL_UNITS * share) <= 0.01 * S.TOTAL_UNITS * share
    reg = pd.read_parquet(scaled.paths["registry"][0])
    cells = len(munis) * 31 * 3
    assert 0.9 * cells <= len(reg) <= cells and len(reg) == scaled.rows["registry"]
    assert [p.name for p in scaled.paths["registry"]] == ["registro_2024.parquet"]
    staff = pd.read_csv(scaled.paths["staffing"][0], dtype=str)
    assert re.fullmatch(r"2024-01-\d\d", staff["fecha"].max())


def test_scaled_is_deterministic(scaled: S.ScaledFiles, tmp_path: Path) -> None:
    again = S.generate_scaled(tmp_path, **SMALL)  # type: ignore[arg-type]

    def digest(files: S.ScaledFiles) -> dict[str, list[str]]:
        return {k: [hashlib.sha256(p.read_bytes()).hexdigest() for p in v] for k, v in files.paths.items()}

    assert digest(again) == digest(scaled) and again.rows == scaled.rows
