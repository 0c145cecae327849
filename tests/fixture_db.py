"""A small deterministic database (random.Random(42)) for page, query and browser tests; no ingest code needed."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import Engine, insert

from dashboard import aggregates, db
from dashboard.reference import MUNICIPALITIES_CSV, staffing_norm_frame, states_frame

START = date(2024, 1, 1)
END = date(2024, 9, 30)
# Guerrero, México, Tlaxcala have data; Ciudad de México is federalized without data; Yucatán is announced.
DATA_STATES = ("12", "15", "29")
EXTRA_MUNICIPALITY_STATES = ("09", "31", "01")
TIPOLOGIAS = (
    ("RURAL DE 01 NÚCLEO BÁSICO", "centro_salud", "PRIMER NIVEL"),
    ("URBANO DE 02 NÚCLEOS BÁSICOS", "centro_salud", "PRIMER NIVEL"),
    ("CENTRO DE SALUD CON HOSPITALIZACIÓN", "hospital", "SEGUNDO NIVEL"),
)
CANALES = ("modulo", "autorregistro", "cruce_bienestar")


def _municipalities() -> pd.DataFrame:
    pop = pd.read_csv(MUNICIPALITIES_CSV, dtype=str, keep_default_na=False)
    picked = pop[pop["cve_ent"].isin(DATA_STATES + EXTRA_MUNICIPALITY_STATES)].groupby("cve_ent").head(4)
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


def _units(muns: pd.DataFrame) -> list[dict[str, Any]]:
    rows = []
    for m in muns[muns["cve_ent"].isin(DATA_STATES)].itertuples():
        for k, (tipologia, tipo_red, nivel) in enumerate(TIPOLOGIAS):
            rows.append(
                {
                    "clues": f"FX{m.cvegeo}{k}",
                    "cve_ent": m.cve_ent,
                    "cvegeo": m.cvegeo,
                    "cvegeo_catalogo": m.cvegeo,
                    "nombre": f"{tipologia.title()} {m.nombre}",
                    "tipologia": tipologia,
                    "nivel_atencion": nivel,
                    "tipo_red": tipo_red,
                    "ubicacion": "ok",
                    "sintetica": False,
                    "lat": 19.0,
                    "lon": -99.0,
                }
            )
    return rows


def _days() -> list[date]:
    return [START + timedelta(days=i) for i in range((END - START).days + 1)]


def _registry(rng: random.Random, muns: pd.DataFrame) -> list[dict[str, Any]]:
    rows = []
    data = muns[muns["cve_ent"].isin(DATA_STATES)]
    for day in _days():
        for m in data.itertuples():
            for canal in CANALES:
                n = rng.randint(0, 40) * (3 if canal == "cruce_bienestar" else 1)
                rows.append(
                    {
                        "fecha": day,
                        "cvegeo": m.cvegeo,
                        "canal": canal,
                        "cve_ent": m.cve_ent,
                        "registrados": n,
                        "duplicados": n // 10,
                        "credenciales": n // 2,
                        "load_id": 1,
                    }
                )
    return rows


def _staffing(rng: random.Random, units: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for u in units[1:]:  # the first unit never gets a doctor
        for month in range(2, 10):
            day = date(2024, month, 1 + rng.randint(0, 20))
            for rol in ("medico_general", "enfermeria"):
                n = rng.randint(0, 2)
                if n:
                    rows.append(
                        {
                            "fecha": day,
                            "clues": u["clues"],
                            "rol": rol,
                            "cve_ent": u["cve_ent"],
                            "incorporados": n,
                            "basificados": rng.randint(0, n),
                            "load_id": 1,
                        }
                    )
    return rows


def _committees(rng: random.Random, units: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for i, u in enumerate(u for u in units if u["tipo_red"] == "centro_salud"):
        asamblea = date(2024, 2, 1) + timedelta(days=rng.randint(0, 60))
        installed = asamblea + timedelta(days=7) if i % 5 else None
        card = installed + timedelta(days=20) if installed and i % 4 else None
        rows.append(
            {
                "clues": u["clues"],
                "cve_ent": u["cve_ent"],
                "fecha_asamblea": asamblea,
                "fecha_instalacion": installed,
                "fecha_tarjeta": card,
                "presupuesto_asignado": 100_000 * (1 + i % 3),
                "load_id": 1,
            }
        )
    return rows


def _spending(com: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for i, c in enumerate(com):
        if not c["fecha_tarjeta"]:
            continue
        budget = c["presupuesto_asignado"]
        rows.append(_spend(c, c["fecha_tarjeta"], dispersado=budget, ejercido=0))
        if i % 3 == 0:
            continue  # dispersed, never spent
        share = budget if i % 3 == 1 else budget // 2
        rows.append(_spend(c, c["fecha_tarjeta"] + timedelta(days=30), dispersado=0, ejercido=share))
    return rows


def _spend(c: dict[str, Any], day: date, *, dispersado: int, ejercido: int) -> dict[str, Any]:
    return {
        "fecha": day,
        "clues": c["clues"],
        "cve_ent": c["cve_ent"],
        "dispersado": dispersado,
        "ejercido": ejercido,
        "load_id": 1,
    }


def _load_rows() -> list[dict[str, Any]]:
    """One successful load per fact dataset, so every aggregate is current after the rebuild."""
    return [{**_load_row(), "dataset": d} for d in ("registry", "staffing", "committees", "committee_spending")]


def _load_row() -> dict[str, Any]:
    return {
        "dataset": "registry",
        "archivo": "fixture",
        "sha256": "0" * 64,
        "filas": 1,
        "periodo_inicio": START,
        "periodo_fin": END,
        "iniciado": datetime(2024, 10, 1),
        "terminado": datetime(2024, 10, 1),
        "resultado": "correcta",
        "demo": True,
    }


def build_fixture(engine: Engine) -> Engine:
    """Create the schema and fill every table with a few states' worth of rows."""
    rng = random.Random(42)
    db.create_schema(engine)
    muns = _municipalities()
    units = _units(muns)
    com = _committees(rng, units)
    tables: list[tuple[Any, Any]] = [
        (db.states, states_frame().to_dict("records")),
        (db.municipalities, muns.to_dict("records")),
        (db.staffing_norm, staffing_norm_frame().to_dict("records")),
        (db.units, units),
        (db.registry, _registry(rng, muns)),
        (db.staffing, _staffing(rng, units)),
        (db.committees, com),
        (db.committee_spending, _spending(com)),
        (db.loads, _load_rows()),
    ]
    with engine.begin() as conn:
        for table, rows in tables:
            conn.execute(insert(table), [_clean(r) for r in rows])
    aggregates.rebuild(engine)  # as the loader would have: pages read the aggregates
    return engine


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.date() if isinstance(v, pd.Timestamp) else (None if v is pd.NaT else v)) for k, v in row.items()}
