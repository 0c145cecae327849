"""Registry by municipality: a municipality × month cumulative cube built once per data version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, extract, func, select

from dashboard import aggregates
from dashboard.cache import memoize
from dashboard.db import municipalities, registry, registry_mun_monthly, states
from dashboard.queries import joining
from dashboard.queries.areas import area_status

CANALES = ("modulo", "autorregistro", "cruce_bienestar")
MEASURES = ("personas", *CANALES, "filas")  # persons net of duplicates, registrations per channel, rows seen
VISTAS = ("absoluto", "por_mil", "cobertura")
DENOMINADORES = ("pob_sin_seguridad", "psinder")


@dataclass
class MunicipalCube:
    """Cumulative registry values [measure, month, municipality]; month i covers data up to `cutoffs[i]`."""

    cutoffs: list[date]
    munis: pd.DataFrame  # cvegeo, cve_ent, nombre, pobtot, psinder, pob_sin_seguridad
    values: np.ndarray

    def month_index(self, fecha: date | None) -> int:
        """The month containing fecha (clamped; the last month when None)."""
        if not self.cutoffs:
            return 0
        if fecha is None:
            return len(self.cutoffs) - 1
        for i, cut in enumerate(self.cutoffs):
            if (fecha.year, fecha.month) <= (cut.year, cut.month):
                return i
        return len(self.cutoffs) - 1

    def at(self, index: int, measure: str) -> pd.Series:
        """Cumulative measure per municipality at a month (NaN: no registry row yet)."""
        if not self.cutoffs:
            return pd.Series(np.nan, index=self.munis.index)
        i = min(max(index, 0), len(self.cutoffs) - 1)
        seen = self.values[MEASURES.index("filas"), i, :] > 0
        vals = np.where(seen, self.values[MEASURES.index(measure), i, :], np.nan)
        return pd.Series(vals, index=self.munis.index)


def _month_end(year: int, month: int) -> date:
    return (pd.Timestamp(year=year, month=month, day=1) + pd.offsets.MonthEnd(0)).date()


def _mun_flows(conn: Connection) -> Any:
    """Per municipality, month and channel: the loader's aggregate when current, else a GROUP BY over registry."""
    if aggregates.is_current(conn, "registry"):
        a = registry_mun_monthly.c
        return select(
            a.cvegeo, extract("year", a.mes), extract("month", a.mes), a.canal, a.registrados, a.duplicados, a.filas,
            a.ultimo,
        )  # fmt: skip
    r = registry.c
    year, month = extract("year", r.fecha), extract("month", r.fecha)
    return select(
        r.cvegeo, year, month, r.canal, func.sum(r.registrados), func.sum(r.duplicados), func.count(), func.max(r.fecha)
    ).group_by(r.cvegeo, year, month, r.canal)


@memoize
def municipal_cube(engine: Engine) -> MunicipalCube:
    """Read registry by municipality, month and channel (cached per data version)."""
    meta = select(
        municipalities.c.cvegeo,
        municipalities.c.cve_ent,
        municipalities.c.nombre,
        municipalities.c.pobtot,
        municipalities.c.psinder,
        municipalities.c.pob_sin_seguridad,
    )
    with engine.connect() as conn:
        flows = pd.DataFrame(
            conn.execute(_mun_flows(conn)).all(),
            columns=["cvegeo", "y", "m", "canal", "reg", "dup", "filas", "ultimo"],
        )
        munis = pd.DataFrame(conn.execute(meta.where(municipalities.c.en_geometria.is_(True))).all())
    return _build(flows, munis)


def _build(flows: pd.DataFrame, munis: pd.DataFrame) -> MunicipalCube:
    munis = munis.sort_values("cvegeo").set_index("cvegeo", drop=False)
    for col in ("pobtot", "psinder", "pob_sin_seguridad"):
        munis[col] = pd.to_numeric(munis[col], errors="coerce").astype(float)
    if flows.empty:
        return MunicipalCube([], munis, np.zeros((len(MEASURES), 0, len(munis))))
    flows["period"] = flows["y"].astype(int) * 12 + flows["m"].astype(int) - 1
    first, last = int(flows["period"].min()), int(flows["period"].max())
    periods = list(range(first, last + 1))
    last_day = pd.to_datetime(flows["ultimo"]).max().date()
    cutoffs = [min(_month_end(p // 12, p % 12 + 1), last_day) for p in periods]
    flows = flows.assign(personas=flows["reg"] - flows["dup"])
    values = np.zeros((len(MEASURES), len(periods), len(munis)))
    for k, measure in enumerate(MEASURES):
        rows = flows if measure in ("personas", "filas") else flows[flows["canal"] == measure]
        col = "reg" if measure in CANALES else measure
        wide = rows.pivot_table(index="period", columns="cvegeo", values=col, aggfunc="sum")
        wide = wide.reindex(index=periods, columns=munis.index, fill_value=0).fillna(0)
        values[k] = wide.cumsum().to_numpy()
    return MunicipalCube(cutoffs, munis, values)


def measure_for(canal: str) -> str:
    """'todos' counts persons (net of duplicates); a channel counts its registrations."""
    return canal if canal in CANALES else "personas"


def per_capita(value: pd.Series, frame: pd.DataFrame, vista: str, denominador: str) -> pd.Series:
    """Absolute, per 1,000 inhabitants (pobtot) or % coverage of the chosen census denominator."""
    if vista == "por_mil":
        return 1000 * value / frame["pobtot"].where(frame["pobtot"] > 0)
    if vista == "cobertura":
        den = frame[denominador].where(frame[denominador] > 0)
        return 100 * value / den
    return value


def municipal_values(
    engine: Engine, fecha: date | None, *, canal: str, vista: str, denominador: str, cve_ent: str | None = None
) -> pd.DataFrame:
    """Municipalities (of one state or all): cvegeo, nombre, value, status."""
    cube = municipal_cube(engine)
    raw = cube.at(cube.month_index(fecha), measure_for(canal))
    munis = cube.munis
    value = per_capita(raw, munis, vista, denominador).replace([np.inf, -np.inf], np.nan)
    frame = pd.DataFrame(
        {"cvegeo": munis["cvegeo"], "cve_ent": munis["cve_ent"], "nombre": munis["nombre"], "value": value}
    )
    day = fecha or (cube.cutoffs[-1] if cube.cutoffs else None)
    frame["status"] = area_status(munis["cve_ent"].map(joining.statuses(engine, day)), frame["value"])
    if cve_ent:
        frame = frame[frame["cve_ent"] == cve_ent]
    return frame.reset_index(drop=True)


@memoize
def state_population(engine: Engine) -> pd.DataFrame:
    """Census population of each state (pobtot, psinder, pob_sin_seguridad), index cve_ent."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(states.c.cve_ent, states.c.pobtot, states.c.psinder, states.c.pob_sin_seguridad)
        ).all()
    frame = pd.DataFrame(rows, columns=["cve_ent", "pobtot", "psinder", "pob_sin_seguridad"]).set_index("cve_ent")
    return frame.astype(float)
