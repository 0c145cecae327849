"""Charts of one unit's profile: budget funnel, staff against the norm, cumulative history (plain dicts)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from dashboard import fmt
from dashboard.figures.style import CATEGORICAL, DORADO, GRIS, GUINDA, VERDE, base_layout

ROLES = {"medico_general": "Médicos generales", "especialista": "Especialistas", "enfermeria": "Enfermería"}
ROLE_COLORS = {"medico_general": CATEGORICAL[0], "especialista": CATEGORICAL[1], "enfermeria": CATEGORICAL[2]}


def _empty(message: str) -> dict[str, Any]:
    return {
        "data": [],
        "layout": base_layout(
            xaxis={"visible": False},
            yaxis={"visible": False},
            annotations=[{"text": message, "showarrow": False, "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5}],
            height=220,
        ),
    }


def budget_funnel(asignado: float, dispersado: float, ejercido: float) -> dict[str, Any]:
    """Asignado → dispersado → ejercido as horizontal bars with pesos labels."""
    if not (asignado or dispersado or ejercido):
        return _empty("Sin presupuesto asignado ni dispersado")
    labels = ["Asignado", "Dispersado", "Ejercido"]
    values = [asignado, dispersado, ejercido]
    trace = {
        "type": "bar",
        "orientation": "h",
        "y": labels,
        "x": values,
        "text": [fmt.pesos(v) for v in values],
        "textposition": "auto",
        "marker": {"color": [GRIS, DORADO, VERDE]},
        "hovertemplate": "%{y}: %{text}<extra></extra>",
    }
    layout = base_layout(
        height=220,
        yaxis={"autorange": "reversed"},
        xaxis={"tickprefix": "$", "tickformat": ",.0f", "rangemode": "tozero", "nticks": 4, "automargin": True},
        margin={"l": 90, "r": 10, "t": 10, "b": 30},
    )
    return {"data": [trace], "layout": layout}


def staff_vs_norm(current: dict[str, int], norm: dict[str, int]) -> dict[str, Any]:
    """Incorporated staff by role next to the staff the norm requires for the unit's typology."""
    roles = [r for r in ROLES if r in norm or current.get(r)]
    if not roles:
        return _empty("Sin personal registrado ni norma para esta tipología")
    names = [ROLES[r] for r in roles]
    max_y = max([current.get(r, 0) for r in roles] + [norm.get(r, 0) for r in roles] + [1])
    data = [
        {
            "type": "bar",
            "name": "Incorporados",
            "x": names,
            "y": [current.get(r, 0) for r in roles],
            "marker": {"color": GUINDA},
            "hovertemplate": "%{x}: %{y:,} incorporados<extra></extra>",
        },
        {
            "type": "bar",
            "name": "Norma",
            "x": names,
            "y": [norm.get(r, 0) for r in roles],
            "marker": {"color": GRIS},
            "hovertemplate": "%{x}: %{y:,} requeridos<extra></extra>",
        },
    ]
    layout = base_layout(
        barmode="group",
        height=260,
        legend={"orientation": "h", "y": 1.15},
        yaxis={"rangemode": "tozero", "tickformat": ",d", **({"dtick": 1} if max_y <= 8 else {})},
        margin={"l": 40, "r": 10, "t": 30, "b": 40},
    )
    return {"data": data, "layout": layout}


def _extend(rows: pd.DataFrame, until: date | None) -> pd.DataFrame:
    """The step line carried on to `until` (the page's date), so it ends at the date the page shows."""
    if until is None or rows.empty or rows["fecha"].iloc[-1] >= pd.Timestamp(until):
        return rows
    last = rows.iloc[[-1]].assign(fecha=pd.Timestamp(until))
    return pd.concat([rows, last], ignore_index=True)


def staff_history(staff: pd.DataFrame, until: date | None = None) -> dict[str, Any]:
    """Cumulative incorporated staff per role over time (step lines, carried on to `until`)."""
    if staff.empty:
        return _empty("Sin incorporaciones de personal registradas")
    data = []
    for rol, label in ROLES.items():
        rows = _extend(staff[staff["rol"] == rol], until)
        if rows.empty:
            continue
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "line": {"shape": "hv", "color": ROLE_COLORS[rol]},
                "name": label,
                "x": rows["fecha"].dt.strftime("%Y-%m-%d").tolist(),
                "y": rows["acumulado"].astype(int).tolist(),
                "hovertemplate": "%{x}: %{y:,}<extra>" + label + "</extra>",
            }
        )
    small = int(staff["acumulado"].max()) <= 8  # whole people: one tick per person, never 0.5
    layout = base_layout(
        height=260,
        legend={"orientation": "h", "y": 1.12},
        yaxis={"rangemode": "tozero", "tickformat": ",~f", "automargin": True, **({"dtick": 1} if small else {})},
        xaxis={"automargin": True},
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
    )
    return {"data": data, "layout": layout}


def spending_history(spending: pd.DataFrame, asignado: float, until: date | None = None) -> dict[str, Any]:
    """Cumulative dispersed and spent pesos (carried on to `until`), with the assigned budget as a reference line."""
    if spending.empty:
        return _empty("Sin movimientos de la tarjeta")
    spending = _extend(spending, until)
    x = spending["fecha"].dt.strftime("%Y-%m-%d").tolist()
    data = [
        {
            "type": "scatter",
            "mode": "lines",
            "line": {"shape": "hv", "color": color},
            "name": label,
            "x": x,
            "y": spending[col].astype(int).tolist(),
            "hovertemplate": "%{x}: $%{y:,}<extra>" + label + "</extra>",
        }
        for col, label, color in (("dispersado", "Dispersado", DORADO), ("ejercido", "Ejercido", VERDE))
    ]
    shapes = []
    if asignado:
        shapes.append(
            {
                "type": "line",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "y0": asignado,
                "y1": asignado,
                "line": {"color": GRIS, "dash": "dot"},
            }
        )
    layout = base_layout(
        height=260,
        legend={"orientation": "h", "y": 1.12},
        yaxis={"tickprefix": "$", "tickformat": ",.0f", "rangemode": "tozero"},
        shapes=shapes,
    )
    return {"data": data, "layout": layout}
