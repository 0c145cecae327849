"""Pure, vectorized validation: raw string table + known keys -> typed frame and every problem found.

Callable per batch: row numbers come from the frame's index (spreadsheet row = index + 2). The column parsers are in
datasets/parsers.py, the facts' and states' builders in datasets/builders.py, the units' in datasets/catalogue.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from datasets import builders
from datasets.catalogue import build_units, catalogue_rows, skipped_note
from datasets.keys import KnownKeys
from datasets.messages import Collector, cut, listed, listed_rows
from datasets.parsers import parse
from datasets.schemas import DATASETS, MAX_PROBLEMS, Dataset, Problem, norm_text

__all__ = ["KnownKeys", "Validated", "match_columns", "validate"]

Builder = Callable[[Dataset, dict, dict, KnownKeys, Collector], pd.DataFrame]
BUILDERS: dict[str, Builder] = {
    "registry": builders.build_registry,
    "staffing": builders.build_staffing,
    "committees": builders.build_committees,
    "committee_spending": builders.build_spending,
    "units": build_units,
    "states": builders.build_states,
}


@dataclass
class Validated:
    """The typed frame (empty when there are errors), the problems (errors first) and rows skipped by reason."""

    frame: pd.DataFrame
    problemas: list[Problem]
    skipped: dict[str, int] = field(default_factory=dict)

    @property
    def errores(self) -> list[Problem]:
        return [p for p in self.problemas if p.nivel == "error"]

    @property
    def ok(self) -> bool:
        return not self.errores


def match_columns(ds: Dataset, columns: list[str]) -> dict[str, str]:
    """Canonical name -> column in the file, matched case/accent/space-insensitively, aliases included."""
    by_norm: dict[str, str] = {}
    for col in columns:
        by_norm.setdefault(norm_text(col), col)
    found = {}
    for f in ds.fields:
        for name in (f.name, *f.aliases):
            if norm_text(name) in by_norm:
                found[f.name] = by_norm[norm_text(name)]
                break
    return found


def check_columns(ds: Dataset, columns: list[str], found: dict[str, str]) -> list[Problem]:
    """Missing required columns, with a clear diagnosis when the delimiter was wrong."""
    missing = [f.name for f in ds.fields if f.required and f.name not in found]
    if ds.name == "registry" and "cvegeo" in missing and {"cve_ent", "cve_mun"} <= found.keys():
        missing.remove("cvegeo")
    if not missing:
        return []
    if len(columns) == 1 and any(d in columns[0] for d in (";", "\t", ",", "|")):
        return [
            Problem(
                1,
                None,
                f"delimitador incorrecto: el encabezado se leyó como una sola columna ({cut(columns[0])!r}); "
                "separe las columnas con coma, punto y coma o tabulador",
            )
        ]
    found_names = listed(columns) or "ninguna"
    return [
        Problem(None, m, f"columna obligatoria '{m}' ausente (columnas encontradas: {found_names})") for m in missing
    ]


def validate(dataset: str, df: pd.DataFrame, known_keys: KnownKeys) -> Validated:
    """Check a raw all-string table against its dataset; never touches the database."""
    ds = DATASETS[dataset]
    columns = [str(c) for c in df.columns]
    found = match_columns(ds, columns)
    missing = check_columns(ds, columns, found)
    if missing:
        return Validated(pd.DataFrame(), missing)
    if len(df) == 0:
        return Validated(pd.DataFrame(), [Problem(None, None, "el archivo sólo tiene encabezado, sin filas de datos")])
    df, skipped = catalogue_rows(ds, df, found, known_keys)
    if skipped:
        checked = validate_rows(ds, df, found, known_keys) if len(df) else Validated(pd.DataFrame(), [])
        return Validated(checked.frame, [*checked.problemas, skipped_note(skipped)], skipped)
    return validate_rows(ds, df, found, known_keys)


def validate_rows(ds: Dataset, df: pd.DataFrame, found: dict[str, str], known_keys: KnownKeys) -> Validated:
    """The checks of every row (after the catalogue's rows of other institutions and states were left out)."""
    index = df.index if pd.api.types.is_integer_dtype(df.index) else pd.RangeIndex(len(df))
    df = df.reset_index(drop=True)
    col = Collector(index.to_numpy(dtype="int64") + 2)
    raw = {name: df[src].astype(str).str.strip() for name, src in found.items()}
    parsed = {name: parse(ds, ds.field(name), s, col) for name, s in raw.items()}
    frame = BUILDERS[ds.name](ds, raw, parsed, known_keys, col)
    check_duplicates(ds, frame, col)
    problems = col.result()
    if any(p.nivel == "error" for p in problems):
        return Validated(pd.DataFrame(), problems)
    frame = frame.assign(_pos=np.arange(len(frame)))
    if ds.name == "registry":
        frame = merge_crosswalk_collisions(frame)
    frame.index = index[frame["_pos"].to_numpy()]  # each row keeps its line in the file
    return Validated(frame.drop(columns=[c for c in frame.columns if c.startswith("_")]), problems)


def check_duplicates(ds: Dataset, frame: pd.DataFrame, col: Collector) -> None:
    """Rows sharing the dataset's key (as written in the file) are an error naming their lines (the first 20)."""
    cols = ["_written" if (k == "cvegeo" and "_written" in frame) else k.lower() for k in ds.key]
    keys = frame[cols]
    valid = keys.notna().all(axis=1)
    dup = keys.duplicated(keep=False) & valid
    if not dup.any():
        return
    sub = keys[dup]
    shown = 0
    for positions in sub.groupby(cols, sort=False).indices.values():
        lines = [int(col.rows[sub.index[i]]) for i in positions]
        if shown < MAX_PROBLEMS:
            message = f"filas {listed_rows(lines)}: clave duplicada ({', '.join(ds.key)})"
            col.items.append(Problem(lines[0], None, message))
        shown += 1
    col.total += shown


def merge_crosswalk_collisions(frame: pd.DataFrame) -> pd.DataFrame:
    """Sum rows that only collide after the crosswalk (e.g. Eldorado and Culiacán on the same day)."""
    keys = ["fecha", "cvegeo", "canal"]
    if not frame.duplicated(keys).any():
        return frame
    sums = ["registrados", "duplicados", "credenciales"]
    return frame.groupby(keys, as_index=False, sort=False).agg(
        {"cve_ent": "first", **dict.fromkeys(sums, "sum"), "_written": "first", "_pos": "first"}
    )
