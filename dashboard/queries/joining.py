"""A state's joining status at a date: the one rule every map, page, ranking and export reads.

At a date d a state is
- joined ('si') when fecha_adhesion ≤ d;
- announced ('anunciado') when its announcement ≤ d and it has not joined (no fecha_anuncio: announced on its
  joining date, so it goes straight from not joined to joined);
- not joined ('no') otherwise.
A state with neither date keeps its recorded status (`federalizado`, "status today"): it is all that is known.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import Engine, select

from dashboard.cache import memoize
from dashboard.db import states

JOINED = "si"
ANNOUNCED = "anunciado"
NOT_JOINED = "no"
COLUMNS = ("federalizado", "fecha_adhesion", "fecha_anuncio")
_ALWAYS = pd.Timestamp("1900-01-01")


@memoize
def joining_dates(engine: Engine) -> pd.DataFrame:
    """Index cve_ent: federalizado (recorded today), fecha_adhesion, fecha_anuncio (cached per data version)."""
    with engine.connect() as conn:
        rows = conn.execute(select(states.c.cve_ent, *[states.c[c] for c in COLUMNS]).order_by(states.c.cve_ent))
        frame = pd.DataFrame(rows.all(), columns=["cve_ent", *COLUMNS])
    return frame.set_index("cve_ent")


def since(frame: pd.DataFrame) -> pd.DataFrame:
    """Per state, the first day it counts as joined and as announced (NaT: not by any date)."""
    index = frame.index
    adhesion = _days(frame, "fecha_adhesion")
    anuncio = _days(frame, "fecha_anuncio")
    recorded = frame["federalizado"] if "federalizado" in frame else pd.Series(NOT_JOINED, index=index)
    undated = adhesion.isna() & anuncio.isna()
    joined = adhesion.mask(undated & (recorded == JOINED), _ALWAYS)
    announced = anuncio.fillna(adhesion).mask(undated & recorded.isin([JOINED, ANNOUNCED]), _ALWAYS)
    return pd.DataFrame({"joined": joined, "announced": announced}, index=index)


def _days(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    return pd.to_datetime(frame[column], errors="coerce").astype("datetime64[ns]")


def status_at(frame: pd.DataFrame, fecha: date | None) -> pd.Series:
    """'si' | 'anunciado' | 'no' per state at a date (today when None); frame has the joining columns."""
    s = since(frame)
    day = pd.Timestamp(fecha or date.today())
    out = np.select(
        [(s["joined"] <= day).to_numpy(), (s["announced"] <= day).to_numpy()], [JOINED, ANNOUNCED], NOT_JOINED
    )
    return pd.Series(out, index=frame.index, dtype=object)


def joined_mask(frame: pd.DataFrame, days: pd.DatetimeIndex) -> np.ndarray:
    """[day, state] True where the state had joined on that day (national totals count only those)."""
    joined = since(frame)["joined"].to_numpy(dtype="datetime64[ns]")
    stamps = days.to_numpy(dtype="datetime64[ns]")
    return stamps[:, None] >= joined[None, :]


def state_status(engine: Engine, cve_ent: str, fecha: date | None) -> str:
    """One state's status at a date ('no' for an unknown code)."""
    frame = joining_dates(engine)
    if cve_ent not in frame.index:
        return NOT_JOINED
    return str(status_at(frame.loc[[cve_ent]], fecha).iloc[0])


def statuses(engine: Engine, fecha: date | None) -> pd.Series:
    """Every state's status at a date, index cve_ent."""
    return status_at(joining_dates(engine), fecha)
