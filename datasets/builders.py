"""Dataset builders for the facts and the states: keys against the database, cross-column rules, output columns."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from datasets.keys import KnownKeys
from datasets.messages import Collector
from datasets.schemas import Dataset, Problem
from geodata import CrosswalkWarning, apply_crosswalk, crosswalk

NO_DATES = "datetime64[us]"


def map_crosswalk(codes: pd.Series, col: Collector, columna: str) -> pd.Series:
    """Crosswalk only the rows that need it; the warning is re-emitted and kept as an 'aviso'."""
    mask = codes.isin(list(crosswalk())).to_numpy()
    if not mask.any():
        return codes
    out = codes.copy()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CrosswalkWarning)
        out.loc[mask] = apply_crosswalk(codes[mask].tolist())
    for w in caught:
        col.avisos.append(Problem(None, columna, str(w.message), nivel="aviso"))
        warnings.warn(str(w.message), CrosswalkWarning, stacklevel=3)
    return out


def known_municipality(codes: pd.Series, raw: pd.Series, known: KnownKeys, col: Collector, columna: str) -> None:
    bad = codes.notna() & ~codes.isin(list(known.municipalities))
    col.add(bad, columna, "municipio desconocido '{v}'", v=raw)


def known_state(ent: pd.Series, raw: pd.Series, known: KnownKeys, col: Collector, columna: str) -> None:
    bad = ent.notna() & ~ent.isin(list(known.states))
    col.add(bad, columna, "clave de entidad desconocida '{v}'", v=raw)


def known_units(clues: pd.Series, raw: pd.Series, known: KnownKeys, col: Collector) -> pd.Series:
    """cve_ent of each CLUES from the units table; unknown CLUES are errors."""
    ent = clues.map(dict(known.units)).astype(object)
    col.add(clues.notna() & ent.isna(), "clues", "CLUES desconocida '{v}'", v=raw)
    return ent


def per_value(s: pd.Series, fn: Callable[[Any], Any]) -> pd.Series:
    """fn once per distinct value, not per row (a batch of millions of rows holds ~2,500 municipality codes)."""
    codes, uniques = pd.factorize(s)
    mapped = np.array([fn(u) for u in uniques] + [None], dtype=object)
    return pd.Series(mapped.take(codes), index=s.index)


def joined_by(
    dates: pd.Series, ent: pd.Series, known: KnownKeys, col: Collector, columna: str, shown: pd.Series
) -> None:
    """Facts only for states that had joined at their date (a state absent from KnownKeys.joined has not)."""
    codes, states = pd.factorize(ent)
    nat = np.datetime64("NaT", "us")
    by_state = [np.datetime64(known.joined[e], "us") if e in known.joined else nat for e in states]
    since = pd.Series(np.array([*by_state, nat], dtype="datetime64[us]").take(codes), index=ent.index)
    has = dates.notna() & (codes >= 0)
    never = has & since.isna()
    col.add(never, columna, "el estado {e} no se ha adherido a IMSS-Bienestar ('{v}')", e=ent, v=shown)
    early = has & since.notna() & (dates < since)
    if early.any():
        day = per_value(ent, lambda e: known.joined[e].isoformat() if e in known.joined else "")
        col.add(early, columna, "fecha anterior a la adhesión del estado {e} ({d}): '{v}'", e=ent, d=day, v=shown)


def in_order(first: str, then: str, raw: dict, p: dict, col: Collector, columna: str) -> None:
    """A date that must not come after another one (when the file has both); the problem is put in `columna`."""
    if first in raw and then in raw:
        message = f"{first} posterior a {then} ('{{va}}' > '{{vb}}')"
        col.add(p[first] > p[then], columna, message, va=raw[first], vb=raw[then])


def same_as_cvegeo(p: dict, raw: dict, col: Collector) -> None:
    """cve_ent and cve_mun, when written beside cvegeo, must say the same."""
    for part, what, start, stop in (("cve_ent", "entidad", 0, 2), ("cve_mun", "municipio", 2, 5)):
        if part in p:
            bad = p["cvegeo"].notna() & p[part].notna() & (p[part] != p["cvegeo"].str.slice(start, stop))
            message = f"la clave de {what} '{{v}}' no coincide con cvegeo '{{g}}'"
            col.add(bad, part, message, v=raw[part], g=raw["cvegeo"])


def build_registry(ds: Dataset, raw: dict, p: dict, known: KnownKeys, col: Collector) -> pd.DataFrame:
    if "cvegeo" in p:
        written, shown, columna = p["cvegeo"], raw["cvegeo"], "cvegeo"
        same_as_cvegeo(p, raw, col)
    else:
        written = (p["cve_ent"] + p["cve_mun"]).where(p["cve_ent"].notna() & p["cve_mun"].notna(), None)
        shown, columna = raw["cve_ent"] + raw["cve_mun"], "cve_mun"
    cvegeo = map_crosswalk(written, col, columna)
    known_municipality(cvegeo, shown, known, col, columna)
    dup = p.get("duplicados", pd.Series(0.0, index=written.index))
    cred = p.get("credenciales", pd.Series(0.0, index=written.index))
    reg = p["registrados"]
    ent = per_value(cvegeo, lambda code: code[:2])
    joined_by(p["fecha"], ent, known, col, "fecha", raw["fecha"])
    col.add(
        dup > reg,
        "duplicados",
        "duplicados ({d}) mayor que registrados ({r})",
        d=dup.astype("Int64"),
        r=reg.astype("Int64"),
    )
    return pd.DataFrame(
        {
            "fecha": p["fecha"],
            "cvegeo": cvegeo,
            "canal": p["canal"],
            "cve_ent": ent,
            "registrados": reg,
            "duplicados": dup,
            "credenciales": cred,
            "_written": written,
        }
    )


def build_staffing(ds: Dataset, raw: dict, p: dict, known: KnownKeys, col: Collector) -> pd.DataFrame:
    ent = known_units(p["clues"], raw["clues"], known, col)
    joined_by(p["fecha"], ent, known, col, "fecha", raw["fecha"])
    basif = p.get("basificados", pd.Series(0.0, index=ent.index))
    return pd.DataFrame(
        {
            "fecha": p["fecha"],
            "clues": p["clues"],
            "rol": p["rol"],
            "cve_ent": ent,
            "incorporados": p["incorporados"],
            "basificados": basif,
        }
    )


def build_committees(ds: Dataset, raw: dict, p: dict, known: KnownKeys, col: Collector) -> pd.DataFrame:
    ent = known_units(p["clues"], raw["clues"], known, col)
    none = pd.Series(pd.NaT, index=ent.index, dtype=NO_DATES)
    asam, inst, tarj = (p.get(c, none) for c in ("fecha_asamblea", "fecha_instalacion", "fecha_tarjeta"))
    for name in ("fecha_asamblea", "fecha_instalacion", "fecha_tarjeta"):
        if name in raw:
            joined_by(p[name], ent, known, col, name, raw[name])
    in_order("fecha_asamblea", "fecha_instalacion", raw, p, col, "fecha_instalacion")
    in_order("fecha_instalacion", "fecha_tarjeta", raw, p, col, "fecha_tarjeta")
    return pd.DataFrame(
        {
            "clues": p["clues"],
            "cve_ent": ent,
            "fecha_asamblea": asam,
            "fecha_instalacion": inst,
            "fecha_tarjeta": tarj,
            "presupuesto_asignado": p["presupuesto_asignado"],
        }
    )


def build_spending(ds: Dataset, raw: dict, p: dict, known: KnownKeys, col: Collector) -> pd.DataFrame:
    ent = known_units(p["clues"], raw["clues"], known, col)
    joined_by(p["fecha"], ent, known, col, "fecha", raw["fecha"])
    return pd.DataFrame(
        {
            "fecha": p["fecha"],
            "clues": p["clues"],
            "cve_ent": ent,
            "dispersado": p["dispersado"],
            "ejercido": p["ejercido"],
        }
    )


def build_states(ds: Dataset, raw: dict, p: dict, known: KnownKeys, col: Collector) -> pd.DataFrame:
    ent = p["cve_ent"]
    known_state(ent, raw["cve_ent"], known, col, "cve_ent")
    in_order("fecha_anuncio", "fecha_adhesion", raw, p, col, "fecha_anuncio")
    index = ent.index
    none = pd.Series(pd.NaT, index=index, dtype=NO_DATES)
    return pd.DataFrame(
        {
            "cve_ent": ent,
            "fecha_adhesion": p.get("fecha_adhesion", none),
            "fecha_anuncio": p.get("fecha_anuncio", none),
            "fecha_adhesion_aproximada": p.get("aproximada", pd.Series(True, index=index)).fillna(True).astype(bool),
        }
    )
