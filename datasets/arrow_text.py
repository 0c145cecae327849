"""Arrow columns as text, a whole column at a time: the strings cell_text gives, without a Python call per cell."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

INT64_LIMIT = 2.0**63  # integral floats below it go through int64; larger ones through Python ints


def column_text(column: pa.ChunkedArray, slow: Callable[[object], str]) -> pa.ChunkedArray:
    """Integers plain, integral floats without '.0', dates and timestamps as YYYY-MM-DD, nulls as ''."""
    kind = column.type
    if pa.types.is_dictionary(kind):
        return column_text(column.cast(kind.value_type), slow)
    if pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind):
        return _filled(column.cast(pa.string()))
    if pa.types.is_integer(kind):
        return _filled(column.cast(pa.string()))
    if pa.types.is_boolean(kind):
        return _filled(pc.if_else(column, "1", "0"))
    if pa.types.is_date(kind):
        return _filled(column.cast(pa.date32()).cast(pa.string()))
    if pa.types.is_timestamp(kind):
        local = pc.local_timestamp(column) if kind.tz else column
        return _filled(local.cast(pa.timestamp(kind.unit)).cast(pa.date32()).cast(pa.string()))
    if pa.types.is_float32(kind) or pa.types.is_float64(kind):
        return pa.chunked_array([_float_text(chunk, slow) for chunk in column.chunks], pa.string())
    return pa.chunked_array([pa.array([slow(v) for v in column.to_pylist()], pa.string())])


def _filled(column: pa.ChunkedArray) -> pa.ChunkedArray:
    return pc.fill_null(column, "")


def _float_text(chunk: pa.Array, slow: Callable[[object], str]) -> pa.Array:
    """Integral values through int64 in bulk; fractions, NaN, infinities and huge values one by one (rare)."""
    raw = chunk.to_numpy(zero_copy_only=False)
    values = raw.astype(np.float64)
    with np.errstate(invalid="ignore"):
        plain = np.isfinite(values) & (np.floor(values) == values) & (np.abs(values) < INT64_LIMIT)
    text = pa.array(np.where(plain, values, 0).astype(np.int64), mask=~plain).cast(pa.string())
    odd = ~plain & ~np.asarray(chunk.is_null().to_numpy(zero_copy_only=False), dtype=bool)
    if odd.any():
        text = pc.replace_with_mask(text, pa.array(odd), pa.array([slow(v) for v in raw[odd].tolist()], pa.string()))
    return pc.fill_null(text, "")
