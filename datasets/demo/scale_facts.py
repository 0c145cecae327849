"""Scale 10×: staffing, committees and committee spending for every unit of the 32 states (not calibrated)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from datasets.demo.calendar import day, working_days
from datasets.demo.spending import spread
from datasets.demo.staffing import ROLES, norm_table

HIRES_PER_YEAR = 0.35  # Poisson mean of hires a year per required post
BUDGET_MIN, BUDGET_MAX = 400_000, 700_000


def _start(units: pd.DataFrame, joins: pd.Series, start: date) -> np.ndarray:
    joined = joins.reindex(units["cve_ent"]).to_numpy().astype("datetime64[D]")
    return np.maximum(joined, day(start))


def _cells(fecha: np.ndarray, clues: np.ndarray, rol: np.ndarray, n: np.ndarray, col: str) -> pd.DataFrame:
    keep = n > 0
    return pd.DataFrame({"fecha": fecha[keep], "clues": clues[keep], "rol": rol[keep], col: n[keep]})


def staffing(rng: np.random.Generator, units: pd.DataFrame, joins: pd.Series, start: date, end: date) -> pd.DataFrame:
    """Transfers at joining, Poisson hires on working days every year, permanent posts ~a year after joining."""
    units = units[units["tipo_red"] != "apoyo"].reset_index(drop=True)
    need = norm_table().reindex(units["tipologia"]).fillna(0).to_numpy().astype("int64").clip(min=1)
    first = _start(units, joins, start)
    clues = np.repeat(units["clues"].to_numpy(), len(ROLES))
    rol = np.tile(np.array(ROLES), len(units))
    base = rng.binomial(need, 0.7).ravel()
    when0 = np.repeat(first, len(ROLES))
    parts = [_cells(when0, clues, rol, base, "incorporados")]
    basif = rng.binomial(base, 0.4)
    when_b = working_days(rng, when0 + 300, when0 + 420)
    parts.append(_cells(when_b, clues, rol, basif, "basificados"))
    years = (day(end) - when0).astype("int64").clip(min=0) / 365.25
    hires = rng.poisson(need.ravel() * HIRES_PER_YEAR * years)
    who = np.repeat(np.arange(len(hires)), hires)
    when_h = working_days(rng, when0[who] + 30, np.full(len(who), day(end)))
    parts.append(pd.DataFrame({"fecha": when_h, "clues": clues[who], "rol": rol[who], "incorporados": 1}))
    flows = pd.concat(parts, ignore_index=True).fillna(0)
    flows = flows[flows["fecha"] <= day(end)]
    flows = flows.groupby(["fecha", "clues", "rol"], as_index=False)[["incorporados", "basificados"]].sum()
    return flows.astype({"incorporados": "int64", "basificados": "int64"})


def committees(rng: np.random.Generator, units: pd.DataFrame, joins: pd.Series, start: date) -> pd.DataFrame:
    """One committee per eligible unit: assembly, installation (2 % never), card (3 % of installed never), budget."""
    com = units[units["eligible"]].reset_index(drop=True)
    n = len(com)
    lo = _start(com, joins, start) + 30
    asam = working_days(rng, lo, lo + 400)
    inst = working_days(rng, asam, asam + 30)
    card = working_days(rng, inst + 5, inst + 60)
    nat = np.datetime64("NaT", "D")
    never = rng.random(n) < 0.02
    inst[never] = nat
    card[never | (rng.random(n) < 0.03)] = nat
    budget = (np.round(rng.uniform(BUDGET_MIN, BUDGET_MAX, n) / 1000) * 1000).astype("int64")
    return pd.DataFrame(
        {
            "clues": com["clues"],
            "cve_ent": com["cve_ent"],
            "fecha_asamblea": asam,
            "fecha_instalacion": inst,
            "fecha_tarjeta": card,
            "presupuesto_asignado": budget,
        }
    )


def spending(rng: np.random.Generator, com: pd.DataFrame, end: date) -> pd.DataFrame:
    """A deposit a few days after the card, then yearly (+5 %) in February–March; each year's money mostly spent."""
    card = com["fecha_tarjeta"].to_numpy().astype("datetime64[D]")
    budget = com["presupuesto_asignado"].to_numpy().astype("int64")
    idx = np.arange(len(com))
    has = ~np.isnat(card)
    first = card[has] + rng.integers(0, 3, has.sum()).astype("timedelta64[D]")
    deposits = [pd.DataFrame({"i": idx[has], "fecha": first, "dispersado": budget[has]})]
    year_end = (first.astype("datetime64[Y]").astype("datetime64[M]") + 11).astype("datetime64[D]") + 14
    spent = (budget[has] * rng.beta(6, 1.5, has.sum())).astype("int64")
    events = [spread(rng, idx[has], spent, first + 1, np.maximum(year_end, first + 30))]
    card_year = np.where(has, card.astype("datetime64[Y]").astype(int) + 1970, 9999)
    for year in range(int(card_year.min()) + 1, end.year + 1):
        who = idx[card_year < year]
        dep = working_days(rng, np.full(len(who), day(f"{year}-02-10")), np.full(len(who), day(f"{year}-03-20")))
        amount = (np.round(budget[who] * 1.05 ** (year - 2024) / 1000) * 1000).astype("int64")
        deposits.append(pd.DataFrame({"i": who, "fecha": dep, "dispersado": amount}))
        used = (amount * rng.beta(6, 1.5, len(who))).astype("int64")
        events.append(spread(rng, who, used, dep + 1, np.full(len(who), day(f"{year}-12-15"))))
    flows = pd.concat([*deposits, *events], ignore_index=True).fillna(0)
    flows = flows[flows["fecha"] <= day(end)]
    flows = flows.groupby(["fecha", "i"], as_index=False)[["dispersado", "ejercido"]].sum()
    return pd.DataFrame(
        {
            "fecha": flows["fecha"].to_numpy(),
            "clues": com["clues"].to_numpy()[flows["i"].to_numpy()],
            "dispersado": flows["dispersado"].astype("int64"),
            "ejercido": flows["ejercido"].astype("int64"),
        }
    ).sort_values(["fecha", "clues"], ignore_index=True)
