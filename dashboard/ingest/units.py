"""Units get their location checked against the municipal polygons before they are written."""

from __future__ import annotations

import pandas as pd


def locate_units(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ubicacion and cvegeo_punto by point in polygon (missing coordinates -> 'sin_coordenadas')."""
    from geodata import classify_location

    flags, points = classify_location(
        frame["cvegeo"].tolist(), frame["lat"].astype("float64").tolist(), frame["lon"].astype("float64").tolist()
    )
    return frame.assign(ubicacion=flags, cvegeo_punto=points)
