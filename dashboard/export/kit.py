"""Small helpers shared by the page-chart presets (scope names, series frames, bar sentences)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

from dashboard import fmt
from dashboard.export.builders import extremes, scope_of
from dashboard.export.presets import Request
from dashboard.queries.metrics import Metric


def where(engine: Engine, estado: str | None) -> str:
    """'a nivel nacional' or 'en Oaxaca'."""
    return "a nivel nacional" if estado is None else f"en {scope_of(engine, estado)}"


def dated_frame(weeks: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """A weekly frame with its dates as a 'fecha' column and renamed value columns (the CSV of a series)."""
    out = weeks.rename(columns=names).round(2)
    out.insert(0, "fecha", pd.DatetimeIndex(weeks.index).strftime("%Y-%m-%d"))
    return out.reset_index(drop=True)


def last_values(weeks: pd.DataFrame, labels: dict[str, str], unit: str) -> str:
    """'Médicos: 1,234; Enfermería: 567' at the last point of a weekly frame."""
    if weeks.empty:
        return "sin datos a esa fecha"
    row = weeks.iloc[-1]
    return "; ".join(f"{labels[k]}: {fmt.numero(row[k])} {unit}".strip() for k in labels)


def bar_extremes(frame: pd.DataFrame, m: Metric, name: str = "nombre", empty: str = "Ningún estado") -> str:
    """Highest and lowest of a bar chart's values, in bulletin words."""
    return extremes(frame.dropna(subset=["value"]).sort_values("value", ascending=False), m, name, empty)


def cut(req: Request) -> str:
    """'cifras al 28 de junio de 2024'."""
    return f"cifras al {fmt.fecha_larga(req.fecha)}"
