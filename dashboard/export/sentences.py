"""Numbers in words as the IMSS bulletins write them ('9.5 millones', '164 mil', '11 mil 427') and the sentences."""

from __future__ import annotations

import math
from collections.abc import Sequence

from dashboard.fmt import compacto, entero
from dashboard.fmt import monto as fmt_monto

ROUND_FROM = 100_000  # from here on bulletins round ('164 mil'); below, they give the exact count ('11 mil 427')


def redondeado(n: float) -> str:
    """Rounded for a headline: the dashboard's one compact style (fmt.compacto), exact words below 10,000."""
    return compacto(n) if abs(n) >= 10_000 else entero(n)


def cifra(n: float, unit: str = "") -> str:
    """A number as the bulletins write it for this unit: money in millions of pesos, large counts rounded."""
    if unit == "pesos":
        return monto(n)
    if unit in ("%", "por ciento"):
        return por_ciento(n)
    return redondeado(n) if abs(n) >= ROUND_FROM else entero(n)


def monto(pesos: float) -> str:
    """Money in the dashboard's one style (fmt.monto): 'mil 162 millones de pesos', '$49,800'."""
    return fmt_monto(pesos)


def por_ciento(x: float, decimals: int = 1) -> str:
    """97.71 -> '97.7 por ciento'; 100 -> '100 por ciento'."""
    text = f"{x:.{decimals}f}".removesuffix("." + "0" * decimals) if decimals else f"{x:.0f}"
    return f"{text} por ciento"


def lista(items: Sequence[str]) -> str:
    """['a', 'b', 'c'] -> 'a, b y c'."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " y " + items[-1]


def missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def estados(n: int) -> str:
    """23 -> '23 estados'; 1 -> 'un estado'."""
    return "un estado" if n == 1 else f"{n} estados"
