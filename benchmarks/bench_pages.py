"""Benchmark: server time and response size of page callbacks (test client POSTs, after warm-up), as JSON.

Uses var/tablero.sqlite (the demo) when present, else builds the small test fixture in a temp folder.
Add cases to CASES: each names the callback outputs, its inputs and which input changed.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEMO_DB = ROOT / "var" / "tablero.sqlite"
RUNS = 200
WARMUP = 10


@dataclass(frozen=True)
class Case:
    """One callback request; `inputs` may be a function of the app (to read e.g. the slider length)."""

    name: str
    outputs: list[str]
    inputs: dict[str, Any] | Callable[[Any], dict[str, Any]]
    changed: list[str]
    state: dict[str, Any] = field(default_factory=dict)
    target_p95_ms: float | None = None
    target_bytes: int | None = None
    vary: str | None = None  # input key cycled over `values` so each run asks something new
    values: tuple[Any, ...] = ()


def _last_index(app: Any) -> int:
    from dashboard.queries.national import timeline

    with app.server.test_request_context("/"):
        from dashboard import runtime

        return max(len(timeline(runtime.engine()).dates) - 1, 0)


def national_map_inputs(app: Any) -> dict[str, Any]:
    return {"panorama-metrica.value": "cobertura_registro", "panorama-fecha.value": _last_index(app)}


MAP_METRICS = ("cobertura_registro", "comites_instalados_pct", "ejercido_pct", "medicos_pct", "personas_registradas")
CASES: list[Case] = [
    Case(
        "panorama: mapa, cambio de indicador",
        ["panorama-mapa.figure", "panorama-leyenda.children"],
        national_map_inputs,
        ["panorama-metrica.value"],
        target_p95_ms=60,
        target_bytes=5000,
        vary="panorama-metrica.value",
        values=MAP_METRICS,
    ),
    Case(
        "panorama: mapa, cambio de fecha",
        ["panorama-mapa.figure", "panorama-leyenda.children"],
        national_map_inputs,
        ["panorama-fecha.value"],
        target_p95_ms=60,
        target_bytes=5000,
        vary="panorama-fecha.value",
        values=tuple(range(0, 2000, 7)),
    ),
    Case(
        "panorama: KPI, cambio de fecha",
        ["panorama-kpis.children", "panorama-fecha-texto.children"],
        lambda app: {"panorama-fecha.value": _last_index(app)},
        ["panorama-fecha.value"],
        vary="panorama-fecha.value",
        values=tuple(range(0, 2000, 7)),
    ),
    Case(
        "registro: mapa municipal, cambio de vista",
        ["registro-mapa.figure", "registro-leyenda.children"],
        {
            "registro-fecha.value": 999,
            "registro-estado.value": "nacional",
            "registro-canal.value": "todos",
            "registro-vista.value": "cobertura",
            "registro-denominador.value": "pob_sin_seguridad",
        },
        ["registro-vista.value"],
        vary="registro-vista.value",
        values=("absoluto", "por_mil", "cobertura"),
    ),
]


# Drill-down pages (estado, unidad): the largest state by number of units ------------------------------------------
ROUTER = ["contenido.children", "datos-al.children", "banner-demo.children", "titulo-pagina.data"]


def _largest_state(app: Any) -> str:
    from sqlalchemy import func, select

    from dashboard import runtime
    from dashboard.db import units

    with app.server.test_request_context("/"), runtime.engine().connect() as conn:
        stmt = select(units.c.cve_ent).group_by(units.c.cve_ent).order_by(func.count().desc()).limit(1)
        return str(conn.execute(stmt).scalar())


def _first_unit(app: Any) -> str:
    from sqlalchemy import select

    from dashboard import runtime
    from dashboard.db import units

    with app.server.test_request_context("/"), runtime.engine().connect() as conn:
        stmt = select(units.c.clues).where(units.c.cve_ent == _largest_state(app)).order_by(units.c.clues).limit(1)
        return str(conn.execute(stmt).scalar())


DRILLDOWN_CASES: list[Case] = [
    Case(
        "estado: página completa del estado con más unidades",
        ROUTER,
        lambda app: {"url.pathname": f"/estado/{_largest_state(app)}"},
        ["url.pathname"],
        state={"url.search": ""},
        target_p95_ms=250,
    ),
    Case(
        "estado: tabla y pendientes, cambio de días sin ejercer",
        ["estado-tabla.rowData", "estado-tabla.dashGridOptions", "estado-conteo.children", "estado-pendiente.options"],
        {
            "estado-municipio.value": None,
            "estado-pendiente.value": "",
            "estado-dias.value": 30,
            "estado-buscar.value": "",
            "estado-fecha.value": None,
        },
        ["estado-dias.value"],
        state={"estado-cve.data": "20"},
        target_p95_ms=250,
        vary="estado-dias.value",
        values=(7, 30, 60, 90, 180),
    ),
    Case(
        "estado: puntos, cambio de color",
        ["estado-mapa-unidades.figure"],
        {"estado-municipio.value": None, "estado-color.value": "comite", "estado-fecha.value": None},
        ["estado-color.value"],
        state={"estado-cve.data": "20"},
        target_p95_ms=250,
        vary="estado-color.value",
        values=("comite", "medico", "gasto", "ubicacion", "sintetica"),
    ),
    Case(
        "estado: mapa municipal, cambio de indicador",
        ["estado-mapa-municipios.figure", "estado-leyenda.children"],
        {"estado-metrica.value": "comites_instalados_pct", "estado-fecha.value": None},
        ["estado-metrica.value"],
        state={"estado-cve.data": "20"},
        target_p95_ms=250,
        vary="estado-metrica.value",
        values=("cobertura_registro", "comites_instalados_pct", "ejercido_pct", "medicos_pct"),
    ),
    Case(
        "estado: tabla y pendientes, cambio de fecha (nuevo día)",
        ["estado-tabla.rowData", "estado-tabla.dashGridOptions", "estado-conteo.children", "estado-pendiente.options"],
        {
            "estado-municipio.value": None,
            "estado-pendiente.value": "",
            "estado-dias.value": 30,
            "estado-buscar.value": "",
            "estado-fecha.value": 1,
        },
        ["estado-fecha.value"],
        state={"estado-cve.data": "20"},
        target_p95_ms=250,
        vary="estado-fecha.value",
        values=tuple(range(1, 400)),
    ),
    Case(
        "unidad: página completa",
        ROUTER,
        lambda app: {"url.pathname": f"/unidad/{_first_unit(app)}"},
        ["url.pathname"],
        state={"url.search": ""},
        target_p95_ms=100,
    ),
]
CASES += DRILLDOWN_CASES
SLIDER_DAYS = tuple(range(1, 400))  # more distinct days than requests: every run asks for a day not yet cached
DATE_CASES: list[Case] = [
    Case(
        "personal: cambio de fecha (nuevo día)",
        ["personal-kpis.children", "personal-fecha-texto.children", "personal-por-estado.figure",
         "personal-sin-medico.figure", "personal-sin-medico-tabla.children", "personal-basificacion.figure"],
        {"personal-fecha.value": 1, "personal-estado.value": "nacional", "personal-agrupar.value": "tipo_red"},
        ["personal-fecha.value"],
        target_p95_ms=250,
        vary="personal-fecha.value",
        values=SLIDER_DAYS,
    ),
    Case(
        "comites: sin gasto, cambio de fecha (nuevo día)",
        ["comites-sin-gasto.children"],
        {"comites-fecha.value": 1, "comites-estado.value": "nacional", "comites-dias.value": 30},
        ["comites-fecha.value"],
        target_p95_ms=250,
        vary="comites-fecha.value",
        values=SLIDER_DAYS,
    ),
]  # fmt: skip
CASES += DATE_CASES


def _pick_database() -> tuple[str, str]:
    if DEMO_DB.exists():
        return f"sqlite:///{DEMO_DB}", "demo (var/tablero.sqlite)"
    sys.path.insert(0, str(ROOT))
    from dashboard.db import make_engine
    from tests.fixture_db import build_fixture

    path = Path(tempfile.mkdtemp()) / "fixture.sqlite"
    build_fixture(make_engine(f"sqlite:///{path}"))
    return f"sqlite:///{path}", "fixture (tests/fixture_db.py)"


DATED = ("panorama", "personal", "comites", "estado")


def _clamp(app: Any, case: Case, value: Any) -> Any:
    if case.vary and case.vary.endswith("fecha.value") and isinstance(value, int) and case.name.startswith(DATED):
        return value % (_last_index(app) + 1)
    return value


def run_case(app: Any, case: Case) -> dict[str, Any]:
    """p50/p95 server time (ms) and response bytes over RUNS requests after WARMUP."""
    from tests.dash_client import call

    base = case.inputs(app) if callable(case.inputs) else dict(case.inputs)
    values = [_clamp(app, case, v) for v in case.values] if case.vary else []
    times, sizes, statuses = [], [], set()
    for i in range(WARMUP + RUNS):
        inputs = {**base, case.vary: values[i % len(values)]} if case.vary else base
        started = time.perf_counter()
        status, _, size = call(app, case.outputs, inputs, changed=case.changed, state=case.state)
        elapsed = (time.perf_counter() - started) * 1000
        if i >= WARMUP:
            times.append(elapsed)
            sizes.append(size)
            statuses.add(status)
    p95 = statistics.quantiles(times, n=20)[-1]
    result = {
        "case": case.name,
        "runs": RUNS,
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(p95, 2),
        "bytes_max": max(sizes),
        "bytes_median": int(statistics.median(sizes)),
        "status": sorted(statuses),
    }
    if case.target_p95_ms is not None:
        result["ok_time"] = p95 <= case.target_p95_ms
    if case.target_bytes is not None:
        result["ok_bytes"] = max(sizes) <= case.target_bytes
    return result


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from dashboard.app import create_app
    from dashboard.config import Settings

    url, label = _pick_database()
    app = create_app(Settings.from_env({"DATABASE_URL": url}))
    results = [run_case(app, case) for case in CASES]
    print(json.dumps({"benchmark": "pages", "database": label, "cases": results}, ensure_ascii=False, indent=2))
    failed = any(r.get("ok_time") is False or r.get("ok_bytes") is False or r["status"] != [200] for r in results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
