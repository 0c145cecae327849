"""iter_table: batches with file row numbers, every row's encoding checked, text cells checked in every format."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from datasets import encoding
from datasets.readers import ReadError, iter_table, read_table

ROWS = [[f"{i:05d}", f"nombre {i}", str(i)] for i in range(10)]
COLUMNS = ["cvegeo", "nombre", "registrados"]


def write(path: Path, rows: list[list[str]] = ROWS) -> Path:
    frame = pd.DataFrame(rows, columns=COLUMNS, dtype=str)
    if path.suffix == ".xlsx":
        frame.to_excel(path, index=False)
    elif path.suffix == ".parquet":
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)
    else:
        frame.to_csv(path, index=False)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_batches_carry_the_file_row_numbers(tmp_path: Path, suffix: str) -> None:
    path = write(tmp_path / f"a{suffix}")
    batches = list(iter_table(path, batch_rows=3))
    assert [len(b) for b in batches] == [3, 3, 3, 1]
    assert [b.index.tolist() for b in batches][1] == [3, 4, 5]
    whole = pd.concat(batches)
    assert whole.index.tolist() == list(range(10))
    assert whole.to_numpy().tolist() == ROWS
    assert all(pd.api.types.is_string_dtype(b[c]) for b in batches for c in b.columns)
    assert read_table(path).to_numpy().tolist() == ROWS


@pytest.mark.parametrize("target", ["missing.csv", "folder", ""])
def test_paths_that_are_not_files_are_one_line(tmp_path: Path, target: str) -> None:
    (tmp_path / "folder").mkdir()
    with pytest.raises(ReadError) as info:
        next(iter_table(tmp_path / target))
    assert "\n" not in str(info.value) and ("no existe" in str(info.value) or "no es un archivo" in str(info.value))


def small_blocks(monkeypatch: pytest.MonkeyPatch, size: int = 64) -> None:
    monkeypatch.setattr(encoding, "BLOCK", size)


def rows_text(n: int) -> str:
    return "cvegeo,nombre,registrados\n" + "".join(f"{i:05d},PEÑA {i},{i}\n" for i in range(n))


def test_a_cp1252_row_far_into_a_utf8_file_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small_blocks(monkeypatch)
    path = tmp_path / "a.csv"
    path.write_bytes(rows_text(40).encode() + "00040,PEÑA 40,40\n".encode("cp1252") + rows_text(3)[26:].encode())
    with pytest.raises(ReadError, match=r"^fila 42: codificación mezclada"):
        next(iter_table(path))


def test_a_whole_cp1252_file_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small_blocks(monkeypatch)
    path = tmp_path / "a.csv"
    path.write_bytes(rows_text(40).encode("cp1252"))
    assert read_table(path)["nombre"].iloc[39] == "PEÑA 39"


@pytest.mark.parametrize("cut", range(58, 66))
def test_double_conversion_across_a_block_edge_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cut: int
) -> None:
    small_blocks(monkeypatch)
    head = "cvegeo,nombre,registrados\n00001,"
    data = (head + "X" * (cut - len(head)) + "PEÃ‘A,1\n00002,B,2\n").encode()
    path = tmp_path / "a.csv"
    path.write_bytes(data)
    with pytest.raises(ReadError, match=r"^fila 2: codificación incorrecta: texto convertido dos veces"):
        next(iter_table(path))


@pytest.mark.parametrize("suffix", [".xlsx", ".parquet"])
def test_double_conversion_in_a_spreadsheet_or_parquet_cell(tmp_path: Path, suffix: str) -> None:
    rows = [*ROWS[:4], ["00004", "JOSÃ© PEÃ‘A", "4"], *ROWS[5:]]
    path = write(tmp_path / f"a{suffix}", rows)
    with pytest.raises(ReadError) as info:
        list(iter_table(path, batch_rows=3))
    assert str(info.value).startswith("fila 6, columna 'nombre': codificación incorrecta: texto convertido dos veces")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_repeated_huge_header_names_give_a_short_message(tmp_path: Path, suffix: str) -> None:
    name = "N" * 100_000
    path = tmp_path / f"a{suffix}"
    if suffix == ".csv":
        path.write_text(f"{name},{name},x\n1,2,3\n", encoding="utf-8")
    else:
        from openpyxl import Workbook

        wb = Workbook()
        wb.active.append([name, name, "x"])
        wb.active.append(["1", "2", "3"])
        wb.save(path)
    with pytest.raises(ReadError, match="encabezado con columnas repetidas") as info:
        next(iter_table(path))
    assert len(str(info.value)) < 200
