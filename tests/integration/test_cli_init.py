"""`tablero init` rebuilds stale aggregates; `tablero demo` keeps a scaled scenario's own end date."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from sqlalchemy import delete

from dashboard import aggregates, cli, db
from tests import fixture_db


def test_init_rebuilds_stale_aggregates(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = fixture_db.build_fixture(db.make_engine(url))
    with engine.begin() as conn:
        conn.execute(delete(db.aggregate_marks))  # as a database loaded before the aggregates existed
        assert aggregates.stale(conn) == ["registry", "staffing", "committee_spending", "committees"]
    assert cli.main(["--database", url, "init"]) == 0
    with engine.connect() as conn:
        assert aggregates.stale(conn) == [] and aggregates.is_current(conn, "registry")
    engine.dispose()


def _demo_args(end: str | None, scale: int) -> argparse.Namespace:
    args = cli.parser().parse_args(["demo", "--scale", str(scale), *(["--end", end] if end else [])])
    args.settings = cli.Settings.from_env({"DEMO_END_DATE": "2024-12-31"})
    return args


def test_demo_end_date() -> None:
    assert cli.demo_end(_demo_args(None, 1)) == date(2024, 12, 31)
    assert cli.demo_end(_demo_args(None, 10)) is None  # build_demo uses the scenario's end
    assert cli.demo_end(_demo_args("2025-06-30", 10)) == date(2025, 6, 30)
