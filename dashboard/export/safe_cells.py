"""Every CSV and XLSX the app writes goes through here, so no spreadsheet ever evaluates a cell (OWASP CSV injection).

A text cell that starts with = + - @ tab or CR gets a leading apostrophe; numbers, dates and empty cells are
left alone (a negative number stays a number). CSV rows end in CRLF, so a CR inside a text cell is quoted and
cannot start a new row. XLSX text cells are typed as strings, never formulas (nor error values such as #N/A).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """The value, with a leading apostrophe when it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _column(values: pd.Series) -> pd.Series:
    kind = values.dtype
    if pd.api.types.is_numeric_dtype(kind) or pd.api.types.is_datetime64_any_dtype(kind):
        return values
    if pd.api.types.is_timedelta64_dtype(kind):
        return values
    return values.map(neutralise)


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell and header neutralised; other columns keep their type."""
    out = pd.concat([_column(frame.iloc[:, i]) for i in range(frame.shape[1])], axis=1) if frame.shape[1] else frame
    out = out.copy()
    out.columns = pd.Index([neutralise(c) for c in frame.columns])
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM (Excel opens accents right), comma separated, point decimals, CRLF rows (RFC 4180)."""
    return neutralise_frame(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def type_text_as_strings(sheet: Worksheet) -> None:
    """Every text cell is a string cell, whatever openpyxl guessed from its first character."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"


def xlsx_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """A workbook with one sheet per frame (in order), headers in the first row, inert text."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            neutralise_frame(frame).to_excel(writer, sheet_name=name, index=False)
            type_text_as_strings(writer.sheets[name])
    return buf.getvalue()
