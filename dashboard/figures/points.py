"""Health units as points on an offline MapLibre map (white background + municipal outlines as a line layer)."""

from __future__ import annotations

import math
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

import geodata
from dashboard.figures.style import BORDER, CATEGORICAL, GRIS, base_layout
from dashboard.queries.units import LOCATION, SPENDING, STAGES, SYNTHETIC_LABEL

# color key -> (frame column, {value: label}) in legend order
COLOR_BY: dict[str, tuple[str, dict[str, str]]] = {
    "comite": ("etapa", STAGES),
    "medico": ("medico", {"con_medico": "Con médico", "sin_medico": "Sin médico", "no_aplica": "No aplica (apoyo)"}),
    "gasto": ("gasto", SPENDING),
    "ubicacion": ("ubicacion", LOCATION),
    "sintetica": ("origen", {"catalogo": "Catálogo CLUES", "sintetica": SYNTHETIC_LABEL.capitalize()}),
}
COLOR_LABELS = {
    "comite": "Etapa del comité",
    "medico": "Tiene médico",
    "gasto": "Estado del gasto",
    "ubicacion": "Ubicación",
    "sintetica": "Origen (sintética)",
}
_PALETTE = (GRIS, *CATEGORICAL)


@cache
def state_view(cve_ent: str) -> tuple[dict[str, float], float]:
    """Map centre and zoom that fit the state's municipalities (from the boundary file, once per state)."""
    coords = [
        pt for f in geodata.municipalities_of_state(cve_ent)["features"] for pt in _flat(f["geometry"]["coordinates"])
    ]
    if not coords:
        return {"lat": 23.6, "lon": -102.5}, 4.0
    arr = np.asarray(coords)
    (lon0, lat0), (lon1, lat1) = arr.min(axis=0), arr.max(axis=0)
    span = max(lon1 - lon0, (lat1 - lat0) * 1.3, 0.05)
    zoom = max(3.0, min(11.0, math.log2(360.0 / span) - 0.6))
    return {"lat": float((lat0 + lat1) / 2), "lon": float((lon0 + lon1) / 2)}, round(zoom, 2)


def _flat(coords: Any) -> list[tuple[float, float]]:
    if coords and isinstance(coords[0], int | float):
        return [(coords[0], coords[1])]
    out: list[tuple[float, float]] = []
    for c in coords:
        out.extend(_flat(c))
    return out


def map_layout(
    *, center: dict[str, float], zoom: float, geojson_url: str, tiles_url: str | None, uirevision: str
) -> dict[str, Any]:
    """A `map` subplot that needs no internet: white background, outlines from our GeoJSON, optional tiles."""
    layers: list[dict[str, Any]] = []
    if tiles_url:
        layers.append({"sourcetype": "raster", "source": [tiles_url], "below": "traces", "opacity": 0.8})
    layers.append(
        {"sourcetype": "geojson", "source": geojson_url, "type": "line", "color": BORDER, "line": {"width": 0.6}}
    )
    return {"style": "white-bg", "center": center, "zoom": zoom, "layers": layers, "uirevision": uirevision}


def unit_points(
    frame: pd.DataFrame,
    *,
    color: str,
    geojson_url: str,
    center: dict[str, float],
    zoom: float,
    tiles_url: str | None = None,
    title: str | None = None,
) -> dict[str, Any]:
    """One trace per category (a legend entry each); customdata = CLUES for click-through."""
    column, labels = COLOR_BY.get(color, COLOR_BY["comite"])
    located = frame[frame["lat"].notna() & frame["lon"].notna()]
    values = categories(located, color, column)
    data = []
    for i, (key, label) in enumerate(labels.items()):
        rows = located[values == key]
        if rows.empty:
            continue
        data.append(_trace(rows, label, _PALETTE[i % len(_PALETTE)]))
    layout = base_layout(
        map=map_layout(center=center, zoom=zoom, geojson_url=geojson_url, tiles_url=tiles_url, uirevision=geojson_url),
        showlegend=True,
        # title above the entries: beside them, plotly does not count it when wrapping (cut on a phone)
        legend={
            "title": {"text": COLOR_LABELS.get(color, ""), "side": "top"},
            "orientation": "h",
            "y": -0.02,
            "yanchor": "top",
        },
        margin={"l": 0, "r": 0, "t": 36 if title else 4, "b": 0},
        title={"text": title or "", "x": 0.01, "font": {"size": 15}},
        uirevision=f"{geojson_url}:{color}",
    )
    return {"data": data, "layout": layout}


def categories(frame: pd.DataFrame, color: str, column: str) -> pd.Series:
    """Each unit's colour category (the map and its exported data read the same one)."""
    if color == "sintetica":
        return pd.Series(np.where(frame["sintetica"], "sintetica", "catalogo"), index=frame.index)
    return frame[column].astype(str)


def _trace(rows: pd.DataFrame, label: str, color: str) -> dict[str, Any]:
    return {
        "type": "scattermap",
        "mode": "markers",
        "name": f"{label} ({len(rows):,})",
        "lat": rows["lat"].round(5).tolist(),
        "lon": rows["lon"].round(5).tolist(),
        "customdata": rows["clues"].astype(str).tolist(),
        "text": (rows["nombre"].astype(str) + " · " + rows["municipio"].astype(str)).tolist(),
        "hovertemplate": "<b>%{text}</b><br>%{customdata}<extra></extra>",
        "marker": {"size": 8, "color": color, "opacity": 0.9},
    }


def single_point(
    *, lat: float | None, lon: float | None, label: str, geojson_url: str, zoom: float, tiles_url: str | None
) -> dict[str, Any]:
    """The unit page's location map: one marker over its municipality's outline."""
    has_point = lat is not None and lon is not None and not (math.isnan(lat) or math.isnan(lon))
    center = {"lat": float(lat), "lon": float(lon)} if has_point else {"lat": 23.6, "lon": -102.5}  # type: ignore[arg-type]
    data = []
    if has_point:
        data.append(
            {
                "type": "scattermap",
                "mode": "markers",
                "lat": [lat],
                "lon": [lon],
                "text": [label],
                "hovertemplate": "<b>%{text}</b><br>%{lat:.5f}, %{lon:.5f}<extra></extra>",
                "marker": {"size": 14, "color": CATEGORICAL[5]},
                "name": label,
            }
        )
    layout = base_layout(
        map=map_layout(
            center=center,
            zoom=zoom if has_point else 4.0,
            geojson_url=geojson_url,
            tiles_url=tiles_url,
            uirevision=label,
        ),
        showlegend=False,
        margin={"l": 0, "r": 0, "t": 4, "b": 0},
    )
    return {"data": data, "layout": layout}
