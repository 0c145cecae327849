"""Callbacks of the committees page: URL sync and every view for date, state and days without spending."""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output

from callbacks import urlsync
from dashboard import runtime
from dashboard.queries import national
from layouts.comites import (
    DEFAULT_DAYS,
    EXPORTS,
    Ids,
    budget_figure,
    budget_states_figure,
    export_params,
    full_badges,
    funnel_figure,
    heatmap_figure,
    idle_table,
    valid,
)
from layouts.controls import NATIONAL
from layouts.panorama import date_text

CONTROLS = (Ids.SLIDER, Ids.STATE, Ids.DAYS)


def _controls(index: Any, estado: Any, dias: Any) -> dict[str, Any]:
    day = national.timeline(runtime.engine()).at(index if isinstance(index, int | float) else None)
    return valid({"fecha": day.isoformat() if day else None, "estado": estado, "dias": dias})


def sync_url(trigger: Any, search: str | None, index: Any, estado: Any, dias: Any) -> tuple[Any, ...]:
    """Controls -> query string; query string (back/forward) -> controls."""
    if trigger == Ids.URL:
        return urlsync.from_url(search, valid, ("index", "estado", "dias"), (index, estado, dias))
    c = _controls(index, estado, dias)
    day = national.timeline(runtime.engine()).at(c["index"])
    params = {
        "fecha": day.isoformat() if day else None,
        "estado": None if c["estado"] == NATIONAL else c["estado"],
        "dias": None if c["dias"] == DEFAULT_DAYS else c["dias"],
    }
    return urlsync.to_url(search, params, len(CONTROLS))


def register(app: Dash) -> None:
    inputs = [Input(i, "value") for i in CONTROLS]
    urlsync.register_sync(app, Ids.URL, CONTROLS, sync_url)

    @app.callback(
        Output(Ids.DATE_TEXT, "children"),
        Output(Ids.FUNNEL, "figure"),
        Output(Ids.HEATMAP, "figure"),
        Output(Ids.BUDGET, "figure"),
        Output(Ids.BUDGET_STATES, "figure"),
        Output(Ids.FULL, "children"),
        Input(Ids.SLIDER, "value"),
        Input(Ids.STATE, "value"),
        prevent_initial_call=True,
    )
    def views(index: Any, estado: Any) -> tuple[Any, ...]:
        c = _controls(index, estado, None)
        day = national.timeline(runtime.engine()).at(c["index"])
        return (
            date_text(day),
            funnel_figure(c),
            heatmap_figure(c),
            budget_figure(c),
            budget_states_figure(c),
            full_badges(c),
        )

    @app.callback(
        *urlsync.menu_outputs(EXPORTS),
        Input(Ids.SLIDER, "value"),
        Input(Ids.STATE, "value"),
        prevent_initial_call=True,
    )
    def menus(index: Any, estado: Any) -> tuple[Any, ...]:
        """Export links follow the date and the state."""
        return urlsync.menus(EXPORTS, export_params, _controls(index, estado, None))

    @app.callback(Output(Ids.IDLE, "children"), *inputs, prevent_initial_call=True)
    def idle(index: Any, estado: Any, dias: Any) -> Any:
        return idle_table(_controls(index, estado, dias))
