"""Warnings before an export: figures in the chart that differ from ones already published for that date and scope."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Engine

from dashboard.export import sentences as s
from dashboard.export.presets import PRESETS
from dashboard.queries import published
from dashboard.queries.metrics import ALL

WARN = ("difiere", "diferencia_conocida")
STATE_DRAWN = ("mapa-nacional", "ranking-estatal")  # national charts that draw every state's value
WHOLE_SERIES = ("serie-nacional",)  # draws every day up to the cut-off, so earlier bulletins count too


def chart_metrics(preset: str, metrica: str | None) -> set[str]:
    """Dashboard metrics a preset draws (a percentage brings its numerator and denominator)."""
    from dashboard.export import builders

    if preset == "canales-registro":
        return {*builders.CHANNELS, "personas_registradas"}
    if preset == "embudo-comites":
        return set(builders.FUNNEL)
    spec = PRESETS[preset]
    key = metrica if metrica in spec.metrics else spec.metrics[0]
    m = ALL[key]
    return {key, *(k for k in (m.num, m.den) if k)}


def _figure(value: float, unit: str) -> str:
    if unit == "MXN":
        return s.monto(value)
    if unit == "percent":
        return s.por_ciento(value)
    return s.cifra(value)


def conflicts_for(
    preset: str, fecha: date, estado: str | None, engine: Engine, *, metrica: str | None = None
) -> list[str]:
    """Spanish warnings, one per published figure of the chart's date, scope and metrics that the data contradicts."""
    if preset not in PRESETS:
        return []
    metrics = chart_metrics(preset, metrica)
    figs = published.published_figures().set_index("fact_id")
    checked = published.check_published(engine)
    out = []
    for _, row in checked[checked["status"].isin(WARN)].iterrows():
        f = figs.loc[row["fact_id"]]
        if published.CUBE.get(row["metric"]) not in metrics or pd.isna(row["as_of"]):
            continue
        when = row["as_of"] <= fecha if preset in WHOLE_SERIES else row["as_of"] == fecha
        cve = str(f["cve_ent"] or "")
        where = (preset in STATE_DRAWN or cve == "") if estado is None else cve == estado
        if when and where:
            out.append(_message(row, f))
    return out


def _message(row: pd.Series, f: pd.Series) -> str:
    unit = str(f["unit"])
    pub, dash = _figure(float(row["published"]), unit), _figure(float(row["dashboard"]), unit)
    text = (
        f"{row['fact_id']} ({f['source'].split('(', 1)[-1].rstrip(')')}): {row['label_es']}, {row['scope']}, "
        f"al {row['as_of']:%d/%m/%Y}: publicado {pub}; este gráfico muestra {dash}."
    )
    if row["status"] == "diferencia_conocida" and row["note_es"]:
        text += f" Diferencia conocida: {row['note_es']}"
    return text
