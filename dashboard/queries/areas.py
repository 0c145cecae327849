"""The four states of an area on every map: a value, federalized without data, announced, not joined."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.queries.joining import ANNOUNCED, NOT_JOINED

STATUSES = ("valor", "sin_datos", "anunciado", "no_adherido")


def area_status(joining: pd.Series, value: pd.Series) -> pd.Series:
    """Area state from its state's joining status at the map's date (queries/joining.py) and its value (NaN: none)."""
    fed = joining.to_numpy(dtype=object)
    out = np.where(value.notna().to_numpy(), "valor", "sin_datos")
    out = np.where(fed == ANNOUNCED, "anunciado", out)
    out = np.where(fed == NOT_JOINED, "no_adherido", out)
    return pd.Series(out, index=value.index, dtype=object)
