"""Callbacks of the registry page: URL sync, municipal map (Patch unless the state changes), charts."""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, Patch, ctx

from callbacks import urlsync
from dashboard.figures import maps
from dashboard.queries import municipal
from dashboard.queries.areas import STATUSES
from layouts.registro import (
    EXPORTS,
    NATIONAL,
    Ids,
    by_state_figure,
    channels_figure,
    coverage_text,
    cutoff,
    export_params,
    legend,
    map_figure,
    map_values,
    metric_for,
    month_text,
    valid,
)

CONTROLS = (Ids.MONTH, Ids.STATE, Ids.CANAL, Ids.VISTA, Ids.DEN)


def _controls(mes: Any, estado: Any, canal: Any, vista: Any, den: Any) -> dict[str, Any]:
    """Validated control values (the same rules as the URL)."""
    fecha = cutoff(mes)
    params = {"fecha": fecha.isoformat() if fecha else None, "estado": estado, "canal": canal, "vista": vista}
    return valid({**params, "denominador": den})


def sync_url(trigger: Any, search: str | None, *values: Any) -> tuple[Any, ...]:
    """Controls -> query string; query string (back/forward) -> controls."""
    if trigger == Ids.URL:
        return urlsync.from_url(search, valid, ("mes", "estado", "canal", "vista", "denominador"), values)
    c = _controls(*values)
    fecha = cutoff(c["mes"])
    params = {
        "fecha": fecha.isoformat() if fecha else None,
        "estado": None if c["estado"] == NATIONAL else c["estado"],
        "canal": None if c["canal"] == "todos" else c["canal"],
        "vista": None if c["vista"] == "absoluto" else c["vista"],
        "denominador": None if c["denominador"] == municipal.DENOMINADORES[0] else c["denominador"],
    }
    return urlsync.to_url(search, params, len(CONTROLS))


def update_map(*values: Any) -> tuple[Any, Any]:
    """A new figure when the state (geometry) changes; otherwise a Patch of the values and area states only."""
    c = _controls(*values)
    if ctx.triggered_id == Ids.STATE:
        return map_figure(c), legend(c).children
    frame = map_values(c)
    patch = Patch()
    patch["data"][0].update(maps.value_fields(frame, "cvegeo", metric_for(c["canal"], c["vista"], c["denominador"])))
    for i, status in enumerate(STATUSES[1:], start=1):
        patch["data"][i].update(maps.status_fields(frame, "cvegeo", status))
    return patch, legend(c).children


def register(app: Dash) -> None:
    inputs = [Input(i, "value") for i in CONTROLS]
    urlsync.register_sync(app, Ids.URL, CONTROLS, sync_url)

    app.callback(Output(Ids.MAP, "figure"), Output(Ids.LEGEND, "children"), *inputs, prevent_initial_call=True)(
        update_map
    )

    @app.callback(
        Output(Ids.BY_STATE, "figure"),
        Output(Ids.COVERAGE, "children"),
        Output(Ids.MONTH_TEXT, "children"),
        *inputs,
        prevent_initial_call=True,
    )
    def charts(*values: Any) -> tuple[Any, Any, str]:
        c = _controls(*values)
        return by_state_figure(c), coverage_text(c), month_text(cutoff(c["mes"]))

    @app.callback(*urlsync.menu_outputs(EXPORTS), *inputs, prevent_initial_call=True)
    def menus(*values: Any) -> tuple[Any, ...]:
        """Export links follow every control (a separate output: the map stays a Patch)."""
        return urlsync.menus(EXPORTS, export_params, _controls(*values))

    @app.callback(Output(Ids.CHANNELS, "figure"), Input(Ids.STATE, "value"), prevent_initial_call=True)
    def channels(estado: Any) -> Any:
        return channels_figure(_controls(None, estado, None, None, None)["estado"])
