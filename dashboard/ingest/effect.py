"""What a load does before it does it: rows new, changed and deleted, and each state's totals before -> after."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, and_, case, exists, func, or_, select

from dashboard.ingest.scope import Scope
from dashboard.ingest.spec import Target


@dataclass
class StateEffect:
    """One state's share of a load."""

    cve_ent: str
    nuevas: int = 0
    cambiadas: int = 0
    eliminadas: int = 0
    antes: dict[str, int] = field(default_factory=dict)
    despues: dict[str, int] = field(default_factory=dict)


@dataclass
class Effect:
    """The effect of a load on its dataset, computed inside the load's transaction."""

    dataset: str
    filas: int = 0  # rows of the file (after merging rows that the crosswalk made one)
    nuevas: int = 0
    cambiadas: int = 0
    eliminadas: int = 0
    estados: list[StateEffect] = field(default_factory=list)

    @property
    def sin_cambio(self) -> int:
        return self.filas - self.nuevas - self.cambiadas

    @property
    def changes(self) -> bool:
        return bool(self.nuevas or self.cambiadas or self.eliminadas)

    def lowered(self) -> list[tuple[str, str, int, int]]:
        """(state, measure, before, after) for every total the load would lower."""
        return [
            (s.cve_ent, m, s.antes[m], s.despues[m]) for s in self.estados for m in s.antes if s.despues[m] < s.antes[m]
        ]

    def as_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "filas": self.filas,
            "nuevas": self.nuevas,
            "cambiadas": self.cambiadas,
            "sin_cambio": self.sin_cambio,
            "eliminadas": self.eliminadas,
            "estados": [s.__dict__ for s in self.estados],
        }


def effect_from_dict(data: dict[str, Any]) -> Effect:
    """The effect stored as JSON in the ledger (loads.resumen)."""
    states = [StateEffect(**s) for s in data.get("estados", [])]
    keep = ("dataset", "filas", "nuevas", "cambiadas", "eliminadas")
    return Effect(**{k: data[k] for k in keep if k in data}, estados=states)


def _n(value: Any) -> int:
    return int(value or 0)


def _match(stage: Table, table: Table, keys: tuple[str, ...]) -> Any:
    return and_(*[stage.c[k] == table.c[k] for k in keys])


def compute(conn: Connection, target: Target, stage: Table, scope: Scope | None) -> Effect:
    """Compare the staged file with the table: per state, rows new/changed/deleted and totals before/after."""
    t, keys = target.table, target.keys
    matched = t.c[keys[0]].is_not(None)
    changed = and_(matched, or_(*[stage.c[v].is_distinct_from(t.c[v]) for v in target.values]))
    measures = list(target.measures.items())
    cols: list[Any] = [
        stage.c.cve_ent,
        func.count(),
        func.sum(case((matched, 0), else_=1)),
        func.sum(case((changed, 1), else_=0)),
    ]
    cols += [func.sum(m(stage.c)) - func.sum(case((matched, m(t.c)), else_=0)) for _, m in measures]
    rows = conn.execute(
        select(*cols).select_from(stage.outerjoin(t, _match(stage, t, keys))).group_by(stage.c.cve_ent)
    ).all()
    by_state: dict[str, StateEffect] = {}
    delta: dict[str, dict[str, int]] = {}
    effect = Effect(target.dataset)
    for row in rows:
        s = by_state.setdefault(row[0], StateEffect(row[0]))
        s.nuevas, s.cambiadas = _n(row[2]), _n(row[3])
        effect.filas += _n(row[1])
        delta[row[0]] = {name: _n(v) for (name, _), v in zip(measures, row[4:], strict=True)}
    if scope is not None:
        gone = ~exists().where(_match(stage, t, keys))
        dropped = conn.execute(
            select(t.c.cve_ent, func.count(), *[func.sum(m(t.c)) for _, m in measures])
            .where(scope.clause(t.c), gone)
            .group_by(t.c.cve_ent)
        ).all()
        for row in dropped:
            s = by_state.setdefault(row[0], StateEffect(row[0]))
            s.eliminadas = _n(row[1])
            d = delta.setdefault(row[0], dict.fromkeys(target.measures, 0))
            for (name, _), v in zip(measures, row[2:], strict=True):
                d[name] -= _n(v)
    states = sorted(by_state)
    before: dict[str, dict[str, int]] = {s: dict.fromkeys(target.measures, 0) for s in states}
    if states:
        for row in conn.execute(
            select(t.c.cve_ent, *[func.sum(m(t.c)) for _, m in measures])
            .where(t.c.cve_ent.in_(states))
            .group_by(t.c.cve_ent)
        ).all():
            before[row[0]] = {name: _n(v) for (name, _), v in zip(measures, row[1:], strict=True)}
    for code in states:
        s = by_state[code]
        s.antes = before[code]
        s.despues = {m: before[code][m] + delta.get(code, {}).get(m, 0) for m in target.measures}
        effect.nuevas += s.nuevas
        effect.cambiadas += s.cambiadas
        effect.eliminadas += s.eliminadas
    effect.estados = [by_state[c] for c in states]
    return effect
