"""Callbacks of the national page: URL sync, map Patch, KPIs, ranking, series, play button, click-through."""

from __future__ import annotations

from datetime import date
from typing import Any

from dash import Dash, Input, Output, Patch, State, ctx, no_update

from callbacks import urlsync
from dashboard import runtime
from dashboard.figures import maps, series
from dashboard.pages import build_query
from dashboard.queries import national
from dashboard.queries.areas import STATUSES
from dashboard.queries.metrics import ALL
from dashboard.queries.state_municipal import STATE_METRICS
from layouts import common
from layouts.common import map_legend
from layouts.export_menu import export_items, menu_id
from layouts.panorama import (
    EXPORTS,
    PLAY_STEP_DAYS,
    Ids,
    date_text,
    export_params,
    kpi_cards,
    ranking_figure,
    ranking_table,
    series_figure,
)


def _day(index: Any) -> tuple[national.Timeline, date | None]:
    tl = national.timeline(runtime.engine())
    return tl, tl.at(index if isinstance(index, int | float) else None)


def valid(params: dict[str, Any]) -> dict[str, Any]:
    """The controls for URL parameters (invalid values become defaults)."""
    tl = national.timeline(runtime.engine())
    return {
        "metrica": national.valid_metric(params.get("metrica")),
        "index": tl.index_of(national.parse_date(params.get("fecha"), tl)),
    }


def sync_url(trigger: Any, search: str | None, metric: Any, index: Any, stopped: Any) -> tuple[Any, Any, Any]:
    """Controls -> query string; query string (back/forward) -> controls."""
    if trigger == Ids.URL:
        return urlsync.from_url(search, valid, ("metrica", "index"), (metric, index))
    if trigger == Ids.SLIDER and stopped is False:
        return no_update, no_update, no_update  # playing: write the URL when it stops
    _, day = _day(index)
    params = {"metrica": national.valid_metric(metric), "fecha": day.isoformat() if day else None}
    return urlsync.to_url(search, params, 2)


def map_patch(metric: Any, index: Any) -> tuple[Any, Any]:
    """Only the changing fields of the value trace and of the three area-state traces, and the legend."""
    key = national.valid_metric(metric)
    _, day = _day(index)
    if day is None:
        return no_update, no_update
    values = national.map_values(runtime.engine(), key, day)
    patch = Patch()
    patch["data"][0].update(maps.value_fields(values, "cve_ent", ALL[key]))
    for i, status in enumerate(STATUSES[1:], start=1):
        patch["data"][i].update(maps.status_fields(values, "cve_ent", status))
    return patch, map_legend(values, id_=Ids.LEGEND).children


def menus(metric: Any, index: Any) -> tuple[Any, ...]:
    """The export links of the three charts follow the metric and the date (a separate, small output)."""
    key = national.valid_metric(metric)
    _, day = _day(index)
    return tuple(export_items(preset, export_params(chart, key, day)) for chart, preset in EXPORTS.items())


def series_update(metric: Any, index: Any) -> Any:
    """A new series on metric change; only the date marker when the date moves."""
    key = national.valid_metric(metric)
    _, day = _day(index)
    if day is None:
        return no_update
    if ctx.triggered_id == Ids.SLIDER:
        patch = Patch()
        patch["layout"]["shapes"] = series.date_marker(day)
        return patch
    return series_figure(runtime.engine(), key, day)


def register(app: Dash) -> None:
    urlsync.register_sync(app, Ids.URL, (Ids.METRIC, Ids.SLIDER), sync_url, inputs=[Input(Ids.TICK, "disabled")])

    app.callback(
        Output(Ids.MAP, "figure"),
        Output(Ids.LEGEND, "children"),
        Input(Ids.METRIC, "value"),
        Input(Ids.SLIDER, "value"),
        prevent_initial_call=True,
    )(map_patch)

    app.callback(
        *[Output(menu_id(chart), "children") for chart in EXPORTS],
        Input(Ids.METRIC, "value"),
        Input(Ids.SLIDER, "value"),
        prevent_initial_call=True,
    )(menus)

    app.callback(
        Output(Ids.SERIES, "figure"),
        Input(Ids.METRIC, "value"),
        Input(Ids.SLIDER, "value"),
        prevent_initial_call=True,
    )(series_update)

    @app.callback(
        Output(Ids.RANKING, "figure"),
        Output(Ids.TABLE, "children"),
        Input(Ids.METRIC, "value"),
        Input(Ids.SLIDER, "value"),
        prevent_initial_call=True,
    )
    def ranking(metric: Any, index: Any) -> tuple[Any, Any]:
        key = national.valid_metric(metric)
        _, day = _day(index)
        engine = runtime.engine()
        return ranking_figure(engine, key, day), ranking_table(engine, key, day)

    app.clientside_callback(  # a note about the URL's unusable date goes once the user picks another
        "function(_) { return null; }",
        Output(Ids.NOTICE, "children"),
        Input(Ids.SLIDER, "value"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(Ids.KPIS, "children"),
        Output(Ids.DATE_TEXT, "children"),
        Input(Ids.SLIDER, "value"),
        prevent_initial_call=True,
    )
    def headline(index: Any) -> tuple[Any, str]:
        _, day = _day(index)
        if day is None:
            return [], date_text(None)
        return kpi_cards(national.kpis(runtime.engine(), day), day), date_text(day)

    @app.callback(
        Output(Ids.TICK, "disabled"),
        Output(Ids.PLAY, "children"),
        Output(Ids.PLAY, "aria-pressed"),
        Output(Ids.SLIDER, "value", allow_duplicate=True),
        Input(Ids.PLAY, "n_clicks"),
        State(Ids.TICK, "disabled"),
        State(Ids.SLIDER, "value"),
        State(Ids.SLIDER, "max"),
        prevent_initial_call=True,
    )
    def toggle(_n: Any, stopped: Any, index: Any, last: Any) -> tuple[bool, str, str, Any]:
        """Play from the start when at the end; pause otherwise."""
        if stopped is False:
            return True, "▶ Reproducir", "false", no_update
        restart = isinstance(index, int | float) and isinstance(last, int | float) and index >= last
        return False, "⏸ Pausar", "true", (0 if restart else no_update)

    @app.callback(
        Output(Ids.SLIDER, "value", allow_duplicate=True),
        Output(Ids.TICK, "disabled", allow_duplicate=True),
        Output(Ids.PLAY, "children", allow_duplicate=True),
        Output(Ids.PLAY, "aria-pressed", allow_duplicate=True),
        Input(Ids.TICK, "n_intervals"),
        State(Ids.SLIDER, "value"),
        State(Ids.SLIDER, "max"),
        prevent_initial_call=True,
    )
    def advance(_n: Any, index: Any, last: Any) -> tuple[Any, Any, Any, Any]:
        """Move a week forward; stop at the last day."""
        if not isinstance(index, int | float) or not isinstance(last, int | float):
            return no_update, True, "▶ Reproducir", "false"
        nxt = min(int(index) + PLAY_STEP_DAYS, int(last))
        if nxt >= last:
            return nxt, True, "▶ Reproducir", "false"
        return nxt, no_update, no_update, no_update

    @app.callback(
        Output(common.Ids.URL, "pathname", allow_duplicate=True),
        Output(common.Ids.URL, "search", allow_duplicate=True),
        Input(Ids.MAP, "clickData"),
        Input(Ids.RANKING, "clickData"),
        State(Ids.METRIC, "value"),
        State(Ids.SLIDER, "value"),
        prevent_initial_call=True,
    )
    def open_state(map_click: Any, bar_click: Any, metric: Any, index: Any) -> tuple[Any, Any]:
        """Click on a state (map or ranking) opens its page at the slider's date (also while playing)."""
        click = map_click if ctx.triggered_id == Ids.MAP else bar_click
        cve = state_of_click(click)
        if cve is None:
            return no_update, no_update
        tl, day = _day(index)
        keep = {"metrica": metric if metric in STATE_METRICS else None, "fecha": tl.param(day)}
        return f"/estado/{cve}", build_query(keep)


def state_of_click(click: Any) -> str | None:
    """The cve_ent of a clicked map area or ranking bar, validated."""
    try:
        point = click["points"][0]
    except (KeyError, IndexError, TypeError):
        return None
    cve = point.get("location") or point.get("customdata")
    if isinstance(cve, list):
        cve = cve[0] if cve else None
    if isinstance(cve, str) and len(cve) == 2 and cve.isdigit() and 1 <= int(cve) <= 32:
        return cve
    return None
