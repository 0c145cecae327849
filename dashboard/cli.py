"""Command line: `tablero init | load | loads | demo | serve`."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from dashboard.config import ROOT, Settings, SettingsError, normalise_db_url
from dashboard.db import Outcome, get_engine
from datasets.schemas import DATASETS

if TYPE_CHECKING:
    from dashboard.ingest import Effect


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings.from_env()
    if args.database:
        settings = Settings.from_env(database_url=normalise_db_url(args.database))
    return settings


def cmd_init(engine: Engine, args: argparse.Namespace) -> int:
    from dashboard import aggregates
    from dashboard.reference import load_reference

    load_reference(engine)
    with engine.connect() as conn:
        stale = aggregates.stale(conn)
    if stale:  # a deployment loaded before the aggregates existed (or by hand): build them once
        aggregates.rebuild(engine)
        print(f"Agregados recalculados ({', '.join(stale)}).")
    print("Base de datos lista: esquema y datos de referencia cargados.")
    return 0


def _state_names(engine: Engine) -> dict[str, str]:
    from sqlalchemy import select

    from dashboard.db import states

    with engine.connect() as conn:
        return dict(conn.execute(select(states.c.cve_ent, states.c.nombre_corto)).all())


def _ask(effect: Effect) -> bool:
    """Show what the load would lower and ask (only on a terminal)."""
    print("La carga reduciría totales acumulados:")
    for cve, measure, before, after in effect.lowered()[:20]:
        print(f"  estado {cve}: {measure} {before:,} → {after:,}")
    return input("¿Confirmar la carga? [s/N] ").strip().lower() in ("s", "si", "sí")


def cmd_load(engine: Engine, args: argparse.Namespace) -> int:
    from dashboard.db import create_schema
    from dashboard.ingest import IngestRejected, LoadFailed, load_file
    from dashboard.ingest.report import effect_lines

    create_schema(engine)
    confirm: bool | Callable[[Effect], bool] = True if args.confirmar else (_ask if sys.stdin.isatty() else False)
    try:
        res = load_file(
            engine,
            args.dataset,
            args.file,
            demo=args.demo,
            scope=args.reemplazar,
            dry_run=args.simular,
            confirm=confirm,
            wait=args.espera,
            on_wait=lambda: print("Otra carga en curso; esperando a que termine…", file=sys.stderr),
        )
    except IngestRejected as exc:
        where = f" (registro {exc.load_id})" if exc.load_id else ""
        print(f"Carga rechazada{where}: {len(exc.problemas)} problema(s).", file=sys.stderr)
        for p in exc.problemas:
            print(f"  {p}", file=sys.stderr)
        if exc.effect is not None:
            for line in effect_lines(exc.effect, _state_names(engine)):
                print(line, file=sys.stderr)
        print("No se modificó ningún dato.", file=sys.stderr)
        return 2
    except LoadFailed as exc:
        where = f" (registro {exc.load_id})" if exc.load_id else ""
        print(f"Carga fallida{where}: {exc}", file=sys.stderr)
        return 3
    except Exception as exc:  # a defect: one line for the user (the ledger has it), the traceback with TABLERO_DEBUG=1
        if args.settings.debug:
            raise
        print(f"Carga fallida por un error inesperado ({type(exc).__name__}: {str(exc)[:160]}).", file=sys.stderr)
        print("No se modificó ningún dato.", file=sys.stderr)
        return 1
    period = f", periodo {res.periodo_inicio} a {res.periodo_fin}" if res.periodo_inicio else ""
    if res.resultado == "simulada":
        head = f"Simulación (no se escribió nada): {res.filas} fila(s){period}."
    elif res.resultado == Outcome.SIN_CAMBIOS:
        head = f"Carga sin cambios: registro {res.load_id}; los datos ya decían exactamente lo mismo{period}."
    else:
        head = f"Carga correcta: registro {res.load_id}, versión de datos {res.version}{period}."
    print(head)
    for line in effect_lines(res.effect, _state_names(engine)):
        print(line)
    for p in res.problemas:
        print(f"  aviso: {p}")
    return 0


def cmd_loads(engine: Engine, args: argparse.Namespace) -> int:
    from dashboard.db import create_schema
    from dashboard.ingest import LoadBusy, load_history, reap_interrupted, try_load_lock

    create_schema(engine)
    with contextlib.suppress(LoadBusy), try_load_lock(engine):
        reap_interrupted(engine)  # no load is running: rows still 'en_curso' were killed

    history = load_history(engine, limit=args.limit)
    if history.empty:
        print("Sin cargas registradas.")
    else:
        for column in ("insertadas", "actualizadas", "eliminadas"):
            history[column] = history[column].astype("Int64").astype(str).replace("<NA>", "")
        history["terminado"] = history["terminado"].astype(str).str.slice(0, 19).replace("None", "")
        history["demo"] = history["demo"].map({True: "sí", False: "no"})
        print(history.fillna("").to_string(index=False))
    return 0


DEFAULT_DEMO_DIR = ROOT / "var" / "demo"


def demo_end(args: argparse.Namespace) -> date | None:
    """--end, else DEMO_END_DATE at scale 1; other scales keep their scenario's own end (None)."""
    if args.end:
        return date.fromisoformat(args.end)
    return args.settings.demo_end_date if args.scale == 1 else None


def cmd_demo(engine: Engine, args: argparse.Namespace) -> int:
    from dashboard.db import create_schema
    from dashboard.ingest import is_demo

    create_schema(engine)
    if args.if_missing and is_demo(engine):
        print("Los datos de demostración ya están cargados.")
        return 0
    demo = importlib.import_module("datasets.demo")  # heavy: imported only when asked for
    end = demo_end(args)
    out = Path(args.out) if args.out else DEFAULT_DEMO_DIR
    summary = demo.build_demo(engine, end_date=end, out_dir=out, scale=args.scale)
    seconds = summary.get("timings", {}).get("total") if isinstance(summary, dict) else None
    last = end or (summary.get("end_date") if isinstance(summary, dict) else None)
    print(
        f"Datos de demostración cargados hasta {last} (archivos en {out}"
        + (f", {seconds:.1f} s)." if seconds else ").")
    )
    return 0


def cmd_serve(engine: Engine, args: argparse.Namespace) -> int:
    from dashboard.app import create_app

    settings: Settings = args.settings
    create_app(settings).run(host=args.host or settings.host, port=args.port or settings.port, debug=settings.debug)
    return 0


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="tablero", description="Tablero de federalización IMSS-Bienestar")
    ap.add_argument("--database", help="URL SQLAlchemy (por defecto DATABASE_URL o TABLERO_DB_PATH)")
    sub = ap.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help="crear el esquema y cargar los datos de referencia").set_defaults(func=cmd_init)
    load = sub.add_parser("load", help="validar y cargar un archivo")
    load.add_argument("dataset", choices=list(DATASETS))
    load.add_argument("file")
    load.add_argument("--demo", action="store_true", help="marcar la carga como datos sintéticos")
    load.add_argument("--simular", action="store_true", help="validar y mostrar el efecto sin escribir nada")
    load.add_argument(
        "--confirmar", action="store_true", help="aceptar una carga que reduce totales acumulados de algún estado"
    )
    load.add_argument(
        "--reemplazar",
        metavar="ALCANCE",
        help="borrar lo que el archivo no trae dentro de este alcance, p. ej. 'fechas=2024-07-01..2024-07-31 estados=15'",
    )
    load.add_argument(
        "--espera", type=float, default=120.0, help="segundos máximos de espera si otra carga está en curso"
    )
    load.set_defaults(func=cmd_load)
    loads = sub.add_parser("loads", help="historial de cargas")
    loads.add_argument("--limit", type=int, default=50)
    loads.set_defaults(func=cmd_loads)
    demo = sub.add_parser("demo", help="generar y cargar datos de demostración")
    demo.add_argument("--if-missing", action="store_true", help="no hacer nada si ya hay datos de demostración")
    demo.add_argument("--end", help="último día AAAA-MM-DD (por defecto DEMO_END_DATE en escala 1)")
    demo.add_argument("--out", default=None, help="carpeta para los archivos generados")
    demo.add_argument("--scale", type=int, default=1)
    demo.set_defaults(func=cmd_demo)
    serve = sub.add_parser("serve", help="servidor de desarrollo")
    serve.add_argument("--host", default=None)
    serve.add_argument("--port", type=int, default=None)
    serve.set_defaults(func=cmd_serve)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `tablero` console script; a bad setting is one line on stderr and exit code 1."""
    args = parser().parse_args(argv)
    try:
        args.settings = _settings(args)
        return int(args.func(get_engine(args.settings), args))
    except SettingsError as exc:
        print(f"tablero: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
