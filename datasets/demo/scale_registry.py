"""Scale 10×: a dense registry (almost every municipality × channel × day), written one Parquet file per year."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from datasets.demo import calibration_targets as T
from datasets.demo.calendar import day_range, s_curve, weekday

CANALES = ("modulo", "autorregistro", "cruce_bienestar")
ROW_GROUP = 250_000
# per channel: floor (registrations a day in any municipality), daily rate per person without social security
FLOOR = {"modulo": 3.0, "autorregistro": 3.0, "cruce_bienestar": 2.5}
RATE = {"modulo": 4e-4, "autorregistro": 6e-4, "cruce_bienestar": 2e-4}
WEEKDAY = {
    "modulo": np.array([1.0, 1.05, 1.0, 1.0, 0.95, 0.6, 0.3]),
    "autorregistro": np.array([1.0, 1.05, 1.0, 0.95, 0.9, 0.7, 0.6]),
    "cruce_bienestar": np.array([1.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.4]),
}
DUP_SHARE = {"modulo": 0.15, "autorregistro": 0.17, "cruce_bienestar": 0.01}
CREDENTIAL_SHARE = {"modulo": 0.9, "autorregistro": 0.35, "cruce_bienestar": 0.1}
SCHEMA = pa.schema(
    [
        ("fecha", pa.date32()),
        ("cvegeo", pa.string()),
        ("canal", pa.string()),
        ("registrados", pa.int64()),
        ("duplicados", pa.int64()),
        ("credenciales", pa.int64()),
    ]
)


def year_rows(munis: pd.DataFrame, joins: pd.Series, start: date, end: date, year: int) -> pd.DataFrame:
    """Rows of one calendar year (clipped to [start, end]), sorted by fecha, cvegeo, canal; seeded per year."""
    rng = np.random.default_rng([T.SEED, 200, year])
    days = day_range(max(start, date(year, 1, 1)), min(end, date(year, 12, 31)))
    joined = joins.reindex(munis["cve_ent"]).to_numpy().astype("datetime64[D]")
    t = (days[None, :] - joined[:, None]).astype("int64")
    ramp = 0.3 + s_curve(t.astype(float), 180.0, 60.0)
    pss = munis["pss"].to_numpy(float).clip(min=1)[:, None]
    wd = weekday(days)
    counts = np.empty((len(days), len(munis), len(CANALES)), dtype="int64")
    for j, canal in enumerate(CANALES):
        lam = (FLOOR[canal] + pss * RATE[canal] * ramp) * WEEKDAY[canal][wd][None, :]
        counts[:, :, j] = rng.poisson(lam).T
    d, m, k = np.nonzero(counts)
    reg = counts[d, m, k]
    dup_share = np.array([DUP_SHARE[c] for c in CANALES])[k]
    cred_share = np.array([CREDENTIAL_SHARE[c] for c in CANALES])[k]
    return pd.DataFrame(
        {
            "fecha": days[d],
            "cvegeo": munis["cvegeo"].to_numpy()[m],
            "canal": np.array(CANALES)[k],
            "registrados": reg,
            "duplicados": rng.binomial(reg, dup_share),
            "credenciales": rng.binomial(reg, cred_share),
        }
    )


def write_year(frame: pd.DataFrame, path: Path) -> Path:
    """One year as Parquet in row groups of ROW_GROUP rows (readers never need the whole file at once)."""
    table = pa.Table.from_pandas(frame.assign(fecha=frame["fecha"].astype("datetime64[s]")), preserve_index=False)
    table = table.set_column(0, "fecha", table.column("fecha").cast(pa.timestamp("s")).cast(pa.date32()))
    pq.write_table(table.cast(SCHEMA), path, row_group_size=ROW_GROUP, compression="zstd")
    return path


def registry_files(
    munis: pd.DataFrame, joins: pd.Series, start: date, end: date, out_dir: Path
) -> tuple[list[Path], int]:
    """registro_<year>.parquet for every year in [start, end]; returns the paths and the total rows."""
    munis = munis.sort_values("cvegeo", ignore_index=True)
    paths, rows = [], 0
    for year in range(start.year, end.year + 1):
        frame = year_rows(munis, joins, start, end, year)
        rows += len(frame)
        paths.append(write_year(frame, out_dir / f"registro_{year}.parquet"))
        del frame
    return paths, rows
