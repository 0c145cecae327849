"""Controls shared by the pages: the state picker, the dated slider, dropdown and radio columns, the URL's tab."""

from __future__ import annotations

from datetime import date
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import fmt, runtime
from dashboard.queries import national
from dashboard.queries.joining import JOINED
from dashboard.queries.snapshot import state_cube

NATIONAL = "nacional"


def state_options() -> list[dict[str, str]]:
    """'Todo el país' first, then by name the states joined by the last day with data."""
    cube = state_cube(runtime.engine())
    st = cube.states.assign(status=cube.status_at(cube.last_date() or date.today()))
    fed = st[st["status"] == JOINED].sort_values("nombre")
    return [{"label": "Todo el país", "value": NATIONAL}] + [
        {"label": n, "value": c} for c, n in zip(fed.index, fed["nombre"], strict=True)
    ]


def date_text(fecha: date | None) -> str:
    """The date next to the slider's label ("Fecha del corte · 15 de marzo de 2024")."""
    return fmt.fecha_larga(fecha) if fecha else "Sin datos cargados"


def date_control(ids: Any, tl: national.Timeline, fecha: date | None) -> dbc.Col:
    """The cut-off date of a page (ids: FECHA, FECHA_LABEL, FECHA_TEXT): a slider over the days with data."""
    slider = date_slider(ids.FECHA, tl, tl.index_of(fecha))
    return slider_col(slider, ids.FECHA_LABEL, "Fecha del corte · ", ids.FECHA_TEXT, date_text(fecha))


def date_notice(raw: Any, tl: national.Timeline, shown: date | None) -> Any:
    """A visible note when the URL's date could not be used (malformed or outside the days with data)."""
    if raw in (None, "") or national.parse_date(str(raw), tl) is not None or not tl.dates:
        return None
    first, last = fmt.fecha_larga(tl.dates[0]), fmt.fecha_larga(tl.dates[-1])
    alert = dbc.Alert(
        f"La fecha «{str(raw)[:20]}» no es válida o está fuera del periodo con datos ({first} a {last}); "
        f"se muestran las cifras al {fmt.fecha_larga(shown)}.",
        color="warning",
        className="py-2 small",
    )
    return html.Div(alert, role="status")


def slider_marks(tl: national.Timeline) -> dict[int, dict[str, str]]:
    """A mark at the first day of January and July."""
    marks: dict[int, dict[str, str]] = {}
    for i, d in enumerate(tl.dates):
        if d.day == 1 and d.month in (1, 7):
            marks[i] = {"label": f"{fmt.MESES_CORTOS[d.month - 1]} {d.year}"}
    if tl.dates and (not marks or min(marks) > 120):
        d = tl.dates[0]
        marks[0] = {"label": f"{fmt.MESES_CORTOS[d.month - 1]} {d.year}"}
    return marks


def date_slider(id_: str, tl: national.Timeline, index: int) -> dcc.Slider:
    """A day of the timeline, sent on release (each move redraws every chart)."""
    return dcc.Slider(
        id=id_,
        min=0,
        max=max(len(tl.dates) - 1, 0),
        step=1,
        value=index,
        marks=slider_marks(tl),
        updatemode="mouseup",
        allow_direct_input=False,
    )


def slider_col(slider: dcc.Slider, label_id: str, label: str, text_id: str, text: str) -> dbc.Col:
    """The slider under a live label that reads out the chosen date."""
    return dbc.Col(
        [
            html.Div(
                [html.Span(label, id=label_id), html.Strong(text, id=text_id)],
                className="form-label",
                **{"aria-live": "polite"},
            ),
            html.Div(slider, role="group", **{"aria-labelledby": label_id}),
        ],
        xs=12,
        lg=6,
    )


def dropdown_col(id_: str, label: str, options: list[dict[str, str]], value: Any) -> dbc.Col:
    """A labelled dropdown that cannot be cleared, a quarter of a wide row."""
    return dbc.Col(
        [dbc.Label(label, html_for=id_), dcc.Dropdown(id=id_, options=options, value=value, clearable=False)],
        xs=12,
        md=6,
        lg=3,
    )


def tab_of(raw: dict[str, Any], tabs: dict[str, str], default: str) -> str:
    """'pestaña' (or 'pestana') from the URL; anything else is the default tab."""
    value = raw.get("pestaña", raw.get("pestana"))
    return value if value in tabs else default


def radio_group(id_: str, label: str, options: list[dict[str, str]], value: str) -> html.Fieldset:
    """Radio buttons grouped under a legend (a <label for> cannot name a group)."""
    return html.Fieldset(
        [
            html.Legend(label, className="form-label fs-6 mb-1"),
            dbc.RadioItems(id=id_, options=options, value=value, className="small"),
        ]
    )
