"""The real DGIS catalogue loads whole: the CLUES sheet, IMSS-Bienestar units of joined states, a skipped-row report."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from dashboard import db
from dashboard.ingest import load_file
from tests.official_catalogue import columns, write_official_catalogue


def count_units(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(db.units)).scalar() or 0)


@pytest.mark.parametrize("old_header", [False, True], ids=["2026", "antiguo"])
def test_catalogue_workbook_loads_with_skipped_report(engine: Engine, tmp_path: Path, old_header: bool) -> None:
    path = write_official_catalogue(
        tmp_path / "ESTABLECIMIENTO_SALUD_202608.xlsx", rows=2000, imb=400, old_header=old_header
    )
    assert len(columns(old_header)) == 68
    before = count_units(engine)
    res = load_file(engine, "units", path)
    notes = [str(p) for p in res.problemas if p.nivel == "aviso" and "se omitieron" in str(p)]
    assert len(notes) == 1, res.problemas
    note = notes[0]
    assert "se omitieron 1,600 fila(s) del catálogo" in note
    for reason in (
        "otra institución (SSA)",
        "otra institución (IMS)",
        "otra institución (IMO)",
        "otra institución (IST)",
    ):
        assert reason in note
    assert "estado no adherido (11): 6" in note and "estado no adherido (31): 6" in note
    assert res.filas == 400  # the real units of joined states
    assert count_units(engine) == before  # the same units as the reference catalogue: nothing new
    assert res.resultado == "sin_cambios"


def test_catalogue_changes_are_reported_and_applied(engine: Engine, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = write_official_catalogue(tmp_path / "ESTABLECIMIENTO_SALUD_202608.xlsx", rows=1200, imb=300, seed=3)
    wb = load_workbook(path)
    ws = wb[next(n for n in wb.sheetnames if n.startswith("CLUES_"))]
    header = [c.value for c in ws[1]]
    col = {name: header.index(name) for name in ("CLAVE DE LA INSTITUCION", "NOMBRE DE LA UNIDAD", "CLUES")}
    imb = [r for r in ws.iter_rows(min_row=2) if r[col["CLAVE DE LA INSTITUCION"]].value == "IMB"]
    renamed = imb[0][col["CLUES"]].value
    imb[0][col["NOMBRE DE LA UNIDAD"]].value = "CENTRO DE SALUD RENOMBRADO"
    wb.save(path)
    res = load_file(engine, "units", path)
    assert res.resultado == "correcta" and res.effect.cambiadas == 1 and res.effect.nuevas == 0
    with engine.connect() as conn:
        name = conn.execute(select(db.units.c.nombre).where(db.units.c.clues == renamed)).scalar()
        other = conn.execute(select(func.count()).select_from(db.units).where(db.units.c.clues.like("__IMS%"))).scalar()
    assert name == "CENTRO DE SALUD RENOMBRADO" and other == 0
