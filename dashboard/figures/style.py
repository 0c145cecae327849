"""Visual house style shared by every figure (screen and export): palette, scales, area states, base layout."""

from __future__ import annotations

from typing import Any

from plotly.colors import diverging

from dashboard.fmt import PLOTLY_SEPARATORS

_PUOR: list[str] = list(diverging.PuOr)

FONT = "Noto Sans, Source Sans Pro, Arial, sans-serif"

# Institutional colours, checked for colour-blind safety against the Okabe–Ito set (categories never rely on
# red/green alone).
GUINDA = "#691c32"
VERDE = "#235b4e"
DORADO = "#bc955c"
GRIS = "#6f7271"
# Categorical (channels, roles, stages): Okabe–Ito, colour-blind safe.
CATEGORICAL = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
CHANNEL_COLORS = {"modulo": "#E69F00", "autorregistro": "#56B4E9", "cruce_bienestar": "#0072B2"}
CHANNEL_LABELS = {
    "modulo": "Módulos de afiliación",
    "autorregistro": "Autorregistro en línea",
    "cruce_bienestar": "Cruce con Programas de Bienestar",
}

# Sequential (counts, coverage): viridis-like, perceptually uniform and colour-blind safe.
SEQUENTIAL = "Viridis"
SEQUENTIAL_REVERSED = True  # light = low, dark = high on a white map
# Diverging centred on 100 % for progress-to-target (PuOr is colour-blind safe). Sent as explicit stops: plotly.js
# only knows a few scale names, and PuOr is not one of them.
DIVERGING: list[list[float | str]] = [[i / (len(_PUOR) - 1), color] for i, color in enumerate(_PUOR)]

# The three non-value states of an area: same colours on screen, in exports and in the HTML legend.
AREA_STYLES: dict[str, tuple[str, str]] = {
    "sin_datos": ("#bdbdbd", "Federalizado, sin datos"),
    "anunciado": ("#fde9a9", "Adhesión anunciada (Yucatán)"),
    "no_adherido": ("#ffffff", "No adherido"),
}
BORDER = "#666666"

GRAPH_CONFIG: dict[str, Any] = {
    "locale": "es",
    "displaylogo": False,
    "topojsonURL": "/assets/topojson/",
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


def base_layout(**overrides: Any) -> dict[str, Any]:
    """The layout every figure starts from (plain dict: cheap to build, cheap to serialise)."""
    layout: dict[str, Any] = {
        "separators": PLOTLY_SEPARATORS,
        "font": {"family": FONT, "size": 13, "color": "#222"},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
        "colorway": list(CATEGORICAL),
        "hoverlabel": {"font": {"family": FONT}},
    }
    layout.update(overrides)
    return layout


def geo_layout(**overrides: Any) -> dict[str, Any]:
    """A `geo` subplot fitted to Mexico with no base map (the boundaries come from INEGI GeoJSON)."""
    geo: dict[str, Any] = {
        "visible": False,
        "fitbounds": "locations",
        "projection": {"type": "mercator"},
        "bgcolor": "rgba(0,0,0,0)",
    }
    geo.update(overrides)
    return geo
