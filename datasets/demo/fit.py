"""Exact calibration: integers proportional to raw weights, within bounds, that sum to a target."""

from __future__ import annotations

import numpy as np


class CalibrationError(ValueError):
    """A target cannot be reached within the bounds."""


def fit_total(
    raw: np.ndarray, target: int, lo: np.ndarray | float = 0, hi: np.ndarray | float = np.inf, step: int = 1
) -> np.ndarray:
    """Integers (multiples of step) in [lo, hi], close to k·raw, summing exactly to target."""
    raw = np.asarray(raw, dtype="float64")
    lo_a = np.broadcast_to(np.asarray(lo, dtype="float64"), raw.shape)
    hi_a = np.broadcast_to(np.asarray(hi, dtype="float64"), raw.shape)
    if target < lo_a.sum() - 1e-6 or target > hi_a.sum() + 1e-6 or target % step:
        raise CalibrationError(f"target {target} outside [{lo_a.sum():.0f}, {hi_a.sum():.0f}] or not a multiple")
    a, b = 0.0, 1.0
    while np.clip(raw * b, lo_a, hi_a).sum() < target and b < 1e12:
        b *= 2
    for _ in range(80):
        k = (a + b) / 2
        if np.clip(raw * k, lo_a, hi_a).sum() < target:
            a = k
        else:
            b = k
    x = np.clip(raw * b, lo_a, hi_a) / step
    out = np.floor(x + 1e-9)
    out = np.maximum(out, np.ceil(lo_a / step - 1e-9))
    rest = round(target / step - out.sum())
    room_up = np.floor(hi_a / step + 1e-9) - out
    room_down = out - np.ceil(lo_a / step - 1e-9)
    frac = x - np.floor(x)
    if rest > 0:
        order = np.lexsort((-raw, -frac))
        order = order[room_up[order] >= 1]
        while rest > 0:
            take = order[: min(rest, len(order))]
            if len(take) == 0:
                raise CalibrationError("no room left to reach the target")
            out[take] += 1
            rest -= len(take)
            order = order[room_up[order] - (out[order] - np.floor(x[order] + 1e-9)) >= 1]
    elif rest < 0:
        order = np.lexsort((raw, frac))
        order = order[(room_down[order] >= 1) & (raw[order] > 0)]
        while rest < 0:
            take = order[: min(-rest, len(order))]
            if len(take) == 0:
                raise CalibrationError("no room left to reach the target")
            out[take] -= 1
            rest += len(take)
            order = order[out[order] - np.ceil(lo_a[order] / step - 1e-9) >= 1]
    return (out * step).astype("int64")
