"""What a load of each dataset writes: target table, key, compared values and the totals it reports."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Table, case, literal

from dashboard import db

Measure = Callable[[Any], ColumnElement[Any]]


def _col(name: str) -> Measure:
    return lambda c: c[name]


def _count() -> Measure:
    return lambda c: literal(1)


def _present(name: str) -> Measure:
    return lambda c: case((c[name].is_not(None), 1), else_=0)


@dataclass(frozen=True)
class Target:
    """A dataset's table as the loader sees it."""

    dataset: str
    table: Table
    measures: Mapping[str, Measure] = field(default_factory=dict)  # Spanish label -> per-row expression
    only: tuple[str, ...] = ()  # when set, the only value columns a load writes

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.table.primary_key.columns)

    @property
    def values(self) -> tuple[str, ...]:
        """Columns a load sets and compares: everything but the key and the load id."""
        if self.only:
            return self.only
        return tuple(c.name for c in self.table.columns if not c.primary_key and c.name != "load_id")

    @property
    def has_load_id(self) -> bool:
        return "load_id" in self.table.c

    @property
    def dated(self) -> bool:
        return "fecha" in self.table.c

    @property
    def update_only(self) -> bool:
        """States exist from the census: a load sets their joining columns, it never adds a state."""
        return self.dataset == "states"


TARGETS: dict[str, Target] = {
    t.dataset: t
    for t in (
        Target("units", db.units, {"unidades": _count()}),
        Target(
            "registry",
            db.registry,
            {
                "registros": _col("registrados"),
                "personas": lambda c: c["registrados"] - c["duplicados"],
                "credenciales": _col("credenciales"),
            },
        ),
        Target("staffing", db.staffing, {"incorporados": _col("incorporados"), "basificados": _col("basificados")}),
        Target(
            "committees",
            db.committees,
            {
                "comités": _count(),
                "instalados": _present("fecha_instalacion"),
                "tarjetas": _present("fecha_tarjeta"),
                "presupuesto": _col("presupuesto_asignado"),
            },
        ),
        Target(
            "committee_spending",
            db.committee_spending,
            {"dispersado": _col("dispersado"), "ejercido": _col("ejercido")},
        ),
        Target(
            "states",
            db.states,
            {"adheridos": _present("fecha_adhesion"), "anunciados": _present("fecha_anuncio")},
            # the census columns come from the reference data; a states load sets the joining only
            only=("fecha_adhesion", "fecha_anuncio", "fecha_adhesion_aproximada", "federalizado"),
        ),
    )
}
