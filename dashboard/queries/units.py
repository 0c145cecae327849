"""Units of a state at a date with their status (committee, staff, spending, location), to-do lists, grid rows."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from dashboard.cache import memoize
from dashboard.pages import href
from dashboard.queries.unit_facts import unit_facts

CARE_NETWORK = ("centro_salud", "hospital")
STAGES: dict[str, str] = {
    "sin_comite": "Sin comité",
    "previsto": "Comité previsto",
    "asamblea": "Asamblea realizada",
    "instalado": "Comité instalado",
    "tarjeta": "Tarjeta entregada",
    "con_gasto": "Con gasto",
    "ejercido_100": "100 % ejercido",
}
SPENDING: dict[str, str] = {
    "sin_dispersion": "Sin dispersión",
    "sin_gasto": "Dispersado, sin gasto",
    "parcial": "Ejercido parcial",
    "completo": "100 % ejercido",
}
LOCATION: dict[str, str] = {
    "ok": "En su municipio",
    "otro_municipio": "Punto en otro municipio",
    "otro_estado": "Punto en otro estado",
    "fuera_de_poligonos": "Punto fuera de los polígonos",
    "sin_coordenadas": "Sin coordenadas",
}
TODOS: dict[str, str] = {
    "sin_comite": "Sin comité instalado",
    "sin_tarjeta": "Comité sin tarjeta",
    "sin_ejercer": "Dinero dispersado sin ejercer",
    "sin_medico": "Sin médico",
    "ubicacion": "Sin coordenadas o fuera de su municipio",
    "sintetica": "Sintética (demostración)",
}
SYNTHETIC_LABEL = "sintética (demostración)"


@memoize
def state_units(engine: Engine, cve_ent: str, fecha: date | None = None) -> pd.DataFrame:
    """One row per unit of the state with every status the page filters and colours by, at the end of fecha
    (everything loaded when None; cached per data version and date)."""
    facts = unit_facts(engine, cve_ent)
    return _with_status(facts.base, *facts.at(fecha), facts.need)


def _with_status(
    base: pd.DataFrame, com: pd.DataFrame, spend: pd.DataFrame, staff: pd.DataFrame, need: pd.DataFrame
) -> pd.DataFrame:
    f = base.merge(com, on="clues", how="left").merge(spend, on="clues", how="left")
    f = f.merge(staff, on="clues", how="left").merge(need, on="clues", how="left")
    for col in ("asignado", "dispersado", "ejercido", "medicos", "enfermeria", "medicos_requeridos"):
        f[col] = pd.to_numeric(f[col], errors="coerce").fillna(0).astype("int64")
    for col in ("fecha_asamblea", "fecha_instalacion", "fecha_tarjeta", "primera_dispersion", "ultimo_gasto"):
        f[col] = pd.to_datetime(f[col], errors="coerce")
    f["primer_gasto"] = pd.to_datetime(f["primer_gasto"], errors="coerce")
    f["municipio"] = f["municipio"].fillna(f["cvegeo"]).astype(object)
    f["localidad"] = f["localidad"].fillna("").astype(object)
    f["sintetica"] = f["sintetica"].fillna(False).astype(bool)
    f["lat"] = pd.to_numeric(f["lat"], errors="coerce")
    f["lon"] = pd.to_numeric(f["lon"], errors="coerce")
    f["tiene_comite"] = com_mask = f["clues"].isin(set(com["clues"]))
    f["etapa"] = _stage(f, com_mask)
    f["gasto"] = _spending_status(f)
    f["medico"] = np.where(
        ~f["tipo_red"].isin(CARE_NETWORK), "no_aplica", np.where(f["medicos"] > 0, "con_medico", "sin_medico")
    )
    f["ejercido_pct"] = (100.0 * f["ejercido"] / f["dispersado"].where(f["dispersado"] > 0)).round(1)
    return f.reset_index(drop=True)


def _stage(f: pd.DataFrame, has_committee: pd.Series) -> np.ndarray:
    """The furthest committee milestone reached."""
    full = (f["asignado"] > 0) & (f["ejercido"] >= f["asignado"])
    conditions = [
        full,
        f["ejercido"] > 0,
        f["fecha_tarjeta"].notna(),
        f["fecha_instalacion"].notna(),
        f["fecha_asamblea"].notna(),
        has_committee,
    ]
    choices = ["ejercido_100", "con_gasto", "tarjeta", "instalado", "asamblea", "previsto"]
    return np.select(conditions, choices, default="sin_comite")


def _spending_status(f: pd.DataFrame) -> np.ndarray:
    full = (f["asignado"] > 0) & (f["ejercido"] >= f["asignado"])
    conditions = [f["dispersado"] <= 0, full, f["ejercido"] <= 0]
    return np.select(conditions, ["sin_dispersion", "completo", "sin_gasto"], default="parcial")


def todo_masks(frame: pd.DataFrame, *, dias: int, ref: date | None) -> dict[str, pd.Series]:
    """Boolean row masks of the coordinator's to-do list (same keys as TODOS)."""
    network = frame["tipo_red"].isin(CARE_NETWORK)
    idle_since = frame["ultimo_gasto"].fillna(frame["primera_dispersion"])
    cutoff = pd.Timestamp((ref or date.today()) - timedelta(days=dias))
    return {
        "sin_comite": network & frame["fecha_instalacion"].isna(),
        "sin_tarjeta": frame["fecha_instalacion"].notna() & frame["fecha_tarjeta"].isna(),
        "sin_ejercer": (frame["dispersado"] > frame["ejercido"]) & (idle_since <= cutoff),
        "sin_medico": frame["medico"] == "sin_medico",
        "ubicacion": frame["ubicacion"] != "ok",
        "sintetica": frame["sintetica"],
    }


def todo_counts(frame: pd.DataFrame, *, dias: int, ref: date | None) -> dict[str, int]:
    """How many units are in each to-do list."""
    return {key: int(mask.sum()) for key, mask in todo_masks(frame, dias=dias, ref=ref).items()}


def filter_units(
    frame: pd.DataFrame,
    *,
    municipio: str | None = None,
    pendiente: str | None = None,
    dias: int = 30,
    ref: date | None = None,
    buscar: str | None = None,
) -> pd.DataFrame:
    """Rows left by the municipality, the to-do list and the quick search (all words, any column, any case)."""
    keep = pd.Series(True, index=frame.index)
    if municipio:
        keep &= frame["cvegeo"] == municipio
    if pendiente in TODOS:
        keep &= todo_masks(frame, dias=dias, ref=ref)[pendiente]
    out = frame[keep]
    words = (buscar or "").lower().split()
    if words and not out.empty:
        text = out[["clues", "nombre", "municipio", "localidad", "tipologia"]].fillna("").astype(str)
        haystack = text.agg(" ".join, axis=1).str.lower()
        for word in words:
            out = out[haystack.loc[out.index].str.contains(word, regex=False)]
    return out


def grid_rows(
    frame: pd.DataFrame, estado: str, *, export: bool = False, fecha: str | None = None
) -> list[dict[str, Any]]:
    """The grid's rows: only the columns it shows (plus the plain name for exports), JSON-ready; unit links keep
    the page's date."""
    etapa = frame["etapa"].map(STAGES)
    links = pd.Series([href(f"/unidad/{c}", fecha=fecha) for c in frame["clues"]], index=frame.index, dtype=object)
    name = frame["nombre"].str.replace(r"[\[\]]", "", regex=True)
    rows = pd.DataFrame(
        {
            "clues": frame["clues"],
            "unidad": "[" + name + "](" + links + ")",
            "ruta": estado + " › " + frame["municipio"] + " › " + frame["localidad"] + " › " + frame["nombre"],
            "municipio": frame["municipio"],
            "localidad": frame["localidad"],
            "tipologia": frame["tipologia"].fillna(""),
            "etapa": etapa,
            "medicos": frame["medicos"],
            "medicos_requeridos": frame["medicos_requeridos"],
            "dispersado": frame["dispersado"],
            "ejercido": frame["ejercido"],
            "ejercido_pct": frame["ejercido_pct"].astype(object).where(frame["ejercido_pct"].notna(), None),
            "ubicacion": frame["ubicacion"].map(LOCATION).fillna(frame["ubicacion"]),
            "origen": np.where(frame["sintetica"], SYNTHETIC_LABEL, "catálogo CLUES"),
        }
    )
    if export:
        rows.insert(1, "nombre", frame["nombre"].to_numpy())
    else:
        rows = rows.drop(columns=["localidad"])
    return rows.to_dict("records")


EXPORT_COLUMNS = {
    "clues": "CLUES",
    "nombre": "Unidad",
    "municipio": "Municipio",
    "localidad": "Localidad",
    "tipologia": "Tipología",
    "etapa": "Comité",
    "medicos": "Médicos",
    "medicos_requeridos": "Médicos requeridos",
    "dispersado": "Dispersado (pesos)",
    "ejercido": "Ejercido (pesos)",
    "ejercido_pct": "Ejercido (%)",
    "ubicacion": "Ubicación",
    "origen": "Origen",
}


def export_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Grid rows as a spreadsheet with Spanish headers (no markdown)."""
    frame = pd.DataFrame(rows, columns=list(EXPORT_COLUMNS))
    return frame.rename(columns=EXPORT_COLUMNS)


# Re-exported for the export builders, which read everything about a state page from this module.
from dashboard.queries.state_info import StateInfo as StateInfo  # noqa: E402
from dashboard.queries.state_info import state_info as state_info  # noqa: E402
from dashboard.queries.state_municipal import STATE_METRICS as STATE_METRICS  # noqa: E402
from dashboard.queries.state_municipal import municipal_values as municipal_values  # noqa: E402
from dashboard.queries.state_municipal import state_municipalities as state_municipalities  # noqa: E402
from dashboard.queries.unit_profile import UnitProfile as UnitProfile  # noqa: E402
from dashboard.queries.unit_profile import milestones as milestones  # noqa: E402
from dashboard.queries.unit_profile import unit_exists as unit_exists  # noqa: E402
from dashboard.queries.unit_profile import unit_profile as unit_profile  # noqa: E402
