"""Vector (plotly `geo`) versions of the unit point maps, for print: municipal outlines plus one trace per category."""

from __future__ import annotations

from typing import Any

from dashboard.figures.style import BORDER, base_layout


def outlines(geojson: dict[str, Any]) -> dict[str, Any]:
    """Municipal boundaries as a white choropleth (vector lines, no colour scale, no hover)."""
    ids = [f["properties"]["cvegeo"] for f in geojson["features"]]
    return {
        "type": "choropleth",
        "geojson": geojson,
        "featureidkey": "properties.cvegeo",
        "locations": ids,
        "z": [0] * len(ids),
        "colorscale": [[0, "#ffffff"], [1, "#ffffff"]],
        "showscale": False,
        "marker": {"line": {"color": BORDER, "width": 0.6}},
        "hoverinfo": "skip",
        "showlegend": False,
    }


def as_geo(trace: dict[str, Any]) -> dict[str, Any]:
    """A `scattermap` trace as `scattergeo` (same points, names, colours)."""
    keep = ("mode", "name", "lat", "lon", "text", "customdata", "hovertemplate", "marker")
    return {"type": "scattergeo", **{k: trace[k] for k in keep if k in trace}}


def geo_points(
    map_fig: dict[str, Any], geojson: dict[str, Any], *, box: tuple[float, float, float, float] | None = None
) -> dict[str, Any]:
    """The point map re-drawn on a `geo` subplot; box (lon0, lon1, lat0, lat1) zooms, else fit the outlines."""
    geo: dict[str, Any] = {"visible": False, "projection": {"type": "mercator"}, "bgcolor": "#ffffff"}
    if box is None:
        geo["fitbounds"] = "locations"
    else:
        geo.update(lonaxis={"range": [box[0], box[1]]}, lataxis={"range": [box[2], box[3]]})
    layout = base_layout(
        geo=geo,
        showlegend=bool(map_fig["layout"].get("showlegend")),
        legend={
            "title": map_fig["layout"].get("legend", {}).get("title", {}),
            "x": 0,
            "y": 1,
            "xanchor": "left",
            "yanchor": "top",
            "bgcolor": "rgba(255,255,255,0.85)",
        },
        margin={"l": 0, "r": 0, "t": 4, "b": 0},
    )
    return {"data": [outlines(geojson), *(as_geo(t) for t in map_fig["data"])], "layout": layout}
