"""Unit page: the history tab kept in the URL (?pestaña=…) and its chart."""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, State
from dash.exceptions import PreventUpdate

from callbacks import urlsync
from dashboard.pages import NotFound
from layouts import unidad as page
from layouts.export_menu import export_items, menu_id
from layouts.unidad import EXPORTS, Ids


def sync(trigger: str | None, search: str | None, tab: str | None) -> tuple[Any, ...]:
    """URL → tab on back/forward; tab → URL when the user switches tabs."""
    return urlsync.tab_sync(page, trigger, search, tab)


def register(app: Dash) -> None:
    urlsync.register_tab_sync(app, Ids.URL, Ids.TAB, sync)

    @app.callback(
        Output(menu_id(Ids.HISTORY), "children"),
        Input(Ids.TAB, "value"),
        State(Ids.CLUES, "data"),
        prevent_initial_call=True,
    )
    def history_menu(tab: str | None, clues: str | None) -> Any:
        """The history's export links follow the tab."""
        if not isinstance(clues, str) or not clues:
            raise PreventUpdate
        value = tab if tab in page.TABS else page.DEFAULT_TAB
        return export_items(EXPORTS[Ids.HISTORY], page.export_params(Ids.HISTORY, clues, value))

    @app.callback(
        Output(Ids.HISTORY, "figure"),
        Input(Ids.TAB, "value"),
        State(Ids.CLUES, "data"),
        prevent_initial_call=True,
    )
    def history(tab: str | None, clues: str | None) -> dict[str, Any]:
        try:
            profile = page.load_profile(clues)
        except NotFound as exc:
            raise PreventUpdate from exc
        return page.history_figure(profile, tab if tab in page.TABS else page.DEFAULT_TAB)
