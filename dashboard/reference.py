"""Reference data: states, municipalities, staffing norm and the IMSS-Bienestar unit catalogue."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, Table, delete, select

from dashboard import db
from dashboard.ingest import already_loaded, insert_frame, load_file, load_lock
from datasets.schemas import DATASETS

REFERENCE = Path(__file__).resolve().parent.parent / "datasets" / "reference"
STATES_CSV = REFERENCE / "mx_population_states_2020.csv"
MUNICIPALITIES_CSV = REFERENCE / "mx_population_municipalities_2020.csv"
JOIN_DATES_CSV = REFERENCE / "state_join_dates.csv"
STAFFING_NORM_CSV = REFERENCE / "staffing_norm.csv"
UNITS_CSV = REFERENCE / "clues_imss_bienestar_23_estados.csv"
JOIN_COLUMNS = ("federalizado", "fecha_adhesion", "fecha_adhesion_aproximada", "fecha_anuncio")


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def _uninsured(frame: pd.DataFrame) -> pd.Series:
    """Population without social security: no affiliation + INSABI + IMSS-Bienestar (Censo 2020)."""
    return sum(pd.to_numeric(frame[c]) for c in ("psinder", "pder_segp", "pder_imssb"))


def census_states() -> pd.DataFrame:
    """The 32 states with their Censo 2020 populations; not joined until a states load says otherwise."""
    pop = _read(STATES_CSV)
    return pd.DataFrame(
        {
            "cve_ent": pop["cve_ent"],
            "nombre": pop["nombre"],
            "nombre_corto": pop["nombre_corto"],
            "federalizado": "no",
            "fecha_adhesion": pd.Series(pd.NaT, index=pop.index, dtype="datetime64[us]"),
            "fecha_adhesion_aproximada": True,
            "fecha_anuncio": pd.Series(pd.NaT, index=pop.index, dtype="datetime64[us]"),
            "pobtot": pd.to_numeric(pop["pobtot"]),
            "psinder": pd.to_numeric(pop["psinder"]),
            "pob_sin_seguridad": _uninsured(pop),
        }
    )


def states_frame(today: date | None = None) -> pd.DataFrame:
    """The 32 states as `tablero init` leaves them: census columns and the joining in state_join_dates.csv."""
    frame = census_states().drop(columns=list(JOIN_COLUMNS))
    join = _read(JOIN_DATES_CSV)
    dates = {
        c: pd.to_datetime(join[c].replace("", None), format="%Y-%m-%d") for c in ("fecha_adhesion", "fecha_anuncio")
    }
    joined = pd.DataFrame(
        {"cve_ent": join["cve_ent"], **dates, "fecha_adhesion_aproximada": join["aproximada"] != "no"}
    )
    frame = frame.merge(joined, on="cve_ent", how="left")
    now = pd.Timestamp(today or date.today())
    status = np.select(
        [
            frame["fecha_adhesion"].notna() & (frame["fecha_adhesion"] <= now),
            frame["fecha_anuncio"].notna() & (frame["fecha_anuncio"] <= now),
        ],
        ["si", "anunciado"],
        default="no",
    )
    return frame.assign(
        federalizado=status, fecha_adhesion_aproximada=frame["fecha_adhesion_aproximada"].fillna(True).astype(bool)
    )


def municipalities_frame() -> pd.DataFrame:
    """Census municipalities, the 6 newer ones from the geometry, and the 3 crosswalk catalogue codes."""
    from geodata import CROSSWALK_CSV, crosswalk, municipalities_geojson

    pop = _read(MUNICIPALITIES_CSV)
    census = pd.DataFrame(
        {
            "cvegeo": pop["cvegeo"],
            "cve_ent": pop["cve_ent"],
            "cve_mun": pop["cve_mun"],
            "nombre": pop["nombre_municipio"],
            "pobtot": pd.to_numeric(pop["pobtot"]),
            "psinder": pd.to_numeric(pop["psinder"]),
            "pob_sin_seguridad": _uninsured(pop),
        }
    )
    geo = pd.DataFrame([f["properties"] for f in municipalities_geojson()["features"]])
    extra = geo[~geo["cvegeo"].isin(census["cvegeo"])][["cvegeo", "cve_ent", "cve_mun", "nombre"]]
    frame = pd.concat([census.assign(en_geometria=True), extra.assign(en_geometria=True)], ignore_index=True)
    names = _read(CROSSWALK_CSV).set_index("cvegeo_catalogo")["nombre_catalogo"]
    codes = [c for c in crosswalk() if c not in set(frame["cvegeo"])]
    missing = pd.DataFrame(
        {"cvegeo": codes, "cve_ent": [c[:2] for c in codes], "cve_mun": [c[2:] for c in codes]}
    ).assign(nombre=lambda d: d["cvegeo"].map(names), en_geometria=False)
    frame = pd.concat([frame, missing], ignore_index=True)
    for col in ("pobtot", "psinder", "pob_sin_seguridad"):
        frame[col] = frame[col].astype("Int64")
    return frame.sort_values("cvegeo", ignore_index=True)


def staffing_norm_frame() -> pd.DataFrame:
    """Required staff by typology and role (see datasets/reference/staffing_norm.md)."""
    norm = _read(STAFFING_NORM_CSV)
    return norm.assign(requeridos=pd.to_numeric(norm["requeridos"]))[["tipologia", "rol", "requeridos"]]


def _same(conn: Connection, table: Table, frame: pd.DataFrame) -> bool:
    """Whether the table already holds exactly these rows (compared as text, in key order)."""
    columns = list(frame.columns)
    keys = [c.name for c in table.primary_key.columns]
    current = pd.DataFrame(
        conn.execute(select(*[table.c[c] for c in columns]).order_by(*[table.c[k] for k in keys])).all(),
        columns=columns,
    )
    wanted = frame.sort_values(keys, ignore_index=True)
    return len(current) == len(wanted) and _as_text(current).equals(_as_text(wanted))


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    return value.isoformat()[:10] if hasattr(value, "isoformat") else str(value)


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(object).where(frame.notna(), None).map(_cell_text)


def _replace(conn: Connection, table: Table, frame: pd.DataFrame) -> bool:
    """Rewrite a small reference table when its content differs; whether it changed."""
    if _same(conn, table, frame):
        return False
    conn.execute(delete(table))
    insert_frame(conn, table, frame)
    return True


def _census_states(conn: Connection) -> pd.DataFrame:
    """The census columns of the 32 states, keeping the joining columns a states load has set."""
    frame = census_states()
    joined = pd.DataFrame(conn.execute(select(db.states.c.cve_ent, *[db.states.c[c] for c in JOIN_COLUMNS])).all())
    if joined.empty:
        return frame
    joined.columns = ["cve_ent", *JOIN_COLUMNS]
    for c in ("fecha_adhesion", "fecha_anuncio"):
        joined[c] = pd.to_datetime(joined[c])
    return (
        frame.drop(columns=[c for c in JOIN_COLUMNS if c in frame])
        .merge(joined, on="cve_ent", how="left")
        .assign(
            federalizado=lambda f: f["federalizado"].fillna("no"),
            fecha_adhesion_aproximada=lambda f: f["fecha_adhesion_aproximada"].fillna(True).astype(bool),
        )
    )


def load_reference(engine: Engine) -> None:
    """Create the schema and load every reference table; a second call changes nothing."""
    db.create_schema(engine)
    with load_lock(engine), engine.begin() as conn:
        changed = _replace(conn, db.states, _census_states(conn))
        changed |= _replace(conn, db.municipalities, municipalities_frame())
        changed |= _replace(conn, db.staffing_norm, staffing_norm_frame())
        if changed:
            db.bump_version(conn)
    if "states" in DATASETS and not already_loaded(engine, "states", JOIN_DATES_CSV):
        load_file(engine, "states", JOIN_DATES_CSV)
    if not already_loaded(engine, "units", UNITS_CSV):
        load_file(engine, "units", UNITS_CSV)
