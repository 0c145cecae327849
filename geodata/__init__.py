"""Boundaries (INEGI), the offline base topology and the municipality-code crosswalk."""

from __future__ import annotations

import csv
import json
import logging
import warnings
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
STATES_GEOJSON = HERE / "mx_states.geojson"
MUNICIPALITIES_GEOJSON = HERE / "mx_municipalities.geojson"
WORLD_TOPOJSON = HERE / "world_110m.json"
CROSSWALK_CSV = HERE / "crosswalk.csv"

ATTRIBUTION = (
    "Fuente: INEGI, Marco Geoestadístico (áreas geoestadísticas municipales y estatales). "
    "Geometría simplificada y límite de Mulegé reconstruido a partir de datos INEGI/CONABIO 2021; "
    "no es un producto oficial del INEGI."
)
ATTRIBUTION_SHORT = "Límites: INEGI, Marco Geoestadístico (simplificado; no es producto oficial del INEGI)."

log = logging.getLogger(__name__)


class CrosswalkWarning(UserWarning):
    """A municipality code was mapped to another one by the crosswalk."""


@cache
def crosswalk() -> dict[str, str]:
    """Catalogue municipality code -> municipality code that has a polygon."""
    with CROSSWALK_CSV.open(encoding="utf-8") as fh:
        return {row["cvegeo_catalogo"]: row["cvegeo_geometria"] for row in csv.DictReader(fh)}


def apply_crosswalk(codes: Iterable[str]) -> list[str]:
    """Map codes missing from the boundaries to their parent municipality, warning once per code used."""
    table = crosswalk()
    out = []
    used: dict[str, int] = {}
    for code in codes:
        target = table.get(code)
        if target is not None:
            used[code] = used.get(code, 0) + 1
            out.append(target)
        else:
            out.append(code)
    for code, n in sorted(used.items()):
        msg = f"municipio {code} no está en la geometría INEGI: {n} registro(s) asignado(s) a {table[code]}"
        warnings.warn(msg, CrosswalkWarning, stacklevel=2)
        log.warning(msg)
    return out


@cache
def states_geojson() -> dict[str, Any]:
    """The 32 state polygons, feature id = cve_ent."""
    return json.loads(STATES_GEOJSON.read_text(encoding="utf-8"))


@cache
def municipalities_geojson() -> dict[str, Any]:
    """The 2,475 municipality polygons, feature id = cvegeo."""
    return json.loads(MUNICIPALITIES_GEOJSON.read_text(encoding="utf-8"))


@cache
def municipalities_of_state(cve_ent: str) -> dict[str, Any]:
    """A FeatureCollection with only the municipalities of one state."""
    feats = [f for f in municipalities_geojson()["features"] if f["properties"]["cve_ent"] == cve_ent]
    return {"type": "FeatureCollection", "features": feats}


@cache
def _municipality_frame() -> Any:
    import geopandas as gpd

    return gpd.read_file(MUNICIPALITIES_GEOJSON)[["cvegeo", "cve_ent", "geometry"]]


def locate_points(lat: Iterable[float | None], lon: Iterable[float | None]) -> list[str | None]:
    """The cvegeo of the municipality polygon containing each point (None outside all or no coordinates)."""
    import geopandas as gpd

    lat_a = np.asarray(list(lat), dtype="float64")
    lon_a = np.asarray(list(lon), dtype="float64")
    ok = ~(np.isnan(lat_a) | np.isnan(lon_a))
    out: list[str | None] = [None] * len(lat_a)
    if not ok.any():
        return out
    pts = gpd.GeoDataFrame(
        {"i": np.flatnonzero(ok)}, geometry=gpd.points_from_xy(lon_a[ok], lat_a[ok]), crs="EPSG:4326"
    )
    munis = _municipality_frame()
    joined = gpd.sjoin(pts, munis.set_crs("EPSG:4326", allow_override=True), how="left", predicate="within")
    joined = joined.drop_duplicates("i")
    for i, code in zip(joined["i"], joined["cvegeo"], strict=True):
        out[int(i)] = None if pd.isna(code) else str(code)
    return out


def classify_location(
    cvegeo: Iterable[str], lat: Iterable[float | None], lon: Iterable[float | None]
) -> tuple[list[str], list[str | None]]:
    """For each unit: ('ok'|'otro_municipio'|'otro_estado'|'fuera_de_poligonos'|'sin_coordenadas', cvegeo_punto)."""
    codes = list(cvegeo)
    found = locate_points(lat, lon)
    lat_l = list(lat) if not isinstance(lat, list) else lat
    flags: list[str] = []
    for code, point, la in zip(codes, found, lat_l, strict=True):
        if la is None or (isinstance(la, float) and np.isnan(la)):
            flags.append("sin_coordenadas")
        elif point is None:
            flags.append("fuera_de_poligonos")
        elif point == code:
            flags.append("ok")
        elif point[:2] == code[:2]:
            flags.append("otro_municipio")
        else:
            flags.append("otro_estado")
    return flags, found
