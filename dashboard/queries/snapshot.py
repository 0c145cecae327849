"""State × day cube of every metric: read once per data version, then any date is a lookup."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Engine, and_, case, func, select

from dashboard.cache import memoize
from dashboard.db import committees, staffing_norm, states, units
from dashboard.queries import joining
from dashboard.queries import snapshot_sql as Q
from dashboard.queries.metrics import ALL, COUNTS, PERCENTS

PROGRAM_START = date(2022, 1, 1)
_CANALES = {
    "modulo": "registros_modulo",
    "autorregistro": "registros_autorregistro",
    "cruce_bienestar": "registros_cruce_bienestar",
}
_ROLES = {"medico_general": "medicos_generales", "especialista": "especialistas", "enfermeria": "enfermeria"}
_STATIC = (  # shown even before a state's first fact (comites_planeados grows with the units in operation)
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
    states: pd.DataFrame  # index cve_ent: nombre, nombre_corto and the joining columns (see queries/joining.py)
    keys: tuple[str, ...]
    values: np.ndarray
    first: dict[str, pd.Series]  # dataset -> Series(cve_ent -> Timestamp | NaT)

    def day_index(self, fecha: date | str | pd.Timestamp) -> int:
        """Position of the last day ≤ fecha (-1 before the data starts)."""
        ts = pd.Timestamp(fecha)
        return int(self.dates.searchsorted(ts, side="right")) - 1

    def last_date(self) -> date | None:
        return None if len(self.dates) == 0 else self.dates[-1].date()

    def status_at(self, fecha: date | str | pd.Timestamp) -> pd.Series:
        """Each state's joining status at a date ('si' | 'anunciado' | 'no')."""
        return joining.status_at(self.states, pd.Timestamp(fecha).date())

    def at(self, fecha: date | str | pd.Timestamp) -> pd.DataFrame:
        """All metrics for the 32 states at a date; NaN where a state has no data or had not joined yet.

        Its `federalizado` column is the status at that date, not today's.
        """
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
        status = self.status_at(fecha)
        frame.loc[status != joining.JOINED, :] = np.nan
        return self.states.assign(federalizado=status).join(frame)

    def national(self) -> pd.DataFrame:
        """Daily national totals of the states joined on each day, with percentages."""
        joined = joining.joined_mask(self.states, self.dates)
        totals = np.einsum("kds,ds->dk", self.values, joined.astype(float))
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


def _table(result: Any, columns: list[str]) -> pd.DataFrame:
    """Rows as a frame built column by column (pandas probes every SQLAlchemy Row for fields: seconds at 10×)."""
    rows = result.all()
    if not rows:
        return pd.DataFrame(columns=columns)
    return pd.DataFrame(dict(zip(columns, zip(*rows, strict=True), strict=True)))


def _milestones(conn, stmt) -> tuple[pd.DataFrame, pd.DataFrame]:  # type: ignore[no-untyped-def]
    """(first spending, full spending): per committee clues, cve_ent, fecha of the milestone."""
    frame = _table(conn.execute(stmt), ["clues", "cve_ent", "primer_gasto", "gasto_total"])
    out = []
    for col in ("primer_gasto", "gasto_total"):
        part = frame.loc[frame[col].notna(), ["clues", "cve_ent", col]].rename(columns={col: "fecha"})
        out.append(part.assign(fecha=pd.to_datetime(part["fecha"])).reset_index(drop=True))
    return out[0], out[1]


def _flows(conn, stmt, value_cols: list[str]) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    frame = _table(conn.execute(stmt), ["cve_ent", "fecha", *value_cols])
    frame["fecha"] = pd.to_datetime(frame["fecha"])
    return frame


@memoize
def state_cube(engine: Engine) -> StateCube:
    """Build the cube from the database (cached per data version)."""
    with engine.connect() as conn:
        st = _states(conn)
        reg = _flows(conn, Q.registry_flows(conn), ["canal", "registrados", "duplicados", "credenciales"])
        staff = _flows(conn, Q.staffing_flows(conn), ["rol", "incorporados", "basificados"])
        spend = _flows(conn, Q.spending_flows(conn), ["dispersado", "ejercido"])
        milestones = _milestones(conn, Q.milestones(conn))
        com = _table(
            conn.execute(
                select(
                    committees.c.clues,
                    committees.c.cve_ent,
                    committees.c.fecha_asamblea,
                    committees.c.fecha_instalacion,
                    committees.c.fecha_tarjeta,
                    committees.c.presupuesto_asignado,
                    units.c.fecha_inicio,
                ).select_from(committees.outerjoin(units, units.c.clues == committees.c.clues))
            ),
            ["clues", "cve_ent", "fecha_asamblea", "fecha_instalacion", "fecha_tarjeta", "presupuesto", "inicio"],
        )
        need = _table(
            conn.execute(
                select(units.c.cve_ent, func.sum(staffing_norm.c.requeridos))
                .select_from(units.join(staffing_norm, staffing_norm.c.tipologia == units.c.tipologia))
                .where(staffing_norm.c.rol.in_(["medico_general", "especialista"]))
                .group_by(units.c.cve_ent)
            ),
            ["cve_ent", "n"],
        )
        unit_counts = _table(
            conn.execute(
                select(
                    units.c.cve_ent,
                    func.sum(case((units.c.tipo_red != "apoyo", 1), else_=0)),
                    func.sum(case((and_(units.c.sintetica.is_(True)), 1), else_=0)),
                ).group_by(units.c.cve_ent)
            ),
            ["cve_ent", "red", "sinteticas"],
        )
    return _build(st, reg, staff, spend, com, need, unit_counts, milestones)


def _build(st, reg, staff, spend, com, need, unit_counts, milestones) -> StateCube:  # type: ignore[no-untyped-def]
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
    first_spend, full_spend = milestones
    put("comites_con_gasto", first_spend.assign(n=1), "n")
    put("comites_gasto_total", full_spend.assign(n=1), "n")
    put_static("pob_sin_seguridad", st["pob_sin_seguridad"].astype(float))
    put_static("psinder", st["psinder"].astype(float))
    if len(dates):  # committees of units in operation at each date (start unknown: since the beginning)
        start = pd.to_datetime(com["inicio"]).fillna(dates[0]).clip(lower=dates[0])
        put("comites_planeados", com.assign(fecha=start, n=1), "n")
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
    meta = st[["nombre", "nombre_corto", *joining.COLUMNS]]
    return StateCube(dates=dates, states=meta, keys=keys, values=values, first=first)


def state_snapshot(engine: Engine, fecha: date | str) -> pd.DataFrame:
    """Every metric for the 32 states at a date."""
    return state_cube(engine).at(fecha)


def national_snapshot(engine: Engine, fecha: date | str) -> pd.Series:
    """National totals (states joined at that date) at a date."""
    return state_cube(engine).national_at(fecha)
