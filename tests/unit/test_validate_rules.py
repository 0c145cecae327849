"""Issue 8 validation rules not covered by the bad-input corpus: joining, bounded messages, coordinates, states."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from datasets.schemas import DATASETS
from datasets.validate import KnownKeys, validate

JOINED = {"07": date(2023, 4, 1), "15": date(2024, 4, 15)}
KNOWN = KnownKeys(
    states=frozenset({"07", "11", "15", "31"}),
    municipalities=frozenset({"07001", "07002", "11001", "15001"}),
    units={"CSIMB000011": "07"},
    joined=JOINED,
)
UNIT_COLUMNS = ["CLUES", "CLAVE DE LA ENTIDAD", "CLAVE DEL MUNICIPIO", "NOMBRE DE TIPOLOGIA", "NOMBRE DE LA UNIDAD"]


def frame(rows: list[list[str]], columns: list[str], index: list[int] | None = None) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns, dtype=str, index=index)


def messages(res) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(p) for p in res.problemas]


def test_known_keys_without_joining_dates_means_no_state_has_joined() -> None:
    assert dict(KnownKeys().joined) == {}
    known = KnownKeys(states=KNOWN.states, municipalities=KNOWN.municipalities)
    raw = frame([["2024-05-01", "07001", "modulo", "3"]], ["fecha", "cvegeo", "canal", "registrados"])
    assert messages(validate("registry", raw, known)) == [
        "fila 2, columna 'fecha': el estado 07 no se ha adherido a IMSS-Bienestar ('2024-05-01')"
    ]
    assert validate("registry", raw, KNOWN).ok


def test_rows_are_numbered_from_the_batch_index() -> None:
    raw = frame(
        [["2024-05-01", "07001", "modulo", "3"], ["2024-05-01", "07001", "modulo", "x"]],
        ["fecha", "cvegeo", "canal", "registrados"],
        index=[499_998, 499_999],
    )
    got = messages(validate("registry", raw, KNOWN))
    assert "fila 500001, columna 'registrados': no es un número entero ('x')" in got
    assert "filas 500000 y 500001: clave duplicada (fecha, cvegeo, canal)" in got


def test_duplicate_key_message_lists_at_most_twenty_rows() -> None:
    raw = frame([["2024-05-01", "07001", "modulo", "3"]] * 500, ["fecha", "cvegeo", "canal", "registrados"])
    got = messages(validate("registry", raw, KNOWN))
    assert got == ["filas 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21 y 480 más: "
                   "clave duplicada (fecha, cvegeo, canal)"]  # fmt: skip


@pytest.mark.parametrize("value", ["nan", "inf", "-Infinity", "１９.５", "19,5", "1e400"])
def test_coordinates_are_finite_ascii_numbers(value: str) -> None:
    raw = frame([["CSIMB000011", "07", "001", "HOSPITAL", "H", value, "-93.1"]], [*UNIT_COLUMNS, "LATITUD", "LONGITUD"])
    got = messages(validate("units", raw, KNOWN))
    assert got == [f"fila 2, columna 'LATITUD': no es un número ('{value}')"]


def test_coordinates_within_the_globe() -> None:
    raw = frame(
        [
            ["CSIMB000011", "07", "001", "HOSPITAL", "H", "-93.1", "16.7"],
            ["CSIMB000023", "07", "001", "C", "H", "", ""],
        ],
        [*UNIT_COLUMNS, "LATITUD", "LONGITUD"],
    )
    assert messages(validate("units", raw, KNOWN)) == [
        "fila 2, columna 'LATITUD': latitud fuera de rango (-93.1; debe estar entre -90 y 90)"
    ]
    raw.loc[0, ["LATITUD", "LONGITUD"]] = ["16.7", "-93.1"]
    res = validate("units", raw, KNOWN)
    assert res.ok and res.frame["lat"].tolist()[0] == 16.7


def test_registry_state_and_municipality_columns_agree_with_cvegeo() -> None:
    cols = ["fecha", "cvegeo", "cve_ent", "cve_mun", "canal", "registrados"]
    raw = frame(
        [
            ["2024-05-01", "07001", "07", "001", "modulo", "3"],
            ["2024-05-01", "07002", "15", "002", "modulo", "3"],
            ["2024-05-01", "15001", "15", "1", "modulo", "3"],
            ["2024-05-01", "07001", "07", "002", "autorregistro", "3"],
        ],
        cols,
    )
    assert messages(validate("registry", raw, KNOWN)) == [
        "fila 3, columna 'cve_ent': la clave de entidad '15' no coincide con cvegeo '07002'",
        "fila 5, columna 'cve_mun': la clave de municipio '002' no coincide con cvegeo '07001'",
    ]


def test_states_announcement_not_after_joining() -> None:
    cols = ["cve_ent", "fecha_adhesion", "fecha_anuncio", "aproximada"]
    raw = frame([["07", "2023-04-01", "2023-01-10", "no"], ["15", "2024-04-15", "2024-05-01", "si"]], cols)
    assert messages(validate("states", raw, KNOWN)) == [
        "fila 3, columna 'fecha_anuncio': fecha_anuncio posterior a fecha_adhesion ('2024-05-01' > '2024-04-15')"
    ]


def test_states_frame() -> None:
    cols = ["cve_ent", "nombre", "fecha_adhesion", "fecha_anuncio", "aproximada", "fuente_nota"]
    raw = frame([["7", "Chiapas", "01/04/2023", "", "no", "x"], ["31", "Yucatán", "", "2024-07-02", "", ""]], cols)
    res = validate("states", raw, KNOWN)
    assert res.ok, messages(res)
    assert list(res.frame.columns) == ["cve_ent", "fecha_adhesion", "fecha_anuncio", "fecha_adhesion_aproximada"]
    assert res.frame["cve_ent"].tolist() == ["07", "31"]
    assert res.frame["fecha_adhesion_aproximada"].tolist() == [False, True]
    assert str(res.frame["fecha_adhesion"].iloc[0].date()) == "2023-04-01" and pd.isna(
        res.frame["fecha_adhesion"].iloc[1]
    )
    assert DATASETS["states"].key == ("cve_ent",) and not DATASETS["states"].time_series


def test_text_limits_are_the_database_column_lengths() -> None:
    from dashboard import db

    limited = [f for f in DATASETS["units"].fields if f.kind == "text" and f.max_len]
    assert {f.name for f in limited} >= {
        "NOMBRE DE LA UNIDAD",
        "LOCALIDAD",
        "NOMBRE DE TIPOLOGIA",
        "ESTATUS DE OPERACION",
    }
    for f in limited:
        cols = list(dict.fromkeys([*UNIT_COLUMNS, f.name]))
        row = {"CLUES": "CSIMB000011", "CLAVE DE LA ENTIDAD": "07", "CLAVE DEL MUNICIPIO": "001"}
        row |= {"NOMBRE DE TIPOLOGIA": "T", "NOMBRE DE LA UNIDAD": "U", f.name: "Ñ" * f.max_len}
        res = validate("units", frame([[row[c] for c in cols]], cols), KNOWN)
        assert res.ok, messages(res)
        stored = [c for c in res.frame.columns if res.frame[c].iloc[0] == "Ñ" * f.max_len]
        assert len(stored) == 1 and db.units.c[stored[0]].type.length == f.max_len, f.name
        row[f.name] += "Ñ"
        got = messages(validate("units", frame([[row[c] for c in cols]], cols), KNOWN))
        assert got == [
            f"fila 2, columna '{f.name}': texto demasiado largo ({f.max_len + 1} caracteres; máximo {f.max_len})"
        ]


CATALOGUE = ["CLUES", "CLAVE DE LA INSTITUCIÓN", "NOMBRE DE LA ENTIDAD", "CLAVE DE LA ENTIDAD", *UNIT_COLUMNS[2:]]


def catalogue(rows: list[list[str]]) -> pd.DataFrame:
    return frame(rows, CATALOGUE)


def test_catalogue_keeps_imss_bienestar_units_of_joined_states() -> None:
    raw = catalogue(
        [
            ["CSSSA000011", "SSA", "CHIAPAS", "07", "001", "C", "U"],
            ["CSIMB000011", "IMB", "CHIAPAS", "07", "001", "C", "U"],
            ["GTIMB000011", "IMB", "GUANAJUATO", "11", "001", "C", "U"],
            ["CSIMS000011", "IMS", "CHIAPAS", "07", "001", "C", "U"],
            ["CSIMS000023", "ims ", "CHIAPAS", "7", "001", "C", "U"],
        ]
    )
    res = validate("units", raw, KNOWN)
    assert res.ok, messages(res)
    assert res.frame["clues"].tolist() == ["CSIMB000011"] and res.frame.index.tolist() == [1]
    assert res.skipped == {"otra institución (IMS)": 2, "otra institución (SSA)": 1, "estado no adherido (11)": 1}
    assert [p.nivel for p in res.problemas] == ["aviso"]


def test_catalogue_never_skips_an_imss_bienestar_row_it_cannot_place() -> None:
    raw = catalogue(
        [
            ["CSIMB000011", "IMB", "CHIAPAS", "０７", "001", "C", "U"],
            ["XXIMB000011", "IMB", "?", "40", "001", "C", "U"],
            ["CSIMB000023", "IMB", "CHIAPAS", "", "001", "C", "U"],
        ]
    )
    res = validate("units", raw, KNOWN)
    assert res.skipped == {}
    got = messages(res)
    assert "fila 2, columna 'CLAVE DE LA ENTIDAD': clave no válida '０７' (se esperan hasta 2 dígitos)" in got
    assert "fila 3, columna 'CLAVE DE LA ENTIDAD': clave de entidad desconocida '40'" in got
    assert "fila 4, columna 'CLAVE DE LA ENTIDAD': valor vacío" in got


def test_catalogue_reasons_stay_short() -> None:
    raw = catalogue([[f"CS{i:03d}000011", "X" * 100_000 + str(i), "CHIAPAS", "07", "001", "C", "U"] for i in range(50)])
    res = validate("units", raw, KNOWN)
    assert res.skipped == {"otra institución (clave no válida)": 50}
    assert max(len(str(p)) for p in res.problemas) < 200


def test_clues_prefixes_of_the_joined_states_are_those_of_the_catalogue() -> None:
    from pathlib import Path

    from datasets.schemas import CLUES_PREFIX

    units = pd.read_csv(
        Path(__file__).resolve().parents[2] / "datasets" / "reference" / "clues_imss_bienestar_23_estados.csv",
        dtype=str,
        keep_default_na=False,
    )
    seen = dict(zip(units["CLAVE DE LA ENTIDAD"], units["CLUES"].str.slice(0, 2), strict=True))
    assert len(seen) == 23 and all(CLUES_PREFIX[e] == prefix for e, prefix in seen.items())
    assert (units["CLUES"].str.slice(0, 2) == units["CLAVE DE LA ENTIDAD"].map(CLUES_PREFIX)).all()
    assert len(CLUES_PREFIX) == 32 and len(set(CLUES_PREFIX.values())) == 32
