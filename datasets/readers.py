"""Read CSV, XLSX and Parquet files into all-string DataFrames so leading zeros survive."""

from __future__ import annotations

import csv
import io
import math
import re
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from datasets.arrow_text import column_text
from datasets.schemas import Problem

DELIMITERS = (",", ";", "\t")
MOJIBAKE = re.compile("[ÃÂ\ufffd]")


class ReadError(Exception):
    """The file cannot be read as a table; carries the problems for the load record."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problemas = problems
        super().__init__("; ".join(str(p) for p in problems))


def _fail(message: str, fila: int | None = None) -> ReadError:
    return ReadError([Problem(fila, None, message)])


def read_table(path: str | Path) -> pd.DataFrame:
    """The file's first table as strings ('' for empty cells), by extension."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path)
    if suffix in (".parquet", ".pq"):
        return read_parquet(path)
    return read_csv(path)


def decode(data: bytes) -> tuple[str, str]:
    """Text and encoding: UTF-8 (with or without BOM) strictly, else cp1252; mojibake is an error."""
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        try:
            text, encoding = data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            line = data[: exc.start].count(b"\n") + 1
            raise _fail(
                f"codificación no reconocida: bytes inválidos en UTF-8 y en Latin-1/cp1252 (línea {line}); "
                "guarde el archivo como CSV UTF-8"
            ) from None
    header = text.split("\n", 1)[0]
    if MOJIBAKE.search(header):
        raise _fail(
            f"codificación incorrecta: el encabezado tiene caracteres mal convertidos ({header[:80]!r}); "
            "el archivo parece convertido dos veces a UTF-8; guárdelo de nuevo como CSV UTF-8"
        )
    return text, encoding


def sniff_delimiter(header: str) -> str:
    """The candidate delimiter that appears most often in the header line, outside quotes."""
    bare = re.sub(r'"[^"]*"', "", header)
    counts = {d: bare.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(path: Path) -> pd.DataFrame:
    """A delimited text file; pyarrow parses it, strings only."""
    data = path.read_bytes()
    if not data.removeprefix(b"\xef\xbb\xbf").strip():
        raise _fail("el archivo está vacío")
    text, encoding = decode(data)
    if encoding != "utf-8" or data.startswith(b"\xef\xbb\xbf"):
        data = text.encode("utf-8")
    header_line = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    delimiter = sniff_delimiter(header_line)
    names = next(csv.reader([header_line], delimiter=delimiter))
    names = [n.strip() for n in names]
    if len(set(names)) != len(names):
        dups = sorted({n for n in names if names.count(n) > 1})
        raise _fail(f"encabezado con columnas repetidas: {', '.join(dups)}", fila=1)
    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid as exc:
        raise _fail(
            f"no se pudo leer el CSV ({_arrow_reason(exc, text)}); revise el delimitador y las comillas"
        ) from None
    return table.to_pandas()


def _arrow_reason(exc: Exception, text: str) -> str:
    """Translate pyarrow's column-count error, naming the offending line."""
    msg = str(exc)
    m = re.search(r"Expected (\d+) columns, got (\d+): (.*)", msg)
    if not m:
        return msg
    bad = m.group(3).strip()[:60]
    lines = text.lstrip("\ufeff").splitlines()
    line = next((i + 1 for i, ln in enumerate(lines) if ln.startswith(bad)), None)
    where = f"fila {line}: " if line else ""
    return f"{where}se esperaban {m.group(1)} campos y hay {m.group(2)}; ¿delimitador incorrecto?"


def cell_text(value: object) -> str:
    """A spreadsheet or Parquet cell as text: integral numbers without '.0', dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime | pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def pick_sheet(names: list[str]) -> str:
    """A sheet named like the official catalogue (CLUES_YYYYMM), else the first."""
    return next((n for n in names if n.upper().startswith("CLUES_")), names[0])


def read_xlsx(path: Path) -> pd.DataFrame:
    """The first sheet (or CLUES_*) of a workbook, every cell as text."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for damaged files
        raise _fail(f"no se pudo abrir el libro XLSX: {exc}") from None
    try:
        ws = wb[pick_sheet(wb.sheetnames)]
        rows = [[cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
    finally:
        wb.close()
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        raise _fail("el archivo está vacío")
    header = [h.strip() for h in rows[0]]
    width = len(header)
    while width and not header[width - 1]:
        width -= 1
    body = [(r + [""] * width)[:width] for r in rows[1:]]
    return pd.DataFrame(body, columns=header[:width], dtype=str)


def read_parquet(path: Path) -> pd.DataFrame:
    """A Parquet file with every column turned into text, column by column in Arrow."""
    try:
        table = pq.read_table(path)
    except Exception as exc:  # pyarrow raises several types for damaged files
        raise _fail(f"no se pudo leer el Parquet: {exc}") from None
    meta = table.schema.pandas_metadata or {}
    index = {c for c in meta.get("index_columns", []) if isinstance(c, str)}  # a saved pandas index is no column
    names = [n for n in table.column_names if n not in index]
    text = pa.table([column_text(table.column(n), cell_text) for n in names], names=[str(n) for n in names])
    return text.to_pandas().reset_index(drop=True)
