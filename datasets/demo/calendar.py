"""Days, weekday patterns, S-shaped adoption curves and the states' joining dates."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from datasets.demo.calibration_targets import REFERENCE

# Monday … Sunday: enrollment modules close on Sundays and open half a day on Saturdays
WEEKDAY_MODULO = np.array([1.0, 1.05, 1.0, 1.0, 0.95, 0.45, 0.0])
WEEKDAY_ONLINE = np.array([1.0, 1.05, 1.0, 0.95, 0.9, 0.7, 0.6])
REGISTRY_START = date(2023, 6, 1)  # credentialing campaign: no registrations before this day


def day(d: date | str | np.datetime64) -> np.datetime64:
    return np.datetime64(pd.Timestamp(d).date(), "D")


def day_range(start: date, end: date) -> np.ndarray:
    """Every day from start to end inclusive, as datetime64[D]."""
    return np.arange(day(start), day(end) + np.timedelta64(1, "D"), dtype="datetime64[D]")


def weekday(days: np.ndarray) -> np.ndarray:
    """0 = Monday … 6 = Sunday."""
    return ((days.astype("int64") + 3) % 7).astype(int)


def s_curve(t: np.ndarray, mid: float, width: float) -> np.ndarray:
    """Logistic cumulative adoption in [0, 1]."""
    return 1.0 / (1.0 + np.exp(-(t - mid) / width))


def join_dates() -> pd.Series:
    """cve_ent -> joining date (datetime64[D]) of the 23 federalized states (state_join_dates.csv)."""
    frame = pd.read_csv(REFERENCE / "state_join_dates.csv", dtype=str, keep_default_na=False)
    frame = frame[frame["fecha_adhesion"] != ""]
    return pd.Series(pd.to_datetime(frame["fecha_adhesion"]).to_numpy().astype("datetime64[D]"), index=frame["cve_ent"])


def working_days(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray, avoid: tuple[date, ...] = ()) -> np.ndarray:
    """One random Monday–Saturday day in [lo, hi] per element (hi if the window has none)."""
    lo_i = lo.astype("datetime64[D]").astype("int64")
    hi_i = np.maximum(hi.astype("datetime64[D]").astype("int64"), lo_i)
    bad = {int(day(a).astype("int64")) for a in avoid}
    out = lo_i + np.floor(rng.random(len(lo_i)) * (hi_i - lo_i + 1)).astype("int64")
    for _ in range(6):
        wrong = (((out + 3) % 7) == 6) | np.isin(out, list(bad))
        if not wrong.any():
            break
        shift = np.where(out[wrong] + 1 <= hi_i[wrong], 1, -1)
        out[wrong] = np.clip(out[wrong] + shift, lo_i[wrong], hi_i[wrong])
    return out.astype("datetime64[D]")
