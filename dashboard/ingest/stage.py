"""Read, validate and stage a file batch by batch: one thread reads and validates the next batch while the
load's connection writes the previous one into the staging table (memory stays a few batches)."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Table

from dashboard import aggregates
from dashboard.bulk import insert_frame
from dashboard.ingest.spec import Target
from datasets.schemas import DATASETS, MAX_PROBLEMS, Problem
from datasets.validate import KnownKeys, match_columns, validate

BATCH_ROWS = 500_000
# Optional file columns -> the table column they set, where the names differ
FIELD_COLUMNS = {"aproximada": "fecha_adhesion_aproximada"}


def absent_columns(target: Target, columns: list[str]) -> list[str]:
    """Value columns an optional file column sets, for the optional columns this file lacks (units: none)."""
    if target.dataset == "units":  # a catalogue row is a whole record
        return []
    ds = DATASETS[target.dataset]
    found = match_columns(ds, columns)
    optional = [f for f in ds.fields if not f.required and f.kind not in ("key", "cvegeo", "clues")]  # not key parts
    names = [FIELD_COLUMNS.get(f.name, f.name) for f in optional if f.name not in found]
    return [c for c in names if c in target.values]


@dataclass
class Staged:
    """What reading and validating the whole file produced."""

    absent: list[str] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    rows: int = 0
    start: date | None = None
    end: date | None = None
    hashes: list[np.ndarray] = field(default_factory=list)
    filas: list[np.ndarray] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    sums: list[list[pd.DataFrame]] = field(default_factory=list)  # per batch, aggregates.partial_sums


def _batches(path: Path, rows: int) -> Iterator[pd.DataFrame]:
    from datasets import readers

    if hasattr(readers, "iter_table"):
        yield from readers.iter_table(path, batch_rows=rows)
    else:  # whole-file reader
        yield readers.read_table(path)


def _prepared(target: Target, path: Path, known: KnownKeys, out: Staged) -> Iterator[pd.DataFrame]:
    """Validated frames ready to insert; after the first error only validate (to list the problems)."""
    seen: set[str] = set()
    for raw in _batches(path, BATCH_ROWS):
        if not out.rows:
            out.absent = absent_columns(target, [str(c) for c in raw.columns])
        out.rows += len(raw)
        checked = validate(target.dataset, raw, known)
        for p in checked.problemas:
            if p.nivel != "error" and str(p) not in seen:
                seen.add(str(p))
                out.warnings.append(p)
        out.errors += checked.errores
        if len(out.errors) >= MAX_PROBLEMS:
            return
        frame = checked.frame
        if out.errors or frame.empty:
            continue
        if target.dataset == "units":
            from dashboard.ingest.units import locate_units

            frame = locate_units(frame)
        index = frame.index
        fila = index.to_numpy(dtype="int64") + 2 if pd.api.types.is_integer_dtype(index) else np.arange(len(frame)) + 2
        frame = frame.assign(_fila=fila)
        out.hashes.append(pd.util.hash_pandas_object(frame[list(target.keys)], index=False).to_numpy())
        out.sums.append(aggregates.partial_sums(target.dataset, frame))
        out.filas.append(fila)
        if target.dated:
            lo, hi = frame["fecha"].min().date(), frame["fecha"].max().date()
            out.start = min(out.start, lo) if out.start else lo
            out.end = max(out.end, hi) if out.end else hi
        yield frame
    if out.rows == 0 and not out.errors:
        out.errors.append(Problem(None, None, "el archivo sólo tiene encabezado, sin filas de datos"))


_DONE = object()


def stage_file(conn: Connection, target: Target, stage: Table, path: Path, known: KnownKeys) -> Staged:
    """Fill the staging table from the file; problems are collected in the result, never raised."""
    out = Staged()
    handoff: queue.Queue[object] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def put(item: object) -> None:
        while not stop.is_set():
            try:
                handoff.put(item, timeout=0.2)
                return
            except queue.Full:
                continue

    def produce() -> None:
        try:
            for frame in _prepared(target, path, known, out):
                put(frame)
            put(_DONE)
        except BaseException as exc:  # handed to the writing thread, which raises it
            put(exc)

    reader = threading.Thread(target=produce, name="carga-lectura", daemon=True)
    started = time.perf_counter()
    writing = 0.0
    reader.start()
    try:
        while (item := handoff.get()) is not _DONE:
            if isinstance(item, BaseException):
                raise item
            assert isinstance(item, pd.DataFrame)
            t0 = time.perf_counter()
            insert_frame(conn, stage, item)
            writing += time.perf_counter() - t0
    finally:
        stop.set()
        reader.join(timeout=30)
    out.seconds = {"lectura_y_validacion": round(time.perf_counter() - started, 2), "escritura": round(writing, 2)}
    return out
