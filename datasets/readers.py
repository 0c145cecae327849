"""Read CSV, XLSX and Parquet files into all-string DataFrames so leading zeros survive."""

from __future__ import annotations

import csv
import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from datasets.arrow_text import column_text
from datasets.encoding import EncodingProblem, detect, double_converted
from datasets.messages import listed
from datasets.schemas import Problem

DELIMITERS = (",", ";", "\t")


class ReadError(Exception):
    """The file cannot be read as a table; carries the problems for the load record."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problemas = problems
        super().__init__("; ".join(str(p) for p in problems))


def _fail(message: str, fila: int | None = None) -> ReadError:
    return ReadError([Problem(fila, None, message)])


def _repeated(names: list[str]) -> ReadError:
    counts = Counter(names)
    return _fail(f"encabezado con columnas repetidas: {listed(sorted(n for n, k in counts.items() if k > 1))}", fila=1)


def read_table(path: str | Path) -> pd.DataFrame:
    """The file's first table as strings ('' for empty cells), by extension (whole file; see iter_table)."""
    parts = list(iter_table(path, batch_rows=1 << 62))
    return parts[0] if len(parts) == 1 else pd.concat(parts)


def check_path(path: Path) -> None:
    """A missing, unreadable or non-file path is one Spanish line."""
    shown = str(path)[-120:]
    if not path.exists():
        raise _fail(f"el archivo no existe: {shown}")
    if not path.is_file():
        raise _fail(f"no es un archivo: {shown}")
    try:
        with path.open("rb"):
            pass
    except OSError as exc:
        raise _fail(f"no se pudo abrir el archivo {shown} ({exc.strerror or type(exc).__name__})") from None


def iter_table(path: str | Path, batch_rows: int = 500_000) -> Iterator[pd.DataFrame]:
    """The file's table in batches of at most batch_rows rows, all strings; each index is the 0-based data row
    number in the file (spreadsheet row = index + 2). CSV and Parquet stream; XLSX is read whole."""
    path = Path(path)
    check_path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        yield from _slices(_checked(read_xlsx(path)), batch_rows)
    elif suffix in (".parquet", ".pq"):
        yield from (_checked(batch) for batch in iter_parquet(path, batch_rows))
    else:
        yield from iter_csv(path, batch_rows)  # its bytes are checked before the first batch


def _checked(frame: pd.DataFrame) -> pd.DataFrame:
    """A workbook or Parquet batch without text converted to UTF-8 twice (a CSV's bytes are checked instead)."""
    problems = double_converted(frame)
    if problems:
        raise ReadError(problems)
    return frame


def _slices(frame: pd.DataFrame, rows: int) -> Iterator[pd.DataFrame]:
    frame.index = pd.RangeIndex(len(frame))
    for start in range(0, max(len(frame), 1), rows):
        yield frame.iloc[start : start + rows]


def sniff_delimiter(header: str) -> str:
    """The candidate delimiter that appears most often in the header line, outside quotes."""
    bare = re.sub(r'"[^"]*"', "", header)
    counts = {d: bare.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _header(path: Path, encoding: str) -> tuple[str, list[str]]:
    """The delimiter and the column names, from the first line."""
    with path.open("rb") as fh:
        first = fh.readline(1 << 20)
    line = first.decode(encoding, errors="replace").lstrip("\ufeff").rstrip("\r\n")
    delimiter = sniff_delimiter(line)
    names = [n.strip() for n in next(csv.reader([line], delimiter=delimiter))]
    if len(set(names)) != len(names):
        raise _repeated(names)
    return delimiter, names


def iter_csv(path: Path, batch_rows: int) -> Iterator[pd.DataFrame]:
    """A delimited text file streamed by pyarrow in blocks, regrouped into batches of batch_rows rows."""
    with path.open("rb") as fh:
        if not fh.read(4096).removeprefix(b"\xef\xbb\xbf").strip():
            raise _fail("el archivo está vacío")
    try:
        encoding = detect(path)
    except EncodingProblem as exc:
        raise ReadError([exc.problem]) from None
    delimiter, names = _header(path, encoding)
    bad: list[tuple[str, int, int]] = []

    def invalid(row: pacsv.InvalidRow) -> str:
        if len(bad) < 20:
            bad.append((row.text, row.expected_columns, row.actual_columns))
        return "skip"

    try:
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(
                column_names=names,
                skip_rows=1,
                block_size=1 << 24,
                encoding="utf8" if encoding == "utf-8" else encoding,
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, newlines_in_values=False, invalid_row_handler=invalid
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        yield from _regroup(reader, batch_rows)
    except pa.ArrowInvalid as exc:
        raise _fail(f"no se pudo leer el CSV ({str(exc)[:160]}); revise el delimitador y las comillas") from None
    if bad:
        raise _ragged(path, encoding, bad)


def _ragged(path: Path, encoding: str, bad: list[tuple[str, int, int]]) -> ReadError:
    """Rows with the wrong number of fields, each with its spreadsheet row (header = 1), found in one pass."""
    rows = _locate(path, encoding, [text for text, _, _ in bad])
    return ReadError(
        [
            Problem(row, None, f"se esperaban {expected} campos y hay {actual}; ¿delimitador incorrecto?")
            for row, (_, expected, actual) in zip(rows, bad, strict=True)
        ]
    )


def _locate(path: Path, encoding: str, texts: list[str]) -> list[int | None]:
    """The spreadsheet rows (header = 1) of data lines, by their text (pyarrow's streaming reader cannot tell)."""
    found: list[int | None] = [None] * len(texts)
    wanted = [t.rstrip("\r\n") for t in texts]
    with path.open(encoding="utf-8-sig" if encoding == "utf-8" else encoding, newline="") as fh:
        for number, line in enumerate(fh, start=1):
            text = line.rstrip("\r\n")
            for i, w in enumerate(wanted):
                if found[i] is None and number > 1 and text == w:
                    found[i] = number
                    break
            if all(f is not None for f in found):
                break
    return found


def _regroup(reader: pa.RecordBatchReader, rows: int) -> Iterator[pd.DataFrame]:
    """Arrow record batches -> pandas frames of `rows` rows with the file's row numbers as index."""
    pending: list[pa.RecordBatch] = []
    count = offset = 0
    for batch in reader:
        pending.append(batch)
        count += batch.num_rows
        while count >= rows:
            table = pa.Table.from_batches(pending)
            head, rest = table.slice(0, rows), table.slice(rows)
            yield _frame(head, offset)
            offset += rows
            pending, count = rest.to_batches(), rest.num_rows
    if count or offset == 0:
        table = pa.Table.from_batches(pending, schema=reader.schema)
        yield _frame(table, offset)


def _frame(table: pa.Table, offset: int) -> pd.DataFrame:
    frame = table.to_pandas()
    frame.index = pd.RangeIndex(offset, offset + len(frame))
    return frame


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
    """The first sheet (or CLUES_*) of a workbook, every cell as text (calamine: fast on the 64,000-row catalogue)."""
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
        rows = wb.get_sheet_by_name(pick_sheet(list(wb.sheet_names))).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises several types for damaged files
        raise _fail(f"no se pudo abrir el libro XLSX: {str(exc)[:160]}") from None
    while rows and all(cell_text(v) == "" for v in rows[-1]):
        rows.pop()
    if not rows:
        raise _fail("el archivo está vacío")
    header = [cell_text(h) for h in rows[0]]
    width = len(header)
    while width and not header[width - 1]:
        width -= 1
    header = header[:width]
    if len(set(header)) != len(header):
        raise _repeated(header)
    return pd.DataFrame(dict(zip(header, _text_columns(rows[1:], width), strict=True)))


def _text_columns(rows: Sequence[Sequence[object]], width: int) -> list[pd.Series]:
    """The body column by column: a column of text cells is stripped in Arrow, others go cell by cell."""
    if any(len(r) != width for r in rows):
        rows = [[*r[:width], *[""] * (width - len(r))] for r in rows]
    columns = list(zip(*rows, strict=True)) if rows else [()] * width
    out = []
    for values in columns:
        if all(type(v) is str for v in values):
            out.append(pd.Series(values, dtype=str).str.strip())
        else:
            out.append(pd.Series([cell_text(v) for v in values], dtype=str))
    return out


def _parquet_columns(schema: pa.Schema) -> list[str]:
    meta = schema.pandas_metadata or {}
    index = {c for c in meta.get("index_columns", []) if isinstance(c, str)}  # a saved pandas index is no column
    return [n for n in schema.names if n not in index]


def iter_parquet(path: Path, batch_rows: int) -> Iterator[pd.DataFrame]:
    """A Parquet file in batches, every column turned into text in Arrow."""
    try:
        source = pq.ParquetFile(path)
        names = _parquet_columns(source.schema_arrow)
        batches = source.iter_batches(batch_size=min(batch_rows, 1 << 30), columns=names)
        offset = 0
        for batch in batches:
            table = pa.Table.from_batches([batch])
            text = pa.table([column_text(table.column(n), cell_text) for n in names], names=[str(n) for n in names])
            yield _frame(text, offset)
            offset += batch.num_rows
        if offset == 0:
            yield pd.DataFrame({str(n): pd.Series([], dtype=str) for n in names})
    except (pa.ArrowInvalid, OSError) as exc:  # pyarrow raises several types for damaged files
        raise _fail(f"no se pudo leer el Parquet: {str(exc)[:160]}") from None


def read_parquet(path: Path) -> pd.DataFrame:
    """A whole Parquet file as text."""
    return pd.concat(list(iter_parquet(path, 1 << 30)))
