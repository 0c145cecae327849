"""One load: lock, ledger row, read and validate in batches into a staging table, effect, apply, commit."""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, select, text, update
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from dashboard import aggregates, db
from dashboard.db import Outcome
from dashboard.ingest import ledger
from dashboard.ingest.checks import cross_batch_duplicates, outside_scope, spending_overdrawn
from dashboard.ingest.effect import Effect, compute
from dashboard.ingest.errors import IngestRejected, LoadBusy, LoadError, LoadFailed
from dashboard.ingest.lock import load_lock
from dashboard.ingest.scope import Scope, ScopeError, parse_scope
from dashboard.ingest.spec import TARGETS, Target
from dashboard.ingest.stage import Staged, stage_file
from dashboard.ingest.write import apply, create_stage, keep_absent, set_joining_status
from datasets.readers import ReadError
from datasets.schemas import DATASETS, Problem
from datasets.validate import KnownKeys

DEFAULT_WAIT = 120.0
SQLITE_CACHE_KIB = 128 * 1024
Confirm = Callable[[Effect], bool]


@dataclass(frozen=True)
class LoadResult:
    """Outcome of a load that did not fail: 'correcta', 'sin_cambios', or 'simulada' for a dry run."""

    load_id: int | None
    resultado: str
    filas: int
    effect: Effect
    problemas: list[Problem] = field(default_factory=list)
    periodo_inicio: date | None = None
    periodo_fin: date | None = None
    version: int | None = None
    segundos: dict[str, float] = field(default_factory=dict)  # time of each phase (benchmarks, the CLI)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def known_keys(conn: Connection, dataset: str) -> KnownKeys:
    """The keys a file may reference, read from the reference and units tables."""
    states = frozenset(conn.execute(select(db.states.c.cve_ent)).scalars())
    munis = frozenset(conn.execute(select(db.municipalities.c.cvegeo)).scalars())
    units: dict[str, str] = {}
    if dataset not in ("units", "states"):
        units = {c: e for c, e in conn.execute(select(db.units.c.clues, db.units.c.cve_ent))}
    extra: dict[str, Any] = {}
    if "joined" in KnownKeys.__dataclass_fields__:
        joined = conn.execute(select(db.states.c.cve_ent, db.states.c.fecha_adhesion))
        extra["joined"] = {e: d for e, d in joined if d is not None}
    return KnownKeys(states=states, municipalities=munis, units=units, **extra)


def _check_path(path: Path) -> Problem | None:
    if not path.exists():
        return Problem(None, None, f"el archivo no existe: {str(path)[-120:]}")
    if not path.is_file():
        return Problem(None, None, f"no es un archivo: {str(path)[-120:]}")
    try:
        with path.open("rb"):
            pass
    except OSError as exc:
        return Problem(None, None, f"no se pudo abrir el archivo ({exc.strerror or type(exc).__name__})")
    return None


@dataclass(frozen=True)
class _Request:
    engine: Engine
    target: Target
    path: Path
    scope: Scope | None
    demo: bool
    dry_run: bool
    confirm: bool | Confirm
    fail_after: int | None


def load_file(
    engine: Engine,
    dataset: str,
    path: str | Path,
    *,
    demo: bool = False,
    scope: str | Scope | None = None,
    dry_run: bool = False,
    confirm: bool | Confirm = False,
    wait: float = DEFAULT_WAIT,
    on_wait: Callable[[], None] | None = None,
    _fail_after_rows: int | None = None,
) -> LoadResult:
    """Validate a file and make the dataset say exactly what it says (and, with a scope, nothing more).

    Keys in the file are inserted or updated; keys outside it are untouched unless a declared scope says to delete
    them. A load that would lower a state's total needs `confirm` (True, or a callable shown the effect).
    `dry_run` does everything and rolls back. Rejections raise IngestRejected, failures LoadFailed.
    """
    if dataset not in DATASETS:
        raise ValueError(f"conjunto de datos desconocido '{dataset}' (use {', '.join(DATASETS)})")
    target = TARGETS[dataset]
    path = Path(path)
    try:
        declared = scope if isinstance(scope, Scope) or scope is None else parse_scope(scope, target)
    except ScopeError as exc:
        raise IngestRejected([Problem(None, None, str(exc))], None, path.name) from None
    req = _Request(engine, target, path, declared, demo, dry_run, confirm, _fail_after_rows)
    with contextlib.ExitStack() as held:
        try:
            held.enter_context(load_lock(engine, wait=wait, on_wait=on_wait))
        except LoadBusy as busy:
            if not dry_run:
                busy.load_id = _record_busy(req, busy)
            raise
        with contextlib.suppress(OperationalError):  # best effort: the database may be locked by another program
            ledger.reap_interrupted(engine)
        return _locked(req)
    raise AssertionError("unreachable")


def _record_busy(req: _Request, busy: LoadBusy) -> int | None:
    """A load that gave up waiting for the lock is recorded 'fallida' (best effort: the database may be busy)."""
    try:
        load_id = ledger.start(
            req.engine,
            dataset=req.target.dataset,
            archivo=req.path.name[-300:],
            sha256="",
            iniciado=datetime.now().replace(microsecond=0),
            demo=req.demo,
        )
    except SQLAlchemyError:
        return None
    _record_safely(req.engine, load_id, Outcome.FALLIDA, problemas=_one(str(busy)))
    return load_id


def _locked(req: _Request) -> LoadResult:
    base: dict[str, Any] = {
        "dataset": req.target.dataset,
        "archivo": req.path.name[-300:],
        "sha256": "",
        "iniciado": datetime.now().replace(microsecond=0),
        "demo": req.demo,
        "alcance": req.scope.texto if req.scope else None,
    }
    load_id: int | None = None
    try:
        if not req.dry_run:
            # a database locked by another program: still validate, so a bad file shows its problems
            with contextlib.suppress(OperationalError):
                load_id = ledger.start(req.engine, **base)
        missing = _check_path(req.path)
        if missing is not None:
            raise IngestRejected([missing], load_id, base["archivo"])
        base["sha256"] = sha256_file(req.path)
        if load_id is not None:
            ledger.finish_pending(req.engine, load_id, sha256=base["sha256"])
        return _transaction(req, load_id, base)
    except IngestRejected as exc:
        exc.load_id = load_id
        if load_id is not None:
            _record_safely(req.engine, load_id, Outcome.RECHAZADA, problemas=ledger.problems_json(exc.problemas))
        raise
    except ReadError as exc:
        if load_id is not None:
            _record_safely(req.engine, load_id, Outcome.RECHAZADA, problemas=ledger.problems_json(exc.problemas))
        raise IngestRejected(exc.problemas, load_id, base["archivo"]) from None
    except OperationalError as exc:
        message = _database_message(exc)
        if load_id is not None:
            _record_safely(req.engine, load_id, Outcome.FALLIDA, problemas=_one(message))
        raise LoadFailed(message, load_id) from None
    except SQLAlchemyError as exc:
        message = f"error de la base de datos: {str(getattr(exc, 'orig', exc)).splitlines()[0][:200]}"
        if load_id is not None:
            _record_safely(req.engine, load_id, Outcome.FALLIDA, problemas=_one(message))
        raise LoadFailed(message, load_id) from None
    except Exception as exc:  # a defect: recorded, then raised as is for the log
        if load_id is not None:
            detail = f"error inesperado ({type(exc).__name__}: {str(exc)[:160]}); no se modificó ningún dato"
            _record_safely(req.engine, load_id, Outcome.FALLIDA, problemas=_one(detail))
        raise


def _one(message: str) -> str | None:
    return ledger.problems_json([Problem(None, None, message)])


def _database_message(exc: OperationalError) -> str:
    detail = str(exc.orig).splitlines()[0][:200] if exc.orig is not None else type(exc).__name__
    if "locked" in detail:
        return "la base de datos está bloqueada por otro proceso; no se modificó ningún dato, vuelva a intentarlo"
    return f"no se pudo escribir en la base de datos ({detail}); no se modificó ningún dato"


def _record_safely(engine: Engine, load_id: int, outcome: Outcome, **values: Any) -> None:
    """Record the outcome; if even that fails (database locked), the caller's message still reaches the user."""
    with contextlib.suppress(SQLAlchemyError):
        ledger.finish(engine, load_id, outcome, **values)


def _transaction(req: _Request, load_id: int | None, base: dict[str, Any]) -> LoadResult:
    target, engine = req.target, req.engine
    stage_name = f"_carga_{load_id or 0}_{datetime.now().strftime('%H%M%S%f')}"
    with engine.connect() as conn:
        stage: Table | None = None
        try:
            if conn.dialect.name == "sqlite":  # a bigger page cache for this connection's large index writes
                conn.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
            else:  # JIT compilation of the big comparison queries costs seconds and saves nothing here
                conn.exec_driver_sql("SET LOCAL jit = off")
            known = known_keys(conn, target.dataset)
            stage = create_stage(conn, target, stage_name)
            staged = stage_file(conn, target, stage, req.path, known)
            errors = staged.errors or cross_batch_duplicates(conn, target, stage, staged.hashes, staged.filas)
            if not errors and req.scope is not None:
                errors = outside_scope(conn, stage, req.scope)
            if errors:
                raise IngestRejected(errors + staged.warnings, load_id, base["archivo"])
            with _timed(staged.seconds, "efecto"):
                if conn.dialect.name == "postgresql":  # the planner needs the staging table's size for its joins
                    conn.exec_driver_sql(f'ANALYZE "{stage_name}"')
                keep_absent(conn, target, stage, staged.absent)
                if target.dataset == "states":
                    set_joining_status(conn, stage)
                effect = compute(conn, target, stage, req.scope)
            result = _apply(conn, req, stage, staged, effect, load_id, base)
            with _timed(staged.seconds, "confirmar_transaccion"):
                if req.dry_run or result.resultado == Outcome.SIN_CAMBIOS:
                    conn.rollback()
                else:
                    conn.commit()
            if result.resultado == Outcome.SIN_CAMBIOS and load_id is not None:
                ledger.finish(engine, load_id, Outcome.SIN_CAMBIOS, **_ledger_values(result, staged, effect))
            return result
        except BaseException:
            conn.rollback()
            raise
        finally:
            if conn.dialect.name == "sqlite":
                if stage is not None:
                    conn.execute(text(f'DROP TABLE IF EXISTS temp."{stage_name}"'))
                conn.exec_driver_sql("PRAGMA cache_size=-2000")  # SQLite's default, for the next user of the connection
                conn.commit()


def _ledger_values(result: LoadResult, staged: Staged, effect: Effect) -> dict[str, Any]:
    return {
        "filas": effect.filas,
        "periodo_inicio": staged.start,
        "periodo_fin": staged.end,
        "estados": ",".join(s.cve_ent for s in effect.estados),
        "insertadas": effect.nuevas,
        "actualizadas": effect.cambiadas,
        "eliminadas": effect.eliminadas,
        "resumen": json.dumps(effect.as_dict(), ensure_ascii=False),
        "problemas": ledger.problems_json(result.problemas),
    }


@contextlib.contextmanager
def _timed(seconds: dict[str, float], phase: str) -> Iterator[None]:
    t0 = time.perf_counter()
    yield
    seconds[phase] = round(seconds.get(phase, 0.0) + time.perf_counter() - t0, 2)


def _apply(
    conn: Connection,
    req: _Request,
    stage: Table,
    staged: Staged,
    effect: Effect,
    load_id: int | None,
    base: dict[str, Any],
) -> LoadResult:
    target, clock = req.target, staged.seconds
    if not effect.changes:
        return LoadResult(
            load_id, Outcome.SIN_CAMBIOS, effect.filas, effect, staged.warnings, staged.start, staged.end, None, clock
        )
    only_new = effect.nuevas == effect.filas and not effect.eliminadas  # nothing of the table is touched
    lowered = effect.lowered()
    if lowered and not req.dry_run and not (req.confirm(effect) if callable(req.confirm) else req.confirm):
        raise IngestRejected([_lowering_problem(lowered)], load_id, base["archivo"], effect=effect)
    with _timed(clock, "aplicar"):
        apply(conn, target, stage, req.scope, load_id or 0, only_new=only_new)
    if req.fail_after is not None:  # tests: a crash after the rows were written, before the commit
        raise RuntimeError(f"fallo simulado después de {req.fail_after} filas")
    if target.dataset == "committee_spending":
        with _timed(clock, "verificar_gasto"):
            overdrawn = spending_overdrawn(conn, stage)
        if overdrawn:
            raise IngestRejected(overdrawn, load_id, base["archivo"], effect=effect)
    if req.dry_run:
        return LoadResult(
            None, "simulada", effect.filas, effect, staged.warnings, staged.start, staged.end, None, clock
        )
    assert load_id is not None
    start, end, states = _refresh_window(req.scope, staged, effect)
    with _timed(clock, "agregados"):
        if only_new:
            aggregates.add_new_rows(conn, target.dataset, load_id, base["iniciado"], stage, states, staged.sums)
        else:
            aggregates.refresh(conn, target.dataset, load_id, base["iniciado"], start, end, states)
    version = db.bump_version(conn)
    result = LoadResult(
        load_id, Outcome.CORRECTA, effect.filas, effect, staged.warnings, staged.start, staged.end, version, clock
    )
    conn.execute(
        update(db.loads)
        .where(db.loads.c.id == load_id)
        .values(
            resultado=Outcome.CORRECTA,
            terminado=datetime.now(),
            version_datos=version,
            **_ledger_values(result, staged, effect),
        )
    )
    return result


def _refresh_window(scope: Scope | None, staged: Staged, effect: Effect) -> tuple[date | None, date | None, list[str]]:
    start, end = staged.start, staged.end
    if scope is not None and scope.desde is not None and scope.hasta is not None:
        start = min(start, scope.desde) if start else scope.desde
        end = max(end, scope.hasta) if end else scope.hasta
    states = sorted({s.cve_ent for s in effect.estados} | set(scope.estados if scope else ()))
    return start, end, states


def _lowering_problem(lowered: list[tuple[str, str, int, int]]) -> Problem:
    shown = "; ".join(f"estado {e}: {m} {a:,} → {d:,}" for e, m, a, d in lowered[:5])
    more = f" y {len(lowered) - 5} más" if len(lowered) > 5 else ""
    return Problem(
        None,
        None,
        f"la carga reduciría totales acumulados ({shown}{more}); revise el efecto con --simular "
        "y repita con --confirmar si la corrección es intencional",
    )


__all__ = ["LoadError", "LoadResult", "load_file"]
