"""Visual house style shared by every figure (screen and export): palette, scales, area states, base layout."""

from __future__ import annotations

from typing import Any

from dashboard.fmt import PLOTLY_SEPARATORS

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
# Diverging centred on 100 % for progress-to-target, from ColorBrewer PuOr (colour-blind safe): oranges below the
# target, purples above. Its white centre is replaced by lavender so that an area exactly on target never looks
# like a "no adherido" (white) area, and its palest orange is dropped so it never looks like "anunciado" (pale
# yellow). Sent as explicit stops: plotly.js does not know PuOr by name.
DIVERGING: list[list[float | str]] = [
    [0.0, "#7f3b08"],
    [0.15, "#b35806"],
    [0.3, "#e08214"],
    [0.45, "#fdb863"],
    [0.5, "#d8daeb"],
    [0.65, "#b2abd2"],
    [0.8, "#8073ac"],
    [0.9, "#542788"],
    [1.0, "#2d004b"],
]

# The three non-value states of an area: same colours on screen, in exports and in the HTML legend.
AREA_STYLES: dict[str, tuple[str, str]] = {
    "sin_datos": ("#bdbdbd", "Federalizado, sin datos"),
    "anunciado": ("#fde9a9", "Adhesión anunciada"),
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
