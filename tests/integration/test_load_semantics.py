"""Issue 8: a load changes exactly the keys in its file, says what it changed, and removes only a declared scope."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from dashboard import db
from dashboard.ingest import IngestRejected, data_version, load_file
from tests.conftest import load_rows, table_digest

HEAD = "fecha,cvegeo,canal,registrados,duplicados,credenciales\n"
MUNIS = {"15": ("15001", "15002", "15003"), "20": ("20001", "20002", "20003")}


def write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def season(tmp_path: Path) -> Path:
    """Every day of July–December 2024 for 3 municipalities of Estado de México and of Oaxaca, one channel."""
    lines = [HEAD]
    day = 0
    for month in range(7, 13):
        for d in range(1, 29):
            day += 1
            for codes in MUNIS.values():
                for code in codes:
                    lines.append(f"2024-{month:02d}-{d:02d},{code},modulo,{100 + day},{day % 7},{day % 5}\n")
    return write(tmp_path, "season.csv", "".join(lines))


def totals(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(db.registry.c.cve_ent, func.sum(db.registry.c.registrados)).group_by(db.registry.c.cve_ent)
        ).all()
    return {e: int(v) for e, v in rows}


def registry_rows(engine: Engine) -> dict[tuple[str, str, str], tuple[int, int, int]]:
    r = db.registry.c
    with engine.connect() as conn:
        rows = conn.execute(select(r.fecha, r.cvegeo, r.canal, r.registrados, r.duplicados, r.credenciales)).all()
    return {(str(f)[:10], g, c): (a, b, k) for f, g, c, a, b, k in rows}


def test_correction_file_never_wipes_the_months_between_its_dates(engine: Engine, tmp_path: Path) -> None:
    load_file(engine, "registry", season(tmp_path))
    before = registry_rows(engine)
    fix = HEAD + "".join(
        f"{d},{m},modulo,999,0,0\n" for d in ("2024-07-01", "2024-12-01") for m in ("15001", "15002", "15003")
    )
    res = load_file(engine, "registry", write(tmp_path, "fix.csv", fix), confirm=True)
    assert res.resultado == "correcta"
    assert (res.effect.nuevas, res.effect.cambiadas, res.effect.eliminadas) == (0, 6, 0)
    after = registry_rows(engine)
    assert len(after) == len(before)
    changed = {k for k in before if before[k] != after[k]}
    assert changed == {(d, m, "modulo") for d in ("2024-07-01", "2024-12-01") for m in MUNIS["15"]}
    assert all(after[k] == (999, 0, 0) for k in changed)


def test_file_of_two_states_touches_only_its_rows(engine: Engine, tmp_path: Path) -> None:
    load_file(engine, "registry", season(tmp_path))
    before = registry_rows(engine)
    fix = HEAD + "2024-07-03,15001,modulo,5000,0,0\n2024-12-20,20002,modulo,6000,0,0\n"
    load_file(engine, "registry", write(tmp_path, "fix.csv", fix), confirm=True)
    after = registry_rows(engine)
    assert {k for k in before if before[k] != after[k]} == {
        ("2024-07-03", "15001", "modulo"),
        ("2024-12-20", "20002", "modulo"),
    }


def test_a_replaced_file_can_come_back(engine: Engine, tmp_path: Path) -> None:
    v5 = write(tmp_path, "v5.csv", HEAD + "2024-07-01,20001,modulo,5,0,0\n")
    v10 = write(tmp_path, "v10.csv", HEAD + "2024-07-01,20001,modulo,10,0,0\n")
    assert load_file(engine, "registry", v5).resultado == "correcta"
    assert load_file(engine, "registry", v10).resultado == "correcta"
    again = load_file(engine, "registry", v5, confirm=True)
    assert again.resultado == "correcta" and again.effect.cambiadas == 1
    assert registry_rows(engine)[("2024-07-01", "20001", "modulo")] == (5, 0, 0)
    assert load_file(engine, "registry", v5).resultado == "sin_cambios"


def test_dry_run_reports_the_effect_and_writes_nothing(engine: Engine, tmp_path: Path) -> None:
    load_file(engine, "registry", season(tmp_path))
    before, ledger = table_digest(engine), load_rows(engine)
    registry_rows_before = registry_rows(engine)
    version = data_version(engine)
    fix = write(tmp_path, "fix.csv", HEAD + "2024-07-01,15001,modulo,1,0,0\n2025-01-02,15001,modulo,7,0,0\n")
    dry = load_file(engine, "registry", fix, dry_run=True, scope="fechas=2024-07-01..2025-01-31 estados=15")
    assert dry.resultado == "simulada" and dry.load_id is None
    assert table_digest(engine) == before and load_rows(engine) == ledger and data_version(engine) == version
    real = load_file(engine, "registry", fix, scope="fechas=2024-07-01..2025-01-31 estados=15", confirm=True)
    assert real.effect.as_dict() == dry.effect.as_dict()
    assert (real.effect.nuevas, real.effect.cambiadas) == (1, 1)
    assert real.effect.eliminadas == 6 * 28 * 3 - 1
    mex = next(s for s in real.effect.estados if s.cve_ent == "15")
    assert mex.despues["registros"] == 1 + 7 == totals(engine)["15"]
    assert mex.antes["registros"] == sum(v[0] for k, v in registry_rows_before.items() if k[1].startswith("15"))
    assert "20" in totals(engine) and not any(s.cve_ent == "20" for s in real.effect.estados)


def test_scope_removes_only_inside_and_must_cover_the_file(engine: Engine, tmp_path: Path) -> None:
    load_file(engine, "registry", season(tmp_path))
    before = registry_rows(engine)
    july = write(tmp_path, "july.csv", HEAD + "2024-07-05,15001,modulo,1,0,0\n")
    res = load_file(engine, "registry", july, scope="fechas=2024-07-01..2024-07-31 estados=15", confirm=True)
    after = registry_rows(engine)
    gone = set(before) - set(after)
    assert all(k[0].startswith("2024-07") and k[1].startswith("15") for k in gone)
    assert len(gone) == res.effect.eliminadas == 28 * 3 - 1
    assert all(after[k] == before[k] for k in after if not (k[0].startswith("2024-07") and k[1].startswith("15")))
    outside = write(tmp_path, "out.csv", HEAD + "2024-08-05,15001,modulo,1,0,0\n")
    snapshot = table_digest(engine)
    with pytest.raises(IngestRejected, match="fila 2: fuera del alcance declarado"):
        load_file(engine, "registry", outside, scope="fechas=2024-07-01..2024-07-31 estados=15", confirm=True)
    with pytest.raises(IngestRejected, match="fecha no válida en --reemplazar"):
        load_file(engine, "registry", outside, scope="fechas=2024-13-01")
    assert table_digest(engine) == snapshot


def test_lowering_a_total_needs_confirmation(engine: Engine, tmp_path: Path) -> None:
    load_file(engine, "registry", write(tmp_path, "a.csv", HEAD + "2024-07-01,20001,modulo,50,0,0\n"))
    lower = write(tmp_path, "b.csv", HEAD + "2024-07-01,20001,modulo,40,0,0\n")
    snapshot = table_digest(engine)
    with pytest.raises(IngestRejected, match=r"reduciría totales acumulados \(estado 20: registros 50 → 40") as info:
        load_file(engine, "registry", lower)
    assert info.value.effect is not None and info.value.effect.cambiadas == 1
    assert table_digest(engine) == snapshot
    with engine.connect() as conn:
        last = conn.execute(select(db.loads).order_by(db.loads.c.id.desc()).limit(1)).one()
    assert last.resultado == "rechazada"
    seen = []
    res = load_file(engine, "registry", lower, confirm=lambda effect: seen.append(effect.lowered()) or True)
    assert seen == [[("20", "registros", 50, 40), ("20", "personas", 50, 40)]] and res.resultado == "correcta"


def test_ledger_records_who_what_and_the_version(engine: Engine, tmp_path: Path) -> None:
    v0 = data_version(engine)
    res = load_file(engine, "registry", write(tmp_path, "a.csv", HEAD + "2024-07-01,20001,modulo,50,0,0\n"))
    with engine.connect() as conn:
        row = conn.execute(select(db.loads).where(db.loads.c.id == res.load_id)).one()
    assert row.resultado == "correcta" and row.usuario and "@" in row.usuario
    assert (row.insertadas, row.actualizadas, row.eliminadas) == (1, 0, 0)
    assert row.version_datos == data_version(engine) == v0 + 1 == res.version
    assert len(row.sha256) == 64
    summary = json.loads(row.resumen)
    assert summary["estados"][0]["despues"]["registros"] == 50
    unchanged = load_file(engine, "registry", write(tmp_path, "b.csv", HEAD + "2024-07-01,20001,modulo,50,0,0\n"))
    assert unchanged.resultado == "sin_cambios" and data_version(engine) == v0 + 1


def test_missing_path_is_one_spanish_line(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(IngestRejected) as info:
        load_file(engine, "registry", tmp_path / "no-existe.csv")
    assert [str(p) for p in info.value.problemas] == [f"el archivo no existe: {tmp_path / 'no-existe.csv'}"]
    with pytest.raises(IngestRejected, match="no es un archivo"):
        load_file(engine, "registry", tmp_path)


def test_absent_optional_columns_keep_their_values(engine: Engine, tmp_path: Path) -> None:
    load_file(engine, "registry", write(tmp_path, "a.csv", HEAD + "2024-07-01,20001,modulo,50,3,20\n"))
    res = load_file(
        engine, "registry", write(tmp_path, "b.csv", "fecha,cvegeo,canal,registrados\n2024-07-01,20001,modulo,60\n")
    )
    assert res.effect.cambiadas == 1
    assert registry_rows(engine)[("2024-07-01", "20001", "modulo")] == (60, 3, 20)
    comm = "clues,fecha_asamblea,fecha_instalacion,fecha_tarjeta,presupuesto_asignado\n"
    load_file(engine, "committees", write(tmp_path, "c.csv", comm + "OCIMB000024,2024-02-01,2024-02-10,,537000\n"))
    load_file(engine, "committees", write(tmp_path, "d.csv", "clues,presupuesto_asignado\nOCIMB000024,600000\n"))
    with engine.connect() as conn:
        got = conn.execute(select(db.committees.c.fecha_instalacion, db.committees.c.presupuesto_asignado)).one()
    assert (str(got[0]), got[1]) == ("2024-02-10", 600000)


def test_spending_cannot_exceed_what_was_dispersed(engine: Engine, tmp_path: Path) -> None:
    head = "fecha,clues,dispersado,ejercido\n"
    load_file(engine, "committee_spending", write(tmp_path, "a.csv", head + "2024-06-01,OCIMB000024,1000,0\n"))
    snapshot = table_digest(engine)
    over = write(tmp_path, "b.csv", head + "2024-06-02,OCIMB000024,0,600\n2024-06-03,OCIMB000024,0,500\n")
    with pytest.raises(IngestRejected, match="fila 3, columna 'ejercido': la unidad OCIMB000024 habría ejercido"):
        load_file(engine, "committee_spending", over)
    assert table_digest(engine) == snapshot
    ok = write(tmp_path, "c.csv", head + "2024-06-02,OCIMB000024,0,600\n2024-06-03,OCIMB000024,200,500\n")
    assert load_file(engine, "committee_spending", ok).resultado == "correcta"


def test_datos_page_shows_every_attempt_at_once(engine: Engine, tmp_path: Path) -> None:
    from dashboard.queries import loads_history as lh

    load_file(engine, "registry", write(tmp_path, "a.csv", HEAD + "2024-07-01,20001,modulo,50,0,0\n"))
    assert lh.load_history(engine)[0]["resultado"] == "correcta"
    with pytest.raises(IngestRejected):
        load_file(engine, "registry", write(tmp_path, "b.csv", HEAD + "2024-07-01,20001,modulo,-1,0,0\n"))
    rows = lh.load_history(engine)  # the data version did not change, the history did
    assert rows[0]["resultado"] == "rechazada" and "valor negativo" in rows[0]["problemas"]
    assert rows[1]["cambios"] == "+1 nuevas · 0 modificadas · 0 eliminadas"
    assert "20 Oaxaca: registros 0 → 50" in rows[1]["efecto"]
