"""The effect of a load as the Spanish lines the CLI prints and the Datos page shows."""

from __future__ import annotations

from collections.abc import Mapping

from dashboard.fmt import numero, pesos
from dashboard.ingest.effect import Effect

MONEY = frozenset({"presupuesto", "dispersado", "ejercido"})
DATASET_NAMES = {
    "units": "unidades",
    "registry": "registro",
    "staffing": "personal",
    "committees": "comités",
    "committee_spending": "gasto de comités",
    "states": "adhesión de estados",
}


def _amount(measure: str, value: int) -> str:
    return pesos(value) if measure in MONEY else numero(value)


def effect_lines(effect: Effect, state_names: Mapping[str, str] | None = None, max_states: int = 40) -> list[str]:
    """Rows new/changed/unchanged/deleted, then each state's totals before -> after (changed totals only)."""
    names = state_names or {}
    lines = [
        f"Efecto sobre {DATASET_NAMES.get(effect.dataset, effect.dataset)}: {numero(effect.filas)} fila(s) en el "
        f"archivo: {numero(effect.nuevas)} nueva(s), {numero(effect.cambiadas)} modificada(s), "
        f"{numero(effect.sin_cambio)} sin cambio; {numero(effect.eliminadas)} eliminada(s) fuera del archivo."
    ]
    shown = 0
    for s in effect.estados:
        moved = [m for m in s.antes if s.antes[m] != s.despues[m]]
        if not moved and not s.eliminadas:
            continue
        if shown == max_states:
            lines.append("  … y más estados (el resumen completo queda en el registro de cargas)")
            break
        shown += 1
        totals = "; ".join(f"{m} {_amount(m, s.antes[m])} → {_amount(m, s.despues[m])}" for m in moved)
        label = names.get(s.cve_ent, s.cve_ent)
        lines.append(f"  {s.cve_ent} {label}: {totals or 'totales sin cambio'}")
    return lines
