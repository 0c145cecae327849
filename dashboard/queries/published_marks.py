"""Bulletin figures to mark on the dashboard's series, funnels and KPIs (datasets/reference/published_figures.csv)."""

from __future__ import annotations

from datetime import date
from functools import cache

import pandas as pd

from dashboard import fmt

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
# bulletin metric -> how a KPI card or a page says it ({v} value, {t} total, {p} value / total)
PHRASES = {
    "persons_registered": "{v} personas registradas",
    "community_assemblies_held": "{v} de {t} asambleas realizadas",
    "committees_installed": "{v} de {t} comités instalados",
    "bank_cards_delivered_to_committees": "{v} tarjetas entregadas a {t} comités ({p})",
    "card_delivery_progress": "{v} de avance en la entrega de tarjetas",
    "cards_with_movement": "{v} comités con retiros o compras",
    "bank_cards_dispersed": "{v} tarjetas entregadas desde abril",
    "committees_that_used_budget": "{v} de {t} comités ejercieron recursos ({p})",
    "states_with_100pct_budget_used": "{v} de {t} estados con el 100 % ejercido",
    "amount_withdrawn_or_spent_mxn": "{v} retirados o ejercidos",
    "amount_dispersed_mxn": "{v} dispersados",
    "amount_spent_mxn": "{v} ejercidos",
    "amount_spent_share": "{v} de lo dispersado",
    "general_practitioners_hired": "{v} médicos generales incorporados",
    "health_centers_receiving_new_doctors": "en {v} centros de salud",
    "staff_basified": "{v} trabajadores basificados",
    "amount_distributed_mxn": "{v} distribuidos",
}


@cache
def _figures() -> pd.DataFrame:
    from dashboard.queries.published import published_figures  # the one reader of the CSV

    return published_figures()


@cache
def published_marks() -> pd.DataFrame:
    """Every dated figure mapped to a dashboard metric; cve_ent '' for national figures."""
    raw = _figures()
    raw = raw[raw["metric"].isin(METRIC_MAP) & raw["as_of"].notna()]
    return pd.DataFrame(
        {
            "fact_id": raw["fact_id"],
            "metrica": raw["metric"].map(METRIC_MAP),
            "fecha": pd.to_datetime(raw["as_of"]),
            "cve_ent": raw["cve_ent"].astype(str),
            "valor": raw["value"].astype(float),
            "total": raw["of_total"].astype(float),
            "aproximada": raw["approximate"],
            "fuente": raw["bulletin_es"],
        }
    ).reset_index(drop=True)


def published_for(metric: str, cve_ent: str = "") -> pd.DataFrame:
    """Published figures of one metric, national ('') or of one state, oldest first."""
    pub = published_marks()
    return pub[(pub["metrica"] == metric) & (pub["cve_ent"] == cve_ent)].sort_values("fecha")


def printed(value: float, unit: str) -> str:
    """A figure as the bulletin prints it: pesos in words, a percentage with its printed decimals, counts."""
    if unit == "MXN":
        return fmt.monto(value)
    if unit == "percent":
        return fmt.porcentaje(value, 0 if float(value).is_integer() else 1)
    return fmt.numero(value)


def phrases_on(fecha: date, metrics: tuple[str, ...], cve_ent: str = "") -> list[tuple[str, str]]:
    """(bulletin, phrase) for each figure of these bulletin metrics published for that date and scope."""
    figs = _figures()
    hit = figs[(figs["as_of"] == fecha) & (figs["cve_ent"] == cve_ent) & figs["metric"].isin(metrics)]
    out = []
    for _, f in hit.iterrows():
        total = None if pd.isna(f["of_total"]) else float(f["of_total"])
        share = fmt.porcentaje(100 * f["value"] / total) if total else ""
        text = PHRASES[f["metric"]].format(
            v=printed(f["value"], f["unit"]), t="" if total is None else printed(total, f["unit"]), p=share
        )
        out.append((str(f["bulletin_es"]), text))
    return out
