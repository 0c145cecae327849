"""A realistic DGIS catalogue workbook (ESTABLECIMIENTO_SALUD_YYYYMM.xlsx) for tests and benchmarks.

Every institution, 68 columns, sheets HORARIOS_/SUBCLUES_/CLUES_ (the CLUES sheet is not the first). The 55 columns
of the public April 2026 copy (datasets/reference/clues_official_columns_observed_202604.csv), the 9 named by public
code for the 2025-2026 files (institution, state code, mobile unit), and 4 whose names our sources do not give.
IMSS-Bienestar rows are the real units of datasets/reference/clues_imss_bienestar_23_estados.csv.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from datasets.schemas import CLUES_PREFIX

ROOT = Path(__file__).resolve().parent.parent
OBSERVED = ROOT / "datasets" / "reference" / "clues_official_columns_observed_202604.csv"
UNITS_CSV = ROOT / "datasets" / "reference" / "clues_imss_bienestar_23_estados.csv"
NAMED_ELSEWHERE = (
    "CLAVE DE LA INSTITUCION",
    "NOMBRE DE LA INSTITUCION",
    "CLAVE DE LA ENTIDAD",
    "UNIDAD MOVIL MARCA",
    "UNIDAD MOVIL MARCA ESPECIFICA",
    "UNIDAD MOVIL MODELO",
    "UNIDAD MOVIL PROGRAMA",
    "UNIDAD MOVIL TIPO",
    "UNIDAD MOVIL TIPOLOGIA",
)
UNKNOWN = tuple(f"COLUMNA NO IDENTIFICADA {i}" for i in range(1, 5))
# Institution code, name and share of the rows of other institutions, as counted among the 63,800 CLUES of the April
# 2026 catalogue (datasets/reference/PROVENANCE.md: SSA 20,413; SMP 18,518; IMS 5,868; IMO 4,529; IST 1,289; DIF 865;
# SME 534; others fewer). IMO is not IMB: the loader keeps IMB only. Names are descriptive (IMO's is not in our
# sources); the loader reads only the codes.
INSTITUTIONS = (
    ("SSA", "SECRETARIA DE SALUD", 0.383),
    ("SMP", "SERVICIOS MEDICOS PRIVADOS", 0.348),
    ("IMS", "INSTITUTO MEXICANO DEL SEGURO SOCIAL", 0.110),
    ("IMO", "IMO (NOMBRE NO VERIFICADO)", 0.085),
    ("IST", "INSTITUTO DE SEGURIDAD Y SERVICIOS SOCIALES DE LOS TRABAJADORES DEL ESTADO", 0.024),
    ("DIF", "SISTEMA NACIONAL PARA EL DESARROLLO INTEGRAL DE LA FAMILIA", 0.016),
    ("SME", "SERVICIOS MEDICOS ESTATALES", 0.010),
    ("PMX", "PETROLEOS MEXICANOS", 0.008),
    ("SDN", "SECRETARIA DE LA DEFENSA NACIONAL", 0.008),
    ("SMA", "SECRETARIA DE MARINA", 0.008),
)
PREFIX = CLUES_PREFIX
ACCENTED = {
    "CLAVE DE LA INSTITUCION": "CLAVE DE LA INSTITUCIÓN",
    "NIVEL ATENCION": "NIVEL ATENCIÓN",
    "NOMBRE DE TIPOLOGIA": "NOMBRE DE TIPOLOGÍA",
    "ESTATUS DE OPERACION": "ESTATUS DE OPERACIÓN",
}


def columns(old_header: bool = False) -> list[str]:
    """The 68 CLUES-sheet headers (old files: NOMBRE DE LA ENTIDAD, accented names)."""
    observed = pd.read_csv(OBSERVED, dtype=str)
    main = observed.loc[observed["sheet"].str.startswith("CLUES_"), "column"].tolist()
    cols = [main[0], *NAMED_ELSEWHERE[:3], *main[1:], *NAMED_ELSEWHERE[3:], *UNKNOWN]
    if old_header:
        cols = [ACCENTED.get(c, "NOMBRE DE LA ENTIDAD" if c == "ENTIDAD" else c) for c in cols]
    return cols


def catalogue_frame(rows: int = 64_000, seed: int = 7, imb: int | None = None) -> pd.DataFrame:
    """All-institution catalogue rows as text: `imb` real IMSS-Bienestar units (all when None), 12 IMSS-Bienestar
    units of states that have not joined (Guanajuato, Yucatán), the rest other institutions."""
    rng = np.random.default_rng(seed)
    units = pd.read_csv(UNITS_CSV, dtype=str, keep_default_na=False)
    if imb is not None:
        units = units.sample(n=imb, random_state=seed).sort_values("CLUES")
    own = units.assign(
        **{"CLAVE DE LA INSTITUCION": "IMB", "NOMBRE DE LA INSTITUCION": "SERVICIOS DE SALUD IMSS BIENESTAR"}
    )
    outside = own.head(12).assign(
        **{
            "CLAVE DE LA ENTIDAD": ["11"] * 6 + ["31"] * 6,
            "ENTIDAD": ["GUANAJUATO"] * 6 + ["YUCATAN"] * 6,
            "CLAVE DEL MUNICIPIO": "001",
            "CLUES": [f"{'GT' if i < 6 else 'YN'}IMB{900000 + i:06d}" for i in range(12)],
        }
    )
    others = max(rows - len(own) - len(outside), 0)
    codes = rng.choice([c for c, _, _ in INSTITUTIONS], others, p=[w for _, _, w in INSTITUTIONS])
    names = dict((c, n) for c, n, _ in INSTITUTIONS)
    states = rng.choice(list(PREFIX), others)
    sample = units.sample(n=others, replace=True, random_state=seed + 1).reset_index(drop=True)
    rest = sample.assign(
        **{
            "CLAVE DE LA INSTITUCION": codes,
            "NOMBRE DE LA INSTITUCION": [names[c] for c in codes],
            "CLAVE DE LA ENTIDAD": states,
            "CLUES": [f"{PREFIX[e]}{c}{i:06d}" for i, (e, c) in enumerate(zip(states, codes, strict=True))],
        }
    )
    frame = pd.concat([own, outside, rest], ignore_index=True)
    frame = frame.iloc[rng.permutation(len(frame))].reset_index(drop=True)
    return frame


def write_official_catalogue(
    path: Path,
    rows: int = 64_000,
    seed: int = 7,
    imb: int | None = None,
    old_header: bool = False,
    month: str = "202608",
) -> Path:
    """Write the workbook; keys are text cells (leading zeros kept), dates dd/mm/yyyy as the DGIS writes them."""
    from openpyxl import Workbook

    data = catalogue_frame(rows, seed, imb)
    cols = columns(old_header)
    canonical = columns(False)
    wb = Workbook(write_only=True)
    horarios = wb.create_sheet(f"HORARIOS_{month}")
    horarios.append(["CLUES", *[f"DIA {i}" for i in range(1, 127)]])
    horarios.append([data.at[0, "CLUES"], *["LUNES A VIERNES 08:00-16:00"] * 126])
    sub = wb.create_sheet(f"SUBCLUES_{month}")
    sub.append(["CLUES", *[f"SUBCLUES {i}" for i in range(1, 36)]])
    sub.append([data.at[0, "CLUES"], *["CONSULTA EXTERNA"] * 35])
    main = wb.create_sheet(f"CLUES_{month}")
    main.append(cols)
    present = [c for c in canonical if c in data.columns]
    index = {c: canonical.index(c) for c in present}
    for row in data[present].itertuples(index=False, name=None):
        cells: list[object] = [""] * len(canonical)
        for name, value in zip(present, row, strict=True):
            cells[index[name]] = value
        main.append(cells)
    wb.save(path)
    return path
