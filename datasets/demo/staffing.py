"""Staff per unit: transferred at the state's joining, the 16 May 2024 doctors, later hires, permanent posts."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from datasets.demo import calibration_targets as T
from datasets.demo.calendar import day, working_days
from datasets.demo.fit import fit_total
from datasets.demo.rhythm import CAMPAIGN, curve

ROLES = ("medico_general", "especialista", "enfermeria")
EDOMEX_BASIFICATION = ("2024-06-03", "2024-08-13")  # the campaign of permanent posts in Estado de México
EDOMEX_COVERAGE = 0.9


def norm_table() -> pd.DataFrame:
    """Required staff per typology and role (datasets/reference/staffing_norm.csv), wide by role."""
    norm = pd.read_csv(T.REFERENCE / "staffing_norm.csv", dtype=str, keep_default_na=False)
    norm["requeridos"] = pd.to_numeric(norm["requeridos"])
    return norm.pivot_table(index="tipologia", columns="rol", values="requeridos", aggfunc="sum").reindex(
        columns=list(ROLES), fill_value=0
    )


def staffing(rng: np.random.Generator, units: pd.DataFrame, joins: pd.Series, horizon: date) -> pd.DataFrame:
    """Rows (fecha, clues, rol, incorporados, basificados) for units with columns clues, cve_ent, tipologia, tipo_red."""
    units = units[units["tipo_red"] != "apoyo"].reset_index(drop=True)
    need = norm_table().reindex(units["tipologia"]).fillna(0).to_numpy().astype("int64")
    ent = units["cve_ent"].to_numpy()
    joined = joins.reindex(ent).to_numpy().astype("datetime64[D]")
    if "inicio" in units:  # staff arrive when the state joins, or when a later unit starts operating
        start = units["inicio"].to_numpy().astype("datetime64[D]")
        joined = np.where(np.isnat(start) | (start < joined), joined, start)
    states = sorted(set(ent))
    target = pd.Series(rng.uniform(0.62, 0.92, len(states)), index=states)
    target[T.EDOMEX] = EDOMEX_COVERAGE  # a large transferred workforce: room for 9,000 permanent posts
    target = target.reindex(ent).to_numpy()
    no_doctor = (units["tipo_red"] != "hospital").to_numpy() & (rng.random(len(units)) < 0.07)
    base = rng.binomial(need, (target * 0.8)[:, None])
    base[no_doctor, :2] = 0
    parts = [_events(units, joined, base, "incorporados")]
    gp = _new_doctors(rng, units, need, base, no_doctor | (joined > day(T.GP_DATE)))
    parts.append(_events(units, np.full(len(units), day(T.GP_DATE)), gp, "incorporados"))
    have = base + gp
    hires = _hires(rng, units, need, have, target, no_doctor, joined, horizon)
    parts.append(hires)
    parts.append(_basification(rng, units, base, joined, horizon))
    flows = pd.concat(parts, ignore_index=True).fillna(0)
    flows = flows[flows["fecha"] <= day(horizon)]
    flows = flows.groupby(["fecha", "clues", "rol"], as_index=False)[["incorporados", "basificados"]].sum()
    flows = flows[(flows["incorporados"] > 0) | (flows["basificados"] > 0)]
    return flows.astype({"incorporados": "int64", "basificados": "int64"}).reset_index(drop=True)


def _events(units: pd.DataFrame, when: np.ndarray, n: np.ndarray, col: str) -> pd.DataFrame:
    u, r = np.nonzero(n)
    return pd.DataFrame(
        {"fecha": when[u], "clues": units["clues"].to_numpy()[u], "rol": np.array(ROLES)[r], col: n[u, r]}
    )


def _new_doctors(
    rng: np.random.Generator, units: pd.DataFrame, need: np.ndarray, base: np.ndarray, no_doctor: np.ndarray
) -> np.ndarray:
    """S1/S2: 5,774 general practitioners on 2024-05-16 in exactly 3,651 health centres, where the gap is largest."""
    out = np.zeros_like(base)
    pool = np.flatnonzero((units["tipo_red"] == "centro_salud").to_numpy() & ~no_doctor)
    gap = np.maximum(need[pool, 0] - base[pool, 0], 0) + 0.3
    picked = rng.choice(pool, size=T.GP_UNITS, replace=False, p=gap / gap.sum())
    extra = rng.multinomial(T.GP_DOCTORS - T.GP_UNITS, (gap_p := need[picked, 0] + 0.5) / gap_p.sum())
    out[picked, 0] = 1 + extra
    return out


def _hires(
    rng: np.random.Generator,
    units: pd.DataFrame,
    need: np.ndarray,
    have: np.ndarray,
    target: np.ndarray,
    no_doctor: np.ndarray,
    joined: np.ndarray,
    horizon: date,
) -> pd.DataFrame:
    """Later hires, one person at a time, towards each state's coverage (60–95 % by the end of 2024)."""
    rows = []
    end24 = day("2024-12-31")
    ent = units["cve_ent"].to_numpy()
    years = max(horizon.year - 2024, 0)
    for r in range(len(ROLES)):
        gap = np.maximum(need[:, r] * target - have[:, r], 0)
        if r < 2:
            gap[no_doctor] = 0
        for cve_ent in pd.unique(ent):
            m = np.flatnonzero((ent == cve_ent) & (gap > 0))
            if len(m) == 0:
                continue
            k = round(gap[m].sum() * 0.9)
            later = round(np.maximum(need[m, r] * 0.97 - need[m, r] * target[m], 0).sum() * 0.35 * years)
            who = m[rng.choice(len(m), size=k + later, p=gap[m] / gap[m].sum())]
            lo = joined[who] + 60
            span = np.maximum((end24 - lo).astype("int64"), 0)
            when = lo + (rng.beta(1.6, 1.3, len(who)) * span).astype("int64").astype("timedelta64[D]")
            when[k:] = working_days(rng, np.full(later, end24 + 1), np.full(later, day(horizon)))
            when = working_days(rng, when, when + 6, avoid=(T.GP_DATE,))
            rows.append(pd.DataFrame({"fecha": when, "clues": units["clues"].to_numpy()[who], "rol": ROLES[r]}))
    hires = pd.concat(rows, ignore_index=True)
    return hires.groupby(["fecha", "clues", "rol"], as_index=False).size().rename(columns={"size": "incorporados"})


def _basification(
    rng: np.random.Generator, units: pd.DataFrame, base: np.ndarray, joined: np.ndarray, horizon: date
) -> pd.DataFrame:
    """Permanent posts: ~40 % of transferred staff a year after joining; Edomex 9,000 by 2024-08-13 (S4)."""
    ent = units["cve_ent"].to_numpy()
    edomex = ent == T.EDOMEX
    parts = []
    basif = rng.binomial(base, 0.4)
    basif[edomex] = 0
    when = working_days(rng, joined + 300, joined + 420, avoid=(T.GP_DATE,))
    parts.append(_events(units, when, basif, "basificados"))
    rows = np.flatnonzero(edomex)
    flat = base[rows].ravel()
    fitted = fit_total(flat * rng.uniform(0.5, 1.0, len(flat)), T.EDOMEX_BASIFIED, 0, flat)
    fitted = fitted.reshape(len(rows), len(ROLES))
    lo, hi = (day(d) for d in EDOMEX_BASIFICATION)
    shape = curve(rng, [(lo - 1, 0), (lo + 20, 25), (hi - 15, 80), (hi, 100)], CAMPAIGN)
    dates = shape.allot(rng, np.full(len(rows), lo), np.full(len(rows), hi))
    sub = units.iloc[rows].reset_index(drop=True)
    parts.append(_events(sub, dates, fitted, "basificados"))
    return pd.concat(parts, ignore_index=True)
