"""Callbacks of the staffing page: URL sync and charts for date, state and grouping."""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, ctx, no_update

from callbacks import urlsync
from layouts.panorama import date_text
from layouts.personal import (
    EXPORTS,
    NATIONAL,
    Ids,
    basification_figure,
    by_group_figure,
    by_state_figure,
    day_of,
    export_params,
    gaps_figure,
    gaps_table,
    kpis,
    valid,
)

CONTROLS = (Ids.SLIDER, Ids.STATE, Ids.GROUP)


def _controls(index: Any, estado: Any, agrupar: Any) -> dict[str, Any]:
    day = day_of(index)
    return valid({"fecha": day.isoformat() if day else None, "estado": estado, "agrupar": agrupar})


def sync_url(trigger: Any, search: str | None, index: Any, estado: Any, agrupar: Any) -> tuple[Any, ...]:
    """Controls -> query string; query string (back/forward) -> controls."""
    if trigger == Ids.URL:
        return urlsync.from_url(search, valid, ("index", "estado", "agrupar"), (index, estado, agrupar))
    c = _controls(index, estado, agrupar)
    day = day_of(c["index"])
    params = {
        "fecha": day.isoformat() if day else None,
        "estado": None if c["estado"] == NATIONAL else c["estado"],
        "agrupar": None if c["agrupar"] == "tipo_red" else c["agrupar"],
    }
    return urlsync.to_url(search, params, len(CONTROLS))


def register(app: Dash) -> None:
    inputs = [Input(i, "value") for i in CONTROLS]
    urlsync.register_sync(app, Ids.URL, CONTROLS, sync_url)

    @app.callback(
        Output(Ids.KPIS, "children"),
        Output(Ids.DATE_TEXT, "children"),
        Output(Ids.BY_STATE, "figure"),
        Output(Ids.GAPS, "figure"),
        Output(Ids.GAPS_TABLE, "children"),
        Output(Ids.BASE, "figure"),
        Input(Ids.SLIDER, "value"),
        Input(Ids.STATE, "value"),
        Input(Ids.GROUP, "value"),
        prevent_initial_call=True,
    )
    def update(index: Any, estado: Any, agrupar: Any) -> tuple[Any, ...]:
        c = _controls(index, estado, agrupar)
        if ctx.triggered_id == Ids.GROUP:
            return (no_update,) * 6
        return (
            kpis(c),
            date_text(day_of(c["index"])),
            by_state_figure(c),
            gaps_figure(c),
            gaps_table(c),
            basification_figure(c),
        )

    @app.callback(*urlsync.menu_outputs(EXPORTS), *inputs, prevent_initial_call=True)
    def menus(index: Any, estado: Any, agrupar: Any) -> tuple[Any, ...]:
        """Export links follow the date, the state and the grouping."""
        return urlsync.menus(EXPORTS, export_params, _controls(index, estado, agrupar))

    @app.callback(Output(Ids.BY_GROUP, "figure"), *inputs, prevent_initial_call=True)
    def by_group(index: Any, estado: Any, agrupar: Any) -> Any:
        return by_group_figure(_controls(index, estado, agrupar))
