"""The data behind a chart as CSV and XLSX (the same frame the figure was drawn from), and municipal values."""

from __future__ import annotations

import io
from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import Engine, func, select

from dashboard.cache import memoize
from dashboard.db import municipalities, registry
from dashboard.export import safe_cells
from dashboard.queries.areas import area_status

STATUS_LABELS = {
    "valor": "con datos",
    "sin_datos": "federalizado, sin datos",
    "anunciado": "adhesión anunciada",
    "no_adherido": "no adherido",
}


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM, comma separated, point decimals; text that looks like a formula made inert."""
    return safe_cells.csv_bytes(frame)


def to_xlsx(frame: pd.DataFrame, notes: list[str], sheet: str = "datos") -> bytes:
    """The data sheet plus a 'notas' sheet with title, cut-off date, sources and the demo label (inert text)."""
    return safe_cells.xlsx_bytes({sheet: frame, "notas": pd.DataFrame({"nota": notes})})


def read_csv(data: bytes) -> pd.DataFrame:
    """Read back an exported CSV (tests, round trips)."""
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype={"clave": str})


def read_xlsx(data: bytes) -> pd.DataFrame:
    return pd.read_excel(io.BytesIO(data), sheet_name="datos", dtype={"clave": str})


@memoize
def municipal_registry(engine: Engine, fecha: date, cve_ent: str | None) -> pd.DataFrame:
    """Municipalities (one state or all) with persons registered up to a date and the uninsured population."""
    muni = select(
        municipalities.c.cvegeo, municipalities.c.cve_ent, municipalities.c.nombre, municipalities.c.pob_sin_seguridad
    ).where(municipalities.c.en_geometria.is_(True))
    reg = select(registry.c.cvegeo, func.sum(registry.c.registrados - registry.c.duplicados)).where(
        registry.c.fecha <= fecha
    )
    if cve_ent:
        muni = muni.where(municipalities.c.cve_ent == cve_ent)
        reg = reg.where(registry.c.cve_ent == cve_ent)
    with engine.connect() as conn:
        m = pd.DataFrame(conn.execute(muni.order_by(municipalities.c.cvegeo)).all(),
                         columns=["cvegeo", "cve_ent", "nombre", "pob_sin_seguridad"])  # fmt: skip
        r = pd.DataFrame(conn.execute(reg.group_by(registry.c.cvegeo)).all(), columns=["cvegeo", "personas"])
    out = m.merge(r, on="cvegeo", how="left")
    out["pob_sin_seguridad"] = pd.to_numeric(out["pob_sin_seguridad"], errors="coerce").astype(float)
    out["personas"] = pd.to_numeric(out["personas"], errors="coerce").astype(float)
    return out


def municipal_values(munis: pd.DataFrame, federalizado: pd.Series, metric: str) -> pd.DataFrame:
    """cvegeo, cve_ent, nombre, value, status (four area states) for the municipal map."""
    if metric == "cobertura_registro":
        den = munis["pob_sin_seguridad"].where(munis["pob_sin_seguridad"] > 0)
        value = (100.0 * munis["personas"] / den).round(2)
    else:
        value = munis["personas"].round(0)
    value = value.replace([np.inf, -np.inf], np.nan)
    fed = munis["cve_ent"].map(federalizado).fillna("no")
    value = value.where(fed == "si")
    frame = pd.DataFrame({"cvegeo": munis["cvegeo"], "cve_ent": munis["cve_ent"], "nombre": munis["nombre"],
                          "value": value})  # fmt: skip
    frame["status"] = area_status(fed, frame["value"])
    return frame.reset_index(drop=True)
