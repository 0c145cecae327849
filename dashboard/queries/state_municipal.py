"""The state page's municipal choropleth: registry coverage and unit-based shares per municipality at a date."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import BigInteger, Connection, Engine, cast, func, select

from dashboard import aggregates
from dashboard.cache import memoize
from dashboard.db import municipalities, registry, registry_mun_monthly
from dashboard.queries.areas import area_status
from dashboard.queries.joining import JOINED

STATE_METRICS = ("cobertura_registro", "comites_instalados_pct", "ejercido_pct", "medicos_pct")
_SHARES = {
    "cobertura_registro": ("personas", "pob_sin_seguridad"),
    "comites_instalados_pct": ("instalados", "comites"),
    "ejercido_pct": ("ejercido", "dispersado"),
    "medicos_pct": ("medicos", "requeridos"),
}


@memoize
def state_municipalities(engine: Engine, cve_ent: str, fecha: date | None = None) -> pd.DataFrame:
    """The state's municipalities with persons registered up to fecha (all when None) and the uninsured population."""
    with engine.connect() as conn:
        result = conn.execute(
            select(municipalities.c.cvegeo, municipalities.c.nombre, municipalities.c.pob_sin_seguridad)
            .where(municipalities.c.cve_ent == cve_ent, municipalities.c.en_geometria.is_(True))
            .order_by(municipalities.c.nombre)
        )
        muni = pd.DataFrame(result.all(), columns=["cvegeo", "nombre", "pob_sin_seguridad"])
        parts = [
            pd.DataFrame(conn.execute(s).all(), columns=["cvegeo", "personas"])
            for s in _registered(conn, cve_ent, fecha)
        ]
    reg = pd.concat(parts).astype({"personas": "float64"}).groupby("cvegeo", as_index=False)["personas"].sum()
    out = muni.merge(reg, on="cvegeo", how="left")
    out["pob_sin_seguridad"] = pd.to_numeric(out["pob_sin_seguridad"], errors="coerce")
    out["personas"] = pd.to_numeric(out["personas"], errors="coerce")
    return out


def _persons(t: Any) -> Any:
    return cast(func.sum(t.c.registrados - t.c.duplicados), BigInteger).label("personas")  # PG: not numeric


def _registered(conn: Connection, cve_ent: str, fecha: date | None) -> list[Any]:
    """Persons per municipality up to fecha: whole months from the monthly aggregate when current, days from registry."""
    r = registry
    if not aggregates.is_current(conn, "registry"):
        stmt = select(r.c.cvegeo, _persons(r)).where(r.c.cve_ent == cve_ent)
        return [(stmt if fecha is None else stmt.where(r.c.fecha <= fecha)).group_by(r.c.cvegeo)]
    m = registry_mun_monthly
    months = select(m.c.cvegeo, _persons(m)).where(m.c.cve_ent == cve_ent)
    if fecha is None:
        return [months.group_by(m.c.cvegeo)]
    first = fecha.replace(day=1)
    days = select(r.c.cvegeo, _persons(r)).where(r.c.cve_ent == cve_ent, r.c.fecha >= first, r.c.fecha <= fecha)
    return [months.where(m.c.mes < first).group_by(m.c.cvegeo), days.group_by(r.c.cvegeo)]


def municipal_values(munis: pd.DataFrame, unit_frame: pd.DataFrame, metric: str, status: str) -> pd.DataFrame:
    """cvegeo, nombre, value, area status for the choropleth; status is the state's joining status at the map's date."""
    g = unit_frame.groupby("cvegeo")
    by_unit = pd.DataFrame(
        {
            "instalados": g["fecha_instalacion"].count(),
            "comites": g["tiene_comite"].sum(),
            "dispersado": g["dispersado"].sum(),
            "ejercido": g["ejercido"].sum(),
            "medicos": g["medicos"].sum(),
            "requeridos": g["medicos_requeridos"].sum(),
        }
    )
    f = munis.set_index("cvegeo").join(by_unit)
    num, den = _SHARES[metric]
    value = (100.0 * f[num] / f[den].where(f[den] > 0)).astype(float)
    if status != JOINED:
        value = value * float("nan")
    areas = area_status(pd.Series(status, index=f.index), value)
    out = pd.DataFrame({"cvegeo": f.index, "nombre": f["nombre"], "value": value.round(1), "status": areas})
    return out.reset_index(drop=True)
