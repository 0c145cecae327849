"""Cifras publicadas: each bulletin figure beside the dashboard's value and total at its date and scope, the
bulletins' inconsistencies, the dashboard's readings and known differences, and the bulletins' texts."""

from __future__ import annotations

from datetime import date
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import fmt, runtime
from dashboard.export.sentences import lista
from dashboard.queries import published as pub
from layouts.common import page_title

STATUS = {
    "coincide": ("Coincide", "success"),
    "difiere": ("Difiere", "danger"),
    "diferencia_conocida": ("Diferencia conocida", "warning"),
    "sin_dato": ("Sin dato", "secondary"),
}
COUNTED = {"coincide": "coinciden", "difiere": "difieren", "diferencia_conocida": "diferencias conocidas",
           "sin_dato": "sin dato"}  # fmt: skip
HEADERS = ("Clave", "Cifra", "Alcance", "Publicado", "Intervalo del redondeo", "Tablero", "Situación", "Diferencia",
           "Notas")  # fmt: skip
WIDE_ONLY = {"Intervalo del redondeo", "Diferencia"}  # hidden on phones (the status says it)
HOW_TO_READ = (
    "Publicado: la cifra como la imprime el boletín y, si la da, su total («11,427 de 11,692»). Intervalo: los "
    "valores que se redondean a la cifra impresa («9.5 millones» = de 9,450,000 a 9,549,999; «89 %» = de 88.5 % "
    "a menos de 89.5 %). Coincide: el valor del tablero y su total caen en el intervalo de la cifra y del total "
    "publicados, a la fecha y en el alcance de la cifra."
)


class Ids:
    """Ids of the published-figures page."""

    SUMMARY = "boletines-resumen"
    GROUPS = "boletines-grupos"
    KNOWN = "boletines-diferencias"
    INCONSISTENCIES = "boletines-inconsistencias"


def number(x: Any, unit: str, exact: bool = False, approximate: bool = False) -> str:
    """A figure in its unit: as the bulletin prints it ('9.5 millones', 'mil 162 millones de pesos', '89 %'),
    or exact (to the peso, two decimals of a percentage) for the dashboard's side."""
    if x is None or pd.isna(x):
        return "—"
    v = float(x)
    if unit == "MXN":
        return fmt.pesos(v) if exact else fmt.monto(v)
    if unit == "percent":
        return fmt.porcentaje(v, 2 if exact else decimals(v))
    if unit == "months":
        return f"{fmt.numero(v, 1 if exact else decimals(v))} meses"
    if unit == "flag":
        return "sí" if v >= 0.5 else "no"
    return fmt.compacto(v) if approximate else fmt.numero(v)


def decimals(v: float) -> int:
    """Decimals a figure is printed with (97.7 -> 1, 89 -> 0, 3.95 -> 2)."""
    return next(d for d in range(4) if round(v, d) == round(v, 6))


def interval(row: pd.Series) -> str:
    """'exacta', '$1,161,500,000 a $1,162,499,999' or 'de 88.5 % a menos de 89.5 %'."""
    unit, low, high = row["unit"], row["low"], row["high"]
    if low == high:
        return "exacta"
    if unit in pub.INTEGER_UNITS:
        return f"{number(low, unit, True)} a {number(high, unit, True)}"
    d = decimals(float(row["published"])) + 1
    suffix = " %" if unit == "percent" else " meses" if unit == "months" else ""
    return f"de {fmt.numero(low, d)}{suffix} a menos de {fmt.numero(high, d)}{suffix}"


def with_total(value: Any, total: Any, unit: str, exact: bool, approximate: bool = False) -> str:
    text = number(value, unit, exact, approximate)
    return text if total is None or pd.isna(total) else f"{text} de {number(total, unit, exact, approximate)}"


def difference(row: pd.Series) -> str:
    """Dashboard minus published, in the unit's precision ('0', '+0.48 puntos', '−0.1 meses')."""
    unit, d = row["unit"], row["difference"]
    if d is None or pd.isna(d):
        return "—"
    if unit == "percent":
        return fmt.signo(d, 2, " puntos")
    if unit == "months":
        return fmt.signo(d, 1, " meses")
    return fmt.signo(d, 0, " pesos" if unit == "MXN" else "")


def notes(row: pd.Series) -> list[Any]:
    links: list[Any] = []
    for ref in filter(None, row["notes"].split(";")):
        links += [" · " if links else "", html.A(ref, href=f"#{ref}")]
    if row["status"] in ("difiere", "sin_dato") and row["note_es"]:
        links += [" " if links else "", row["note_es"]]
    return links


def table(frame: pd.DataFrame) -> dbc.Table:
    def cell(header: str, content: Any, unit: str) -> html.Td:  # data-label: the header beside the value on phones
        wide = "d-none d-md-table-cell" if header in WIDE_ONLY else ""
        keep = " text-nowrap" if header in ("Publicado", "Tablero") and unit != "MXN" else ""
        return html.Td(content, className=(wide + keep).strip() or None, **{"data-label": header})

    head = html.Thead(html.Tr([html.Th(h, className="d-none d-md-table-cell" if h in WIDE_ONLY else None)
                               for h in HEADERS]))  # fmt: skip
    rows = []
    for _, r in frame.iterrows():
        label, color = STATUS[r["status"]]
        printed = with_total(r["published"], r["of_total"], r["unit"], False, bool(r["approximate"]))
        cells = [r["fact_id"], r["label_es"], r["scope"], printed,
                 interval(r), with_total(r["dashboard"], r["dashboard_total"], r["unit"], True),
                 dbc.Badge(label, color=color), difference(r), notes(r)]  # fmt: skip
        rows.append(
            html.Tr(
                [cell(h, c, r["unit"]) for h, c in zip(HEADERS, cells, strict=True)],
                **{"data-status": r["status"], "data-fact": r["fact_id"]},
            )
        )
    return dbc.Table([head, html.Tbody(rows)], size="sm", striped=True, responsive=True, className="boletines-tabla")


def rows() -> pd.DataFrame:
    """check_published with each figure's bulletin (file and Spanish label)."""
    checked = pub.check_published(runtime.engine())
    figs = pub.published_figures()[["fact_id", "bulletin", "bulletin_es", "date_is_approximate", "approximate"]]
    return checked.merge(figs, on="fact_id", how="left")


def bulletin_text(name: str) -> html.Details:
    return html.Details(
        [html.Summary("Leer el texto del boletín"), dcc.Markdown(pub.bulletin_text(name), className="boletin-texto")],
        className="mb-2",
    )


def _dates(part: pd.DataFrame) -> list[date]:
    return sorted({d for d in part["as_of"] if d is not None and not pd.isna(d)})


def groups(frame: pd.DataFrame) -> list[Any]:
    """One section per bulletin, oldest first (undated ones by what they say of their date)."""
    parts = list(frame.groupby(["bulletin", "bulletin_es"], sort=False))
    parts.sort(key=lambda p: (_dates(p[1]) or [date.min])[0])
    out = []
    for (name, label), part in parts:
        dates = _dates(part)
        undated = (part["date_is_approximate"] == "yes").any()
        if not dates:
            when = "Cifras sin fecha: el boletín no está fechado."
        else:
            when = "Cifras al " + lista([fmt.fecha_larga(d) for d in dates])
            when += " (fechas aproximadas: el boletín no está fechado)." if undated else "."
        anchor = "boletin-" + str(name).split("_")[0]
        out.append(html.Section([html.H2(str(label), className="h5 mt-4"),
                                 html.P(when, className="text-body-secondary small mb-1"),
                                 bulletin_text(str(name)), table(part)], id=anchor))  # fmt: skip
    return out


def summary(frame: pd.DataFrame) -> html.Div:
    counts = frame["status"].value_counts()
    parts = [f"{int(counts.get(k, 0))} {COUNTED[k]}" for k in STATUS]
    lines = [html.P(f"{len(frame)} cifras publicadas: " + ", ".join(parts) + ".", id=Ids.SUMMARY, className="mb-1")]
    return html.Div([*lines, html.P(HOW_TO_READ, className="small text-body-secondary")])


def listing(frame: pd.DataFrame, title: str, intro: str, id_: str) -> html.Section:
    items = [
        html.Li([html.Strong(f"{r['id']}. {r['title_es']}"), f" ({r['fact_ids'].replace(';', ', ')}). ",
                 r["explanation_es"]], id=r["id"], className="mb-2")
        for _, r in frame.iterrows()
    ]  # fmt: skip
    return html.Section([html.H2(title, className="h5 mt-4"), html.P(intro, className="small"), html.Ul(items)], id=id_)


def layout(**_: Any) -> html.Div:
    """/boletines: every published figure beside the dashboard, grouped by bulletin, with the texts."""
    frame = rows()
    known = pub.known_differences()
    return html.Div(
        [
            page_title("Cifras publicadas", "Cada cifra de los boletines frente al tablero a la misma fecha y alcance"),
            summary(frame),
            listing(pub.bulletin_inconsistencies(), "Inconsistencias entre boletines",
                    "Donde los boletines se contradicen entre sí o consigo mismos, digan lo que digan los datos.",
                    Ids.INCONSISTENCIES),
            html.Div(groups(frame), id=Ids.GROUPS),
            listing(known, "Lecturas del tablero y diferencias conocidas",
                    "Cómo lee el tablero una cifra cuando el boletín no la define, y por qué no coinciden las que "
                    "no coinciden (diferencias de definición o de fuente, o un error del boletín).", Ids.KNOWN),
        ]
    )  # fmt: skip


def skeleton() -> html.Div:
    """Every id of the page, without data (validation layout)."""
    return html.Div(
        [html.Div(id=Ids.SUMMARY), html.Section(id=Ids.INCONSISTENCIES), html.Section(id=Ids.KNOWN),
         html.Div(id=Ids.GROUPS)]
    )  # fmt: skip
