"""State × day cube of every metric: read once per data version, then any date is a lookup."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Engine, and_, case, func, select

from dashboard import aggregates
from dashboard.cache import memoize
from dashboard.db import (
    committee_spending,
    committees,
    registry,
    registry_state_daily,
    staffing,
    staffing_norm,
    staffing_state_daily,
    states,
    units,
)
from dashboard.queries.metrics import ALL, COUNTS, PERCENTS

PROGRAM_START = date(2022, 1, 1)
_CANALES = {
    "modulo": "registros_modulo",
    "autorregistro": "registros_autorregistro",
    "cruce_bienestar": "registros_cruce_bienestar",
}
_ROLES = {"medico_general": "medicos_generales", "especialista": "especialistas", "enfermeria": "enfermeria"}
_STATIC = (
    "pob_sin_seguridad",
    "psinder",
    "comites_planeados",
    "presupuesto_asignado",
    "medicos_requeridos",
    "unidades_red",
    "unidades_sinteticas",
)


@dataclass
class StateCube:
    """Cumulative values [metric, day, state]; `first` is the first day each dataset has data per state."""

    dates: pd.DatetimeIndex
    states: pd.DataFrame  # index cve_ent: nombre, nombre_corto, federalizado, fecha_adhesion
    keys: tuple[str, ...]
    values: np.ndarray
    first: dict[str, pd.Series]  # dataset -> Series(cve_ent -> Timestamp | NaT)

    def day_index(self, fecha: date | str | pd.Timestamp) -> int:
        """Position of the last day ≤ fecha (-1 before the data starts)."""
        ts = pd.Timestamp(fecha)
        return int(self.dates.searchsorted(ts, side="right")) - 1

    def last_date(self) -> date | None:
        return None if len(self.dates) == 0 else self.dates[-1].date()

    def at(self, fecha: date | str | pd.Timestamp) -> pd.DataFrame:
        """All metrics for the 32 states at a date; NaN where a state has no data (or did not join)."""
        i = self.day_index(fecha)
        data = np.zeros((len(self.states), len(self.keys))) if i < 0 else self.values[:, i, :].T.copy()
        frame = pd.DataFrame(data, index=self.states.index, columns=list(self.keys))
        ts = pd.Timestamp(fecha)
        for key in self.keys:
            m = ALL[key]
            if key in _STATIC:
                continue
            first = self.first.get(m.dataset)
            if first is not None:
                frame.loc[~(first <= ts), key] = np.nan
        _add_percents(frame)
        frame.loc[self.states["federalizado"] != "si", :] = np.nan
        return self.states.join(frame)

    def national(self) -> pd.DataFrame:
        """Daily national totals (federalized states), with percentages."""
        fed = (self.states["federalizado"] == "si").to_numpy()
        totals = self.values[:, :, fed].sum(axis=2).T
        frame = pd.DataFrame(totals, index=self.dates, columns=list(self.keys))
        _add_percents(frame)
        return frame

    def national_at(self, fecha: date | str | pd.Timestamp) -> pd.Series:
        i = self.day_index(fecha)
        if i < 0:
            nat = self.national()
            return pd.Series(0.0, index=nat.columns)
        return self.national().iloc[i]

    def state_series(self, cve_ent: str) -> pd.DataFrame:
        """Daily values of one state."""
        j = list(self.states.index).index(cve_ent)
        frame = pd.DataFrame(self.values[:, :, j].T, index=self.dates, columns=list(self.keys))
        _add_percents(frame)
        return frame


def _add_percents(frame: pd.DataFrame) -> None:
    for m in PERCENTS:
        assert m.num and m.den
        den = frame[m.den].where(frame[m.den] > 0)
        frame[m.key] = 100.0 * frame[m.num] / den


def _states(conn) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    rows = conn.execute(select(states).order_by(states.c.cve_ent)).mappings().all()
    frame = pd.DataFrame([dict(r) for r in rows])
    if frame.empty:
        frame = pd.DataFrame(columns=[c.name for c in states.c])
    return frame.set_index("cve_ent")


def _flows(conn, stmt, value_cols: list[str]) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    frame = pd.DataFrame(conn.execute(stmt).all(), columns=["cve_ent", "fecha", *value_cols])
    frame["fecha"] = pd.to_datetime(frame["fecha"])
    return frame


def _registry_flows(conn) -> Any:  # type: ignore[no-untyped-def]
    """Per state, day and channel: the loader's aggregate when current, else a GROUP BY over registry."""
    if aggregates.is_current(conn, "registry"):
        a = registry_state_daily.c
        return select(a.cve_ent, a.fecha, a.canal, a.registrados, a.duplicados, a.credenciales)
    r = registry.c
    return select(
        r.cve_ent, r.fecha, r.canal, func.sum(r.registrados), func.sum(r.duplicados), func.sum(r.credenciales)
    ).group_by(r.cve_ent, r.fecha, r.canal)


def _staffing_flows(conn) -> Any:  # type: ignore[no-untyped-def]
    """Per state, day and role: the loader's aggregate when current, else a GROUP BY over staffing."""
    if aggregates.is_current(conn, "staffing"):
        a = staffing_state_daily.c
        return select(a.cve_ent, a.fecha, a.rol, a.incorporados, a.basificados)
    s = staffing.c
    return select(s.cve_ent, s.fecha, s.rol, func.sum(s.incorporados), func.sum(s.basificados)).group_by(
        s.cve_ent, s.fecha, s.rol
    )


@memoize
def state_cube(engine: Engine) -> StateCube:
    """Build the cube from the database (cached per data version)."""
    with engine.connect() as conn:
        st = _states(conn)
        reg = _flows(conn, _registry_flows(conn), ["canal", "registrados", "duplicados", "credenciales"])
        staff = _flows(conn, _staffing_flows(conn), ["rol", "incorporados", "basificados"])
        spend_rows = pd.DataFrame(
            conn.execute(
                select(
                    committee_spending.c.cve_ent,
                    committee_spending.c.fecha,
                    committee_spending.c.clues,
                    committee_spending.c.dispersado,
                    committee_spending.c.ejercido,
                )
            ).all(),
            columns=["cve_ent", "fecha", "clues", "dispersado", "ejercido"],
        )
        spend_rows["fecha"] = pd.to_datetime(spend_rows["fecha"])
        com = pd.DataFrame(
            conn.execute(
                select(
                    committees.c.clues,
                    committees.c.cve_ent,
                    committees.c.fecha_asamblea,
                    committees.c.fecha_instalacion,
                    committees.c.fecha_tarjeta,
                    committees.c.presupuesto_asignado,
                )
            ).all(),
            columns=[
                "clues",
                "cve_ent",
                "fecha_asamblea",
                "fecha_instalacion",
                "fecha_tarjeta",
                "presupuesto",
            ],
        )
        need = pd.DataFrame(
            conn.execute(
                select(units.c.cve_ent, func.sum(staffing_norm.c.requeridos))
                .select_from(units.join(staffing_norm, staffing_norm.c.tipologia == units.c.tipologia))
                .where(staffing_norm.c.rol.in_(["medico_general", "especialista"]))
                .group_by(units.c.cve_ent)
            ).all(),
            columns=["cve_ent", "n"],
        )
        unit_counts = pd.DataFrame(
            conn.execute(
                select(
                    units.c.cve_ent,
                    func.sum(case((units.c.tipo_red != "apoyo", 1), else_=0)),
                    func.sum(case((and_(units.c.sintetica.is_(True)), 1), else_=0)),
                ).group_by(units.c.cve_ent)
            ).all(),
            columns=["cve_ent", "red", "sinteticas"],
        )
    return _build(st, reg, staff, spend_rows, com, need, unit_counts)


def _build(st, reg, staff, spend, com, need, unit_counts) -> StateCube:  # type: ignore[no-untyped-def]
    dated = [reg["fecha"], staff["fecha"], spend["fecha"]]
    for col in ("fecha_asamblea", "fecha_instalacion", "fecha_tarjeta"):
        dated.append(pd.to_datetime(com[col]))
    all_dates = pd.concat([d.dropna() for d in dated]) if dated else pd.Series([], dtype="datetime64[ns]")
    if all_dates.empty:
        dates = pd.DatetimeIndex([])
    else:
        dates = pd.date_range(all_dates.min().normalize(), all_dates.max().normalize(), freq="D")
    keys = tuple(m.key for m in COUNTS)
    cols = list(st.index)
    values = np.zeros((len(keys), len(dates), len(cols)))
    kidx = {k: i for i, k in enumerate(keys)}

    def put(key: str, frame: pd.DataFrame, col: str) -> None:
        if frame.empty or len(dates) == 0:
            return
        wide = frame.pivot_table(index="fecha", columns="cve_ent", values=col, aggfunc="sum")
        wide = wide.reindex(index=dates, columns=cols, fill_value=0).fillna(0)
        values[kidx[key]] += wide.cumsum().to_numpy()

    def put_static(key: str, series: pd.Series) -> None:
        values[kidx[key]] += series.reindex(cols).fillna(0).to_numpy()[None, :]

    for canal, key in _CANALES.items():
        put(key, reg[reg["canal"] == canal], "registrados")
    put("registros_total", reg, "registrados")
    reg = reg.assign(personas=reg["registrados"] - reg["duplicados"])
    put("personas_registradas", reg, "personas")
    put("credenciales", reg, "credenciales")
    for rol, key in _ROLES.items():
        put(key, staff[staff["rol"] == rol], "incorporados")
    put("medicos", staff[staff["rol"].isin(["medico_general", "especialista"])], "incorporados")
    put("basificados", staff, "basificados")
    put("monto_dispersado", spend, "dispersado")
    put("monto_ejercido", spend, "ejercido")
    for col, key in (
        ("fecha_asamblea", "asambleas"),
        ("fecha_instalacion", "comites_instalados"),
        ("fecha_tarjeta", "tarjetas_entregadas"),
    ):
        ev = com.dropna(subset=[col]).assign(fecha=lambda f, c=col: pd.to_datetime(f[c]), n=1)
        put(key, ev, "n")
    first_spend, full_spend = committee_milestones(spend, com)
    put("comites_con_gasto", first_spend.assign(n=1), "n")
    put("comites_gasto_total", full_spend.assign(n=1), "n")
    put_static("pob_sin_seguridad", st["pob_sin_seguridad"].astype(float))
    put_static("psinder", st["psinder"].astype(float))
    put_static("comites_planeados", com.groupby("cve_ent").size().astype(float))
    put_static("presupuesto_asignado", com.groupby("cve_ent")["presupuesto"].sum().astype(float))
    put_static("medicos_requeridos", need.set_index("cve_ent")["n"].astype(float))
    put_static("unidades_red", unit_counts.set_index("cve_ent")["red"].astype(float))
    put_static("unidades_sinteticas", unit_counts.set_index("cve_ent")["sinteticas"].astype(float))

    first = {
        "registry": reg.groupby("cve_ent")["fecha"].min().reindex(cols),
        "staffing": staff.groupby("cve_ent")["fecha"].min().reindex(cols),
        "committees": pd.concat(
            [pd.to_datetime(com.set_index("cve_ent")[c]) for c in ("fecha_asamblea", "fecha_instalacion")]
        )
        .groupby(level=0)
        .min()
        .reindex(cols)
        if not com.empty
        else pd.Series(pd.NaT, index=cols),
        "units": pd.Series(pd.Timestamp(PROGRAM_START), index=cols),
    }
    meta = st[["nombre", "nombre_corto", "federalizado", "fecha_adhesion"]]
    return StateCube(dates=dates, states=meta, keys=keys, values=values, first=first)


def committee_milestones(spend: pd.DataFrame, com: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per committee: the first day it spent anything, and the day its whole assigned budget was spent."""
    empty = pd.DataFrame(columns=["clues", "cve_ent", "fecha"])
    if spend.empty:
        return empty, empty
    s = spend.sort_values(["clues", "fecha"])
    spent = s[s["ejercido"] > 0].groupby("clues").agg(cve_ent=("cve_ent", "first"), fecha=("fecha", "min"))
    s = s.assign(cum_e=s.groupby("clues")["ejercido"].cumsum())
    budget = com.set_index("clues")["presupuesto"]
    s = s.assign(budget=s["clues"].map(budget))
    done = s[(s["budget"] > 0) & (s["cum_e"] >= s["budget"])]
    full = done.groupby("clues").agg(cve_ent=("cve_ent", "first"), fecha=("fecha", "min"))
    return spent.reset_index(), full.reset_index()


def state_snapshot(engine: Engine, fecha: date | str) -> pd.DataFrame:
    """Every metric for the 32 states at a date."""
    return state_cube(engine).at(fecha)


def national_snapshot(engine: Engine, fecha: date | str) -> pd.Series:
    """National totals (federalized states) at a date."""
    return state_cube(engine).national_at(fecha)
