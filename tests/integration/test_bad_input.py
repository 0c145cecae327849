"""Every kind of bad file is rejected with row and column named, data untouched, one 'rechazado' load."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, select

from dashboard import db
from dashboard.ingest import IngestRejected, load_file
from tests.conftest import load_rows, table_digest

REG = "fecha,cvegeo,canal,registrados,duplicados\n"
OK_ROW = "2024-01-01,07001,modulo,10,0\n"
UNITS = (
    "CLUES,CLAVE DE LA ENTIDAD,CLAVE DEL MUNICIPIO,NOMBRE DE TIPOLOGIA,NOMBRE DE LA UNIDAD,"
    "FECHA DE INICIO DE OPERACION,SINTETICA\n"
)


@dataclass(frozen=True)
class Case:
    """One bad file: dataset, name, a writer and the texts the rejection must contain."""

    id: str
    dataset: str
    name: str
    write: Callable[[Path], None]
    expect: tuple[str, ...]


def text(content: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    return lambda path: path.write_bytes(content.encode(encoding))


def raw(content: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(content)


def xlsx_bad_row(path: Path) -> None:
    frame = pd.DataFrame(
        {"fecha": ["2024-01-01"] * 3, "cvegeo": [7001, 7002, 15001], "canal": ["modulo"] * 3, "registrados": [1, 2, -5]}
    )
    frame.to_excel(path, index=False)


def parquet_wrong_type(path: Path) -> None:
    frame = pd.DataFrame({"fecha": ["2024-01-01", "2024-01-02"], "cvegeo": ["07001", "07001"], "canal": ["modulo"] * 2})
    frame["registrados"] = [3.0, 2.5]
    frame.to_parquet(path, index=False)


CASES = [
    Case(
        "missing_column",
        "registry",
        "a.csv",
        text("fecha,cvegeo,registrados\n2024-01-01,07001,3\n"),
        ("columna obligatoria 'canal' ausente", "columnas encontradas: fecha, cvegeo, registrados"),
    ),
    Case(
        "mojibake",
        "registry",
        "a.csv",
        text("fecha,cvegeo,canal,registrados,año\n2024-01-01,07001,modulo,1,x\n".encode().decode("cp1252")),
        ("codificación incorrecta",),
    ),
    Case(
        "invalid_bytes",
        "registry",
        "a.csv",
        raw(b"fecha,cvegeo,canal,registrados\n2024-01-01,07001,m\x81\xc3,1\n"),
        ("codificación no reconocida", "fila 2"),
    ),
    Case(
        "unknown_clues",
        "staffing",
        "a.csv",
        text(
            "fecha,clues,rol,incorporados\n2024-05-16,CSIMB000011,enfermeria,1\n2024-05-16,XXIMB999999,enfermeria,1\n"
        ),
        ("fila 3, columna 'clues': CLUES desconocida 'XXIMB999999'",),
    ),
    Case(
        "bad_date",
        "registry",
        "a.csv",
        text(REG + OK_ROW + "2024-13-45,07001,autorregistro,1,0\n"),
        ("fila 3, columna 'fecha': fecha no válida '2024-13-45'",),
    ),
    Case(
        "date_out_of_range",
        "registry",
        "a.csv",
        text(REG + "31/12/2021,07001,modulo,1,0\n"),
        ("fila 2, columna 'fecha': fecha fuera del periodo del programa ('31/12/2021'",),
    ),
    Case(
        "future_date",
        "registry",
        "a.csv",
        text(REG + OK_ROW + "2099-01-01,07001,modulo,1,0\n"),
        ("fila 3, columna 'fecha': fecha fuera del periodo",),
    ),
    Case(
        "negative",
        "registry",
        "a.csv",
        text(
            REG + "2024-01-01,07001,modulo,1,0\n"
            "2024-01-02,07001,modulo,2,0\n2024-01-03,07001,modulo,3,0\n"
            "2024-01-04,07001,modulo,-3,0\n"
        ),
        ("fila 5, columna 'registrados': valor negativo (-3)",),
    ),
    Case(
        "duplicate_key",
        "registry",
        "a.csv",
        text(REG + OK_ROW + "2024-01-02,07001,modulo,1,0\n" + "2024-01-03,07001,modulo,1,0\n" + OK_ROW),
        ("filas 2 y 5: clave duplicada (fecha, cvegeo, canal)",),
    ),
    Case("empty_file", "registry", "a.csv", raw(b""), ("el archivo está vacío",)),
    Case("header_only", "registry", "a.csv", text(REG), ("sólo tiene encabezado",)),
    Case(
        "wrong_delimiter",
        "registry",
        "a.csv",
        text(REG.replace(",", "|") + OK_ROW.replace(",", "|")),
        ("delimitador incorrecto",),
    ),
    Case(
        "ragged_row",
        "registry",
        "a.csv",
        text(REG + OK_ROW + "2024-01-02;07001;modulo;1;0\n"),
        ("fila 3", "¿delimitador incorrecto?"),
    ),
    Case(
        "thousands",
        "registry",
        "a.csv",
        text(REG + OK_ROW + '2024-01-02,07001,modulo,"1,234",0\n'),
        ("fila 3, columna 'registrados': separador de miles en '1,234': use números sin separador de miles",),
    ),
    Case(
        "thousands_space",
        "registry",
        "a.csv",
        text(REG.replace(",", ";") + "2024-01-02;07001;modulo;1 234;0\n"),
        ("fila 2, columna 'registrados'", "use números sin separador de miles"),
    ),
    Case(
        "non_integer",
        "registry",
        "a.csv",
        text(REG + "2024-01-02,07001,modulo,2.5,0\n"),
        ("fila 2, columna 'registrados': no es un número entero ('2.5')",),
    ),
    Case(
        "unknown_canal",
        "registry",
        "a.csv",
        text(REG + OK_ROW + "2024-01-02,07001,telefono,1,0\n"),
        ("fila 3, columna 'canal': canal desconocido 'telefono'",),
    ),
    Case(
        "unknown_municipality",
        "registry",
        "a.csv",
        text(REG + "2024-01-02,07999,modulo,1,0\n"),
        ("fila 2, columna 'cvegeo': municipio desconocido '07999'",),
    ),
    Case(
        "duplicates_gt_registered",
        "registry",
        "a.csv",
        text(REG + OK_ROW + "2024-01-02,07001,modulo,3,4\n"),
        ("fila 3, columna 'duplicados': duplicados (4) mayor que registrados (3)",),
    ),
    Case(
        "demo_code_not_synthetic",
        "units",
        "u.csv",
        text(UNITS + "DEMO-07-00001,07,001,UNIDAD MÓVIL,MOVIL,,0\n"),
        ("fila 2, columna 'CLUES': CLUES sintética 'DEMO-07-00001'",),
    ),
    Case(
        "synthetic_real_code",
        "units",
        "u.csv",
        text(UNITS + "CSIMB000011,07,001,UNIDAD MÓVIL,MOVIL,,si\n"),
        ("fila 2, columna 'SINTETICA'",),
    ),
    Case(
        "bad_clues_format",
        "units",
        "u.csv",
        text(UNITS + "CS-IMB-11,07,001,UNIDAD MÓVIL,MOVIL,01/01/2000,0\n"),
        ("fila 2, columna 'CLUES': CLUES con formato no válido 'CS-IMB-11'",),
    ),
    Case(
        "unknown_state",
        "units",
        "u.csv",
        text(UNITS + "CSIMB000011,40,001,UNIDAD MÓVIL,MOVIL,01/01/2000,0\n"),
        ("fila 2, columna 'CLAVE DE LA ENTIDAD': clave de entidad desconocida '40'",),
    ),
    Case("xlsx_bad_row", "registry", "a.xlsx", xlsx_bad_row, ("fila 4, columna 'registrados': valor negativo (-5)",)),
    Case(
        "parquet_wrong_type",
        "registry",
        "a.parquet",
        parquet_wrong_type,
        ("fila 3, columna 'registrados': no es un número entero ('2.5')",),
    ),
    Case(
        "committee_dates",
        "committees",
        "c.csv",
        text(
            "clues,fecha_asamblea,fecha_instalacion,fecha_tarjeta,presupuesto_asignado\n"
            "CSIMB000011,2023-03-01,2023-02-01,,537000\n"
        ),
        ("fila 2, columna 'fecha_instalacion': fecha_asamblea posterior a fecha_instalacion",),
    ),
    # issue 8 -------------------------------------------------------------------------------------------------
    Case(
        "mixed_encodings",
        "units",
        "u.csv",
        raw(
            (UNITS + "CSIMB000011,07,001,UNIDAD MÓVIL,MOVIL PEÑA,01/01/2000,0\n").encode()
            + "CSIMB000023,07,001,UNIDAD MÓVIL,MOVIL PEÑA,01/01/2000,0\n".encode("cp1252")
            + "CSIMB000035,07,001,UNIDAD MÓVIL,MOVIL,01/01/2000,0\n".encode()
        ),
        ("fila 3: codificación mezclada",),
    ),
    Case(
        "double_converted_row",
        "units",
        "u.csv",
        text(
            UNITS
            + "CSIMB000011,07,001,UNIDAD MÓVIL,MOVIL,01/01/2000,0\n"
            + "CSIMB000023,07,001,UNIDAD MÓVIL,PEÃ‘A,01/01/2000,0\n"
        ),
        ("fila 3: codificación incorrecta: texto convertido dos veces",),
    ),
    Case(
        "fullwidth_digits",
        "registry",
        "a.csv",
        text(REG + "2024-01-01,07001,modulo,３,0\n"),
        ("fila 2, columna 'registrados': no es un número entero ('３')",),
    ),
    Case(
        "arabic_indic_key",
        "registry",
        "a.csv",
        text(REG + "2024-01-01,٠٧٠٠١,modulo,3,0\n"),
        ("fila 2, columna 'cvegeo': clave no válida",),
    ),
    Case(
        "name_too_long",
        "units",
        "u.csv",
        text(UNITS + "CSIMB000011,07,001,UNIDAD MÓVIL," + "X" * 5016 + ",01/01/2000,0\n"),
        ("fila 2, columna 'NOMBRE DE LA UNIDAD': texto demasiado largo (5016 caracteres; máximo 300)",),
    ),
    Case(
        "control_character",
        "units",
        "u.csv",
        text(UNITS + "CSIMB000011,07,001,UNIDAD MÓVIL,MOVIL\x01X,01/01/2000,0\n"),
        ("fila 2, columna 'NOMBRE DE LA UNIDAD': carácter de control en el texto",),
    ),
    Case(
        "clues_of_another_state",
        "units",
        "u.csv",
        text(UNITS + "BCIMB001673,20,067,UNIDAD MÓVIL,MOVIL,01/01/2000,0\n"),
        ("fila 2, columna 'CLAVE DE LA ENTIDAD': la CLUES 'BCIMB001673' es de otro estado",),
    ),
    Case(
        "clues_of_another_institution",
        "units",
        "u.csv",
        text(UNITS + "CSIMS000011,07,001,UNIDAD MÓVIL,MOVIL,01/01/2000,0\n"),
        ("fila 2, columna 'CLUES': la CLUES 'CSIMS000011' no es de IMSS-Bienestar (institución IMS)",),
    ),
    Case(
        "unit_of_state_not_joined",
        "units",
        "u.csv",
        text(UNITS + "GTIMB000011,11,001,UNIDAD MÓVIL,MOVIL,01/01/2000,0\n"),
        ("fila 2, columna 'CLAVE DE LA ENTIDAD': el estado 11 no se ha adherido",),
    ),
    Case(
        "registry_of_state_not_joined",
        "registry",
        "a.csv",
        text(REG + "2024-01-01,11001,modulo,3,0\n"),
        ("fila 2, columna 'fecha': el estado 11 no se ha adherido",),
    ),
    Case(
        "registry_before_joining",
        "registry",
        "a.csv",
        text(REG + "2024-03-01,15001,modulo,3,0\n"),
        ("fila 2, columna 'fecha': fecha anterior a la adhesión del estado 15 (2024-04-15)",),
    ),
    Case(
        "assembly_before_joining",
        "committees",
        "c.csv",
        text("clues,fecha_asamblea,presupuesto_asignado\nMCIMB000016,2024-04-01,537000\n"),
        ("fila 2, columna 'fecha_asamblea': fecha anterior a la adhesión del estado 15",),
    ),
    Case(
        "huge_cell_is_cut",
        "registry",
        "a.csv",
        text(REG + "2024-01-01,07001," + "m" * 100_000 + ",3,0\n"),
        ("fila 2, columna 'canal': canal desconocido 'mmmm",),
    ),
    Case(
        "three_thousand_columns",
        "registry",
        "a.csv",
        text(",".join(f"col{i}" for i in range(3000)) + "\n" + ",".join("1" for _ in range(3000)) + "\n"),
        ("columna obligatoria 'fecha' ausente", "y 2980 más"),
    ),
    Case(
        "state_file_unknown_state",
        "states",
        "e.csv",
        text("cve_ent,fecha_adhesion,fecha_anuncio,aproximada\n40,2026-01-01,,si\n"),
        ("fila 2, columna 'cve_ent': clave de entidad desconocida '40'",),
    ),
    Case(
        "duplicate_key_many_rows",
        "registry",
        "a.csv",
        text(REG + OK_ROW * 3000),
        ("filas 2, 3, 4", "y 2980 más: clave duplicada (fecha, cvegeo, canal)"),
    ),
    Case(
        "repeated_huge_header",
        "registry",
        "a.csv",
        text(REG.rstrip("\n") + ",N" + "x" * 50_000 + ",N" + "x" * 50_000 + "\n" + OK_ROW.rstrip("\n") + ",1,2\n"),
        ("fila 1: encabezado con columnas repetidas: Nxxx",),
    ),
    Case(
        "xlsx_double_converted",
        "units",
        "u.xlsx",
        lambda path: pd.DataFrame(
            {
                "CLUES": ["CSIMB000011", "CSIMB000023"],
                "CLAVE DE LA ENTIDAD": ["07", "07"],
                "CLAVE DEL MUNICIPIO": ["001", "001"],
                "NOMBRE DE TIPOLOGIA": ["UNIDAD MÓVIL"] * 2,
                "NOMBRE DE LA UNIDAD": ["MOVIL", "PEÃ‘A"],
            }
        ).to_excel(path, index=False),
        ("fila 3, columna 'NOMBRE DE LA UNIDAD': codificación incorrecta: texto convertido dos veces",),
    ),
    Case(
        "coordinate_not_finite",
        "units",
        "u.csv",
        text(UNITS.rstrip("\n") + ",LATITUD,LONGITUD\n" + "CSIMB000011,07,001,UNIDAD MÓVIL,MOVIL,,0,inf,-93.1\n"),
        ("fila 2, columna 'LATITUD': no es un número ('inf')",),
    ),
    Case(
        "registry_state_disagrees_with_cvegeo",
        "registry",
        "a.csv",
        text("fecha,cvegeo,cve_ent,canal,registrados\n2024-05-01,07001,15,modulo,3\n"),
        ("fila 2, columna 'cve_ent': la clave de entidad '15' no coincide con cvegeo '07001'",),
    ),
    Case(
        "catalogue_imss_bienestar_row_without_state",
        "units",
        "u.csv",
        text(
            "CLUES,CLAVE DE LA INSTITUCION,CLAVE DE LA ENTIDAD,CLAVE DEL MUNICIPIO,NOMBRE DE TIPOLOGIA,"
            "NOMBRE DE LA UNIDAD\nCSSSA000011,SSA,07,001,CENTRO,U\nCSIMB000011,IMB,,001,CENTRO,U\n"
        ),
        ("fila 3, columna 'CLAVE DE LA ENTIDAD': valor vacío",),
    ),
    Case(
        "state_announced_after_joining",
        "states",
        "e.csv",
        text("cve_ent,fecha_adhesion,fecha_anuncio,aproximada\n15,2024-04-15,2024-05-01,si\n"),
        ("fila 2, columna 'fecha_anuncio': fecha_anuncio posterior a fecha_adhesion",),
    ),
    Case(
        "money_cents",
        "committee_spending",
        "g.csv",
        text("fecha,clues,dispersado,ejercido\n2024-03-01,CSIMB000011,100000.50,0\n"),
        ("fila 2, columna 'dispersado': los montos van en pesos enteros",),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_rejected(engine: Engine, tmp_path: Path, case: Case) -> None:
    path = tmp_path / case.name
    case.write(path)
    before, loads_before = table_digest(engine), load_rows(engine)
    with pytest.raises(IngestRejected) as info:
        load_file(engine, case.dataset, path)
    message = str(info.value)
    for expected in case.expect:
        assert expected in message
    assert table_digest(engine) == before
    loads_after = load_rows(engine)
    assert loads_after[: len(loads_before)] == loads_before and len(loads_after) == len(loads_before) + 1
    with engine.connect() as conn:
        last = conn.execute(select(db.loads).order_by(db.loads.c.id.desc()).limit(1)).one()
    assert last.resultado == "rechazada" and last.dataset == case.dataset
    stored = json.loads(last.problemas)
    assert stored and any(case.expect[0] in p["texto"] for p in stored)
    assert max(len(p["texto"]) for p in stored) < 400, "a problem repeats a huge value"


def test_problem_cap(engine: Engine, tmp_path: Path) -> None:
    days = pd.date_range("2024-01-01", periods=250).strftime("%Y-%m-%d")
    rows = "".join(f"{d},07001,modulo,-{i + 1},0\n" for i, d in enumerate(days))
    path = tmp_path / "many.csv"
    text(REG + rows)(path)
    with pytest.raises(IngestRejected) as info:
        load_file(engine, "registry", path)
    assert len(info.value.problemas) == 201
    assert "50 problema(s) más" in str(info.value.problemas[-1])


if __name__ == "__main__":  # write the corpus to a folder for manual inspection
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for c in CASES:
        c.write(out / f"{c.id}{Path(c.name).suffix}")
