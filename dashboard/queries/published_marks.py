"""Bulletin figures to mark on the dashboard's series and KPIs (datasets/reference/published_figures.csv)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

CSV = Path(__file__).resolve().parents[2] / "datasets" / "reference" / "published_figures.csv"

# bulletin metric -> dashboard metric (only cumulative figures that measure the same thing)
METRIC_MAP = {
    "persons_registered": "personas_registradas",
    "registered_channel_enrollment_module": "registros_modulo",
    "registered_channel_online_self_registration": "registros_autorregistro",
    "registered_channel_welfare_database_crossmatch": "registros_cruce_bienestar",
    "staff_basified": "basificados",
    "community_assemblies_held": "asambleas",
    "committees_installed": "comites_instalados",
    "bank_cards_delivered_to_committees": "tarjetas_entregadas",
    "bank_cards_dispersed": "tarjetas_entregadas",
    "card_delivery_progress": "tarjetas_pct",
    "cards_with_movement": "comites_con_gasto",
    "committees_that_used_budget": "comites_con_gasto",
    "amount_withdrawn_or_spent_mxn": "monto_ejercido",
    "amount_spent_mxn": "monto_ejercido",
    "amount_dispersed_mxn": "monto_dispersado",
    "amount_spent_share": "ejercido_pct",
}


@cache
def published_marks() -> pd.DataFrame:
    """Every dated figure mapped to a dashboard metric; cve_ent '' for national figures."""
    raw = pd.read_csv(CSV, dtype=str, keep_default_na=False)
    raw = raw[raw["metric"].isin(METRIC_MAP) & (raw["as_of"] != "")]
    return pd.DataFrame(
        {
            "metrica": raw["metric"].map(METRIC_MAP),
            "fecha": pd.to_datetime(raw["as_of"], format="%Y-%m-%d"),
            "cve_ent": raw["cve_ent"].astype(str),
            "valor": pd.to_numeric(raw["value"]),
            "aproximada": raw["approximate"] == "yes",
            "fuente": raw["source"].str.replace(r"^\S+\.txt \((.*)\)$", r"\1", regex=True),
        }
    ).reset_index(drop=True)


def published_for(metric: str, cve_ent: str = "") -> pd.DataFrame:
    """Published figures of one metric, national ('') or of one state, oldest first."""
    pub = published_marks()
    return pub[(pub["metrica"] == metric) & (pub["cve_ent"] == cve_ent)].sort_values("fecha")
