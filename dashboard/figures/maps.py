"""Choropleths of states and municipalities as plain dicts: one value trace plus one trace per non-value state."""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard import fmt
from dashboard.figures.style import (
    AREA_STYLES,
    BORDER,
    DIVERGING,
    SEQUENTIAL,
    SEQUENTIAL_REVERSED,
    base_layout,
    geo_layout,
)
from dashboard.queries.areas import STATUSES
from dashboard.queries.metrics import Metric

STATES_URL = "/geo/estados.geojson"


def format_value(value: float | None, metric: Metric) -> str:
    """A metric value as officials read it (es-MX separators, unit)."""
    if metric.is_pct or metric.unit == "%":
        return fmt.porcentaje(value)
    if metric.unit == "pesos":
        return fmt.pesos(value)
    decimals = 1 if metric.unit.startswith("por ") else 0
    text = fmt.numero(value, decimals)
    return text if text == fmt.SIN_DATOS else f"{text} {metric.unit}"


def colorbar_title(metric: Metric) -> str:
    """Colour bar title: the metric and its unit."""
    return f"{metric.label} ({metric.unit})"


def scale(metric: Metric) -> dict[str, Any]:
    """Diverging PuOr centred on the target for progress metrics, sequential otherwise."""
    if metric.target is not None:
        return {"colorscale": DIVERGING, "reversescale": False, "zmid": metric.target}
    return {"colorscale": SEQUENTIAL, "reversescale": SEQUENTIAL_REVERSED, "zmid": None}


def value_fields(values: pd.DataFrame, id_col: str, metric: Metric) -> dict[str, Any]:
    """The changing fields of the value trace (trace 0): what a dash.Patch updates."""
    rows = values[values["status"] == "valor"]
    z = rows["value"].astype(float).round(4)
    fields: dict[str, Any] = {
        "locations": rows[id_col].astype(str).tolist(),
        "z": z.tolist(),
        "text": rows["nombre"].astype(str).tolist(),
        "customdata": [format_value(v, metric) for v in z.tolist()],
        "showscale": bool(len(rows)),  # no coloured area: no colour bar (the legend says why)
        **scale(metric),
    }
    fields["colorbar"] = _colorbar(metric)
    return fields


def legend_statuses(values: pd.DataFrame) -> list[str]:
    """The non-value area states the map shows, in legend order (what an honest legend lists)."""
    present = set(values["status"])
    return [s for s in STATUSES[1:] if s in present]


def status_fields(values: pd.DataFrame, id_col: str, status: str) -> dict[str, Any]:
    """Locations and hover text of one non-value trace."""
    rows = values[values["status"] == status]
    label = AREA_STYLES[status][1]
    return {
        "locations": rows[id_col].astype(str).tolist(),
        "z": [0] * len(rows),
        "text": [f"{n} — {label}" for n in rows["nombre"].astype(str).tolist()],
    }


def _colorbar(metric: Metric) -> dict[str, Any]:
    pct = metric.is_pct or metric.unit == "%"
    return {
        "title": {"text": colorbar_title(metric), "side": "right"},
        "ticksuffix": " %" if pct else "",
        "tickprefix": "$" if metric.unit == "pesos" else "",
        "tickformat": ",.0f",
        "thickness": 14,
        "len": 0.8,
    }


def _outline() -> dict[str, Any]:
    return {"line": {"color": BORDER, "width": 0.5}}


def _trace(name: str, geo: dict[str, Any], fields: dict[str, Any], **style: Any) -> dict[str, Any]:
    return {"type": "choropleth", "name": name, **geo, **fields, **style}


def _value_trace(values: pd.DataFrame, id_col: str, metric: Metric, geo: dict[str, Any]) -> dict[str, Any]:
    return _trace(
        metric.label,
        geo,
        value_fields(values, id_col, metric),
        hovertemplate="<b>%{text}</b><br>%{customdata}<extra></extra>",
        marker=_outline(),
    )


def _status_trace(values: pd.DataFrame, id_col: str, status: str, geo: dict[str, Any]) -> dict[str, Any]:
    color, label = AREA_STYLES[status]
    return _trace(
        label,
        geo,
        status_fields(values, id_col, status),
        colorscale=[[0, color], [1, color]],
        zmin=0,
        zmax=1,
        showscale=False,
        hovertemplate="%{text}<extra></extra>",
        marker=_outline(),
    )


def choropleth(
    values: pd.DataFrame,
    *,
    id_col: str,
    metric: Metric,
    geojson_url: str,
    geojson: dict[str, Any] | None = None,
    title: str | None = None,
) -> dict[str, Any]:
    """Four traces: values (trace 0), federalized without data, announced, not joined; features keyed by id_col."""
    geo = {"geojson": geojson if geojson is not None else geojson_url, "featureidkey": f"properties.{id_col}"}
    data = [_value_trace(values, id_col, metric, geo)]
    data += [_status_trace(values, id_col, s, geo) for s in STATUSES[1:]]
    layout = base_layout(
        geo=geo_layout(),
        showlegend=False,
        margin={"l": 0, "r": 0, "t": 40 if title else 8, "b": 0},
        title={"text": title or "", "x": 0.01, "font": {"size": 15}},
        uirevision=geojson_url,
    )
    return {"data": data, "layout": layout}


def state_choropleth(
    values: pd.DataFrame,
    *,
    metric: Metric,
    geojson_url: str = STATES_URL,
    geojson: dict[str, Any] | None = None,
    title: str | None = None,
) -> dict[str, Any]:
    """The 32 states; values has cve_ent, value, status, nombre."""
    return choropleth(values, id_col="cve_ent", metric=metric, geojson_url=geojson_url, geojson=geojson, title=title)


def municipal_choropleth(
    values: pd.DataFrame,
    *,
    metric: Metric,
    geojson_url: str,
    geojson: dict[str, Any] | None = None,
    title: str | None = None,
) -> dict[str, Any]:
    """Municipalities; values has cvegeo, value, status, nombre."""
    return choropleth(values, id_col="cvegeo", metric=metric, geojson_url=geojson_url, geojson=geojson, title=title)
