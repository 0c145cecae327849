"""Bar charts as plain dicts: state rankings, grouped comparisons, stage funnels."""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard.figures.maps import format_value
from dashboard.figures.style import CATEGORICAL, DORADO, GRIS, VERDE, base_layout
from dashboard.queries.metrics import Metric

ROW_HEIGHT = 22


def _height(n: int) -> int:
    return max(220, 60 + ROW_HEIGHT * n)


def ranking_bar(
    frame: pd.DataFrame, *, metric: Metric, highlight: str | None = None, title: str | None = None
) -> dict[str, Any]:
    """Horizontal bars of states (cve_ent, nombre, value), best on top; customdata is cve_ent for click-through."""
    rows = frame.sort_values("value", ascending=True)
    colors = [DORADO if c == highlight else VERDE for c in rows["cve_ent"]]
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "x": rows["value"].round(3).tolist(),
            "y": rows["nombre"].astype(str).tolist(),
            "customdata": rows["cve_ent"].astype(str).tolist(),
            "text": [format_value(v, metric) for v in rows["value"].tolist()],
            "textposition": "auto",
            "hovertemplate": "<b>%{y}</b><br>%{text}<extra></extra>",
            "marker": {"color": colors},
        }
    ]
    xaxis: dict[str, Any] = {"tickformat": ",.0f", "gridcolor": "#e5e5e5"}
    if metric.is_pct or metric.unit == "%":
        xaxis["ticksuffix"] = " %"
    layout = base_layout(
        title={"text": title or f"{metric.label} por estado", "x": 0.01, "font": {"size": 15}},
        xaxis=xaxis,
        yaxis={"automargin": True},
        height=_height(len(rows)),
        margin={"l": 10, "r": 10, "t": 40, "b": 30},
    )
    if rows.empty:  # no axes with made-up ranges: say there is nothing to rank at this date
        layout.update(xaxis={"visible": False}, yaxis={"visible": False}, height=220, annotations=[_NO_DATA])
    elif metric.target is not None:
        layout["shapes"] = [_target_line(metric.target)]
    return {"data": data, "layout": layout}


_NO_DATA = {"text": "Ningún estado tiene datos de este indicador a esta fecha", "showarrow": False,
            "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5, "font": {"color": GRIS}}  # fmt: skip


def _target_line(x: float) -> dict[str, Any]:
    return {"type": "line", "xref": "x", "yref": "paper", "x0": x, "x1": x, "y0": 0, "y1": 1,
            "line": {"color": GRIS, "dash": "dash", "width": 1}}  # fmt: skip


def grouped_bars(
    frame: pd.DataFrame, *, category: str, series: dict[str, str], title: str, unit: str, horizontal: bool = True
) -> dict[str, Any]:
    """Side-by-side bars of several columns per category (e.g. doctors incorporated vs required)."""
    rows = frame.iloc[::-1] if horizontal else frame
    cats = rows[category].astype(str).tolist()
    data = []
    for i, (col, label) in enumerate(series.items()):
        vals = rows[col].astype(float).round(3).tolist()
        bar: dict[str, Any] = {"type": "bar", "name": label, "marker": {"color": CATEGORICAL[i]},
                               "hovertemplate": "<b>%{" + ("y" if horizontal else "x") + "}</b><br>%{"
                               + ("x" if horizontal else "y") + ":,.0f} " + unit + "<extra>" + label + "</extra>"}  # fmt: skip
        bar.update({"orientation": "h", "x": vals, "y": cats} if horizontal else {"x": cats, "y": vals})
        data.append(bar)
    layout = base_layout(
        title={"text": title, "x": 0.01, "font": {"size": 15}},
        barmode="group",
        legend={"orientation": "h", "y": -0.12 if not horizontal else 1.02, "x": 0},
        height=_height(len(cats) * (len(series) if horizontal else 1)) if horizontal else 380,
        yaxis={"automargin": True, **({} if horizontal else {"tickformat": ",.0f"})},
        xaxis={"automargin": True, **({"tickformat": ",.0f"} if horizontal else {})},
        margin={"l": 10, "r": 10, "t": 60, "b": 30},
    )
    return {"data": data, "layout": layout}


def stage_funnel(frame: pd.DataFrame, *, stages: dict[str, str], title: str) -> dict[str, Any]:
    """Per state (rows: nombre + one column per stage, as % of planned committees) one bar per stage."""
    return grouped_bars(frame, category="nombre", series=stages, title=title, unit="%")


def funnel(frame: pd.DataFrame, *, title: str, published: pd.DataFrame | None = None) -> dict[str, Any]:
    """Committee stages in order (nombre, valor, pct): count and % of planned on each step; diamonds where a
    bulletin published a stage's count that day (published: nombre, valor, texto)."""
    data = [
        {
            "type": "funnel",
            "y": frame["nombre"].tolist(),
            "x": frame["valor"].round(0).tolist(),
            "text": [format_value(p, _PCT) for p in frame["pct"].tolist()],
            "texttemplate": "%{x:,.0f} (%{text})",
            "hovertemplate": "<b>%{y}</b><br>%{x:,.0f} comités (%{text} de los previstos)<extra></extra>",
            "marker": {"color": list(CATEGORICAL[: len(frame)])},
            "connector": {"line": {"color": GRIS, "width": 1}},
        }
    ]
    if published is not None and not published.empty:
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": "Cifra publicada",
                "x": (published["valor"].astype(float) / 2).tolist(),  # a funnel bar is centred: its end is x / 2
                "y": published["nombre"].tolist(),
                "text": published["texto"].tolist(),
                "hovertemplate": "%{text}<extra></extra>",
                "marker": {"symbol": "diamond", "size": 12, "color": DORADO, "line": {"color": "#333", "width": 1}},
            }
        )
    layout = base_layout(
        title={"text": title, "x": 0.01, "font": {"size": 15}},
        showlegend=False,
        yaxis={"automargin": True},
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        height=320,
    )
    return {"data": data, "layout": layout}


def stage_heatmap(frame: pd.DataFrame, *, stages: dict[str, str], title: str) -> dict[str, Any]:
    """States × stages, % of planned committees (colour-blind-safe sequential, text in each cell)."""
    rows = frame.sort_values("nombre", ascending=False)
    z = rows[[f"{k}_pct" for k in stages]].round(1).to_numpy().tolist()
    data = [
        {
            "type": "heatmap",
            "z": z,
            "x": list(stages.values()),
            "y": rows["nombre"].astype(str).tolist(),
            "zmin": 0,
            "zmax": 100,
            "colorscale": "Viridis",
            "reversescale": True,
            "texttemplate": "%{z:.0f} %",
            "hovertemplate": "<b>%{y}</b><br>%{x}: %{z:.1f} % de los comités previstos<extra></extra>",
            "colorbar": {"title": {"text": "% de comités previstos", "side": "right"}, "ticksuffix": " %"},
        }
    ]
    layout = base_layout(
        title={"text": title, "x": 0.01, "font": {"size": 15}},
        xaxis={"side": "top"},
        yaxis={"automargin": True},
        height=_height(len(rows)) + 70,
        margin={"l": 10, "r": 10, "t": 110, "b": 10},
    )
    return {"data": data, "layout": layout}


_PCT = Metric("pct", "Porcentaje", "%", "committees", "a", "b", 100)
