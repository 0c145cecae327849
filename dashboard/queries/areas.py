"""The four states of an area on every map: a value, federalized without data, announced, not joined."""

from __future__ import annotations

import numpy as np
import pandas as pd

STATUSES = ("valor", "sin_datos", "anunciado", "no_adherido")


def area_status(federalizado: pd.Series, value: pd.Series) -> pd.Series:
    """Area state from the state's federalization status ('si'|'anunciado'|'no') and its value (NaN: no data)."""
    fed = federalizado.to_numpy(dtype=object)
    out = np.where(value.notna().to_numpy(), "valor", "sin_datos")
    out = np.where(fed == "anunciado", "anunciado", out)
    out = np.where(fed == "no", "no_adherido", out)
    return pd.Series(out, index=value.index, dtype=object)
