"""Frames the pages draw, shared with the export presets so a chart and its export show the same numbers."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from dashboard.figures.style import CHANNEL_LABELS
from dashboard.queries import municipal
from dashboard.queries.joining import JOINED
from dashboard.queries.metrics import Metric
from dashboard.queries.snapshot import state_cube

DEN_SHORT = {"pob_sin_seguridad": "población sin seguridad social", "psinder": "población sin afiliación (psinder)"}


def registry_metric(canal: str, vista: str, denominador: str) -> Metric:
    """The Metric the registry map and state bars show for a channel, a view and a denominator."""
    base = "Personas registradas" if canal not in municipal.CANALES else f"Registros: {CHANNEL_LABELS[canal]}"
    if vista == "por_mil":
        return Metric("registro_por_mil", f"{base} por cada 1,000 habitantes", "por 1,000 hab.", "registry")
    if vista == "cobertura":
        label = f"{base} / {DEN_SHORT[denominador]}"
        return Metric("registro_cobertura", label, "%", "registry", "personas", denominador, 100)
    return Metric("registro_abs", base, "personas" if canal not in municipal.CANALES else "registros", "registry")


def registry_by_state(engine: Engine, fecha: date | None, canal: str, vista: str, denominador: str) -> pd.DataFrame:
    """States joined at a date that have data: cve_ent, nombre (short), value."""
    if fecha is None:
        return pd.DataFrame(columns=["cve_ent", "nombre", "value"])
    snap = state_cube(engine).at(fecha)
    key = f"registros_{canal}" if canal in municipal.CANALES else "personas_registradas"
    pop = municipal.state_population(engine).reindex(snap.index)
    value = municipal.per_capita(snap[key], pop, vista, denominador).replace([np.inf, -np.inf], np.nan)
    frame = pd.DataFrame({"cve_ent": snap.index, "nombre": snap["nombre_corto"], "value": value})
    return frame[(snap["federalizado"] == JOINED) & frame["value"].notna()].reset_index(drop=True)


def weekly(engine: Engine, estado: str | None, columns: Sequence[str], until: date | None = None) -> pd.DataFrame:
    """Cumulative columns (national or one state) at each week's end plus the last day (up to `until`)."""
    cube = state_cube(engine)
    if len(cube.dates) == 0:
        return pd.DataFrame(columns=list(columns))
    frame = (cube.national() if estado is None else cube.state_series(estado))[list(columns)]
    if until is not None:
        frame = frame[frame.index <= pd.Timestamp(until)]
    if frame.empty:
        return frame
    out = frame.resample("W").last()
    out = out[out.index <= frame.index[-1]]
    out.loc[frame.index[-1]] = frame.iloc[-1]
    return out.sort_index()


def channel_weeks(engine: Engine, estado: str | None, until: date | None = None) -> pd.DataFrame:
    """Registrations by channel (columns modulo, autorregistro, cruce_bienestar) week by week."""
    cols = {f"registros_{c}": c for c in municipal.CANALES}
    return weekly(engine, estado, list(cols), until).rename(columns=cols)


def current_staff(staff: pd.DataFrame) -> dict[str, int]:
    """A unit's staff incorporated so far by role (last cumulative value of each role)."""
    if staff.empty:
        return {}
    return {str(k): int(v) for k, v in staff.groupby("rol")["acumulado"].last().items()}


def number(value: Any) -> float | None:
    """A float from a database cell; None when it is missing or not a number (NaN included)."""
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out
