"""Daily activity curves: smooth through the calibration points, with a weekly rhythm, holidays and campaign waves.

A curve is a weight per day whose running total passes through given (day, cumulative count) knots. Events given
days from it inside their own windows add up to a daily series with no step at the knots (the bulletins' dates),
while the exact count in each window is still decided by the caller.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from datasets.demo.calendar import day, weekday, working_days

# Monday … Sunday
OFFICE = np.array([1.0, 1.05, 1.0, 1.0, 0.9, 0.3, 0.0])  # installations, bank cards and deposits
ASSEMBLY = np.array([0.7, 0.8, 0.8, 0.8, 0.9, 1.5, 0.6])  # community assemblies: busiest on Saturdays
SHOPPING = np.array([1.0, 1.0, 1.0, 1.0, 1.1, 0.7, 0.15])  # withdrawals and purchases
CAMPAIGN = np.array([1.0, 1.0, 1.0, 1.0, 0.95, 0.2, 0.0])  # an office's campaign (permanent posts)
EASTER = {2024: date(2024, 3, 31), 2025: date(2025, 4, 20), 2026: date(2026, 4, 5), 2027: date(2027, 3, 28)}


def holidays(year: int) -> tuple[date, ...]:
    """Mexico's statutory rest days (LFT art. 74) and Holy Thursday and Friday (known years) of a year."""

    def monday(month: int, nth: int) -> date:
        first = date(year, month, 1)
        return first + timedelta(days=(7 - first.weekday()) % 7 + 7 * (nth - 1))

    out = [date(year, 1, 1), monday(2, 1), monday(3, 3), date(year, 5, 1), date(year, 9, 16), monday(11, 3)]
    out.append(date(year, 12, 25))
    if year in EASTER:
        out += [EASTER[year] - timedelta(days=3), EASTER[year] - timedelta(days=2)]
    if year == 2024:
        out.append(date(2024, 10, 1))  # change of federal government
    return tuple(sorted(out))


@dataclass(frozen=True)
class DayCurve:
    """A non-negative weight per day from `start`; draws pick days in proportion to it."""

    start: np.datetime64
    weights: np.ndarray

    def draw(self, rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """One day in [lo, hi] per element, with probability ∝ weight (a working day where the window has none)."""
        lo = np.asarray(lo, dtype="datetime64[D]")
        hi = np.maximum(np.asarray(hi, dtype="datetime64[D]"), lo)
        n = len(self.weights)
        cum = np.concatenate([[0.0], np.cumsum(self.weights)])
        a = np.clip((lo - self.start).astype("int64"), 0, n - 1)
        b = np.clip((hi - self.start).astype("int64"), a, n - 1)
        c0, c1 = cum[a], cum[b + 1]
        idx = np.searchsorted(cum, c0 + rng.random(len(a)) * (c1 - c0), side="right") - 1
        out = self.start + np.clip(idx, a, b).astype("timedelta64[D]")
        empty = (c1 - c0 <= 0) | (lo > self.start + (n - 1)) | (hi < self.start)
        if empty.any():
            out[empty] = working_days(rng, lo[empty], hi[empty])
        return out.astype("datetime64[D]")

    def allot(self, rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """Days for a group of events whose daily counts follow the curve even when their windows differ.

        One draw per event over the group's whole span; events with the latest window start pick first, at random
        among the drawn days they may take (so no start date piles its events at the end). An event left outside
        its window draws again inside it.
        """
        lo = np.asarray(lo, dtype="datetime64[D]")
        hi = np.maximum(np.asarray(hi, dtype="datetime64[D]"), lo)
        n = len(lo)
        out = lo.copy()
        if n == 0:
            return out
        base = lo.min()
        drawn = (self.draw(rng, np.full(n, base), np.full(n, hi.max())) - base).astype("int64")
        counts = np.bincount(drawn, minlength=int((hi.max() - base).astype("int64")) + 1)
        off = (lo - base).astype("int64")
        bad = np.zeros(n, dtype=bool)
        for start in np.unique(off)[::-1]:
            idx = np.flatnonzero(off == start)
            m = min(len(idx), int(counts[start:].sum()))
            take = rng.multivariate_hypergeometric(counts[start:], m) if m else np.zeros_like(counts[start:])
            counts[start:] -= take
            days = rng.permutation(np.repeat(np.arange(start, len(counts)), take))
            out[idx[:m]] = base + days.astype("timedelta64[D]")
            bad[idx[m:]] = True
        bad |= out > hi
        out[bad] = self.draw(rng, lo[bad], hi[bad])
        return out


def curve(
    rng: np.random.Generator,
    knots: Sequence[tuple[date | str | np.datetime64, float]],
    rhythm: np.ndarray = OFFICE,
    waves: float = 0.3,
) -> DayCurve:
    """Daily weights from the first knot's day to the last whose running total passes through every knot.

    Knots are (day, events up to and including that day), the first with 0. Between knots the total follows a
    monotone cubic (C1, so the daily level has no step at a knot), multiplied by smooth random campaign waves,
    the weekday rhythm and zero on holidays, then rescaled so each interval holds its knots' difference exactly.
    """
    days_n = np.array([day(d).astype("int64") for d, _ in knots], dtype="int64")
    totals = np.array([float(v) for _, v in knots])
    start = day(knots[0][0])
    grid = np.arange(days_n[0], days_n[-1] + 1)
    cum = _pchip(days_n.astype(float), totals, grid.astype(float))
    w = np.diff(cum, prepend=cum[0]).clip(min=0)
    w *= _waves(rng, len(grid), waves) * rhythm[weekday(grid)]
    first_year = int(start.astype("datetime64[Y]").astype("int64")) + 1970
    years = range(first_year, first_year + len(grid) // 365 + 2)
    rest = np.array([day(h).astype("int64") for y in years for h in holidays(y)])
    w[np.isin(grid, rest)] = 0.0
    for i in range(len(knots) - 1):
        part = (grid > days_n[i]) & (grid <= days_n[i + 1])
        mass, want = w[part].sum(), totals[i + 1] - totals[i]
        if mass > 0:
            w[part] *= want / mass
        elif want > 0:  # a window of rest days only: spread it over its days
            w[part] = want / max(int(part.sum()), 1)
    return DayCurve(start=start, weights=w)


def _waves(rng: np.random.Generator, n: int, strength: float) -> np.ndarray:
    """Smooth multiplicative noise (campaign weeks and lulls), mean ≈ 1, correlated over about a week."""
    if strength <= 0:
        return np.ones(n)
    kernel = np.exp(-0.5 * (np.arange(-12, 13) / 4.0) ** 2)
    noise = np.convolve(rng.normal(size=n + 24), kernel / np.sqrt((kernel**2).sum()), mode="valid")[:n]
    return np.exp(strength * noise - strength**2 / 2)


def _pchip(x: np.ndarray, y: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Monotone cubic Hermite interpolation (Fritsch–Carlson); zero slope at the first knot (a ramp-up)."""
    h = np.diff(x)
    delta = np.diff(y) / h
    m = np.zeros_like(y)
    for k in range(1, len(y) - 1):
        if delta[k - 1] > 0 and delta[k] > 0:
            w1, w2 = 2 * h[k] + h[k - 1], h[k] + 2 * h[k - 1]
            m[k] = (w1 + w2) / (w1 / delta[k - 1] + w2 / delta[k])
    if len(y) > 2:
        m[-1] = max(0.0, ((2 * h[-1] + h[-2]) * delta[-1] - h[-1] * delta[-2]) / (h[-1] + h[-2]))
    for k in range(len(h)):  # limiter: keep each piece monotone
        if delta[k] <= 0:
            m[k] = m[k + 1] = 0.0
            continue
        a, b = m[k] / delta[k], m[k + 1] / delta[k]
        if a * a + b * b > 9:
            tau = 3 / np.hypot(a, b)
            m[k], m[k + 1] = tau * a * delta[k], tau * b * delta[k]
    i = np.clip(np.searchsorted(x, t, side="right") - 1, 0, len(h) - 1)
    s = (t - x[i]) / h[i]
    h00, h10, h01, h11 = 2 * s**3 - 3 * s**2 + 1, s**3 - 2 * s**2 + s, -2 * s**3 + 3 * s**2, s**3 - s**2
    return h00 * y[i] + h10 * h[i] * m[i] + h01 * y[i + 1] + h11 * h[i] * m[i + 1]
