"""Parquet columns converted whole (Arrow) give the strings the former cell-by-cell conversion gave."""

from __future__ import annotations

import datetime as dt
import decimal
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from datasets.readers import cell_text, read_parquet

D = dt.date
T = dt.datetime
COLUMNS = {
    "entero": pa.array([1, -2, None, 2**62, 0], pa.int64()),
    "byte": pa.array([1, 2, 3, 4, 255], pa.uint8()),
    "real": pa.array([1.0, 2.5, None, float("nan"), -0.0]),
    "raro": pa.array([1e20, float("inf"), 0.1, 1e-7, 123456789.125]),
    "real32": pa.array([2.1, 3.0, None, 0.5, 1e10], pa.float32()),
    "fecha": pa.array([D(2024, 1, 5), None, D(1960, 2, 29), D(2024, 12, 31), D(2000, 1, 1)], pa.date32()),
    "momento": pa.array([T(2024, 1, 5, 23, 59), T(1969, 12, 31, 12), T(2024, 2, 29), T(2024, 3, 1), T(2000, 1, 1)]),
    "zona": pa.array(
        [T(2024, 1, 5, 3), T(2024, 1, 5, 7), T(2024, 6, 1), T(2024, 6, 1, 5, 59), T(2024, 6, 1, 6)],
        pa.timestamp("us", tz="America/Mexico_City"),
    ),
    "clave": pa.array(["07001", " x ", None, "Ñuñoa", ""]),
    "larga": pa.array(["a", None, "b", "c", "d"], pa.large_string()),
    "categoria": pa.array(["x", "y", None, "x", "z"]).dictionary_encode(),
    "si_no": pa.array([True, None, False, True, False]),
    "decimal": pa.array([decimal.Decimal("1.50"), None, decimal.Decimal("-3"), None, decimal.Decimal("10")]),
}


def cell_by_cell(path: Path) -> pd.DataFrame:
    """The former read_parquet: pandas reads, then cell_text per cell (kept as the reference)."""
    frame = pd.read_parquet(path)
    out = {}
    for name in frame.columns:
        col = frame[name]
        if pd.api.types.is_string_dtype(col.dtype) or col.dtype == object:
            out[str(name)] = col.map(cell_text).astype(str) if col.dtype == object else col.fillna("")
        else:
            out[str(name)] = pd.Series([cell_text(v) for v in col.tolist()], index=col.index, dtype=str)
    return pd.DataFrame(out, index=frame.index).reset_index(drop=True)


def test_same_strings_as_cell_by_cell(tmp_path: Path) -> None:
    path = tmp_path / "a.parquet"
    pq.write_table(pa.table(COLUMNS), path)
    got = read_parquet(path)
    pd.testing.assert_frame_equal(got, cell_by_cell(path))
    assert got["entero"].tolist() == ["1", "-2", "", str(2**62), "0"]
    assert got["real"].tolist() == ["1", "2.5", "", "", "0"]
    assert got["zona"].tolist()[:2] == ["2024-01-04", "2024-01-05"]  # local date, as pandas gave


def test_pandas_index_dropped_and_nulls_empty(tmp_path: Path) -> None:
    path = tmp_path / "b.parquet"
    frame = pd.DataFrame(
        {"cvegeo": ["07001", None], "n": pd.array([1, None], dtype="Int64"), "t": pd.to_datetime(["2024-01-01", None])},
        index=pd.Index(["p", "q"], name="k"),
    )
    frame.to_parquet(path)
    got = read_parquet(path)
    assert list(got.columns) == ["cvegeo", "n", "t"]
    assert got.to_dict("list") == {"cvegeo": ["07001", ""], "n": ["1", ""], "t": ["2024-01-01", ""]}
