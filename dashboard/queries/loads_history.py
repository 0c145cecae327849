"""The load log as the Datos page shows it: history, freshness per dataset and per state."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, func, select

from dashboard import aggregates
from dashboard.cache import memoize
from dashboard.db import (
    Outcome,
    committee_spending,
    committees,
    loads,
    registry,
    registry_state_daily,
    spending_state_daily,
    staffing,
    staffing_state_daily,
    states,
    units,
)
from dashboard.ingest.effect import effect_from_dict
from dashboard.ingest.report import effect_lines

DATASET_LABELS = {
    "registry": "Credencialización (registro)",
    "staffing": "Personal de salud",
    "committees": "Comités La Clínica es Nuestra",
    "committee_spending": "Gasto de los comités",
    "units": "Unidades (catálogo CLUES)",
}
RESULT_LABELS = {
    Outcome.EN_CURSO: "en curso",
    Outcome.CORRECTA: "correcta",
    Outcome.SIN_CAMBIOS: "sin cambios",
    Outcome.RECHAZADA: "rechazada",
    Outcome.FALLIDA: "fallida",
    Outcome.INTERRUMPIDA: "interrumpida",
}


def load_history(engine: Engine, limit: int = 500) -> list[dict[str, Any]]:
    """The most recent loads, newest first, ready for the grid (problems as readable text).

    Not cached: rejected, failed and running loads do not change the data version, and must show at once.
    """
    with engine.connect() as conn:
        rows = conn.execute(select(loads).order_by(loads.c.id.desc()).limit(limit)).mappings().all()
        names = dict(conn.execute(select(states.c.cve_ent, states.c.nombre_corto)).all())
    return [_history_row(dict(r), names) for r in rows]


def _history_row(r: dict[str, Any], state_names: dict[str, str]) -> dict[str, Any]:
    problems = parse_problems(r.get("problemas"))
    periodo = " – ".join(str(d) for d in (r.get("periodo_inicio"), r.get("periodo_fin")) if d)
    return {
        "id": r["id"],
        "dataset": DATASET_LABELS.get(r["dataset"], r["dataset"]),
        "archivo": r["archivo"],
        "sha256": (r.get("sha256") or "")[:12],
        "filas": r.get("filas") or 0,
        "periodo": periodo,
        "iniciado": _stamp(r.get("iniciado")),
        "terminado": _stamp(r.get("terminado")),
        "resultado": RESULT_LABELS.get(r["resultado"], r["resultado"]),
        "demo": "sí" if r.get("demo") else "no",
        "usuario": r.get("usuario") or "",
        "cambios": _changes(r),
        "n_problemas": len(problems),
        "problemas": "\n".join(problems),
        "efecto": "\n".join(_effect(r.get("resumen"), state_names)),
    }


def _changes(r: dict[str, Any]) -> str:
    """'+12 nuevas · 3 modificadas · 0 eliminadas' for loads that compared data."""
    if r.get("insertadas") is None:
        return ""
    return f"+{r['insertadas']:,} nuevas · {r.get('actualizadas') or 0:,} modificadas · {r.get('eliminadas') or 0:,} eliminadas"


def _effect(raw: str | None, state_names: dict[str, str]) -> list[str]:
    """The stored effect as the lines the CLI printed (empty for loads without one)."""
    if not raw:
        return []
    try:
        return effect_lines(effect_from_dict(json.loads(raw)), state_names)
    except (TypeError, ValueError, KeyError):
        return []


def _stamp(value: Any) -> str:
    return "" if value is None else str(value)[:19].replace("T", " ")


def parse_problems(raw: str | None, limit: int = 200) -> list[str]:
    """loads.problemas (JSON list of {fila, columna, mensaje}) as short lines; bad JSON shown as is."""
    if not raw:
        return []
    try:
        items = json.loads(raw)
    except (TypeError, ValueError):
        return [str(raw)[:500]]
    if not isinstance(items, list):
        items = [items]
    out = []
    for item in items[:limit]:
        if isinstance(item, dict):
            where = ", ".join(f"{k} {item[k]}" for k in ("fila", "columna") if item.get(k) not in (None, ""))
            msg = str(item.get("mensaje", item))
            out.append(f"{where}: {msg}" if where else msg)
        else:
            out.append(str(item))
    if len(items) > limit:
        out.append(f"… y {len(items) - limit} más")
    return out


@memoize
def dataset_freshness(engine: Engine) -> pd.DataFrame:
    """Per dataset: last successful load, its period end and file, and whether it was demo data."""
    with engine.connect() as conn:
        last = (
            select(loads.c.dataset, func.max(loads.c.id).label("id"))
            .where(loads.c.resultado == Outcome.CORRECTA)
            .group_by(loads.c.dataset)
            .subquery()
        )
        rows = conn.execute(
            select(
                loads.c.dataset,
                loads.c.terminado,
                loads.c.archivo,
                loads.c.demo,
                loads.c.filas,
            ).join(last, last.c.id == loads.c.id)
        ).all()
        ends = dict(
            conn.execute(
                select(loads.c.dataset, func.max(loads.c.periodo_fin))
                .where(loads.c.resultado == Outcome.CORRECTA)
                .group_by(loads.c.dataset)
            ).all()
        )
    frame = pd.DataFrame(rows, columns=["dataset", "terminado", "archivo", "demo", "filas"])
    frame["periodo_fin"] = frame["dataset"].map(ends)
    frame["nombre"] = frame["dataset"].map(DATASET_LABELS).fillna(frame["dataset"])
    return frame.sort_values("nombre").reset_index(drop=True)


# fact dataset -> (base table, its per-state daily aggregate)
DAILY = {
    "registry": (registry, registry_state_daily),
    "staffing": (staffing, staffing_state_daily),
    "committee_spending": (committee_spending, spending_state_daily),
}


def _last_dates(conn: Connection) -> dict[str, Any]:
    """Per fact dataset, SELECT cve_ent, last date: from the daily aggregate when it is current."""
    out: dict[str, Any] = {}
    for key, (base, daily) in DAILY.items():
        t = daily if aggregates.is_current(conn, key) else base
        out[key] = select(t.c.cve_ent, func.max(t.c.fecha)).group_by(t.c.cve_ent)
    out["committees"] = select(
        committees.c.cve_ent, func.max(func.coalesce(committees.c.fecha_tarjeta, committees.c.fecha_instalacion))
    ).group_by(committees.c.cve_ent)
    return {k: out[k] for k in ("registry", "staffing", "committees", "committee_spending")}


@memoize
def state_freshness(engine: Engine) -> pd.DataFrame:
    """Per state: the last date with data in each fact dataset (NaT/None when it has none)."""
    with engine.connect() as conn:
        base = pd.DataFrame(
            conn.execute(select(states.c.cve_ent, states.c.nombre)).all(),
            columns=["cve_ent", "nombre"],
        ).set_index("cve_ent")
        counts: dict[str, int] = dict(
            conn.execute(select(units.c.cve_ent, func.count()).group_by(units.c.cve_ent)).all()
        )  # type: ignore[arg-type]
        for key, stmt in _last_dates(conn).items():
            base[key] = pd.Series(dict(conn.execute(stmt).all()), dtype=object)
    base["unidades"] = pd.Series(counts, dtype="Int64").reindex(base.index).fillna(0)
    return base.sort_values("nombre").reset_index()


@memoize
def network_counts(engine: Engine) -> dict[str, int]:
    """Units in the catalogue by network type (hospital, centro_salud, movil, apoyo)."""
    with engine.connect() as conn:
        rows = conn.execute(select(units.c.tipo_red, func.count()).group_by(units.c.tipo_red)).all()
    return {str(k): int(v) for k, v in rows}


def load_row(rows: list[dict[str, Any]], load_id: Any) -> dict[str, Any] | None:
    """The history row with this id (ids come from the browser: compared as text)."""
    return next((r for r in rows if str(r["id"]) == str(load_id)), None)
