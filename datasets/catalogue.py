"""The units dataset: the project's IMSS-Bienestar list or the official DGIS catalogue of every institution.

The catalogue's rows of other institutions, and IMSS-Bienestar rows of states that have not joined, are left out and
counted; every other row is checked like a row of the project's own list (a row is never skipped for being broken).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from datasets.builders import NO_DATES, known_municipality, known_state, map_crosswalk
from datasets.keys import KnownKeys
from datasets.messages import Collector
from datasets.schemas import CLUES_PREFIX, IMSS_BIENESTAR, Dataset, Problem, tipo_red

INSTITUTION_CODE = r"[A-Z0-9]{1,5}"  # SSA, IMS, IST, IMB, SMP…: anything else is reported as 'clave no válida'
COORDINATES = (("LATITUD", "latitud", 90), ("LONGITUD", "longitud", 180))


def catalogue_rows(
    ds: Dataset, df: pd.DataFrame, found: dict[str, str], known: KnownKeys
) -> tuple[pd.DataFrame, dict[str, int]]:
    """The official catalogue (it has CLAVE DE LA INSTITUCION): keep IMSS-Bienestar units of joined states."""
    if ds.name != "units" or "CLAVE DE LA INSTITUCION" not in found:
        return df, {}
    inst = df[found["CLAVE DE LA INSTITUCION"]].astype(str).str.strip().str.upper()
    clues = df[found["CLUES"]].astype(str).str.strip().str.upper()
    inst = inst.where(inst != "", clues.str.slice(2, 5))  # no code written: the CLUES's letters 3-5 say it
    other = inst != IMSS_BIENESTAR
    label = inst.where(inst.str.fullmatch(INSTITUTION_CODE), "clave no válida")
    skipped = {f"otra institución ({k})": int(v) for k, v in label[other].value_counts().items()}
    ent_raw = df[found["CLAVE DE LA ENTIDAD"]].astype(str).str.strip()
    ent = ent_raw.str.zfill(2)
    placed = ent_raw.str.fullmatch(r"[0-9]{1,2}") & ent.isin(list(known.states))  # else: checked, and reported
    outside = ~other & placed & ~ent.isin(list(known.joined))
    skipped |= {f"estado no adherido ({k})": int(v) for k, v in ent[outside].value_counts().items()}
    return df[~(other | outside)], skipped


def skipped_note(skipped: dict[str, int]) -> Problem:
    """One 'aviso' listing the rows left out, by reason."""
    total = sum(skipped.values())
    parts = "; ".join(f"{reason}: {n:,}" for reason, n in sorted(skipped.items(), key=lambda kv: -kv[1])[:20])
    return Problem(None, None, f"se omitieron {total:,} fila(s) del catálogo ({parts})", nivel="aviso")


def check_unit_codes(clues: pd.Series, ent: pd.Series, raw: dict, known: KnownKeys, col: Collector) -> None:
    """A CLUES names its state (2 letters, or DEMO-XX-) and its institution (letters 3-5); its state has joined."""
    code = clues.fillna("")
    demo = code.str.startswith("DEMO-")
    prefix = ent.map(CLUES_PREFIX)
    real_bad = ~demo & clues.notna() & prefix.notna() & (code.str.slice(0, 2) != prefix)
    demo_bad = demo & ent.notna() & (code.str.slice(5, 7) != ent)
    col.add(
        real_bad | demo_bad,
        "CLAVE DE LA ENTIDAD",
        "la CLUES '{c}' es de otro estado: sus letras dicen {p}, la clave de entidad dice {e}",
        c=raw["CLUES"],
        p=code.str.slice(0, 2).where(~demo, code.str.slice(5, 7)),
        e=raw["CLAVE DE LA ENTIDAD"],
    )
    other = ~demo & clues.notna() & (code.str.slice(2, 5) != IMSS_BIENESTAR)
    col.add(
        other,
        "CLUES",
        "la CLUES '{c}' no es de IMSS-Bienestar (institución {i})",
        c=raw["CLUES"],
        i=code.str.slice(2, 5),
    )
    never = ent.notna() & ent.isin(list(known.states)) & ~ent.isin(list(known.joined))
    col.add(
        never, "CLAVE DE LA ENTIDAD", "el estado {e} no se ha adherido a IMSS-Bienestar", e=raw["CLAVE DE LA ENTIDAD"]
    )


def coordinates(p: dict, raw: dict, col: Collector, index: pd.Index) -> dict[str, pd.Series]:
    """lat and lon, each within the globe when given."""
    out = {}
    for name, what, limit in COORDINATES:
        values = p.get(name, pd.Series(np.nan, index=index))
        if name in raw:
            col.add(
                values.abs() > limit,
                name,
                f"{what} fuera de rango ({{v}}; debe estar entre -{limit} y {limit})",
                v=raw[name],
            )
        out[what[:3]] = values
    return out


def synthetic(clues: pd.Series, p: dict, raw: dict, col: Collector) -> pd.Series:
    """SINTETICA and 'DEMO-' codes go together."""
    synth = p.get("SINTETICA", pd.Series(False, index=clues.index)).fillna(False).astype(bool)
    demo = clues.fillna("").str.startswith("DEMO-")
    col.add(demo & ~synth, "CLUES", "CLUES sintética '{v}' en una fila que no está marcada SINTETICA", v=raw["CLUES"])
    col.add(
        synth & ~demo & clues.notna(),
        "SINTETICA",
        "fila marcada SINTETICA con una CLUES real '{v}' (use 'DEMO-…')",
        v=raw["CLUES"],
    )
    return synth


def build_units(ds: Dataset, raw: dict, p: dict, known: KnownKeys, col: Collector) -> pd.DataFrame:
    ent, mun, clues = p["CLAVE DE LA ENTIDAD"], p["CLAVE DEL MUNICIPIO"], p["CLUES"]
    known_state(ent, raw["CLAVE DE LA ENTIDAD"], known, col, "CLAVE DE LA ENTIDAD")
    check_unit_codes(clues, ent, raw, known, col)
    written = (ent + mun).where(ent.notna() & mun.notna(), None)
    cvegeo = map_crosswalk(written, col, "CLAVE DEL MUNICIPIO")
    known_municipality(cvegeo, written, known, col, "CLAVE DEL MUNICIPIO")
    index = clues.index
    synth = synthetic(clues, p, raw, col)
    empty = pd.Series(None, index=index, dtype=object)

    def opt(name: str) -> pd.Series:
        return p.get(name, empty)

    return pd.DataFrame(
        {
            "clues": clues,
            "cve_ent": ent,
            "cvegeo": cvegeo,
            "cvegeo_catalogo": written,
            "cve_loc": opt("CLAVE DE LA LOCALIDAD"),
            "localidad": opt("LOCALIDAD"),
            "nombre": p["NOMBRE DE LA UNIDAD"],
            "tipologia_clave": opt("CLAVE DE TIPOLOGIA"),
            "tipologia": p["NOMBRE DE TIPOLOGIA"],
            "subtipologia": opt("NOMBRE DE SUBTIPOLOGIA"),
            "nivel_atencion": opt("NIVEL ATENCION"),
            "estrato": opt("ESTRATO UNIDAD"),
            "estatus": opt("ESTATUS DE OPERACION"),
            "fecha_inicio": p.get("FECHA DE INICIO DE OPERACION", pd.Series(pd.NaT, index=index, dtype=NO_DATES)),
            **coordinates(p, raw, col, index),
            "tipo_red": tipo_red(p["NOMBRE DE TIPOLOGIA"], opt("NIVEL ATENCION")),
            "sintetica": synth,
        }
    )
