"""The declared replacement scope of a load (--reemplazar): the only way a load removes rows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, true

from dashboard.ingest.spec import Target


class ScopeError(ValueError):
    """A scope that cannot be parsed or does not apply to the dataset (Spanish message)."""


@dataclass(frozen=True)
class Scope:
    """Rows of the dataset inside these dates and states that the file does not list are deleted."""

    desde: date | None = None
    hasta: date | None = None
    estados: tuple[str, ...] = ()
    texto: str = ""

    def clause(self, columns: Any) -> ColumnElement[bool]:
        """The SQL condition 'inside the scope' over a table's columns."""
        parts: list[ColumnElement[bool]] = []
        if self.desde is not None and self.hasta is not None:
            parts.append(columns["fecha"].between(self.desde, self.hasta))
        if self.estados:
            parts.append(columns["cve_ent"].in_(self.estados))
        return and_(true(), *parts)

    def describe(self) -> str:
        parts = []
        if self.desde is not None:
            parts.append(f"fechas {self.desde.isoformat()} a {self.hasta.isoformat() if self.hasta else ''}")
        if self.estados:
            parts.append(f"estados {', '.join(self.estados)}")
        return "; ".join(parts)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ScopeError(f"fecha no válida en --reemplazar: '{text[:40]}' (use aaaa-mm-dd)") from None


def parse_scope(text: str | None, target: Target) -> Scope | None:
    """'fechas=2024-07-01..2024-07-31 estados=15,20' -> Scope; None when nothing is declared."""
    if not text or not text.strip():
        return None
    desde = hasta = None
    estados: tuple[str, ...] = ()
    for part in re.split(r"[\s;]+", text.strip()):
        name, sep, value = part.partition("=")
        name = name.strip().lower()
        if not sep or not value:
            raise ScopeError(f"alcance no válido '{part[:40]}': use fechas=AAAA-MM-DD..AAAA-MM-DD y/o estados=15,20")
        if name == "fechas":
            lo, _, hi = value.partition("..")
            desde, hasta = _date(lo), _date(hi or lo)
            if hasta < desde:
                raise ScopeError(f"rango de fechas invertido en --reemplazar: {lo} es posterior a {hi}")
        elif name == "estados":
            codes = [c.strip() for c in value.split(",") if c.strip()]
            if not all(re.fullmatch(r"[0-9]{1,2}", c) for c in codes):
                raise ScopeError(
                    f"estados no válidos en --reemplazar: '{value[:40]}' (claves de 2 dígitos, p. ej. 15,20)"
                )
            estados = tuple(sorted({c.zfill(2) for c in codes}))
        else:
            raise ScopeError(f"alcance desconocido '{name[:20]}': use fechas=… y/o estados=…")
    if desde is not None and not target.dated:
        raise ScopeError(f"el conjunto '{target.dataset}' no tiene fechas: declare sólo estados=…")
    if target.update_only:
        raise ScopeError("los estados no se eliminan: corrija sus fechas de adhesión en el archivo")
    return Scope(desde, hasta, estados, text.strip())
