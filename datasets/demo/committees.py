"""La Clínica es Nuestra committees: which unit, assembly, installation and card dates, and budgets."""

from __future__ import annotations

import re
from datetime import date

import numpy as np
import pandas as pd

from datasets.demo import calibration_targets as T
from datasets.demo.calendar import day, working_days
from datasets.demo.fit import fit_total
from datasets.demo.rhythm import ASSEMBLY, DayCurve, curve

BUDGET_MIN, BUDGET_MAX = 400_000, 700_000


def committee_units(rng: np.random.Generator, units: pd.DataFrame, plan: pd.DataFrame) -> pd.DataFrame:
    """Per state: of_total committees on eligible real units by preference (random within a tier), then on the
    early synthetic units; then the state's late synthetic units (those that start operating after 2024-05-10)."""
    chosen = []
    for cve_ent, n in plan["of_total"].items():
        pool = units[(units["cve_ent"] == cve_ent) & units["eligible"] & ~units["sintetica"]]
        pool = pool.assign(_r=rng.random(len(pool))).sort_values(["preference", "_r"])
        synth = units[(units["cve_ent"] == cve_ent) & units["sintetica"]]
        late = synth["inicio"] > pd.Timestamp(T.COMMITTEE_DATE)
        chosen.append(pd.concat([pool.head(int(n)), synth[~late]]).head(int(n)))
        chosen.append(synth[late])
    out = pd.concat(chosen, ignore_index=True)
    return out[["clues", "cve_ent", "tipologia", "tipo_red", "sintetica", "inicio"]]


def committee_dates(rng: np.random.Generator, com: pd.DataFrame, plan: pd.DataFrame, joins: pd.Series) -> pd.DataFrame:
    """Assembly ≤ installation ≤ card, never before the state joined nor (installation) before the unit operates.

    Exact counts: installed by 2024-05-10 per state (C2–C24), assemblies by 2024-05-10 (C1) and all of them by
    2024-05-17, installed by 2024-07-02 and 2024-09-12, cards by 2024-07-02 (C25) and 2024-09-12 (C29).
    """
    n = len(com)
    ent = com["cve_ent"].to_numpy()
    may = day(T.COMMITTEE_DATE)
    joined = joins.reindex(ent).to_numpy().astype("datetime64[D]")
    start = com["inicio"].to_numpy().astype("datetime64[D]")
    start = np.where(np.isnat(start), day("1900-01-01"), start)
    lo = np.maximum(np.maximum(joined + 7, day(T.INSTALL_START)), start)
    early = np.zeros(n, dtype=bool)
    order = rng.permutation(n)
    for cve_ent, k in plan["installed"].items():
        early[order[(ent[order] == cve_ent) & (start[order] <= may)][: int(k)]] = True
    shape = asm_curve(rng)
    asm = _assemblies(rng, early, joined, shape)
    inst = _installations(rng, early, np.where(np.isnat(asm), lo, np.maximum(lo, asm)), start)
    asm[early] = _draw_assemblies(rng, inst[early], joined[early], shape)
    card = _cards(rng, inst, ent)
    return com.assign(fecha_asamblea=asm, fecha_instalacion=inst, fecha_tarjeta=card)


def asm_curve(rng: np.random.Generator) -> DayCurve:
    """Assemblies: from mid-January, 11,807 by 2024-05-10 and all 11,947 by the end of that week."""
    knots: list[tuple[date | np.datetime64, float]] = [
        (day(T.ASSEMBLY_START) - 1, 0),
        (T.COMMITTEE_DATE, T.ASSEMBLIES_BY_COMMITTEE_DATE),
        (T.ASSEMBLIES_END, T.COMMITTEES_TOTAL),
    ]
    return curve(rng, knots, ASSEMBLY)


def _assemblies(rng: np.random.Generator, early: np.ndarray, joined: np.ndarray, shape: DayCurve) -> np.ndarray:
    """Assemblies of the committees not installed by 2024-05-10: enough by then to make C1, the rest that week."""
    asm = np.full(len(early), np.datetime64("NaT", "D"))
    rest = rng.permutation(np.flatnonzero(~early))
    k = T.ASSEMBLIES_BY_COMMITTEE_DATE - int(early.sum())
    may = day(T.COMMITTEE_DATE)
    lo = np.maximum(joined[rest], day("2024-04-01"))
    asm[rest[:k]] = shape.allot(rng, lo[:k], np.full(k, may))
    m = len(rest) - k
    asm[rest[k:]] = shape.allot(rng, np.full(m, may + 1), np.full(m, day(T.ASSEMBLIES_END)))
    return asm


def _draw_assemblies(rng: np.random.Generator, inst: np.ndarray, joined: np.ndarray, shape: DayCurve) -> np.ndarray:
    """An assembly in the four weeks before the installation, never before the state joined."""
    lo = np.maximum(np.maximum(inst - 28, joined), day(T.ASSEMBLY_START))
    return np.minimum(shape.allot(rng, lo, inst), inst)


def _installations(rng: np.random.Generator, early: np.ndarray, lo: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Installation days: the May group per state, then 2024-07-02 and 2024-09-12 totals, then the last units."""
    may, jul, sept, end = day(T.COMMITTEE_DATE), day(T.CARDS_DATE), day(T.SEPT_DATE), day(T.DEFAULT_END)
    n = len(early)
    knots = [
        (day(T.INSTALL_START) - 1, 0),
        (may, int(early.sum())),
        (jul, T.INSTALLED_BY_CARDS_DATE),
        (sept, T.INSTALLED_BY_SEPT),
        (end, n - T.NEVER_INSTALLED),
    ]
    shape = curve(rng, knots)
    inst = np.full(n, np.datetime64("NaT", "D"))
    inst[early] = shape.allot(rng, lo[early], np.full(int(early.sum()), may))
    by_jul = np.flatnonzero(~early & (start <= jul))
    by_jul = by_jul[np.argsort(start[by_jul].astype("int64") + rng.integers(0, 30, len(by_jul)), kind="stable")]
    k = T.INSTALLED_BY_CARDS_DATE - int(early.sum())
    first = by_jul[:k]
    inst[first] = shape.allot(rng, np.maximum(lo[first], may + 1), np.full(k, jul))
    second = np.concatenate([by_jul[k:], np.flatnonzero(~early & (start > jul) & (start <= sept))])
    inst[second] = shape.allot(rng, np.maximum(lo[second], jul + 1), np.full(len(second), sept - 1))
    last = rng.permutation(np.flatnonzero(start > sept))[T.NEVER_INSTALLED :]
    inst[last] = shape.allot(rng, np.maximum(lo[last], sept + 1), np.full(len(last), end))
    return inst


def _cards(rng: np.random.Generator, inst: np.ndarray, ent: np.ndarray) -> np.ndarray:
    """Cards: the earliest installed first; 11,427 by 2024-07-02, 11,777 by 2024-09-12, the rest by year end."""
    jul, sept, end = day(T.CARDS_DATE), day(T.SEPT_DATE), day(T.DEFAULT_END)
    one = np.timedelta64(1, "D")
    has = ~np.isnat(inst)
    knots = [
        (day(T.CARDS_START) - 1, 0),
        (jul, T.CARDS_BY_CARDS_DATE),
        (sept, T.CARDS_BY_SEPT),
        (end, int(has.sum()) - T.NEVER_CARD),
    ]
    shape = curve(rng, knots, waves=0.25)
    card = np.full(len(inst), np.datetime64("NaT", "D"))
    noise = inst.astype("int64") + rng.integers(0, 10, len(inst))
    by_inst = np.flatnonzero(has)[np.argsort(noise[has], kind="stable")]
    first = by_inst[: T.CARDS_BY_CARDS_DATE]
    card[first] = shape.allot(rng, np.maximum(inst[first] + one, day(T.CARDS_START)), np.full(len(first), jul))
    rest = by_inst[T.CARDS_BY_CARDS_DATE :]
    second = rest[inst[rest] < sept][: T.CARDS_BY_SEPT - T.CARDS_BY_CARDS_DATE]
    complete = ~np.isin(ent[second], T.INCOMPLETE_STATES)
    lo = np.maximum(inst[second], jul) + one
    hi = np.maximum(np.where(complete, day("2024-09-05"), sept), lo)
    card[second] = shape.allot(rng, lo, np.minimum(hi, sept))
    later = np.setdiff1d(rest, second)
    later = later[rng.permutation(len(later))][T.NEVER_CARD :]
    card[later] = shape.allot(rng, np.maximum(inst[later], sept) + one, np.full(len(later), end))
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
    """The 2024 budget reaches the card from 1 June 2024 (a three-week dispersal), or 0–2 days after a later card."""
    start = day(T.DISPERSAL_START)
    shape = curve(rng, [(start - 1, 0), (start + 6, 60), (start + 20, 100)], waves=0.15)
    june = shape.allot(rng, np.full(len(card), start), np.full(len(card), start + 20))
    after = working_days(rng, card, card + 2)
    out = np.where(card < start, june, after)
    return np.where(np.isnat(card), np.datetime64("NaT", "D"), out)
