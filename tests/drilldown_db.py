"""A small deterministic database for the drill-down pages (Oaxaca and Chiapas units at real points)."""

from __future__ import annotations

import json
import random
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd
from shapely.geometry import shape
from sqlalchemy import Engine, insert

import geodata
from dashboard import aggregates, db
from dashboard.reference import MUNICIPALITIES_CSV, staffing_norm_frame, states_frame

END = date(2024, 9, 30)
STATE = "20"  # Oaxaca: all 570 municipalities, units in the first ten plus Oaxaca de Juárez
MUNICIPIO = "20067"  # Oaxaca de Juárez
OTHER_STATE = "07"
SYNTHETIC = "DEMO-20-00001"
NO_COORDS = "OCIMB900001"
TIPOLOGIAS = (
    ("RURAL DE 01 NÚCLEO BÁSICO", "centro_salud", "PRIMER NIVEL"),
    ("URBANO DE 02 NÚCLEOS BÁSICOS", "centro_salud", "PRIMER NIVEL"),
    ("HOSPITAL GENERAL", "hospital", "SEGUNDO NIVEL"),
)


def _municipalities() -> pd.DataFrame:
    pop = pd.read_csv(MUNICIPALITIES_CSV, dtype=str, keep_default_na=False)
    picked = pop[pop["cve_ent"].isin([STATE, OTHER_STATE])]
    geo = {
        f["properties"]["cvegeo"] for s in (STATE, OTHER_STATE) for f in geodata.municipalities_of_state(s)["features"]
    }
    picked = picked[picked["cvegeo"].isin(geo)]
    return pd.DataFrame(
        {
            "cvegeo": picked["cvegeo"],
            "cve_ent": picked["cve_ent"],
            "cve_mun": picked["cve_mun"],
            "nombre": picked["nombre_municipio"],
            "pobtot": pd.to_numeric(picked["pobtot"]),
            "psinder": pd.to_numeric(picked["psinder"]),
            "pob_sin_seguridad": pd.to_numeric(picked["psinder"]) + pd.to_numeric(picked["pder_segp"]),
            "en_geometria": True,
        }
    )


def _points() -> dict[str, tuple[float, float]]:
    out = {}
    for s in (STATE, OTHER_STATE):
        for f in geodata.municipalities_of_state(s)["features"]:
            p = shape(f["geometry"]).representative_point()
            out[f["properties"]["cvegeo"]] = (round(p.y, 5), round(p.x, 5))
    return out


def unit_rows(muns: pd.DataFrame) -> list[dict[str, Any]]:
    """Three units in each chosen municipality, plus a synthetic one and one without coordinates."""
    points = _points()
    chosen = [*sorted(muns[muns["cve_ent"] == STATE]["cvegeo"])[:10], MUNICIPIO, "07101"]
    names = dict(zip(muns["cvegeo"], muns["nombre"], strict=True))
    rows = []
    for n, cvegeo in enumerate(chosen):
        lat, lon = points[cvegeo]
        for k, (tipologia, red, nivel) in enumerate(TIPOLOGIAS):
            prefix = "OC" if cvegeo[:2] == STATE else "CS"
            rows.append(
                _unit(
                    f"{prefix}IMB{n:04d}{k}",
                    cvegeo,
                    f"{tipologia.title()} {names[cvegeo]}",
                    tipologia,
                    red,
                    nivel,
                    lat,
                    lon,
                )
            )
    extra = _unit(
        SYNTHETIC,
        MUNICIPIO,
        "Centro De Salud Demostración 00001",
        TIPOLOGIAS[0][0],
        "centro_salud",
        "PRIMER NIVEL",
        *points[MUNICIPIO],
    )
    extra["sintetica"] = True
    nowhere = _unit(
        NO_COORDS, MUNICIPIO, "Unidad Sin Coordenadas", TIPOLOGIAS[0][0], "centro_salud", "PRIMER NIVEL", None, None
    )
    nowhere["ubicacion"] = "sin_coordenadas"
    return [*rows, extra, nowhere]


def _unit(
    clues: str, cvegeo: str, nombre: str, tipologia: str, red: str, nivel: str, lat: Any, lon: Any
) -> dict[str, Any]:
    return {
        "clues": clues,
        "cve_ent": cvegeo[:2],
        "cvegeo": cvegeo,
        "cvegeo_catalogo": cvegeo,
        "localidad": "CABECERA",
        "nombre": nombre,
        "tipologia": tipologia,
        "nivel_atencion": nivel,
        "estatus": "EN OPERACION",
        "tipo_red": red,
        "ubicacion": "ok",
        "sintetica": False,
        "lat": lat,
        "lon": lon,
    }


def _activity(rng: random.Random, units: list[dict[str, Any]]) -> dict[Any, list[dict[str, Any]]]:
    com, spend, staff = [], [], []
    for i, u in enumerate(units):
        if u["tipo_red"] != "centro_salud":
            continue
        asamblea = date(2024, 2, 1) + timedelta(days=rng.randint(0, 60))
        installed = asamblea + timedelta(days=7) if i % 5 else None
        card = installed + timedelta(days=20) if installed and i % 4 else None
        budget = 100_000 * (1 + i % 3)
        com.append(
            dict(
                clues=u["clues"],
                cve_ent=u["cve_ent"],
                fecha_asamblea=asamblea,
                fecha_instalacion=installed,
                fecha_tarjeta=card,
                presupuesto_asignado=budget,
                load_id=1,
            )
        )
        if card:
            spend.append(
                dict(fecha=card, clues=u["clues"], cve_ent=u["cve_ent"], dispersado=budget, ejercido=0, load_id=1)
            )
            if i % 3:
                share = budget if i % 3 == 1 else budget // 2
                spend.append(
                    dict(
                        fecha=card + timedelta(days=30),
                        clues=u["clues"],
                        cve_ent=u["cve_ent"],
                        dispersado=0,
                        ejercido=share,
                        load_id=1,
                    )
                )
        if i % 4:
            for rol in ("medico_general", "enfermeria"):
                staff.append(
                    dict(
                        fecha=date(2024, 3, 1 + i % 20),
                        clues=u["clues"],
                        rol=rol,
                        cve_ent=u["cve_ent"],
                        incorporados=1 + i % 2,
                        basificados=0,
                        load_id=1,
                    )
                )
    return {db.committees: com, db.committee_spending: spend, db.staffing: staff}


def _registry(muns: pd.DataFrame) -> list[dict[str, Any]]:
    rows = []
    for j, m in enumerate(muns[muns["cve_ent"] == STATE].itertuples()):
        if j % 3 == 0:
            continue  # some municipalities without registry data
        rows.append(
            dict(
                fecha=date(2024, 6, 1),
                cvegeo=m.cvegeo,
                canal="modulo",
                cve_ent=STATE,
                registrados=50 + j,
                duplicados=1,
                credenciales=10,
                load_id=1,
            )
        )
    return rows


def _loads() -> list[dict[str, Any]]:
    base = dict(
        sha256="ab" * 32,
        periodo_inicio=date(2024, 1, 1),
        periodo_fin=END,
        estados=STATE,
        iniciado=datetime(2024, 10, 1, 9),
        terminado=datetime(2024, 10, 1, 9, 5),
        demo=True,
    )
    problems = json.dumps([{"fila": 3, "columna": "cvegeo", "mensaje": "municipio desconocido 99999"}])
    return [
        {
            **base,
            "dataset": d,
            "archivo": f"{d}_2024.csv",
            "filas": 100,
            "resultado": "correcta",
            "problemas": None,
            "demo": False,
        }
        for d in ("registry", "staffing", "committees", "committee_spending")
    ] + [
        {
            **base,
            "dataset": "registry",
            "archivo": "registro_malo.csv",
            "filas": 0,
            "resultado": "rechazada",
            "problemas": problems,
        }
    ]


def build(engine: Engine) -> Engine:
    """Create the schema and fill it (rng seeded with 42)."""
    rng = random.Random(42)
    db.create_schema(engine)
    muns = _municipalities()
    units = unit_rows(muns)
    tables: list[tuple[Any, list[dict[str, Any]]]] = [
        (db.states, states_frame().to_dict("records")),
        (db.municipalities, muns.to_dict("records")),
        (db.staffing_norm, staffing_norm_frame().to_dict("records")),
        (db.units, units),
        (db.registry, _registry(muns)),
        *_activity(rng, units).items(),
        (db.loads, _loads()),
    ]
    with engine.begin() as conn:
        for table, rows in tables:
            if rows:
                conn.execute(insert(table), [_clean(r) for r in rows])
    aggregates.rebuild(engine)  # as the loader would have: pages read the aggregates
    return engine


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.date() if isinstance(v, pd.Timestamp) else (None if v is pd.NaT else v)) for k, v in row.items()}
