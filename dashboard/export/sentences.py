"""Numbers in words as the IMSS bulletins write them ('9.5 millones', '164 mil', '11 mil 427') and the sentences."""

from __future__ import annotations

import math
from collections.abc import Sequence

ROUND_FROM = 100_000  # from here on bulletins round ('164 mil'); below, they give the exact count ('11 mil 427')


def entero(n: float) -> str:
    """Exact count: 11427 -> '11 mil 427', 1074 -> 'mil 74', 1162 -> 'mil 162', 2_300_005 -> '2 millones 5'."""
    v = round(n)
    if v < 0:
        return "menos " + entero(-v)
    millones, resto = divmod(v, 1_000_000)
    miles, unidades = divmod(resto, 1000)
    parts: list[str] = []
    if millones:
        parts.append("un millón" if millones == 1 else f"{entero(millones)} millones")
    if miles:
        parts.append("mil" if miles == 1 else f"{miles} mil")
    if unidades or not parts:
        parts.append(str(unidades))
    return " ".join(parts)


def redondeado(n: float) -> str:
    """Rounded for a headline: 9_512_000 -> '9.5 millones', 164_321 -> '164 mil', 999_700 -> '1 millón'."""
    v = float(n)
    if abs(v) >= 999_500:
        m = v / 1_000_000
        text = entero(m) if abs(m) >= 100 else f"{m:.1f}".removesuffix(".0")
        return f"{text} {'millón' if text == '1' else 'millones'}"
    if abs(v) >= 10_000:
        return f"{round(v / 1000)} mil"
    return entero(v)


def cifra(n: float, unit: str = "") -> str:
    """A number as the bulletins write it for this unit: money in millions of pesos, large counts rounded."""
    if unit == "pesos":
        return monto(n)
    if unit in ("%", "por ciento"):
        return por_ciento(n)
    return redondeado(n) if abs(n) >= ROUND_FROM else entero(n)


def monto(pesos: float) -> str:
    """1_162_000_000 -> 'mil 162 millones de pesos'; 684_800_000 -> '684.8 millones de pesos'."""
    if abs(pesos) >= 1_000_000:
        m = pesos / 1_000_000
        text = entero(m) if abs(m) >= 1000 or float(m).is_integer() else f"{m:.1f}".removesuffix(".0")
        return f"{text} {'millón' if text == '1' else 'millones'} de pesos"
    return f"{entero(pesos)} pesos"


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
