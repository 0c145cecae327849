"""Data page: the tab kept in the URL (?pestaña=…) and the problems of the clicked load."""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, ctx, no_update

from dashboard import runtime
from dashboard.pages import build_query, parse_query
from dashboard.queries import loads_history as lh
from layouts import datos as page
from layouts.datos import Ids


def sync(trigger: str | None, search: str | None, tab: str | None) -> tuple[Any, Any]:
    """URL → tab on back/forward; tab → URL when the user switches tabs."""
    if trigger == Ids.URL:
        wanted = page.parse_tab(parse_query(search))
        return no_update, (wanted if wanted != tab else no_update)
    value = tab if tab in page.TABS else page.DEFAULT_TAB
    query = build_query({"pestaña": value if value != page.DEFAULT_TAB else None})
    return (query if query != (search or "") else no_update), no_update


def register(app: Dash) -> None:
    @app.callback(
        Output(Ids.URL, "search"),
        Output(Ids.TAB, "value"),
        Input(Ids.URL, "search"),
        Input(Ids.TAB, "value"),
        prevent_initial_call=True,
    )
    def sync_url(search: str | None, tab: str | None) -> tuple[Any, Any]:
        return sync(ctx.triggered_id, search, tab)

    @app.callback(Output(Ids.PROBLEMS, "children"), Input(Ids.GRID, "cellClicked"), prevent_initial_call=True)
    def problems(cell: dict[str, Any] | None) -> Any:
        row = lh.load_row(lh.load_history(runtime.engine()), (cell or {}).get("rowId"))
        return page.problems_panel(row)
