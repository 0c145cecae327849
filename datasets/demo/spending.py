"""Committee money: deposits on the cards and spending events, calibrated at 2024-07-02 and 2024-09-12."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from datasets.demo import calibration_targets as T
from datasets.demo.calendar import day, working_days
from datasets.demo.fit import fit_total
from datasets.demo.rhythm import SHOPPING, DayCurve, curve

MIN_SPEND = 500  # pesos: the smallest first purchase
EVENT_PESOS = 80_000  # typical purchase or withdrawal when events follow a curve (more money, more events)


def spread(
    rng: np.random.Generator,
    who: np.ndarray,
    amount: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    shape: DayCurve | None = None,
) -> pd.DataFrame:
    """Split each amount into spending events in [lo, hi]: 1–6 on working days, or on the curve's days in number
    proportional to the amount (so the daily money follows the curve, not just the count of events)."""
    keep = amount > 0
    who, amount, lo, hi = who[keep], amount[keep], lo[keep], hi[keep]
    if shape is None:
        k = np.minimum(1 + rng.poisson(2.0, len(who)), 6)
    else:
        k = np.minimum(1 + rng.poisson(amount / EVENT_PESOS), 10)
    rep = np.repeat(np.arange(len(who)), k)
    w = rng.gamma(1.5, size=len(rep))
    share = w / np.bincount(rep, weights=w)[rep]
    part = np.floor(amount[rep] * share).astype("int64")
    left = amount - np.bincount(rep, weights=part).astype("int64")
    starts = np.concatenate([[0], np.cumsum(k)[:-1]])
    part[starts] += left
    dates = working_days(rng, lo[rep], hi[rep]) if shape is None else shape.allot(rng, lo[rep], hi[rep])
    return pd.DataFrame({"i": who[rep], "fecha": dates, "ejercido": part})


def _clip_lo(d: np.ndarray, start: np.datetime64, end: np.datetime64) -> np.ndarray:
    """Window start: the day after the deposit, not before start, and never after end."""
    return np.minimum(np.maximum(d + 1, start), end)


def spending(rng: np.random.Generator, com: pd.DataFrame, horizon: date) -> pd.DataFrame:
    """Rows (i, fecha, dispersado, ejercido) for committees indexed 0..n-1 with deposit date and budget."""
    dep = com["deposito"].to_numpy().astype("datetime64[D]")
    budget = com["presupuesto_asignado"].to_numpy().astype("int64")
    ent = com["cve_ent"].to_numpy()
    n = len(com)
    idx = np.arange(n)
    d1, d2, year_end = day(T.CARDS_DATE), day(T.SEPT_DATE), day(min(horizon, date(2024, 12, 31)))
    incomplete = np.isin(ent, T.INCOMPLETE_STATES)
    has = ~np.isnat(dep)
    dep_s = has & (dep <= d2)
    # first spenders by 2024-07-02 (C27), earlier deposits more likely
    pool = np.flatnonzero(has & (dep < d1))
    age = (d1 - dep[pool]).astype("int64").astype(float)
    s1 = rng.choice(pool, size=T.WITH_SPENDING_BY_CARDS_DATE, replace=False, p=age / age.sum())
    c1 = np.zeros(n, dtype="int64")
    raw = rng.beta(2.0, 5.5, len(s1)) * budget[s1]
    c1[s1] = fit_total(raw, T.SPENT_BY_CARDS_DATE, MIN_SPEND, 0.9 * budget[s1])
    # committees with a card and money but no spending at 2024-09-12 (C33), in the 8 incomplete states
    zero_pool = idx[dep_s & incomplete & (c1 == 0)]
    zero_pool = zero_pool[np.argsort(-dep[zero_pool].astype("int64") + rng.integers(0, 40, len(zero_pool)))]
    n_zero = int(dep_s.sum()) - T.WITH_SPENDING_BY_SEPT
    zero = _one_per_state(zero_pool, ent, n_zero)
    c2 = np.zeros(n, dtype="int64")
    full = dep_s & ~incomplete
    c2[full] = budget[full]
    part = np.setdiff1d(idx[dep_s & incomplete], zero)
    raw = rng.beta(5.0, 1.6, len(part)) * budget[part]
    c2[part] = fit_total(raw, T.SPENT_BY_SEPT - int(c2[full].sum()), np.maximum(c1[part], MIN_SPEND), budget[part])
    c3 = c2.copy()
    stall = rng.random(n) < 0.08
    c3[dep_s & incomplete & ~stall] = budget[dep_s & incomplete & ~stall]
    wake = np.isin(idx, zero) & (rng.random(n) < 0.5)
    c3[wake] = (budget[wake] * rng.beta(2, 3, wake.sum())).astype("int64")
    late = has & (dep > d2)
    c3[late] = (budget[late] * rng.beta(4, 2, late.sum())).astype("int64")
    go = has & (dep < year_end)
    end_total = c2.sum() + (c3 - c2)[go].sum()
    knots = [(day(T.DISPERSAL_START), 0), (d1, c1.sum()), (d2, c2.sum()), (max(year_end, d2 + 1), end_total)]
    shape = curve(rng, knots, SHOPPING)
    events = [
        spread(rng, s1, c1[s1], dep[s1] + 1, np.full(len(s1), d1), shape),
        spread(rng, idx[dep_s], (c2 - c1)[dep_s], _clip_lo(dep[dep_s], d1 + 1, d2), np.full(dep_s.sum(), d2), shape),
    ]
    if year_end > d2:
        lo = _clip_lo(dep[go], d2 + 1, year_end)
        lo = np.where(wake[go], np.maximum(lo, day("2024-10-15")), lo)
        hi = np.full(go.sum(), year_end)
        events.append(spread(rng, idx[go], (c3 - c2)[go], np.minimum(lo, year_end), hi, shape))
    deposits = [pd.DataFrame({"i": idx[has], "fecha": dep[has], "dispersado": budget[has]})]
    events.extend(_later_years(rng, com, horizon, deposits))
    spent = pd.concat(events, ignore_index=True)
    flows = pd.concat([pd.concat(deposits, ignore_index=True), spent], ignore_index=True).fillna(0)
    flows = flows.groupby(["fecha", "i"], as_index=False)[["dispersado", "ejercido"]].sum()
    return flows.astype({"dispersado": "int64", "ejercido": "int64"})


def _one_per_state(pool: np.ndarray, ent: np.ndarray, n: int) -> np.ndarray:
    """n committees from pool (ordered by preference), at least one in every incomplete state."""
    firsts = [pool[ent[pool] == s][:1] for s in T.INCOMPLETE_STATES]
    picked = np.unique(np.concatenate(firsts))
    rest = pool[~np.isin(pool, picked)][: max(n - len(picked), 0)]
    return np.concatenate([picked, rest])[:n]


def _later_years(
    rng: np.random.Generator, com: pd.DataFrame, horizon: date, deposits: list[pd.DataFrame]
) -> list[pd.DataFrame]:
    """From 2025 on, a new yearly budget (+5 % a year) deposited in February–March and mostly spent."""
    card = com["fecha_tarjeta"].to_numpy().astype("datetime64[D]")
    budget = com["presupuesto_asignado"].to_numpy().astype("int64")
    events = []
    for year in range(2025, horizon.year + 1):
        lo, hi = day(f"{year}-02-10"), day(f"{year}-03-20")
        who = np.flatnonzero(~np.isnat(card) & (card < lo))
        dep = working_days(rng, np.full(len(who), lo), np.full(len(who), hi))
        amount = (np.round(budget[who] * 1.05 ** (year - 2024) / 1000) * 1000).astype("int64")
        deposits.append(pd.DataFrame({"i": who, "fecha": dep, "dispersado": amount}))
        spent = (amount * rng.beta(6, 1.5, len(who))).astype("int64")
        end = np.full(len(who), day(f"{year}-12-15"))
        events.append(spread(rng, who, spent, dep + 1, end))
    return events
