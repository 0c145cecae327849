"""La Clínica es Nuestra: stage funnel per state, budget by state, states at 100 %, money dispersed but not spent."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import Engine, case, func, select

from dashboard.cache import memoize
from dashboard.db import committee_spending, committees, states, units
from dashboard.queries.joining import JOINED
from dashboard.queries.running import RunningTotals, columns_frame, raw_day
from dashboard.queries.snapshot import state_cube

# stage metric -> label, in the order committees go through them
STAGES = {
    "asambleas": "Asamblea realizada",
    "comites_instalados": "Comité instalado",
    "tarjetas_entregadas": "Tarjeta entregada",
    "comites_con_gasto": "Primer gasto",
    "comites_gasto_total": "100 % ejercido",
}
FULL_PCT = 99.95  # 'al 100 %' as bulletins round it


@memoize
def assemblies_planned(engine: Engine) -> pd.Series:
    """cve_ent -> assemblies of the whole programme (one per committee), whether or not its unit operates yet."""
    with engine.connect() as conn:
        rows = conn.execute(select(committees.c.cve_ent, func.count()).group_by(committees.c.cve_ent)).all()
    return pd.Series({str(c): float(n) for c, n in rows}, dtype=float)


def _base(key: str, planned: pd.Series | float, assemblies: pd.Series | float) -> pd.Series | float:
    """What a stage is a share of: assemblies of all the planned ones, later stages of the committees of units
    in operation at the date (comites_planeados; see known_differences.csv KD09)."""
    return assemblies if key == "asambleas" else planned


def stage_table(engine: Engine, fecha: date) -> pd.DataFrame:
    """States joined at the date with committees: planned, each stage's count and its % of planned."""
    snap = state_cube(engine).at(fecha)
    snap = snap[(snap["federalizado"] == JOINED) & (snap["comites_planeados"] > 0)]
    out = pd.DataFrame({"cve_ent": snap.index, "nombre": snap["nombre_corto"], "planeados": snap["comites_planeados"]})
    assemblies = assemblies_planned(engine).reindex(out["cve_ent"]).to_numpy()
    for key in STAGES:
        out[key] = snap[key].fillna(0).to_numpy()
        out[f"{key}_pct"] = 100 * out[key] / _base(key, out["planeados"], assemblies)
    return out.reset_index(drop=True)


def national_stages(engine: Engine, fecha: date, cve_ent: str | None = None) -> pd.DataFrame:
    """Stage, label, count and % of planned for the country or one state."""
    cube = state_cube(engine)
    row = cube.national_at(fecha) if cve_ent is None else cube.at(fecha).loc[cve_ent].fillna(0)
    planned = float(row["comites_planeados"]) or np.nan
    joined = cube.status_at(fecha) == JOINED
    per_state = assemblies_planned(engine)
    assemblies = per_state.get(cve_ent, 0.0) if cve_ent else per_state[per_state.index.isin(joined.index[joined])].sum()
    return pd.DataFrame(
        {
            "etapa": list(STAGES),
            "nombre": list(STAGES.values()),
            "valor": [float(row[k]) for k in STAGES],
            "pct": [100 * float(row[k]) / (float(_base(k, planned, assemblies)) or np.nan) for k in STAGES],
        }
    )


def budget_by_state(engine: Engine, fecha: date) -> pd.DataFrame:
    """Dispersed and spent per state joined at the date with committees, and the share spent."""
    snap = state_cube(engine).at(fecha)
    snap = snap[(snap["federalizado"] == JOINED) & (snap["monto_dispersado"] > 0)]
    out = pd.DataFrame(
        {
            "cve_ent": snap.index,
            "nombre": snap["nombre_corto"],
            "dispersado": snap["monto_dispersado"],
            "ejercido": snap["monto_ejercido"],
            "pct": snap["ejercido_pct"],
        }
    )
    return out.sort_values("pct", ascending=False, ignore_index=True)


def states_at_full(engine: Engine, fecha: date) -> pd.DataFrame:
    """States that have spent everything dispersed to their committees."""
    frame = budget_by_state(engine, fecha)
    return frame[frame["pct"] >= FULL_PCT].sort_values("nombre", ignore_index=True)


@memoize
def money_events(engine: Engine) -> tuple[RunningTotals, pd.DataFrame]:
    """Dispersed and spent per committee and day, and each committee's name, state and first dispersal day."""
    cs = committee_spending.c
    stmt = select(cs.clues, raw_day(cs.fecha), func.sum(cs.dispersado), func.sum(cs.ejercido))
    stmt = stmt.group_by(cs.clues, cs.fecha)
    first = func.min(case((cs.dispersado > 0, cs.fecha), else_=None))
    names = (
        select(units.c.clues, units.c.nombre, committees.c.cve_ent, states.c.nombre_corto.label("estado"))
        .select_from(committees.join(units, units.c.clues == committees.c.clues).join(states, states.c.cve_ent == committees.c.cve_ent))
    )  # fmt: skip
    with engine.connect() as conn:
        events = columns_frame(conn.execute(stmt).all(), ["clues", "fecha", "dispersado", "ejercido"])
        firsts = dict(conn.execute(select(cs.clues, first).group_by(cs.clues)).all())
        meta = pd.DataFrame(conn.execute(names).all(), columns=["clues", "nombre", "cve_ent", "estado"])
    meta = meta.set_index("clues")
    totals = RunningTotals.build(events, "clues", "fecha", ("dispersado", "ejercido"))
    extra = pd.DataFrame({"primera": pd.to_datetime(pd.Series(firsts, index=totals.keys, dtype=object))})
    return totals, extra.join(meta)


def committee_money(engine: Engine, fecha: date) -> pd.DataFrame:
    """Per committee with spending rows up to fecha: first dispersal day, dispersed and spent."""
    totals, extra = money_events(engine)
    money = totals.at(fecha)
    info = extra.loc[money.index]
    first = info["primera"].where(info["primera"] <= pd.Timestamp(fecha))
    out = pd.DataFrame(
        {
            "clues": money.index,
            "primera_dispersion": first.dt.date.to_numpy(),
            "dispersado": money["dispersado"].to_numpy(dtype=float),
            "ejercido": money["ejercido"].to_numpy(dtype=float),
        }
    )
    return out.join(info[["nombre", "cve_ent", "estado"]].reset_index(drop=True))


def idle_money(engine: Engine, fecha: date, dias: int, cve_ent: str | None = None) -> pd.DataFrame:
    """Committees that received money at least `dias` days before fecha and have spent nothing."""
    frame = committee_money(engine, fecha)
    first = pd.to_datetime(frame["primera_dispersion"])
    limit = pd.Timestamp(fecha - timedelta(days=dias))
    idle = frame[first.notna() & (first <= limit) & (frame["ejercido"] <= 0)]
    if cve_ent:
        idle = idle[idle["cve_ent"] == cve_ent]
    idle = idle.assign(dias=(pd.Timestamp(fecha) - first[idle.index]).dt.days.astype("int64"))
    return idle.sort_values(["dias", "dispersado"], ascending=False, ignore_index=True)
