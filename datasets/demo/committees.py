"""La Clínica es Nuestra committees: which unit, assembly, installation and card dates, and budgets."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from datasets.demo import calibration_targets as T
from datasets.demo.calendar import day, working_days
from datasets.demo.fit import fit_total

BUDGET_MIN, BUDGET_MAX = 400_000, 700_000


def committee_units(rng: np.random.Generator, units: pd.DataFrame, plan: pd.DataFrame) -> pd.DataFrame:
    """Per state: eligible real units by preference (random within a tier), then the synthetic ones."""
    chosen = []
    for cve_ent, n in plan["committees"].items():
        pool = units[(units["cve_ent"] == cve_ent) & units["eligible"] & ~units["sintetica"]]
        pool = pool.assign(_r=rng.random(len(pool))).sort_values(["preference", "_r"])
        synth = units[(units["cve_ent"] == cve_ent) & units["sintetica"]]
        chosen.append(pd.concat([pool.head(int(n)), synth]).head(int(n)))
    out = pd.concat(chosen, ignore_index=True)
    return out[["clues", "cve_ent", "tipologia", "tipo_red", "sintetica"]]


def _between(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray, skew: float = 1.0) -> np.ndarray:
    """A day in [lo, hi] per element, skewed early when skew > 1."""
    span = (hi - lo).astype("int64")
    offs = np.floor(rng.beta(1.0, skew, len(lo)) * (span + 1)).astype("int64").clip(0, np.maximum(span, 0))
    return lo + offs.astype("timedelta64[D]")


def committee_dates(rng: np.random.Generator, com: pd.DataFrame, plan: pd.DataFrame, joins: pd.Series) -> pd.DataFrame:
    """Assembly ≤ installation ≤ card, with the bulletins' counts at 2024-05-10, 2024-07-02 and 2024-09-12."""
    n = len(com)
    may, cards_date, sept = day(T.COMMITTEE_DATE), day(T.CARDS_DATE), day(T.SEPT_DATE)
    one = np.timedelta64(1, "D")
    nat = np.datetime64("NaT", "D")
    inst = np.full(n, nat)
    early = np.zeros(n, dtype=bool)
    order = rng.permutation(n)
    for cve_ent, k in plan["installed"].items():
        idx = order[com["cve_ent"].to_numpy()[order] == cve_ent][: int(k)]
        early[idx] = True
    ent = com["cve_ent"].to_numpy()
    lo = np.maximum(joins.reindex(ent).to_numpy().astype("datetime64[D]") + 7, day("2024-02-05"))
    inst[early] = working_days(rng, lo[early], np.full(early.sum(), may))
    rest = rng.permutation(np.flatnonzero(~early))
    b1 = T.INSTALLED_BY_CARDS_DATE - int(early.sum())
    b2 = b1 + T.INSTALLED_BY_SEPT - T.INSTALLED_BY_CARDS_DATE
    b3 = len(rest) - T.NEVER_INSTALLED
    inst[rest[:b1]] = working_days(rng, np.full(b1, may + one), np.full(b1, cards_date))
    inst[rest[b1:b2]] = working_days(rng, np.full(b2 - b1, cards_date + one), np.full(b2 - b1, sept))
    inst[rest[b2:b3]] = working_days(rng, np.full(b3 - b2, sept + one), np.full(b3 - b2, day("2025-03-31")))
    asam = np.full(n, nat)
    asam[early] = np.maximum(inst[early] - rng.integers(0, 22, early.sum()).astype("timedelta64[D]"), lo[early] - 7)
    k = T.ASSEMBLIES_BY_COMMITTEE_DATE - int(early.sum())
    joined = joins.reindex(ent[rest[:k]]).to_numpy().astype("datetime64[D]")  # never before the state joined
    asam[rest[:k]] = working_days(rng, np.maximum(day("2024-04-01"), joined), np.full(k, may))
    late = rest[k:b3]
    asam[late] = working_days(rng, np.maximum(inst[late] - 30, may + one), inst[late])
    card = _cards(rng, inst, ent)
    return com.assign(fecha_asamblea=asam, fecha_instalacion=inst, fecha_tarjeta=card)


def _cards(rng: np.random.Generator, inst: np.ndarray, ent: np.ndarray) -> np.ndarray:
    cards_date, sept = day(T.CARDS_DATE), day(T.SEPT_DATE)
    one = np.timedelta64(1, "D")
    card = np.full(len(inst), np.datetime64("NaT", "D"))
    has = ~np.isnat(inst)
    noise = inst.astype("int64") + rng.integers(0, 10, len(inst))
    by_inst = np.flatnonzero(has)[np.argsort(noise[has], kind="stable")]
    first = by_inst[: T.CARDS_BY_CARDS_DATE]
    lo = np.maximum(inst[first] + one, day("2024-04-01"))
    card[first] = _between(rng, lo, np.full(len(first), cards_date), skew=2.5)
    rest = by_inst[T.CARDS_BY_CARDS_DATE :]
    ready = rest[inst[rest] < sept]
    second = ready[: T.CARDS_BY_SEPT - T.CARDS_BY_CARDS_DATE]
    complete = ~np.isin(ent[second], T.INCOMPLETE_STATES)
    hi = np.where(complete, day("2024-09-05"), sept)
    card[second] = _between(rng, np.maximum(inst[second], cards_date) + one, np.maximum(hi, inst[second] + one))
    later = np.setdiff1d(rest, second)
    later = later[rng.permutation(len(later))][T.NEVER_CARD :]
    lo = np.maximum(inst[later], sept) + one
    card[later] = _between(rng, lo, lo + 120, skew=2.0)
    return card


def raw_budget(rng: np.random.Generator, com: pd.DataFrame) -> np.ndarray:
    """Budget by unit size: 400–480 mil (one basic core) up to 600–700 mil (six cores or more, CAAPS)."""
    cores = com["tipologia"].map(lambda t: int(m.group(1)) if (m := re.search(r"DE (\d+) N", str(t))) else 0)
    big = com["tipologia"].str.contains("CAAPS|AMPLIADOS|HOSPITALIZ|UNEMES", regex=True)
    lo = np.select([com["tipo_red"] == "movil", big | (cores >= 6), cores >= 3, cores == 2], [400, 600, 540, 460], 400)
    hi = np.select([com["tipo_red"] == "movil", big | (cores >= 6), cores >= 3, cores == 2], [420, 700, 650, 560], 480)
    return (lo + rng.random(len(com)) * (hi - lo)) * 1000.0


def budgets(rng: np.random.Generator, com: pd.DataFrame, deposit: np.ndarray) -> np.ndarray:
    """Budgets calibrated so the money dispersed by 2024-08-13 (Edomex) and 2024-09-12 matches C35 and C30."""
    raw = raw_budget(rng, com)
    out = (np.round(raw / 1000) * 1000).astype("int64")
    edomex = (com["cve_ent"].to_numpy() == T.EDOMEX) & (deposit <= day(T.EDOMEX_DATE))
    sept = (deposit <= day(T.SEPT_DATE)) & ~edomex
    out[edomex] = fit_total(raw[edomex], T.EDOMEX_DISPERSED, BUDGET_MIN, BUDGET_MAX, step=1000)
    out[sept] = fit_total(raw[sept], T.DISPERSED_BY_SEPT - T.EDOMEX_DISPERSED, BUDGET_MIN, BUDGET_MAX, step=1000)
    return out


def deposit_dates(rng: np.random.Generator, card: np.ndarray) -> np.ndarray:
    """The 2024 budget is deposited on the card from 1 June 2024, a few days after the card arrives."""
    start = day(T.DISPERSAL_START)
    june = working_days(rng, np.full(len(card), start), np.full(len(card), start + 9))
    lag = rng.integers(0, 3, len(card)).astype("timedelta64[D]")
    out = np.where(card < start, june, card) + lag
    return np.where(np.isnat(card), np.datetime64("NaT", "D"), out)
