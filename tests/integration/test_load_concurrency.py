"""Loads at the same time: serialised by the load lock, each recorded, the data version only goes forward."""

from __future__ import annotations

import csv
import io
import threading
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from dashboard import cache, db
from dashboard.ingest import LoadBusy, data_version, load_file, load_lock
from dashboard.ingest.ledger import start

HEAD = "fecha,cvegeo,canal,registrados,duplicados,credenciales\n"


def write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def run_all(jobs: list[tuple[str, Path]], engine: Engine) -> list[object]:
    results: list[object] = [None] * len(jobs)

    def work(i: int, dataset: str, path: Path) -> None:
        try:
            results[i] = load_file(engine, dataset, path, wait=60)
        except Exception as exc:  # collected and asserted on below
            results[i] = exc

    threads = [threading.Thread(target=work, args=(i, *job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


@pytest.mark.parametrize("how_many", [2, 3])
def test_simultaneous_loads_all_commit_in_order(engine: Engine, tmp_path: Path, how_many: int) -> None:
    v0 = data_version(engine)
    with engine.connect() as conn:
        last_id = conn.execute(select(func.max(db.loads.c.id))).scalar() or 0
    jobs = [
        (
            "registry",
            write(tmp_path, "r.csv", HEAD + "".join(f"2024-07-{d:02d},20001,modulo,{d},0,0\n" for d in range(1, 29))),
        ),
        (
            "staffing",
            write(tmp_path, "s.csv", "fecha,clues,rol,incorporados\n2024-05-16,OCIMB000024,medico_general,2\n"),
        ),
        (
            "committee_spending",
            write(tmp_path, "g.csv", "fecha,clues,dispersado,ejercido\n2024-06-01,OCIMB000024,1000,10\n"),
        ),
    ][:how_many]
    results = run_all(jobs, engine)
    assert all(getattr(r, "resultado", None) == "correcta" for r in results), results
    with engine.connect() as conn:
        rows = conn.execute(
            select(db.loads.c.id, db.loads.c.resultado, db.loads.c.version_datos)
            .where(db.loads.c.id > last_id)
            .order_by(db.loads.c.id)
        ).all()
    assert [r.resultado for r in rows] == ["correcta"] * how_many
    assert [r.version_datos for r in rows] == list(range(v0 + 1, v0 + how_many + 1)), "ids follow commit order"
    assert data_version(engine) == v0 + how_many


def test_a_load_that_waits_too_long_fails_cleanly_and_is_recorded(engine: Engine, tmp_path: Path) -> None:
    path = write(tmp_path, "r.csv", HEAD + "2024-07-01,20001,modulo,1,0,0\n")
    told: list[str] = []
    with load_lock(engine), pytest.raises(LoadBusy, match="otra carga en curso") as info:
        load_file(engine, "registry", path, wait=0.6, on_wait=lambda: told.append("esperando"))
    assert told == ["esperando"]
    with engine.connect() as conn:
        row = conn.execute(select(db.loads).where(db.loads.c.id == info.value.load_id)).one()
    assert row.resultado == "fallida" and "otra carga en curso" in row.problemas
    assert load_file(engine, "registry", path).resultado == "correcta"  # the lock is free again


def test_a_killed_load_is_marked_interrumpida_by_the_next(engine: Engine, tmp_path: Path) -> None:
    dead = start(engine, dataset="registry", archivo="muerta.csv", sha256="", iniciado=datetime.now())
    load_file(engine, "registry", write(tmp_path, "r.csv", HEAD + "2024-07-01,20001,modulo,1,0,0\n"))
    with engine.connect() as conn:
        row = conn.execute(select(db.loads).where(db.loads.c.id == dead)).one()
    assert row.resultado == "interrumpida" and row.terminado is not None


def _oaxaca(csv_text: str) -> str:
    rows = list(csv.reader(io.StringIO(csv_text)))
    return next(",".join(r) for r in rows if any("Oaxaca" in c for c in r))


@pytest.mark.postgres
@pytest.mark.redis
def test_cache_follows_commits_not_load_ids(postgresql_reference: Engine, tmp_path: Path) -> None:
    """A big load that started first commits after a small one: the export shows its figures all the same."""
    from sqlalchemy.engine import make_url

    from dashboard.app import create_app
    from dashboard.config import Settings
    from tests.conftest import reset
    from tests.integration.test_cache import redis_url

    engine = postgresql_reference
    reset(engine)
    setup = HEAD + "2024-07-01,20001,modulo,100,0,0\n2024-07-01,12001,modulo,5,0,0\n"
    load_file(engine, "registry", write(tmp_path, "a.csv", setup))
    schema = engine.dialect.default_schema_name or "tablero_test_ref"
    with engine.connect() as conn:
        schema = conn.exec_driver_sql("SELECT current_schema()").scalar() or schema
    url = make_url(str(engine.url)).set(query={"options": f"-csearch_path={schema}"})
    app = create_app(
        Settings.from_env(environ={}, database_url=url.render_as_string(hide_password=False), cache_url=redis_url())
    )
    client = app.server.test_client()
    first = client.get("/exportar/registro-estados.csv")
    assert first.status_code == 200
    before = _oaxaca(first.get_data(as_text=True))

    rows = "".join(f"2024-08-{d:02d},20002,modulo,1000,0,0\n" for d in range(1, 29))
    # a correction lowering Guerrero makes the load stop at its confirmation, inside its transaction, holding the lock
    big = write(tmp_path, "big.csv", HEAD + rows + "2024-07-01,12001,modulo,4,0,0\n")
    small = write(tmp_path, "s.csv", "fecha,clues,rol,incorporados\n2024-05-16,OCIMB000024,medico_general,2\n")
    gate, holding = threading.Event(), threading.Event()
    results: dict[str, object] = {}

    def hold(_effect: object) -> bool:
        holding.set()
        return gate.wait(30) or True

    def big_load() -> None:
        results["big"] = load_file(engine, "registry", big, confirm=hold)

    holder = threading.Thread(target=big_load)
    holder.start()  # stops inside its transaction (at the confirmation) holding the lock
    assert holding.wait(30)
    small_thread = threading.Thread(
        target=lambda: results.setdefault("small", load_file(engine, "staffing", small, wait=60))
    )
    small_thread.start()
    # the page is viewed while both loads are pending
    cache.forget_versions()
    assert _oaxaca(client.get("/exportar/registro-estados.csv").get_data(as_text=True)) == before
    gate.set()
    holder.join(60)
    small_thread.join(60)
    cache.forget_versions()
    after = _oaxaca(client.get("/exportar/registro-estados.csv").get_data(as_text=True))
    assert float(before.split(",")[-1]) == 100 and float(after.split(",")[-1]) == 100 + 28 * 1000
    with engine.connect() as conn:
        rows = conn.execute(
            select(db.loads.c.dataset, db.loads.c.version_datos).order_by(db.loads.c.version_datos)
        ).all()
    assert [r.dataset for r in rows][-2:] == ["registry", "staffing"]
    cache.configure(None)


def test_sqlite_locked_by_another_program(sqlite_reference: Engine, tmp_path: Path) -> None:
    """Another program holds the write lock: a bad file still shows its problems; a good one fails in one line."""
    import sqlite3

    from sqlalchemy import create_engine

    from dashboard.ingest import IngestRejected, LoadFailed
    from tests.conftest import reset, table_digest

    reset(sqlite_reference)
    path = sqlite_reference.url.database
    assert path
    impatient = create_engine(f"sqlite:///{path}", connect_args={"timeout": 0.5})
    before = table_digest(sqlite_reference)
    other = sqlite3.connect(path, timeout=0.5)
    other.execute("BEGIN IMMEDIATE")
    try:
        bad = write(tmp_path, "bad.csv", HEAD + "2024-07-01,20001,modulo,-3,0,0\n")
        with pytest.raises(IngestRejected, match="fila 2, columna 'registrados': valor negativo"):
            load_file(impatient, "registry", bad)
        good = write(tmp_path, "good.csv", HEAD + "2024-07-01,20001,modulo,3,0,0\n")
        with pytest.raises(LoadFailed) as info:
            load_file(impatient, "registry", good)
        assert str(info.value).startswith("la base de datos está bloqueada por otro proceso")
        assert "\n" not in str(info.value)
    finally:
        other.rollback()
        other.close()
    assert table_digest(sqlite_reference) == before
    impatient.dispose()
