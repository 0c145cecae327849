"""The URL kept in step with a page's controls, and export menus that follow them."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import ModuleType
from typing import Any

from dash import Dash, Input, Output, ctx, no_update

from dashboard.pages import build_query, parse_query
from layouts.export_menu import export_items, menu_id

Sync = Callable[..., tuple[Any, ...]]


def register_sync(app: Dash, url_id: str, controls: Sequence[str], sync: Sync) -> None:
    """Wire sync(search, *values) to the URL's query string and the controls' values, both ways."""
    app.callback(
        Output(url_id, "search"),
        *[Output(i, "value") for i in controls],
        Input(url_id, "search"),
        *[Input(i, "value") for i in controls],
        prevent_initial_call=True,
    )(sync)


def from_url(
    search: str | None, valid: Callable[[dict[str, Any]], dict[str, Any]], keys: Sequence[str]
) -> tuple[Any, ...]:
    """Back/forward: the URL's controls, validated, back into the inputs; the URL left alone."""
    c = valid(parse_query(search))
    return no_update, *(c[k] for k in keys)


def to_url(search: str | None, params: dict[str, Any], controls: int) -> tuple[Any, ...]:
    """A control changed: the new query string (unless it is the same) and the controls left alone."""
    query = build_query(params)
    return (query if query != (search or "") else no_update), *([no_update] * controls)


def menus(
    exports: Mapping[str, str], params: Callable[[str, dict[str, Any]], dict[str, Any]], c: dict[str, Any]
) -> tuple[Any, ...]:
    """Every chart's export links for the controls c."""
    return tuple(export_items(preset, params(i, c)) for i, preset in exports.items())


def menu_outputs(exports: Mapping[str, str]) -> list[Output]:
    """The export menus of a page's charts, as callback outputs."""
    return [Output(menu_id(i), "children") for i in exports]


def tab_sync(page: ModuleType, trigger: str | None, search: str | None, tab: str | None) -> tuple[Any, ...]:
    """URL → tab on back/forward; tab → URL when the user switches tabs (page: Ids, TABS, DEFAULT_TAB, parse_tab)."""
    if trigger == page.Ids.URL:
        wanted = page.parse_tab(parse_query(search))
        return no_update, (wanted if wanted != tab else no_update)
    value = tab if tab in page.TABS else page.DEFAULT_TAB
    return to_url(search, {"pestaña": value if value != page.DEFAULT_TAB else None}, 1)


def register_tab_sync(app: Dash, url_id: str, tab_id: str, sync: Sync) -> None:
    """Wire sync(trigger, search, tab) to the URL's query string and the tabs' value."""

    @app.callback(
        Output(url_id, "search"),
        Output(tab_id, "value"),
        Input(url_id, "search"),
        Input(tab_id, "value"),
        prevent_initial_call=True,
    )
    def sync_url(search: str | None, tab: str | None) -> tuple[Any, ...]:
        return sync(ctx.triggered_id, search, tab)
