"""The URL kept in step with a page's controls, the same way on every page, and export menus that follow them.

Each page registers one callback with `register_sync`: the query string and the controls are both its inputs and
its outputs, and `sync(trigger, search, *values, *extra)` is a plain function (tested without a browser):
- the URL triggered (back/forward, a pasted link): the controls take the URL's validated values (`from_url`),
  the URL is left alone;
- a control (or an extra input, such as a click on a map) triggered: the URL takes the controls' values
  (`to_url`), the controls are left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from dash import Dash, Input, Output, State, ctx, no_update

from dashboard.pages import build_query, parse_query
from layouts.export_menu import export_items, menu_id

Sync = Callable[..., tuple[Any, ...]]
Control = str | tuple[str, str]  # a component id (its "value") or (id, property)


def _prop(control: Control) -> tuple[str, str]:
    return (control, "value") if isinstance(control, str) else control


def register_sync(
    app: Dash,
    url_id: str,
    controls: Sequence[Control],
    sync: Sync,
    *,
    inputs: Sequence[Input] = (),
    states: Sequence[State] = (),
    outputs: Sequence[Output] = (),
) -> None:
    """Wire sync(trigger, search, *controls, *inputs, *states) -> (search, *controls, *outputs), both ways."""

    def callback(*args: Any) -> tuple[Any, ...]:
        return sync(ctx.triggered_id, *args)

    app.callback(
        Output(url_id, "search"),
        *[Output(*_prop(c)) for c in controls],
        *outputs,
        Input(url_id, "search"),
        *[Input(*_prop(c)) for c in controls],
        *inputs,
        *states,
        prevent_initial_call=True,
    )(callback)


def from_url(
    search: str | None,
    valid: Callable[[dict[str, Any]], dict[str, Any]],
    keys: Sequence[str],
    current: Sequence[Any] | None = None,
) -> tuple[Any, ...]:
    """Back/forward: the URL's controls, validated, into the inputs (only those that differ); the URL left alone."""
    c = valid(parse_query(search))
    now = list(current) if current is not None else [object()] * len(keys)
    return no_update, *(c[k] if c[k] != old else no_update for k, old in zip(keys, now, strict=True))


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
