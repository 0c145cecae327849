"""Cifras publicadas: each bulletin figure beside the dashboard's value at its date and scope, and known differences."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard import fmt, runtime
from dashboard.export import sentences as s
from dashboard.queries.published import check_published, known_differences, published_figures
from layouts.common import page_title

STATUS = {
    "coincide": ("Coincide", "success"),
    "difiere": ("Difiere", "danger"),
    "diferencia_conocida": ("Diferencia conocida", "warning"),
    "sin_dato": ("Sin dato", "secondary"),
}


class Ids:
    """Ids of the published-figures page."""

    SUMMARY = "boletines-resumen"
    GROUPS = "boletines-grupos"
    KNOWN = "boletines-diferencias"


def _value(x: Any, unit: str) -> str:
    if x is None or pd.isna(x):
        return "—"
    if unit == "MXN":
        return s.monto(float(x))
    if unit == "percent":
        return fmt.porcentaje(float(x))
    return fmt.numero(float(x))


def _range(row: pd.Series, unit: str) -> str:
    if row["low"] == row["high"]:
        return "exacta"
    return f"{_value(row['low'], unit)} a {_value(row['high'], unit)}"


def table(frame: pd.DataFrame) -> dbc.Table:
    head = html.Thead(html.Tr([html.Th(h) for h in
                               ("Clave", "Cifra", "Alcance", "Publicado", "Intervalo del redondeo", "Tablero",
                                "Situación", "Diferencia", "Nota")]))  # fmt: skip
    rows = []
    for _, r in frame.iterrows():
        label, color = STATUS[r["status"]]
        rows.append(
            html.Tr(
                [html.Td(r["fact_id"]), html.Td(r["label_es"]), html.Td(r["scope"]),
                 html.Td(_value(r["published"], r["unit"])), html.Td(_range(r, r["unit"]), className="small"),
                 html.Td(_value(r["dashboard"], r["unit"])), html.Td(dbc.Badge(label, color=color)),
                 html.Td(_value(r["difference"], r["unit"])), html.Td(r["note_es"], className="small")],
                **{"data-status": r["status"], "data-fact": r["fact_id"]},
            )
        )  # fmt: skip
    return dbc.Table([head, html.Tbody(rows)], size="sm", striped=True, responsive=True, className="boletines-tabla")


def rows() -> pd.DataFrame:
    """check_published with each figure's bulletin and unit."""
    checked = check_published(runtime.engine())
    figs = published_figures()[["fact_id", "source", "unit"]]
    out = checked.merge(figs, on="fact_id", how="left")
    out["boletin"] = out["source"].str.replace(r"^\S+\.txt \((.*)\)$", r"\1", regex=True)
    return out


def groups(frame: pd.DataFrame) -> list[Any]:
    out = []
    for boletin, part in frame.groupby("boletin", sort=False):
        dates = sorted({fmt.fecha_larga(d) for d in part["as_of"] if d is not None and not pd.isna(d)})
        when = ("cifras al " + ", ".join(dates)) if dates else "cifras sin fecha"
        out.append(html.Section([html.H2(str(boletin), className="h5 mt-4"),
                                 html.P(when, className="text-body-secondary small mb-1"), table(part)]))  # fmt: skip
    return out


def summary(frame: pd.DataFrame) -> html.P:
    counts = frame["status"].value_counts()
    parts = [f"{int(counts.get(k, 0))} {label.lower()}" for k, (label, _) in STATUS.items()]
    return html.P(f"{len(frame)} cifras publicadas: " + ", ".join(parts) + ".", id=Ids.SUMMARY)


def known() -> html.Section:
    items = [
        html.Li([html.Strong(r["title_es"]), f" ({r['fact_ids'].replace(';', ', ')}): ", r["explanation_es"]])
        for _, r in known_differences().iterrows()
    ]
    return html.Section(
        [html.H2("Inconsistencias entre boletines y diferencias conocidas", className="h5 mt-4"), html.Ul(items)],
        id=Ids.KNOWN,
    )


def layout(**_: Any) -> html.Div:
    """/boletines: every published figure beside the dashboard, grouped by bulletin."""
    frame = rows()
    return html.Div(
        [
            page_title("Cifras publicadas", "Cada cifra de los boletines frente al tablero a la misma fecha y alcance"),
            summary(frame),
            known(),
            html.Div(groups(frame), id=Ids.GROUPS),
        ]
    )


def skeleton() -> html.Div:
    """Every id of the page, without data (validation layout)."""
    return html.Div([html.P(id=Ids.SUMMARY), html.Section(id=Ids.KNOWN), html.Div(id=Ids.GROUPS)])
