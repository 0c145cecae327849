"""Loads on SQLite and PostgreSQL: atomicity, idempotency, period replacement, units and the CLI."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select

from dashboard import db
from dashboard.ingest import data_version, freshness, is_demo, load_file
from geodata import CrosswalkWarning
from tests.conftest import load_rows, table_digest

REGISTRY = """fecha,cvegeo,canal,registrados,duplicados,credenciales
2024-01-01,07001,modulo,10,1,5
2024-01-01,07002,autorregistro,20,0,3
2024-01-02,07001,cruce_bienestar,30,2,0
2024-01-02,20001,modulo,40,0,1
"""

UNITS_HEADER = (
    "CLUES,CLAVE DE LA ENTIDAD,ENTIDAD,CLAVE DEL MUNICIPIO,MUNICIPIO,CLAVE DE LA LOCALIDAD,LOCALIDAD,"
    "CLAVE DE TIPOLOGIA,NOMBRE DE TIPOLOGIA,NOMBRE DE SUBTIPOLOGIA,NOMBRE DE LA UNIDAD,ESTATUS DE OPERACION,"
    "FECHA DE INICIO DE OPERACION,NIVEL ATENCION,ESTRATO UNIDAD,LATITUD,LONGITUD"
)


def write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def count(engine: Engine, table) -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)


def registry_frame(engine: Engine) -> pd.DataFrame:
    with engine.connect() as conn:
        rows = conn.execute(select(db.registry).order_by(db.registry.c.fecha, db.registry.c.cvegeo)).mappings().all()
    return pd.DataFrame(rows)


def test_registry_load_ok(engine: Engine, tmp_path: Path) -> None:
    res = load_file(engine, "registry", write(tmp_path, "r.csv", REGISTRY))
    assert res.resultado == "correcta" and res.filas == 4
    assert res.effect.nuevas == 4 and res.effect.cambiadas == 0 and res.effect.eliminadas == 0
    assert str(res.periodo_inicio) == "2024-01-01" and str(res.periodo_fin) == "2024-01-02"
    frame = registry_frame(engine)
    assert frame["cve_ent"].tolist() == ["07", "07", "07", "20"]
    assert frame["registrados"].sum() == 100
    assert res.version is not None and data_version(engine) == res.version
    fresh = freshness(engine).set_index("dataset")
    assert str(fresh.loc["registry", "periodo_fin"]) == "2024-01-02"


def test_same_file_twice_is_unchanged(engine: Engine, tmp_path: Path) -> None:
    path = write(tmp_path, "r.csv", REGISTRY)
    load_file(engine, "registry", path)
    before, loads_before = table_digest(engine), load_rows(engine)
    res = load_file(engine, "registry", path)
    assert res.resultado == "sin_cambios"
    assert table_digest(engine) == before
    after = load_rows(engine)
    assert after[: len(loads_before)] == loads_before and len(after) == len(loads_before) + 1


def test_corrected_file_changes_only_its_keys(engine: Engine, tmp_path: Path) -> None:
    load_file(engine, "registry", write(tmp_path, "r.csv", REGISTRY))
    outside = "fecha,cvegeo,canal,registrados\n2024-02-01,07001,modulo,7\n"
    load_file(engine, "registry", write(tmp_path, "feb.csv", outside))
    corrected = "fecha,cvegeo,canal,registrados\n2024-01-01,07001,modulo,11\n2024-01-02,07002,modulo,5\n"
    res = load_file(engine, "registry", write(tmp_path, "fix.csv", corrected))
    assert (res.effect.nuevas, res.effect.cambiadas, res.effect.eliminadas) == (1, 1, 0)
    frame = registry_frame(engine)
    got = sorted(zip(frame["fecha"].astype(str), frame["cvegeo"], frame["canal"], frame["registrados"], strict=True))
    assert got == [
        ("2024-01-01", "07001", "modulo", 11),  # corrected
        ("2024-01-01", "07002", "autorregistro", 20),  # same period and state, not in the file: kept
        ("2024-01-02", "07001", "cruce_bienestar", 30),
        ("2024-01-02", "07002", "modulo", 5),  # new
        ("2024-01-02", "20001", "modulo", 40),
        ("2024-02-01", "07001", "modulo", 7),
    ]


def test_interrupted_load_leaves_nothing(engine: Engine, tmp_path: Path) -> None:
    load_file(
        engine, "registry", write(tmp_path, "r.csv", "fecha,cvegeo,canal,registrados\n2024-01-01,07001,modulo,1\n")
    )
    before, loads_before = table_digest(engine), load_rows(engine)
    with pytest.raises(RuntimeError, match="fallo simulado"):
        load_file(engine, "registry", write(tmp_path, "r2.csv", REGISTRY), _fail_after_rows=2)
    assert table_digest(engine) == before
    after = load_rows(engine)
    assert after[: len(loads_before)] == loads_before and len(after) == len(loads_before) + 1
    with engine.connect() as conn:
        last = conn.execute(select(db.loads).order_by(db.loads.c.id.desc()).limit(1)).one()
    assert last.resultado == "fallida" and "fallo simulado" in last.problemas


def test_spreadsheet_style_keys_and_aliases(engine: Engine, tmp_path: Path) -> None:
    content = "Canal;Fecha;CVE_ENT;CVE_MUN;Registrados;Extra\nMódulo de afiliación;01/03/2024;7;1;3;x\n"
    res = load_file(engine, "registry", write(tmp_path, "r.csv", content))
    assert res.filas == 1
    assert registry_frame(engine)[["cvegeo", "canal"]].values.tolist() == [["07001", "modulo"]]


def test_registry_crosswalk_warning_recorded(engine: Engine, tmp_path: Path) -> None:
    content = "fecha,cvegeo,canal,registrados\n2024-01-01,25019,modulo,3\n2024-01-01,25006,modulo,4\n"
    with pytest.warns(CrosswalkWarning, match="25019"):
        res = load_file(engine, "registry", write(tmp_path, "r.csv", content))
    assert [p.nivel for p in res.problemas] == ["aviso"]
    frame = registry_frame(engine)
    assert frame["cvegeo"].tolist() == ["25006"] and frame["registrados"].tolist() == [7]
    with engine.connect() as conn:
        stored = conn.execute(select(db.loads.c.problemas).where(db.loads.c.id == res.load_id)).scalar()
    assert "25019" in stored and "aviso" in stored


def test_staffing_committees_spending(engine: Engine, tmp_path: Path) -> None:
    staff = "fecha,clues,rol,incorporados,basificados\n2024-05-16,CSIMB000011,médico general,2,1\n"
    staff += "2024-05-16,CSIMB000011,Enfermería,3,\n"
    res = load_file(engine, "staffing", write(tmp_path, "s.csv", staff))
    assert res.filas == 2
    with engine.connect() as conn:
        rows = conn.execute(select(db.staffing.c.rol, db.staffing.c.cve_ent, db.staffing.c.basificados)).all()
    assert sorted(tuple(r) for r in rows) == [("enfermeria", "07", 0), ("medico_general", "07", 1)]
    comm = "clues,fecha_asamblea,fecha_instalacion,fecha_tarjeta,presupuesto_asignado\n"
    load_file(engine, "committees", write(tmp_path, "c1.csv", comm + "CSIMB000011,2023-05-01,,,537000.00\n"))
    load_file(engine, "committees", write(tmp_path, "c2.csv", comm + "CSIMB000011,2023-05-01,2023-05-10,,537000\n"))
    with engine.connect() as conn:
        got = conn.execute(select(db.committees.c.fecha_instalacion, db.committees.c.presupuesto_asignado)).all()
    assert [(str(a), b) for a, b in got] == [("2023-05-10", 537000)]
    spend = "fecha,clues,dispersado,ejercido\n2024-03-01,CSIMB000011,100000,2500\n"
    assert load_file(engine, "committee_spending", write(tmp_path, "g.csv", spend)).filas == 1


def test_units_official_layout_upsert_and_crosswalk(engine: Engine, tmp_path: Path) -> None:
    before = count(engine, db.units)
    rows = [
        "CSIMB000011,7,CHIAPAS,1,ACACOYAGUA,131,LAS BRISAS,C,RURAL DE 03 NÚCLEOS BÁSICOS Y MÁS,NO ESPECIFICADO,"
        "LAS BRISAS NUEVO,EN OPERACION,15/03/1985,PRIMER NIVEL,RURAL,,",
        "SLIMB999990,25,SINALOA,019,ELDORADO,0067,LAS ARENITAS,M,HOSPITAL GENERAL,NO ESPECIFICADO,HG PRUEBA,"
        "EN OPERACION,,SEGUNDO NIVEL,URBANO,24.3732253663557,-107.535891",
    ]
    path = write(tmp_path, "u.csv", UNITS_HEADER + "\n" + "\n".join(rows) + "\n")
    with pytest.warns(CrosswalkWarning, match="25019"):
        res = load_file(engine, "units", path)
    assert any(p.nivel == "aviso" and "25019" in str(p) for p in res.problemas)
    assert count(engine, db.units) == before + 1
    with engine.connect() as conn:
        got = {
            r.clues: r
            for r in conn.execute(select(db.units).where(db.units.c.clues.in_(["CSIMB000011", "SLIMB999990"])))
        }
    brisas, new = got["CSIMB000011"], got["SLIMB999990"]
    assert brisas.nombre == "LAS BRISAS NUEVO" and brisas.cve_loc == "0131" and str(brisas.fecha_inicio) == "1985-03-15"
    assert brisas.ubicacion == "sin_coordenadas" and brisas.tipo_red == "centro_salud"
    assert (new.cvegeo, new.cvegeo_catalogo, new.tipo_red, new.ubicacion) == ("25006", "25019", "hospital", "ok")


def test_demo_units_and_flags(engine: Engine, tmp_path: Path) -> None:
    assert not is_demo(engine)
    row = "DEMO-07-00001,07,CHIAPAS,001,ACACOYAGUA,0001,X,P,UNIDAD MÓVIL,,MOVIL DEMO,EN OPERACION,,PRIMER NIVEL,RURAL,,,sí"
    path = write(tmp_path, "demo.csv", UNITS_HEADER + ",SINTETICA\n" + row + "\n")
    load_file(engine, "units", path, demo=True)
    assert is_demo(engine)
    with engine.connect() as conn:
        unit = conn.execute(select(db.units).where(db.units.c.clues == "DEMO-07-00001")).one()
    assert unit.sintetica and unit.tipo_red == "movil"


def test_load_reference_is_idempotent(engine: Engine) -> None:
    from dashboard.reference import load_reference

    before, loads_before = table_digest(engine), load_rows(engine)
    load_reference(engine)
    assert table_digest(engine) == before
    assert load_rows(engine) == loads_before
    counts = {t.name: count(engine, t) for t in (db.states, db.municipalities, db.staffing_norm)}
    assert counts["states"] == 32 and counts["municipalities"] == 2469 + 6 + 3


def test_cli_load_and_reject(sqlite_reference: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from dashboard.cli import main
    from tests.conftest import reset

    reset(sqlite_reference)
    url = str(sqlite_reference.url)
    before = table_digest(sqlite_reference)
    assert main(["--database", url, "load", "registry", str(write(tmp_path, "r.csv", REGISTRY)), "--simular"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Simulación (no se escribió nada): 4 fila(s)") and table_digest(sqlite_reference) == before
    assert "4 nueva(s), 0 modificada(s), 0 sin cambio; 0 eliminada(s)" in out
    assert "07 Chiapas: registros 0 → 60; personas 0 → 57; credenciales 0 → 8" in out
    assert main(["--database", url, "load", "registry", str(write(tmp_path, "r.csv", REGISTRY))]) == 0
    out = capsys.readouterr().out
    assert "Carga correcta" in out and "07 Chiapas: registros 0 → 60" in out
    lower = write(tmp_path, "low.csv", "fecha,cvegeo,canal,registrados\n2024-01-01,07001,modulo,1\n")
    assert main(["--database", url, "load", "registry", str(lower)]) == 2  # not a terminal: refused
    assert "--confirmar" in capsys.readouterr().err
    assert main(["--database", url, "load", "registry", str(lower), "--confirmar"]) == 0
    capsys.readouterr()
    assert main(["--database", url, "load", "registry", str(tmp_path / "nada.csv")]) == 2
    assert capsys.readouterr().err.count("\n") <= 3
    bad = write(tmp_path, "bad.csv", "fecha,cvegeo,canal,registrados\n2024-01-01,07001,modulo,-3\n")
    assert main(["--database", url, "load", "registry", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "fila 2, columna 'registrados': valor negativo (-3)" in err
    assert main(["--database", url, "loads"]) == 0
    assert "rechazada" in capsys.readouterr().out


def test_staffing_norm_matches_catalogue(engine: Engine) -> None:
    with engine.connect() as conn:
        norm = set(conn.execute(select(db.staffing_norm.c.tipologia)).scalars())
        catalogue = set(conn.execute(select(db.units.c.tipologia)).scalars())
    assert norm <= catalogue
