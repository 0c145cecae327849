"""The one neutraliser every CSV and XLSX writer uses: text made inert, numbers, dates and gaps untouched."""

from __future__ import annotations

import csv
import io
import math
from datetime import date

import openpyxl
import pandas as pd
import pytest

from dashboard.export.safe_cells import csv_bytes, neutralise, neutralise_frame, xlsx_bytes
from tests.injection_db import PAYLOADS


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if p[0] in "=+-@\t\r"])
def test_text_that_starts_like_a_formula_gets_an_apostrophe(payload: str) -> None:
    assert neutralise(payload) == "'" + payload


@pytest.mark.parametrize("value", ["Oaxaca", "x\r=1+1", "'=ya neutra", "", "2024-06-01", "A=1", -3, -2.5, 0, None])
def test_everything_else_is_unchanged(value: object) -> None:
    assert neutralise(value) == value


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "nombre": ["=1+1", "Oaxaca", None],
            "clave": pd.Series(["-01", "20", pd.NA], dtype="string"),
            "tipo": pd.Categorical(["@a", "b", "b"]),
            "valor": [-3, 4, 5],
            "pct": [-2.5, math.nan, 1.0],
            "fecha": pd.to_datetime(["2024-06-01", "2024-06-02", None]),
            "=encabezado": ["x", "y", "z"],
        }
    )


def test_frame_neutralises_text_and_headers_and_keeps_types() -> None:
    out = neutralise_frame(frame())
    assert list(out.columns) == ["nombre", "clave", "tipo", "valor", "pct", "fecha", "'=encabezado"]
    assert out["nombre"].tolist()[:2] == ["'=1+1", "Oaxaca"] and pd.isna(out["nombre"].iloc[2])
    assert out["clave"].tolist()[:2] == ["'-01", "20"]
    assert out["tipo"].astype(str).tolist() == ["'@a", "b", "b"]
    assert out["valor"].tolist() == [-3, 4, 5] and out["valor"].dtype == frame()["valor"].dtype
    assert out["pct"].iloc[0] == -2.5 and out["fecha"].dtype == frame()["fecha"].dtype
    assert frame()["nombre"].iloc[0] == "=1+1"  # the input is not modified


def test_csv_quotes_a_carriage_return_and_keeps_negative_numbers() -> None:
    data = pd.DataFrame({"nombre": ["x\r=1+1", "-2+3"], "valor": [-3, 7]})
    rows = list(csv.reader(io.StringIO(csv_bytes(data).decode("utf-8-sig"), newline="")))
    assert rows == [["nombre", "valor"], ["x\r=1+1", "-3"], ["'-2+3", "7"]]
    assert csv_bytes(data).startswith("\ufeff".encode())


def test_xlsx_text_is_string_cells_and_numbers_are_numbers() -> None:
    data = pd.DataFrame({"nombre": ["=SUM(1)", "#N/A", "Oaxaca"], "valor": [-3, 0, 2], "dia": [date(2024, 6, 1)] * 3})
    notes = pd.DataFrame({"nota": ["@nota", "Fuente"]})
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes({"datos": data, "notas": notes})))
    assert book.sheetnames == ["datos", "notas"]
    sheet = book["datos"]
    assert [(c.value, c.data_type) for c in sheet["A"]] == [
        ("nombre", "s"),
        ("'=SUM(1)", "s"),
        ("#N/A", "s"),  # text, not an error value
        ("Oaxaca", "s"),
    ]
    assert [(c.value, c.data_type) for c in sheet["B"][1:]] == [(-3, "n"), (0, "n"), (2, "n")]
    assert sheet["C2"].is_date
    assert book["notas"]["A2"].value == "'@nota"
