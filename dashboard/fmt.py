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


def entero(n: float) -> str:
    """Exact count in bulletin words: 11427 -> '11 mil 427', 1162 -> 'mil 162', 2_300_005 -> '2 millones 5'."""
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


def compacto(value: float | None) -> str:
    """The one compact style, as the bulletins write it (KPIs, hovers, sentences): 9_512_000 -> '9.5 millones',
    164_321 -> '164 mil', 999_700 -> '1 millón', 1_162_000_000 -> 'mil 162 millones'; below 10,000 exact."""
    if _missing(value):
        return SIN_DATOS
    v = float(value)  # type: ignore[arg-type]
    if abs(v) >= 999_500:
        m = v / 1_000_000
        text = entero(m) if abs(m) >= 100 else f"{m:.1f}".removesuffix(".0")
        return f"{text} {'millón' if text in ('1', '-1') else 'millones'}"
    if abs(v) >= 10_000:
        return f"{round(v / 1000)} mil"
    return numero(v)


def monto(value: float | None) -> str:
    """Money, one style everywhere (KPI cards, hovers, sentences), as the bulletins write it:
    1_162_000_000 -> 'mil 162 millones de pesos', 684_800_000 -> '684.8 millones de pesos', 49_800 -> '$49,800'."""
    if _missing(value):
        return SIN_DATOS
    v = float(value)  # type: ignore[arg-type]
    if abs(v) >= 1_000_000:
        m = v / 1_000_000
        text = entero(m) if abs(m) >= 1000 or m.is_integer() else f"{m:.1f}".removesuffix(".0")
        return f"{text} {'millón' if text == '1' else 'millones'} de pesos"
    return pesos(v)


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
