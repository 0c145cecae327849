"""Data page: the tab kept in the URL (?pestaña=…) and the problems of the clicked load."""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output

from callbacks import urlsync
from dashboard import runtime
from dashboard.queries import loads_history as lh
from layouts import datos as page
from layouts.datos import Ids


def sync(trigger: str | None, search: str | None, tab: str | None) -> tuple[Any, ...]:
    """URL → tab on back/forward; tab → URL when the user switches tabs."""
    if trigger == Ids.URL:
        return urlsync.from_url(search, lambda p: {"tab": page.parse_tab(p)}, ("tab",), (tab,))
    value = tab if tab in page.TABS else page.DEFAULT_TAB
    return urlsync.to_url(search, {"pestaña": value if value != page.DEFAULT_TAB else None}, 1)


def register(app: Dash) -> None:
    urlsync.register_sync(app, Ids.URL, (Ids.TAB,), sync)

    @app.callback(Output(Ids.PROBLEMS, "children"), Input(Ids.GRID, "cellClicked"), prevent_initial_call=True)
    def problems(cell: dict[str, Any] | None) -> Any:
        row_id = cell.get("rowId") if isinstance(cell, dict) else None
        row = lh.load_row(lh.load_history(runtime.engine()), row_id)
        return page.problems_panel(row)
