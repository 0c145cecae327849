"""Registrations per municipality, day and channel: module and online S-curves, welfare cross-match batches."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from datasets.demo import calibration_targets as T
from datasets.demo.calendar import REGISTRY_START, WEEKDAY_MODULO, WEEKDAY_ONLINE, day, day_range, weekday
from datasets.demo.fit import fit_total

EDOMEX_CROSSMATCH_AT_REGISTRY_DATE = 2_750_000  # design choice, see demo_dataset.md
DUP_SHARE = {"modulo": 0.17, "autorregistro": 0.17, "cruce_bienestar": 0.004}
CREDENTIAL_SHARE = {"modulo": 0.9, "autorregistro": 0.35, "cruce_bienestar": 0.1}
# (date, share of each joined state's population without social security); Edomex batches apart
BATCHES = (
    ("2023-09-19", 0.04), ("2023-11-21", 0.05), ("2024-02-13", 0.05), ("2024-04-09", 0.05), ("2024-06-11", 0.05),
    ("2024-10-15", 0.06), ("2025-02-11", 0.05), ("2025-05-13", 0.04), ("2025-09-09", 0.04), ("2026-02-10", 0.03),
    ("2026-06-09", 0.03), ("2026-10-13", 0.02), ("2027-03-09", 0.02),
)  # fmt: skip
EDOMEX_BATCHES = (("2024-05-07", 0.15), ("2024-06-11", 0.15), ("2024-07-23", 0.25))


def _bell(t: np.ndarray, mid: float, width: float) -> np.ndarray:
    """Daily share of a logistic adoption curve (zero before the start)."""
    e = np.exp(-(t - mid) / width)
    return np.where(t >= 0, e / (width * (1 + e) ** 2), 0.0)


def expected_daily(
    rng: np.random.Generator, munis: pd.DataFrame, joins: pd.Series, days: np.ndarray
) -> dict[str, np.ndarray]:
    """Expected registrations [municipality, day] for the module and online channels (unscaled)."""
    ent = munis["cve_ent"].to_numpy()
    start = np.maximum(joins.reindex(ent).to_numpy().astype("datetime64[D]") + 30, day(REGISTRY_START))
    lag = np.where(rng.random(len(munis)) < 0.12, rng.integers(60, 240, len(munis)), 0)
    t = (days[None, :] - start[:, None]).astype("int64") - lag[:, None]
    pss = munis["pss"].to_numpy(float).clip(min=1)
    vigor = pd.Series(rng.uniform(0.5, 1.5, 32), index=[f"{i:02d}" for i in range(1, 33)]).reindex(ent).to_numpy()
    w_mod = pss * vigor * rng.lognormal(0, 0.6, len(munis))
    w_aut = pss**1.15 * vigor * rng.lognormal(0, 0.4, len(munis))
    wd = weekday(days)
    return {
        "modulo": w_mod[:, None] * _bell(t, 240, 70) * WEEKDAY_MODULO[wd][None, :],
        "autorregistro": w_aut[:, None] * _bell(t, 300, 90) * WEEKDAY_ONLINE[wd][None, :],
    }


def crossmatch(rng: np.random.Generator, munis: pd.DataFrame, joins: pd.Series, days: np.ndarray) -> np.ndarray:
    """Bulk cross-match batches [municipality, day]: a few dates, every municipality of the joined states."""
    ent = munis["cve_ent"].to_numpy()
    joined = joins.reindex(ent).to_numpy().astype("datetime64[D]")
    pss = munis["pss"].to_numpy(float).clip(min=1)
    out = np.zeros((len(munis), len(days)))
    edomex = ent == T.EDOMEX
    for when, share, only_edomex in [(d, s, False) for d, s in BATCHES] + [(d, s, True) for d, s in EDOMEX_BATCHES]:
        j = int((day(when) - days[0]).astype("int64"))
        if not 0 <= j < len(days):
            continue
        ok = (joined + 30 <= day(when)) & (edomex if only_edomex else ~edomex)
        out[ok, j] += share * pss[ok] * rng.lognormal(0, 0.25, ok.sum())
    return out


def registry(rng: np.random.Generator, munis: pd.DataFrame, joins: pd.Series, horizon: date) -> pd.DataFrame:
    """Sparse rows (fecha, cvegeo, canal, registrados, duplicados, credenciales) calibrated to R1–R5."""
    days = day_range(REGISTRY_START, horizon)
    cut = days <= day(T.REGISTRY_DATE)
    edomex = (munis["cve_ent"] == T.EDOMEX).to_numpy()
    lam = expected_daily(rng, munis, joins, days)
    counts: dict[str, np.ndarray] = {}
    for canal, x in lam.items():
        x *= T.CHANNEL_TARGETS[canal] / x[:, cut].sum()
        c = rng.poisson(x).astype("int64")
        c[:, cut] = _fit_cells(c[:, cut], T.CHANNEL_TARGETS[canal])
        counts[canal] = c
    cruce = np.round(crossmatch(rng, munis, joins, days)).astype("int64")
    other = T.CHANNEL_TARGETS["cruce_bienestar"] - EDOMEX_CROSSMATCH_AT_REGISTRY_DATE
    cruce[np.ix_(edomex, cut)] = _fit_cells(cruce[np.ix_(edomex, cut)], EDOMEX_CROSSMATCH_AT_REGISTRY_DATE)
    cruce[np.ix_(~edomex, cut)] = _fit_cells(cruce[np.ix_(~edomex, cut)], other)
    counts["cruce_bienestar"] = cruce
    dups = {k: rng.binomial(v, DUP_SHARE[k]) for k, v in counts.items()}
    _fit_duplicates(counts, dups, cut)
    _fit_edomex(counts, dups, edomex, days)
    return _rows(rng, munis, days, counts, dups)


def _fit_cells(block: np.ndarray, target: int) -> np.ndarray:
    """Rescale a block of counts so it sums exactly to target (cells that were zero stay zero)."""
    flat = block.ravel()
    nz = np.flatnonzero(flat)
    out = np.zeros_like(flat)
    out[nz] = fit_total(flat[nz], target)
    return out.reshape(block.shape)


def _fit_duplicates(counts: dict[str, np.ndarray], dups: dict[str, np.ndarray], cut: np.ndarray) -> None:
    """Duplicates by 2024-06-28 = registrations − unique persons (R2 + R3 + R4 − R1)."""
    keys = list(counts)
    raw = np.concatenate([dups[k][:, cut].ravel() for k in keys])
    hi = np.concatenate([counts[k][:, cut].ravel() for k in keys])
    fitted = fit_total(raw, T.DUPLICATES_TARGET, 0, hi)
    pos = 0
    for k in keys:
        block = dups[k][:, cut]
        dups[k][:, cut] = fitted[pos : pos + block.size].reshape(block.shape)
        pos += block.size


def _fit_edomex(
    counts: dict[str, np.ndarray], dups: dict[str, np.ndarray], edomex: np.ndarray, days: np.ndarray
) -> None:
    """Edomex persons by 2024-08-13 (R5): the July cross-match batch takes up the difference."""
    upto = days <= day(T.EDOMEX_DATE)
    j = int((day(EDOMEX_BATCHES[-1][0]) - days[0]).astype("int64"))
    if not (0 <= j < len(days) and upto[j]):
        return
    persons = sum(int((counts[k] - dups[k])[np.ix_(edomex, upto)].sum()) for k in counts)
    batch = counts["cruce_bienestar"][edomex, j]
    persons -= int((batch - dups["cruce_bienestar"][edomex, j]).sum())
    need = T.EDOMEX_PERSONS - persons + int(dups["cruce_bienestar"][edomex, j].sum())
    counts["cruce_bienestar"][edomex, j] = fit_total(batch, need, dups["cruce_bienestar"][edomex, j])


def _rows(
    rng: np.random.Generator,
    munis: pd.DataFrame,
    days: np.ndarray,
    counts: dict[str, np.ndarray],
    dups: dict[str, np.ndarray],
) -> pd.DataFrame:
    parts = []
    for canal, c in counts.items():
        m, d = np.nonzero(c)
        reg = c[m, d]
        parts.append(
            pd.DataFrame(
                {
                    "fecha": days[d],
                    "cvegeo": munis["cvegeo"].to_numpy()[m],
                    "canal": canal,
                    "registrados": reg,
                    "duplicados": dups[canal][m, d],
                    "credenciales": rng.binomial(reg, CREDENTIAL_SHARE[canal]),
                }
            )
        )
    return pd.concat(parts, ignore_index=True).sort_values(["fecha", "cvegeo", "canal"], ignore_index=True)
