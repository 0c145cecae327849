"""Scale 10×: 32 states, ~64,000 units, five years of daily data; files only (loading is build_demo's job)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from datasets.demo import calibration_targets as T
from datasets.demo import scale_facts as F
from datasets.demo import units as U
from datasets.demo.calendar import join_dates
from datasets.demo.generate import FILES, write_files
from datasets.demo.scale_registry import registry_files

SCALE_START = date(2022, 1, 1)
SCALE_END = date(2026, 10, 31)  # loads reject future dates: a fixed past day keeps it deterministic
TOTAL_UNITS = 64_000
# CSV rather than XLSX for the 55,000 committees: a spreadsheet that size is slow to write and to read
SCALED_FILES = {**FILES, "committees": "comites.csv"}
ALL_STATES = tuple(f"{i:02d}" for i in range(1, 33))
# the 9 states outside IMSS-Bienestar join in the scaled scenario on these (invented) dates
SCENARIO_JOINS = {
    "01": "2022-03-01", "05": "2022-05-01", "08": "2022-08-01", "10": "2022-09-01", "11": "2023-02-01",
    "14": "2023-05-01", "19": "2023-08-01", "22": "2023-09-01", "31": "2024-01-01",
}  # fmt: skip


@dataclass(frozen=True)
class ScaledFiles:
    """Paths of the generated files (the registry as one file per year) and row counts per dataset."""

    paths: dict[str, list[Path]]
    rows: dict[str, int]


def rng_for(part: int) -> np.random.Generator:
    """Streams independent of the 1× demo's (parts 100+), so neither shifts the other."""
    return np.random.default_rng([T.SEED, 100 + part])


def scenario_joins(states: tuple[str, ...] = ALL_STATES) -> pd.Series:
    """Joining dates of the 23 federalized states plus the scenario's dates for the other 9."""
    joins = join_dates()
    extra = pd.Series(pd.to_datetime(list(SCENARIO_JOINS.values())).to_numpy().astype("datetime64[D]"))
    joins = pd.concat([joins, extra.set_axis(list(SCENARIO_JOINS))])
    return joins[~joins.index.duplicated()].reindex(list(states))


def units_plan(real: pd.DataFrame, munis: pd.DataFrame, total: int) -> pd.Series:
    """Synthetic units per state so that real + synthetic ≈ total, shared by population without social security."""
    pss = munis.groupby("cve_ent")["pss"].sum().astype(float)
    real_n = real.groupby("cve_ent").size().reindex(pss.index, fill_value=0)
    want = pd.Series(U._largest_remainder(pss.to_numpy(), total), index=pss.index)
    short = (want - real_n).clip(lower=0).to_numpy(float)
    left = max(total - int(real_n.sum()), 0)
    return pd.Series(U._largest_remainder(short, left), index=pss.index)


def synthetic_units(rng: np.random.Generator, plan: pd.Series, munis: pd.DataFrame) -> pd.DataFrame:
    """Synthetic rural health centres 'DEMO-<ent>-<n>' placed inside real municipality polygons (demo's code)."""
    return U.synthetic_units(rng, plan.to_frame("synthetic"), munis)


def scaled_units(states: tuple[str, ...], total: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(every unit with the columns the facts need, synthetic units, municipalities) for the given states."""
    real = U.catalogue()
    real = real[real["cve_ent"].isin(states)]
    munis = U.municipalities(list(states))
    share = munis["pss"].sum() / U.municipalities(list(ALL_STATES))["pss"].sum()
    synth = synthetic_units(rng_for(1), units_plan(real, munis, round(total * share)), munis)
    every = pd.concat([real, synth.assign(eligible=True, preference=0)], ignore_index=True)
    return every, synth, munis


def generate_scaled(
    out_dir: Path, start: date = SCALE_START, end: date = SCALE_END, states: tuple[str, ...] = ALL_STATES
) -> ScaledFiles:
    """Write the 10× files (units CSV, registry per year, staffing, committees, spending) into out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    joins = scenario_joins(states)
    every, synth, munis = scaled_units(states, TOTAL_UNITS)
    com = F.committees(rng_for(2), every, joins, start)
    spend = F.spending(rng_for(3), com, end)
    tables = {
        "units": U.clues_file(synth),
        "staffing": F.staffing(rng_for(4), every, joins, start, end),
        "committees": _cut_dates(com.drop(columns="cve_ent"), end),
        "committee_spending": spend,
    }
    written = write_files(tables, out_dir, SCALED_FILES)
    rows = {k: len(v) for k, v in tables.items()}
    reg_paths, rows["registry"] = registry_files(munis, joins, start, end, out_dir)
    paths = {k: [p] for k, p in written.items()}
    paths["registry"] = reg_paths
    (out_dir / FILES["registry"]).unlink(missing_ok=True)  # never mix with a 1× single-file registry
    return ScaledFiles(paths, rows)


def _cut_dates(com: pd.DataFrame, end: date) -> pd.DataFrame:
    """Committee dates after the end date are not known yet."""
    out = com.copy()
    for col in ("fecha_asamblea", "fecha_instalacion", "fecha_tarjeta"):
        v = out[col].to_numpy().astype("datetime64[D]")
        out[col] = np.where(v <= np.datetime64(end), v, np.datetime64("NaT", "D"))
    return out
