"""Spanish (es-MX) formatting of numbers, money, percentages and dates."""

from __future__ import annotations

import math
from datetime import date, datetime

MESES = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
)  # fmt: skip
MESES_CORTOS = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic")
DIAS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")

# es-MX writes 1,234,567.8 (comma thousands, point decimals); plotly `separators` is decimal then thousands.
PLOTLY_SEPARATORS = ".,"
SIN_DATOS = "sin datos"


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def numero(value: float | None, decimals: int = 0) -> str:
    """1234567 -> '1,234,567'."""
    if _missing(value):
        return SIN_DATOS
    return f"{value:,.{decimals}f}"


def porcentaje(value: float | None, decimals: int = 1) -> str:
    """97.71 -> '97.7 %'."""
    if _missing(value):
        return SIN_DATOS
    return f"{value:,.{decimals}f} %"


def pesos(value: float | None, decimals: int = 0) -> str:
    """6324000000 -> '$6,324,000,000'."""
    if _missing(value):
        return SIN_DATOS
    return f"${value:,.{decimals}f}"


def compacto(value: float | None) -> str:
    """Bulletin style: 9_500_000 -> '9.5 millones', 164_000 -> '164 mil', 1_162_000_000 -> '1,162 millones'."""
    if _missing(value):
        return SIN_DATOS
    v = float(value)  # type: ignore[arg-type]
    a = abs(v)
    if a >= 1_000_000:
        m = v / 1_000_000
        text = f"{m:,.1f}".removesuffix(".0") if a < 100_000_000 else f"{m:,.0f}"
        return f"{text} {'millón' if text == '1' else 'millones'}"
    if a >= 10_000:
        return f"{v / 1000:,.0f} mil"
    return f"{v:,.0f}"


def signo(value: float | None, decimals: int = 0, unit: str = "") -> str:
    """A change with its sign: '+1,234', '−12', '0'."""
    if _missing(value):
        return SIN_DATOS
    v = float(value)  # type: ignore[arg-type]
    body = f"{abs(v):,.{decimals}f}{unit}"
    if round(v, decimals) == 0:
        return body
    return ("+" if v > 0 else "−") + body


def fecha_larga(value: date | datetime | str | None) -> str:
    """2024-06-28 -> '28 de junio de 2024'."""
    if value is None or value == "":
        return SIN_DATOS
    d = date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return f"{d.day} de {MESES[d.month - 1]} de {d.year}"


def fecha_corta(value: date | datetime | str | None) -> str:
    """2024-06-28 -> '28 jun 2024'."""
    if value is None or value == "":
        return SIN_DATOS
    d = date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return f"{d.day} {MESES_CORTOS[d.month - 1]} {d.year}"
