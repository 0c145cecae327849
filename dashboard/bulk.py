"""Bulk insert of a DataFrame inside the caller's transaction: executemany on SQLite, COPY on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Table

CHUNK_ROWS = 100_000


def _column_values(s: pd.Series, sqlite_db: bool) -> list[Any]:
    """Plain Python values the DBAPI accepts: ISO dates, ints, floats, bools, None."""
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        codes, uniques = pd.factorize(s)
        text = np.array([u.strftime("%Y-%m-%d") for u in uniques] + [None], dtype=object)
        return text.take(codes).tolist()
    if pd.api.types.is_bool_dtype(s.dtype):
        return s.astype(int).tolist() if sqlite_db else s.tolist()
    if pd.api.types.is_float_dtype(s.dtype) and s.name not in ("lat", "lon"):
        return s.astype("int64").tolist()
    return s.astype(object).where(s.notna(), None).tolist()


def _chunks(frame: pd.DataFrame, columns: list[str], sqlite_db: bool, size: int) -> Iterator[list[tuple[Any, ...]]]:
    for i in range(0, len(frame), size):
        part = frame.iloc[i : i + size]
        yield list(zip(*(_column_values(part[c], sqlite_db) for c in columns), strict=True))


def insert_frame(conn: Connection, table: Table, frame: pd.DataFrame, fail_after: int | None = None) -> int:
    """Bulk insert inside the caller's transaction: executemany on SQLite, COPY on PostgreSQL."""
    columns = [c.name for c in table.columns if c.name in frame.columns]
    sqlite_db = conn.dialect.name == "sqlite"
    quote = conn.dialect.identifier_preparer.quote
    names = ", ".join(quote(c) for c in columns)
    size = min(CHUNK_ROWS, fail_after) if fail_after else CHUNK_ROWS
    done = 0
    for rows in _chunks(frame, columns, sqlite_db, size):
        if sqlite_db:
            marks = ", ".join("?" * len(columns))
            conn.exec_driver_sql(f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})", rows)
        else:
            cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
            with cursor.copy(f"COPY {quote(table.name)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        done += len(rows)
        if fail_after is not None and done >= fail_after:
            raise RuntimeError(f"fallo simulado después de {done} filas")
    return done
