"""Pure validation: every problem found, with spreadsheet line numbers and Spanish messages."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from datasets.schemas import REGISTRY, Problem, norm_text, tipo_red
from datasets.validate import KnownKeys, match_columns, validate

KNOWN = KnownKeys(
    states=frozenset({"07", "15"}),
    municipalities=frozenset({"07001", "07002", "15001"}),
    units={"CSIMB000011": "07"},
    joined={"07": date(2022, 1, 1), "15": date(2022, 1, 1)},
)


def frame(rows: list[list[str]], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns, dtype=str)


def messages(res) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(p) for p in res.problemas]


def test_valid_registry_types() -> None:
    raw = frame(
        [["2024-01-01", "7001", "Autorregistro en línea", "5", "", "2"]],
        ["Fecha", "CLAVE_MUNICIPIO", "Canal", "registrados", "duplicados", "credenciales"],
    )
    res = validate("registry", raw, KNOWN)
    assert res.ok, messages(res)
    row = res.frame.iloc[0]
    assert (row["cvegeo"], row["canal"], row["cve_ent"], row["duplicados"]) == ("07001", "autorregistro", "07", 0)


def test_every_problem_collected_with_line_numbers() -> None:
    raw = frame(
        [
            ["2024-01-01", "07001", "modulo", "1"],
            ["2024-02-30", "07001", "modulo", "-3"],
            ["2024-01-01", "07001", "modulo", "x"],
        ],
        ["fecha", "cvegeo", "canal", "registrados"],
    )
    got = messages(validate("registry", raw, KNOWN))
    assert "fila 3, columna 'fecha': fecha no válida '2024-02-30' (use aaaa-mm-dd o dd/mm/aaaa)" in got
    assert "fila 3, columna 'registrados': valor negativo (-3)" in got
    assert "fila 4, columna 'registrados': no es un número entero ('x')" in got
    assert "filas 2 y 4: clave duplicada (fecha, cvegeo, canal)" in got


def test_missing_required_column() -> None:
    res = validate("staffing", frame([["2024-01-01", "CSIMB000011", "1"]], ["fecha", "clues", "incorporados"]), KNOWN)
    assert messages(res) == [
        "columna 'rol': columna obligatoria 'rol' ausente (columnas encontradas: fecha, clues, incorporados)"
    ]


def test_header_only() -> None:
    res = validate("registry", frame([], ["fecha", "cvegeo", "canal", "registrados"]), KNOWN)
    assert not res.ok and "sólo tiene encabezado" in messages(res)[0]


def test_staffing_roles_and_units() -> None:
    raw = frame(
        [["16/05/2024", "csimb000011", "Médico General", "2"], ["2024-05-16", "XXIMB999999", "enfermera", "1"]],
        ["fecha", "clues", "rol", "incorporados"],
    )
    res = validate("staffing", raw, KNOWN)
    assert messages(res) == ["fila 3, columna 'clues': CLUES desconocida 'XXIMB999999'"]


def test_committee_money_and_order() -> None:
    cols = ["clues", "fecha_asamblea", "fecha_instalacion", "fecha_tarjeta", "presupuesto_asignado"]
    ok = validate("committees", frame([["CSIMB000011", "2023-01-01", "2023-02-01", "", "537000.00"]], cols), KNOWN)
    assert ok.ok and ok.frame["presupuesto_asignado"].iloc[0] == 537000
    bad = validate("committees", frame([["CSIMB000011", "", "2023-02-01", "2023-01-01", "1.234.000"]], cols), KNOWN)
    got = messages(bad)
    assert any("fila 2, columna 'fecha_tarjeta': fecha_instalacion posterior a fecha_tarjeta" in m for m in got)
    assert any("use números sin separador de miles" in m for m in got)


def test_units_tipo_red_and_padding() -> None:
    cols = [
        "CLUES",
        "CLAVE DE LA ENTIDAD",
        "CLAVE DEL MUNICIPIO",
        "NOMBRE DE TIPOLOGIA",
        "NOMBRE DE LA UNIDAD",
        "NIVEL ATENCION",
    ]
    raw = frame([["CSIMB000011", "7", "2", "HOSPITAL GENERAL", "H", "SEGUNDO NIVEL"]], cols)
    res = validate("units", raw, KNOWN)
    assert res.ok, messages(res)
    assert res.frame[["cvegeo", "tipo_red", "sintetica"]].iloc[0].tolist() == ["07002", "hospital", False]


def test_tipo_red_rules() -> None:
    tip = pd.Series(
        [
            "UNIDAD MÓVIL",
            "HOSPITAL MOVIL",
            "ALMACENES",
            "HOSPITAL INTEGRAL (COMUNITARIO)",
            "NO ESPECIFICADO",
            "UNIDAD DE ESPECIALIDADES MÉDICAS (UNEMES)",
            "URBANO DE 02 NÚCLEOS BÁSICOS",
            "UNIDAD MÓVIL",
        ]
    )
    niv = pd.Series(
        [
            "PRIMER NIVEL",
            "SEGUNDO NIVEL",
            "NO APLICA",
            "SEGUNDO NIVEL",
            "SEGUNDO NIVEL",
            "SEGUNDO NIVEL",
            "PRIMER NIVEL",
            "NO APLICA",
        ]
    )
    assert tipo_red(tip, niv).tolist() == [
        "movil",
        "movil",
        "apoyo",
        "hospital",
        "hospital",
        "centro_salud",
        "centro_salud",
        "movil",
    ]


def test_header_matching_is_forgiving() -> None:
    found = match_columns(REGISTRY, ["  FECHA ", "Clave_Municipio", "CANAL", "Registrados", "otra"])
    assert found == {"fecha": "  FECHA ", "cvegeo": "Clave_Municipio", "canal": "CANAL", "registrados": "Registrados"}
    assert norm_text("Módulo de Afiliación") == "modulo de afiliacion"


def test_problem_text() -> None:
    assert str(Problem(5, "registrados", "valor negativo (-3)")) == "fila 5, columna 'registrados': valor negativo (-3)"
    assert str(Problem(None, None, "el archivo está vacío")) == "el archivo está vacío"


@pytest.mark.parametrize("value", ["1,234", "1 234", "12,345,678"])
def test_thousands_separator_message(value: str) -> None:
    raw = frame([["2024-01-01", "07001", "modulo", value]], ["fecha", "cvegeo", "canal", "registrados"])
    assert "use números sin separador de miles" in messages(validate("registry", raw, KNOWN))[0]
