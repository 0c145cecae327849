"""Unit page: the date and the history tab kept in the URL (?fecha=…&pestaña=…), and what follows the date."""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, State
from dash.exceptions import PreventUpdate

from callbacks import urlsync
from dashboard import runtime
from dashboard.pages import NotFound
from dashboard.queries import national
from layouts import unidad as page
from layouts.controls import date_text
from layouts.export_menu import export_items
from layouts.unidad import EXPORTS, Ids, UnitPage


def _timeline() -> national.Timeline:
    return national.timeline(runtime.engine())


def valid(params: dict[str, Any]) -> dict[str, Any]:
    """The controls for URL parameters: slider position of the date, tab."""
    tl = _timeline()
    return {"index": tl.index_of(national.parse_date(params.get("fecha"), tl)), "tab": page.parse_tab(params)}


def sync(trigger: str | None, search: str | None, index: Any, tab: str | None) -> tuple[Any, ...]:
    """URL → date and tab on back/forward; date or tab → URL when the user changes them."""
    if trigger == Ids.URL:
        return urlsync.from_url(search, valid, ("index", "tab"), (index, tab))
    tl = _timeline()
    value = tab if tab in page.TABS else page.DEFAULT_TAB
    params = {
        "fecha": tl.param(tl.at(index if isinstance(index, int | float) else None)),
        "pestaña": value if value != page.DEFAULT_TAB else None,
    }
    return urlsync.to_url(search, params, 2)


def unit_at(clues: Any, index: Any) -> UnitPage:
    """The unit in the store at the slider's date (no update for an unknown CLUES)."""
    tl = _timeline()
    day = tl.at(index if isinstance(index, int | float) else None)
    try:
        return page.unit_page(clues, day.isoformat() if day else None)
    except NotFound as exc:
        raise PreventUpdate from exc


def register(app: Dash) -> None:
    urlsync.register_sync(app, Ids.URL, (Ids.FECHA, Ids.TAB), sync)

    @app.callback(
        Output(Ids.CRUMBS, "children"),
        Output(Ids.FECHA_TEXT, "children"),
        Output(Ids.NOTICE, "children"),
        Output(Ids.STATUS, "children"),
        Output(Ids.TIMELINE, "children"),
        Output(Ids.FUNNEL, "figure"),
        Output(Ids.STAFF, "figure"),
        Input(Ids.FECHA, "value"),
        State(Ids.CLUES, "data"),
        prevent_initial_call=True,
    )
    def at_date(index: Any, clues: Any) -> tuple[Any, ...]:
        """Everything that depends on the date alone: links, committee steps, budget, staff."""
        p = unit_at(clues, index)
        return (page.crumbs(p), date_text(p.day), None, page.joining_note(p), page.timeline(p),
                page.funnel_figure(p), page.staff_figure(p))  # fmt: skip

    @app.callback(
        Output(Ids.HISTORY, "figure"),
        Input(Ids.TAB, "value"),
        Input(Ids.FECHA, "value"),
        State(Ids.CLUES, "data"),
        prevent_initial_call=True,
    )
    def history(tab: str | None, index: Any, clues: Any) -> dict[str, Any]:
        return page.history_figure(unit_at(clues, index), tab if tab in page.TABS else page.DEFAULT_TAB)

    @app.callback(
        *urlsync.menu_outputs(EXPORTS),
        Input(Ids.TAB, "value"),
        Input(Ids.FECHA, "value"),
        State(Ids.CLUES, "data"),
        prevent_initial_call=True,
    )
    def menus(tab: str | None, index: Any, clues: Any) -> tuple[Any, ...]:
        """The export links follow the date and the history's tab."""
        p = unit_at(clues, index)
        value = tab if tab in page.TABS else page.DEFAULT_TAB
        return tuple(
            export_items(preset, page.export_params(i, p.clues, value, p.fecha)) for i, preset in EXPORTS.items()
        )
