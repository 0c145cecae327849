"""Time series as plain dicts: national lines with published figures marked, stacked areas, a date marker."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from dashboard import fmt
from dashboard.figures.style import DORADO, GUINDA, VERDE, base_layout
from dashboard.queries.metrics import Metric

SERIES_HEIGHT = 380


def hover_format(metric: Metric) -> str:
    """d3 format of a metric's values in hover labels (separators come from the layout)."""
    if metric.is_pct or metric.unit == "%":
        return "%{y:,.1f} %"
    if metric.unit == "pesos":
        return "$%{y:,.0f}"
    return "%{y:,.0f} " + metric.unit


def date_marker(fecha: date | None) -> list[dict[str, Any]]:
    """A vertical line at the selected date (what a Patch of layout.shapes sends)."""
    if fecha is None:
        return []
    x = fecha.isoformat()
    return [{"type": "line", "xref": "x", "yref": "paper", "x0": x, "x1": x, "y0": 0, "y1": 1,
             "line": {"color": GUINDA, "width": 1.5, "dash": "dot"}}]  # fmt: skip


def _x(index: pd.Index) -> list[str]:
    return [d.strftime("%Y-%m-%d") for d in pd.DatetimeIndex(index)]


def _axes(metric: Metric | None) -> dict[str, Any]:
    y: dict[str, Any] = {"rangemode": "tozero", "gridcolor": "#e5e5e5", "tickformat": ",.0f", "automargin": True}
    if metric is not None and (metric.is_pct or metric.unit == "%"):
        y["ticksuffix"] = " %"
    if metric is not None and metric.unit == "pesos":
        y["tickprefix"] = "$"
    return {"xaxis": {"type": "date", "showgrid": False, "automargin": True}, "yaxis": y}


def published_trace(published: pd.DataFrame, metric: Metric) -> dict[str, Any]:
    """Diamonds at the figures published in bulletins, with their source on hover."""
    text = [
        f"Cifra publicada: {_published_text(v, metric)}{' (aprox.)' if a else ''}<br>{fmt.fecha_larga(f.date())}<br>{s}"
        for v, a, f, s in zip(
            published["valor"], published["aproximada"], published["fecha"], published["fuente"], strict=True
        )
    ]
    return {
        "type": "scatter",
        "mode": "markers",
        "name": "Cifras publicadas",
        "x": _x(published["fecha"]),
        "y": published["valor"].astype(float).tolist(),
        "text": text,
        "hovertemplate": "%{text}<extra></extra>",
        "marker": {"symbol": "diamond", "size": 11, "color": DORADO, "line": {"color": "#333", "width": 1}},
    }


def _published_text(value: float, metric: Metric) -> str:
    if metric.is_pct or metric.unit == "%":
        return fmt.porcentaje(value, 0 if float(value).is_integer() else 1)  # as printed: '89 %', '97.7 %'
    return fmt.monto(value) if metric.unit == "pesos" else fmt.compacto(value)


def national_line(
    series: pd.Series, metric: Metric, published: pd.DataFrame | None = None, fecha: date | None = None
) -> dict[str, Any]:
    """The national series of a metric, the bulletins' figures as diamonds, the selected date as a line."""
    clean = series.dropna()
    data: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": "Tablero",
            "x": _x(clean.index),
            "y": clean.round(3).tolist(),
            "hovertemplate": hover_format(metric) + "<extra>%{x|%d/%m/%Y}</extra>",
            "line": {"color": VERDE, "width": 2},
        }
    ]
    if published is not None and not published.empty:
        data.append(published_trace(published, metric))
    layout = base_layout(
        **_axes(metric),
        title={"text": f"{metric.label}: serie nacional", "x": 0.01, "font": {"size": 15}},
        shapes=date_marker(fecha),
        showlegend=len(data) > 1,
        legend={"orientation": "h", "y": -0.15},
        hovermode="closest",
        height=SERIES_HEIGHT,
    )
    return {"data": data, "layout": layout}


def _wide_layout(title: str, metric: Metric | None) -> dict[str, Any]:
    """The layout of several series on one axis: legend below, one hover box for every series."""
    return base_layout(
        **_axes(metric),
        title={"text": title, "x": 0.01, "font": {"size": 15}},
        legend={"orientation": "h", "y": -0.15},
        hovermode="x unified",
        height=SERIES_HEIGHT,
    )


def _column_trace(frame: pd.DataFrame, col: str, labels: dict[str, str], **style: Any) -> dict[str, Any]:
    return {
        "type": "scatter",
        "mode": "lines",
        "name": labels.get(col, col),
        "x": _x(frame.index),
        "y": frame[col].round(3).tolist(),
        **style,
    }


def stacked_area(
    frame: pd.DataFrame, *, colors: dict[str, str], labels: dict[str, str], title: str, unit: str
) -> dict[str, Any]:
    """One filled area per column, stacked (e.g. registrations by channel)."""
    hover = "%{y:,.0f} " + unit + "<extra>%{fullData.name}</extra>"
    data = [
        _column_trace(frame, col, labels, stackgroup="uno", line={"color": colors.get(col), "width": 0.5},
                      hovertemplate=hover)
        for col in frame.columns
    ]  # fmt: skip
    return {"data": data, "layout": _wide_layout(title, None)}


def lines(frame: pd.DataFrame, *, labels: dict[str, str], title: str, metric: Metric | None = None) -> dict[str, Any]:
    """Several series on one axis (e.g. dispersed vs spent)."""
    hover = (hover_format(metric) if metric else "%{y:,.0f}") + "<extra>%{fullData.name}</extra>"
    data = [_column_trace(frame, col, labels, hovertemplate=hover) for col in frame.columns]
    return {"data": data, "layout": _wide_layout(title, metric)}
