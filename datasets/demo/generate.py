"""Generate the demo files (CSV, XLSX, Parquet) exactly as a user would upload them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from datasets.demo import calibration_targets as T
from datasets.demo import committees as C
from datasets.demo import registry as R
from datasets.demo import spending as SP
from datasets.demo import staffing as ST
from datasets.demo import units as U
from datasets.demo.calendar import day, join_dates

FILES = {
    "units": "unidades_sinteticas_clues.csv",
    "registry": "registro.parquet",
    "staffing": "personal.csv",
    "committees": "comites.xlsx",
    "committee_spending": "gasto_comites.csv",
}


def rng_for(part: int) -> np.random.Generator:
    """One independent seeded stream per part, so changing one part never shifts another."""
    return np.random.default_rng([T.SEED, part])


def frames(end_date: date) -> dict[str, pd.DataFrame]:
    """Every demo table as a DataFrame, generated to max(end_date, 2024-12-31) and cut at end_date."""
    horizon = max(end_date, T.DEFAULT_END)
    joins = join_dates()
    real = U.catalogue()
    plan = U.committees_per_state(real)
    munis = U.municipalities(list(joins.index))
    synth = U.synthetic_units(rng_for(1), plan, munis)
    synth["inicio"] = pd.to_datetime(U.synthetic_starts(rng_for(8), synth, plan, joins))
    units = pd.concat([real, synth.assign(eligible=True, preference=0)], ignore_index=True)
    com = C.committee_units(rng_for(2), units, plan)
    com = C.committee_dates(rng_for(3), com, plan, joins)
    rng = rng_for(4)
    com["deposito"] = C.deposit_dates(rng, com["fecha_tarjeta"].to_numpy())
    com["presupuesto_asignado"] = C.budgets(rng, com, com["deposito"].to_numpy())
    flows = SP.spending(rng_for(5), com, horizon)
    end = day(end_date)
    spend = pd.DataFrame(
        {
            "fecha": flows["fecha"].to_numpy(),
            "clues": com["clues"].to_numpy()[flows["i"].to_numpy()],
            "dispersado": flows["dispersado"],
            "ejercido": flows["ejercido"],
        }
    )
    dates = ["fecha_asamblea", "fecha_instalacion", "fecha_tarjeta"]
    committees = com[["clues", *dates, "presupuesto_asignado"]].copy()
    for col in dates:
        v = committees[col].to_numpy().astype("datetime64[D]")
        committees[col] = np.where(v <= end, v, np.datetime64("NaT", "D"))
    registry = R.registry(rng_for(6), munis, joins, horizon)
    staffing = ST.staffing(rng_for(7), units, joins, horizon)
    return {
        "units": U.clues_file(synth),
        "registry": registry[registry["fecha"] <= end].reset_index(drop=True),
        "staffing": staffing[staffing["fecha"] <= end].reset_index(drop=True),
        "committees": committees,
        "committee_spending": spend[spend["fecha"] <= end].sort_values(["fecha", "clues"], ignore_index=True),
    }


def _dates_as_python(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col].dtype):
            out[col] = [None if pd.isna(v) else v.date() for v in out[col]]
    return out


def write_files(tables: dict[str, pd.DataFrame], out_dir: Path, names: dict[str, str] | None = None) -> dict[str, Path]:
    """Write each non-empty table in its upload format (file names from FILES unless given); dataset -> path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for name, frame in tables.items():
        if frame.empty:
            continue
        path = out_dir / (names or FILES)[name]
        if path.suffix == ".parquet":
            _dates_as_python(frame).to_parquet(path, index=False, compression="zstd")
        elif path.suffix == ".xlsx":
            _dates_as_python(frame).to_excel(path, index=False, sheet_name="comites")
        else:
            text = frame.copy()
            for col in text.columns:
                if pd.api.types.is_datetime64_any_dtype(text[col].dtype):
                    text[col] = text[col].dt.strftime("%Y-%m-%d")
            text.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
        paths[name] = path
    return paths
