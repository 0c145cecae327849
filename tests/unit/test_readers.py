"""Readers keep leading zeros and accept the encodings, delimiters and formats officials use."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from datasets.readers import ReadError, cell_text, pick_sheet, read_table, sniff_delimiter

CONTENT = "cvegeo,nombre,registrados\n07001,Acacoyagua,3\n15001,Acambay de Ruíz Castañeda,4\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(CONTENT.encode(encoding))
    frame = read_table(path)
    assert list(frame.columns) == ["cvegeo", "nombre", "registrados"]
    assert frame["cvegeo"].tolist() == ["07001", "15001"]
    assert frame["nombre"].iloc[1] == "Acambay de Ruíz Castañeda"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiters(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "a.csv"
    path.write_text(CONTENT.replace(",", delimiter), encoding="utf-8")
    assert read_table(path).shape == (2, 3)


def test_sniff_ignores_quoted_commas() -> None:
    assert sniff_delimiter('"a,b";c;d') == ";"
    assert sniff_delimiter("solo") == ","


def test_empty_cells_are_empty_strings(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("a,b\n,NA\n", encoding="utf-8")
    assert read_table(path).iloc[0].tolist() == ["", "NA"]


def test_mojibake_and_invalid_bytes(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes("año,b\n1,2\n".encode().decode("cp1252").encode())
    with pytest.raises(ReadError, match=r"^fila 1: codificación incorrecta"):
        read_table(path)
    path.write_bytes(b"a,b\n\x81\xff\n")
    with pytest.raises(ReadError, match=r"^fila 2: codificación no reconocida"):
        read_table(path)


def test_xlsx_numeric_keys_and_dates(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    frame = pd.DataFrame({"ent": [7, 15], "fecha": pd.to_datetime(["2024-01-05", "2024-02-01"]), "x": [1.0, 2.5]})
    frame.to_excel(path, index=False, sheet_name="Hoja1")
    got = read_table(path)
    assert got["ent"].tolist() == ["7", "15"]
    assert got["fecha"].tolist() == ["2024-01-05", "2024-02-01"]
    assert got["x"].tolist() == ["1", "2.5"]


def test_xlsx_sheet_choice() -> None:
    assert pick_sheet(["Notas", "CLUES_202604", "HORARIOS_202604"]) == "CLUES_202604"
    assert pick_sheet(["Datos"]) == "Datos"


def test_parquet_to_text(tmp_path: Path) -> None:
    path = tmp_path / "a.parquet"
    pd.DataFrame({"cvegeo": ["07001"], "n": [3], "f": [float("nan")], "d": pd.to_datetime(["2024-01-01"])}).to_parquet(
        path
    )
    got = read_table(path)
    assert got.iloc[0].tolist() == ["07001", "3", "", "2024-01-01"]


def test_cell_text() -> None:
    assert [cell_text(v) for v in (None, True, 7.0, 2.5, " x ")] == ["", "1", "7", "2.5", "x"]
