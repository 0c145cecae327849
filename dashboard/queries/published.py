"""The bulletins' published figures next to what the database gives at the same date and scope."""

from __future__ import annotations

import math
import re
from datetime import date
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from dashboard import fmt
from dashboard.queries.published_values import CUBE, NO_DATA, dashboard_total, dashboard_value
from dashboard.queries.snapshot import state_cube

__all__ = ["CUBE", "bulletin_interval", "check_published", "known_differences", "published_figures"]

REFERENCE = Path(__file__).resolve().parent.parent.parent / "datasets" / "reference"
FIGURES_CSV = REFERENCE / "published_figures.csv"
KNOWN_CSV = REFERENCE / "known_differences.csv"
INCONSISTENCIES_CSV = REFERENCE / "bulletin_inconsistencies.csv"
BULLETINS_DIR = REFERENCE / "bulletins"
STATUSES = ("coincide", "difiere", "diferencia_conocida", "sin_dato")
INTEGER_UNITS = {
    "persons", "units", "municipalities", "doctors", "assemblies", "committees", "cards", "MXN", "states", "flag",
}  # fmt: skip
COLUMNS = [
    "fact_id", "as_of", "scope", "metric", "label_es", "unit", "published", "of_total", "low", "high", "dashboard",
    "dashboard_total", "status", "difference", "note_es", "notes",
]  # fmt: skip

LABELS = {
    "persons_registered": "Personas registradas",
    "registered_channel_enrollment_module": "Registros en módulos de afiliación",
    "registered_channel_online_self_registration": "Autorregistro en línea",
    "registered_channel_welfare_database_crossmatch": "Registros por cruce con Programas de Bienestar",
    "target_population_without_social_security": "Población objetivo sin seguridad social",
    "target_share_of_uninsured_population": "Porcentaje de la población sin seguridad social cubierta",
    "population_without_social_security": "Población sin seguridad social",
    "hospitals": "Hospitales en la red",
    "health_centers_first_level": "Centros de salud de primer nivel",
    "units_to_transfer": "Unidades de salud por transferir (en operación)",
    "municipalities": "Municipios",
    "general_practitioners_hired": "Médicos generales incorporados ese día",
    "health_centers_receiving_new_doctors": "Centros de salud que recibieron médicos",
    "doctor_applicants": "Aspirantes a plazas de médico",
    "staff_basified": "Personal basificado",
    "community_assemblies_held": "Asambleas comunitarias realizadas, de las previstas",
    "committees_installed": "Comités instalados, de los previstos",
    "bank_cards_delivered_to_committees": "Tarjetas bancarias entregadas, de los comités previstos",
    "card_delivery_progress": "Avance de entrega de tarjetas (% de los comités previstos)",
    "cards_with_movement": "Comités con retiros o compras",
    "amount_withdrawn_or_spent_mxn": "Monto retirado o ejercido (pesos)",
    "bank_cards_dispersed": "Tarjetas bancarias entregadas a comités (de abril a la fecha)",
    "amount_dispersed_mxn": "Monto dispersado (pesos)",
    "amount_spent_mxn": "Monto ejercido, del dispersado (pesos)",
    "amount_spent_share": "Porcentaje ejercido del monto dispersado",
    "committees_that_used_budget": "Comités que ejercieron recursos, de los previstos",
    "states_with_100pct_budget_used": "Estados con el 100 % ejercido, de los que recibieron recursos",
    "amount_distributed_mxn": "Monto distribuido en el estado (pesos)",
    "states_federalized": "Estados federalizados",
    "state_joining_announced": "Adhesión anunciada",
    "months_since_joining": "Meses desde la adhesión",
}
_WHEN_ES = {"before March 2024": "anterior a marzo de 2024", "early May 2024": "principios de mayo de 2024"}


def published_figures() -> pd.DataFrame:
    """The 54 published figures (cve_ent a 2-character string), with their bulletin's file and Spanish name."""
    frame = pd.read_csv(FIGURES_CSV, dtype={"cve_ent": str}, keep_default_na=False)
    for col in ("value", "of_total"):
        frame[col] = pd.to_numeric(frame[col].replace("", None), errors="coerce")
    days = pd.to_datetime(frame["as_of"].replace("", None))
    frame["as_of"] = pd.Series([None if pd.isna(d) else d.date() for d in days], index=frame.index, dtype=object)
    frame["approximate"] = frame["approximate"].str.lower().eq("yes")
    frame["bulletin"] = frame["source"].str.extract(r"^(\S+\.txt)", expand=False)
    frame["bulletin_es"] = frame["source"].map(bulletin_label)
    return frame


def bulletin_label(source: str) -> str:
    """'000_….txt (Boletín IMSS 331/2024, 2024-07-02)' -> 'Boletín IMSS 331/2024, 2 de julio de 2024'."""
    label = re.sub(r"^\S+\.txt \((.*)\)$", r"\1", str(source))
    label = re.sub(r"undated, (.+)$", lambda m: f"sin fecha ({_WHEN_ES.get(m.group(1), m.group(1))})", label)
    return re.sub(r"\b(\d{4}-\d{2}-\d{2})\b", lambda m: fmt.fecha_larga(m.group(1)), label)


@cache
def published_count() -> int:
    return len(published_figures())


def differing_figures() -> list[str]:
    """Fact ids the data do not reproduce, each explained by a `diferencia` row of known_differences.csv."""
    rows = _known()[_known()["tipo"] == "diferencia"]
    return [f.strip() for ids in rows["fact_ids"] for f in ids.split(";")]


@cache
def _known() -> pd.DataFrame:
    return pd.read_csv(KNOWN_CSV, dtype=str, keep_default_na=False)


def known_differences() -> pd.DataFrame:
    """The dashboard's readings and differences (id, fact_ids, tipo, title_es, explanation_es)."""
    return _known().copy()


@cache
def _inconsistencies() -> pd.DataFrame:
    return pd.read_csv(INCONSISTENCIES_CSV, dtype=str, keep_default_na=False)


def bulletin_inconsistencies() -> pd.DataFrame:
    """Where the bulletins contradict each other or themselves (id, fact_ids, title_es, explanation_es)."""
    return _inconsistencies().copy()


@cache
def bulletin_text(name: str) -> str:
    """One file of datasets/reference/bulletins as Markdown: blank-line runs collapsed, line breaks kept."""
    text = (BULLETINS_DIR / Path(name).name).read_text(encoding="utf-8")
    text = re.sub(r"\[bookmark: [^\]]*\]", "", text)
    text = re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", text).strip()
    return re.sub(r"(?<=\S)[ \t]*\n(?=[^\n])", "  \n", text)  # one line break stays one (Markdown hard break)


def bulletin_interval(value: float, approximate: bool, unit: str) -> tuple[float, float]:
    """The values a printed figure stands for: [low, high] for counts and pesos, [low, high) otherwise."""
    if unit in INTEGER_UNITS and not approximate and unit != "MXN":
        return float(value), float(value)
    if unit in INTEGER_UNITS:
        scale = 1e6 if abs(value) >= 1e6 else 1e3 if abs(value) >= 1e3 else 1.0
        step = scale * 10.0 ** -_decimals(value / scale)
        if step <= 1:
            return float(value), float(value)
        return value - step / 2, value + step / 2 - 1
    step = 10.0 ** -_decimals(value)
    return value - step / 2, value + step / 2


def inside(value: float, low: float, high: float, unit: str) -> bool:
    """Whether a value rounds to the printed figure (89.5 % does not round to 89 %)."""
    return low <= value <= high if unit in INTEGER_UNITS else low <= value < high


def _decimals(x: float) -> int:
    for d in range(4):
        if math.isclose(round(x, d), x, abs_tol=1e-9):
            return d
    return 4


def _reachable(last: date | None, row: pd.Series) -> bool:
    fecha = row["as_of"]
    return row["dataset"] in ("population", "units", "federalization") or (
        last is not None and fecha is not None and fecha <= last
    )


def _notes_by_fact() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for frame in (_known(), _inconsistencies()):
        for _, r in frame.iterrows():
            for fid in r["fact_ids"].split(";"):
                out.setdefault(fid.strip(), []).append(r["id"])
    return out


def check_published(engine: Engine) -> pd.DataFrame:
    """One row per published figure: interval, dashboard value and total, status, note and note ids."""
    cube = state_cube(engine)
    notes = _notes_by_fact()
    rows = []
    for _, f in published_figures().iterrows():
        low, high = bulletin_interval(float(f["value"]), bool(f["approximate"]), f["unit"])
        ok = _reachable(cube.last_date(), f)
        value = dashboard_value(engine, cube, f) if ok else None
        total = dashboard_total(engine, cube, f) if ok else None
        status, note = _status(f, value, total, low, high)
        rows.append(
            {
                "fact_id": f["fact_id"], "as_of": f["as_of"], "metric": f["metric"], "unit": f["unit"],
                "scope": "Nacional" if not f["cve_ent"] else f["state"], "label_es": LABELS.get(f["metric"], f["metric"]),
                "published": float(f["value"]), "of_total": f["of_total"], "low": low, "high": high,
                "dashboard": np.nan if value is None else value, "dashboard_total": np.nan if total is None else total,
                "status": status, "difference": np.nan if value is None else value - float(f["value"]),
                "note_es": note, "notes": ";".join(notes.get(f["fact_id"], [])),
            }
        )  # fmt: skip
    return pd.DataFrame(rows, columns=COLUMNS)


def _explanation(fact_id: str) -> str:
    known = _known()
    named = known["fact_ids"].str.split(";").map(lambda ids: fact_id in ids)
    hit = known[(known["tipo"] == "diferencia") & named]
    return "" if hit.empty else str(hit.iloc[0]["explanation_es"])


def _status(f: pd.Series, value: float | None, total: float | None, low: float, high: float) -> tuple[str, str]:
    explanation = _explanation(f["fact_id"])
    if value is None:
        return "sin_dato", NO_DATA.get(f["metric"]) or explanation or "La fecha de la cifra es posterior a los datos."
    total_ok = True
    if not pd.isna(f["of_total"]):
        t_low, t_high = bulletin_interval(float(f["of_total"]), bool(f["approximate"]), f["unit"])
        total_ok = total is not None and inside(total, t_low, t_high, f["unit"])
    if inside(value, low, high, f["unit"]) and total_ok:
        return "coincide", ""
    if explanation:
        return "diferencia_conocida", explanation
    if not total_ok:
        return "difiere", f"El total del tablero es {fmt.numero(total)} frente a {fmt.numero(f['of_total'])} publicado."
    return "difiere", f"El tablero da {fmt.numero(value)} frente a {fmt.numero(f['value'])} publicado."
