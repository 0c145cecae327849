"""The real catalogue, the committees' units per state and the fewest synthetic units that make them fit."""

from __future__ import annotations

import numpy as np
import pandas as pd

from datasets.demo import calibration_targets as T
from datasets.demo.calendar import day, working_days
from datasets.schemas import tipo_red

UNITS_CSV = T.REFERENCE / "clues_imss_bienestar_23_estados.csv"
MUNICIPALITIES_CSV = T.REFERENCE / "mx_population_municipalities_2020.csv"
SYNTHETIC_TIPOLOGIA = "RURAL DE 01 NÚCLEO BÁSICO"
CLUES_COLUMNS = [
    "CLUES", "CLAVE DE LA ENTIDAD", "ENTIDAD", "CLAVE DEL MUNICIPIO", "MUNICIPIO", "CLAVE DE LA LOCALIDAD",
    "LOCALIDAD", "CLAVE DE TIPOLOGIA", "NOMBRE DE TIPOLOGIA", "CLAVE DE SUBTIPOLOGIA", "NOMBRE DE SUBTIPOLOGIA",
    "NOMBRE DE LA UNIDAD", "NOMBRE COMERCIAL", "ESTATUS DE OPERACION", "FECHA DE INICIO DE OPERACION",
    "NIVEL ATENCION", "ESTRATO UNIDAD", "LATITUD", "LONGITUD", "SINTETICA",
]  # fmt: skip


def catalogue() -> pd.DataFrame:
    """The real units with cve_ent, cvegeo, tipologia, tipo_red, start date and whether a committee may sit there."""
    raw = pd.read_csv(UNITS_CSV, dtype=str, keep_default_na=False)
    frame = pd.DataFrame(
        {
            "clues": raw["CLUES"],
            "cve_ent": raw["CLAVE DE LA ENTIDAD"],
            "cvegeo": raw["CLAVE DE LA ENTIDAD"] + raw["CLAVE DEL MUNICIPIO"],
            "tipologia": raw["NOMBRE DE TIPOLOGIA"],
            "nivel": raw["NIVEL ATENCION"],
            "estatus": raw["ESTATUS DE OPERACION"],
            "tipo_red": tipo_red(raw["NOMBRE DE TIPOLOGIA"], raw["NIVEL ATENCION"]),
            "sintetica": False,
            "inicio": pd.to_datetime(raw["FECHA DE INICIO DE OPERACION"], format="%d/%m/%Y", errors="coerce"),
        }
    )
    # a committee of the May 2024 count sits on a first-level unit already operating on 2024-05-10
    started = frame["inicio"].isna() | (frame["inicio"] <= pd.Timestamp(T.COMMITTEE_DATE))
    frame["eligible"] = (frame["nivel"] == "PRIMER NIVEL") & (frame["tipo_red"] != "apoyo") & started
    # committees go first to operating health centres, then other first-level units, mobile units last
    frame["preference"] = (frame["estatus"] != "EN OPERACION").astype(int) * 2 + (frame["tipo_red"] == "movil").astype(
        int
    )
    return frame


def municipalities(states: list[str]) -> pd.DataFrame:
    """Census municipalities of the given states with their population without social security."""
    raw = pd.read_csv(MUNICIPALITIES_CSV, dtype={"cvegeo": str, "cve_ent": str, "cve_mun": str})
    raw = raw[raw["cve_ent"].isin(states)]
    pss = raw["psinder"] + raw["pder_segp"] + raw["pder_imssb"]
    return pd.DataFrame(
        {"cvegeo": raw["cvegeo"], "cve_ent": raw["cve_ent"], "nombre": raw["nombre_municipio"], "pss": pss}
    ).reset_index(drop=True)


def committees_per_state(units: pd.DataFrame) -> pd.DataFrame:
    """Committees per state: C2–C24's of_total on units operating by 2024-05-10, the other 467 on later units.

    The of_total go to real eligible units first, then to the fewest synthetic units that make them fit
    (`synthetic_early`); the 467 (C1's 11,947 − 11,480) sit on new synthetic units that start operating after
    2024-05-10 (`late`), shared in proportion to the of_total, none in Estado de México (whose units are U3).
    """
    plan = T.committees_installed_by_state()
    eligible = units[units["eligible"]].groupby("cve_ent").size().reindex(plan.index, fill_value=0)
    weights = plan["of_total"].where(plan.index != T.EDOMEX, 0).to_numpy(float)
    late = _largest_remainder(weights, T.COMMITTEES_TOTAL - int(plan["of_total"].sum()))
    out = plan.assign(eligible=eligible, late=late)
    out["committees"] = out["of_total"] + out["late"]
    out["synthetic_early"] = (out["of_total"] - out["eligible"]).clip(lower=0)
    out["synthetic"] = out["synthetic_early"] + out["late"]
    return out


def synthetic_starts(rng: np.random.Generator, synth: pd.DataFrame, plan: pd.DataFrame, joins: pd.Series) -> np.ndarray:
    """Start of operation: a state's first synthetic units on its joining date, the late ones after 2024-05-10.

    Late units: 212 by 2024-07-02 (11,692 − 11,480), 85 more by 2024-08-30 (11,777 − 11,692), the rest from
    2024-09-13 to 2024-12-13, on working days other than 2024-05-16 (S1: that day's doctors are the only hires).
    """
    ent = synth["cve_ent"].to_numpy()
    rank = synth.groupby("cve_ent").cumcount().to_numpy()
    late = rank >= plan["synthetic_early"].reindex(ent).to_numpy()
    out = joins.reindex(ent).to_numpy().astype("datetime64[D]")
    may, jul, sept = T.in_operation_totals()
    windows = [
        (day(T.COMMITTEE_DATE) + 1, day(T.CARDS_DATE), jul - may),
        (day(T.CARDS_DATE) + 1, day(T.LATE_UNITS_BY_SEPT_END), sept - jul),
        (day(T.SEPT_DATE) + 1, day(T.LATE_UNITS_END), int(late.sum()) - (sept - may)),
    ]
    order = rng.permutation(np.flatnonzero(late))
    pos = 0
    for lo, hi, n in windows:
        idx = order[pos : pos + n]
        out[idx] = working_days(rng, np.full(n, lo), np.full(n, hi), avoid=(T.GP_DATE,))
        pos += n
    return out


def _largest_remainder(weights: np.ndarray, total: int) -> np.ndarray:
    if total <= 0 or weights.sum() <= 0:
        return np.zeros(len(weights), dtype=int)
    x = weights / weights.sum() * total
    out = np.floor(x).astype(int)
    out[np.argsort(-(x - out), kind="stable")[: total - out.sum()]] += 1
    return out


def synthetic_units(rng: np.random.Generator, plan: pd.DataFrame, munis: pd.DataFrame) -> pd.DataFrame:
    """Synthetic rural health centres in the official CLUES layout, each at a point inside its municipality."""
    rows = []
    for cve_ent, n in plan["synthetic"].items():
        if n <= 0:
            continue
        pool = munis[munis["cve_ent"] == cve_ent]
        w = np.sqrt(pool["pss"].to_numpy(float).clip(min=1))
        picked = pool.iloc[rng.choice(len(pool), size=int(n), p=w / w.sum())]
        for i, (_, m) in enumerate(picked.iterrows(), start=1):
            rows.append((f"DEMO-{cve_ent}-{i:05d}", cve_ent, m["cvegeo"], m["nombre"]))
    frame = pd.DataFrame(rows, columns=["clues", "cve_ent", "cvegeo", "municipio"])
    lat, lon = points_in_municipalities(rng, frame["cvegeo"].to_numpy())
    return frame.assign(lat=lat, lon=lon, tipologia=SYNTHETIC_TIPOLOGIA, tipo_red="centro_salud", sintetica=True)


def points_in_municipalities(rng: np.random.Generator, cvegeo: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Uniform random points inside each municipality polygon (rejection sampling, checked by geodata)."""
    import geopandas as gpd
    from shapely import contains_xy

    from geodata import MUNICIPALITIES_GEOJSON, locate_points

    shapes = gpd.read_file(MUNICIPALITIES_GEOJSON).set_index("cvegeo").geometry
    lat = np.full(len(cvegeo), np.nan)
    lon = np.full(len(cvegeo), np.nan)
    todo = np.arange(len(cvegeo))
    for _ in range(20):
        for code in pd.unique(cvegeo[todo]):
            idx = todo[cvegeo[todo] == code]
            geom = shapes.loc[code]
            x0, y0, x1, y1 = geom.bounds
            got: list[tuple[float, float]] = []
            while len(got) < len(idx):
                xs = rng.uniform(x0, x1, 64)
                ys = rng.uniform(y0, y1, 64)
                inside = contains_xy(geom, xs, ys)
                got.extend(zip(xs[inside], ys[inside], strict=True))
            pts = np.array(got[: len(idx)])
            lon[idx], lat[idx] = np.round(pts[:, 0], 6), np.round(pts[:, 1], 6)
        found = np.array(locate_points(lat[todo], lon[todo]), dtype=object)
        todo = todo[found != cvegeo[todo]]
        if len(todo) == 0:
            break
    return lat, lon


def clues_file(synth: pd.DataFrame) -> pd.DataFrame:
    """The synthetic units as rows of the official CLUES catalogue (SINTETICA = 1)."""
    names = {
        "02": "BAJA CALIFORNIA", "03": "BAJA CALIFORNIA SUR", "04": "CAMPECHE", "06": "COLIMA", "07": "CHIAPAS",
        "09": "CIUDAD DE MÉXICO", "12": "GUERRERO", "13": "HIDALGO", "16": "MICHOACÁN DE OCAMPO", "17": "MORELOS",
        "18": "NAYARIT", "20": "OAXACA", "21": "PUEBLA", "23": "QUINTANA ROO", "24": "SAN LUIS POTOSÍ",
        "25": "SINALOA", "26": "SONORA", "27": "TABASCO", "28": "TAMAULIPAS", "29": "TLAXCALA",
        "30": "VERACRUZ DE IGNACIO DE LA LLAVE", "32": "ZACATECAS",
    }  # fmt: skip
    n = len(synth)
    return pd.DataFrame(
        {
            "CLUES": synth["clues"],
            "CLAVE DE LA ENTIDAD": synth["cve_ent"],
            "ENTIDAD": synth["cve_ent"].map(names).fillna(""),
            "CLAVE DEL MUNICIPIO": synth["cvegeo"].str.slice(2, 5),
            "MUNICIPIO": synth["municipio"].str.upper(),
            "CLAVE DE LA LOCALIDAD": ["9999"] * n,
            "LOCALIDAD": ["LOCALIDAD SINTÉTICA"] * n,
            "CLAVE DE TIPOLOGIA": ["A"] * n,
            "NOMBRE DE TIPOLOGIA": [SYNTHETIC_TIPOLOGIA] * n,
            "CLAVE DE SUBTIPOLOGIA": ["99"] * n,
            "NOMBRE DE SUBTIPOLOGIA": ["NO ESPECIFICADO"] * n,
            "NOMBRE DE LA UNIDAD": "CENTRO DE SALUD DEMOSTRACIÓN " + synth["clues"].str.slice(5),
            "NOMBRE COMERCIAL": ["UNIDAD SINTÉTICA (DEMOSTRACIÓN)"] * n,
            "ESTATUS DE OPERACION": ["EN OPERACION"] * n,
            "FECHA DE INICIO DE OPERACION": _start_text(synth, n),
            "NIVEL ATENCION": ["PRIMER NIVEL"] * n,
            "ESTRATO UNIDAD": ["RURAL"] * n,
            "LATITUD": synth["lat"].map(lambda v: f"{v:.6f}"),
            "LONGITUD": synth["lon"].map(lambda v: f"{v:.6f}"),
            "SINTETICA": ["1"] * n,
        },
        columns=CLUES_COLUMNS,
    )


def _start_text(synth: pd.DataFrame, n: int) -> list[str]:
    """FECHA DE INICIO DE OPERACION as the catalogue writes it (dd/mm/yyyy); 01/03/2024 when not planned."""
    if "inicio" not in synth:
        return ["01/03/2024"] * n
    return [pd.Timestamp(v).strftime("%d/%m/%Y") for v in synth["inicio"].to_numpy()]
