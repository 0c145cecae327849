"""Press room: controls ↔ URL, preview with sentence, alt text and warnings, downloads through the export service."""

from __future__ import annotations

import logging
from typing import Any

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, State, ctx, dcc, html, no_update
from sqlalchemy.exc import SQLAlchemyError

from callbacks import urlsync
from dashboard import runtime
from dashboard.export import files
from dashboard.export.conflicts import conflicts_for
from dashboard.export.decorate import PREVIEW, decorate
from dashboard.export.presets import NACIONAL, PRESETS, BadRequest, metric_options
from dashboard.pages import build_query, parse_query
from dashboard.queries.status import data_status
from layouts import prensa as page
from layouts.export_menu import export_href, export_items, menu_id
from layouts.prensa import FORMATS, Ids

log = logging.getLogger(__name__)
CONTROLS = ("grafica", "metrica", "fecha", "estado", "tamano")


def export_params(v: dict[str, Any]) -> dict[str, str]:
    """Route parameters for the current controls (national scope and fixed-content presets leave keys out)."""
    spec = PRESETS[v["grafica"]]
    out = {"fecha": v.get("fecha") or ""}
    if spec.metrics:
        out["metrica"] = v["metrica"] if v.get("metrica") in spec.metrics else spec.metrics[0]
    if spec.by_state and v.get("estado") not in (None, "", NACIONAL):
        out["estado"] = v["estado"]
    return out


def sync(trigger: Any, search: str | None, values: dict[str, Any], last: str | None, states: list[str]) -> tuple:
    """URL → controls on navigation; controls → URL when the officer changes one (plus dependent options).

    Returns (search, grafica, metrica, fecha, estado, tamano, metric options, metric disabled, scope disabled).
    """
    if trigger == Ids.URL:
        v = page.controls_from(parse_query(search), last, states)
    else:
        v = page.controls_from({k: values.get(k) or "" for k in CONTROLS}, last, states)
    spec = PRESETS[v["grafica"]]
    query = build_query({**export_params(v), "grafica": v["grafica"], "tamano": v["tamano"]})
    url = no_update if trigger == Ids.URL or query == (search or "") else query
    return (url, v["grafica"], v["metrica"], v["fecha"], v["estado"], v["tamano"], metric_options(v["grafica"]),
            not spec.metrics, not spec.by_state)  # fmt: skip


def sync_url(trigger: Any, search: str | None, *args: Any) -> tuple:
    """The registered callback: the controls' values, the last day and the scope options as sync wants them."""
    preset, metric, fecha, estado, tamano, last, scopes = args
    values = {"grafica": preset, "metrica": metric, "fecha": fecha[:10] if isinstance(fecha, str) else "",
              "estado": estado, "tamano": tamano}  # fmt: skip
    options = scopes if isinstance(scopes, list) else []
    states = [o["value"] for o in options if isinstance(o, dict) and o.get("value") != NACIONAL]
    return sync(trigger, search, values, last, states)


def warnings_panel(messages: list[str]) -> Any:
    if not messages:
        return None
    return dbc.Alert(
        [html.Strong("Atención: este gráfico no coincide con cifras ya publicadas."),
         html.Ul([html.Li(m) for m in messages], className="mb-0 small")],
        color="warning", className="py-2",
    )  # fmt: skip


def preview(v: dict[str, Any]) -> tuple[Any, str, str, Any, Any]:
    """Figure, sentence, alt text, warnings and direct links for the current controls."""
    engine = runtime.engine()
    params = export_params(v)
    try:
        chart = files.chart_for(engine, v["grafica"], params)
    except BadRequest as exc:
        return {}, str(exc), "", dbc.Alert(str(exc), color="danger"), None
    fig = decorate(chart, PREVIEW, demo=data_status(engine).demo, embed_geojson=False)
    fig["layout"].pop("width", None)
    fig["layout"].pop("height", None)
    fig["layout"]["autosize"] = True
    warn = conflicts_for(v["grafica"], chart.request.fecha, chart.request.estado, engine, metrica=params.get("metrica"))
    links = [
        html.A(f"Enlace {f.upper()}", href=export_href(v["grafica"], f, {**params, "tamano": v.get("tamano")}),
               className="me-3")
        for f in (*FORMATS, "txt")
    ]  # fmt: skip
    return fig, chart.sentence, chart.alt, warnings_panel(warn), links


def menu(preset: Any, metric: Any, fecha: Any, estado: Any, tamano: Any) -> Any:
    """The preview's export menu follows the chosen chart, metric, date, scope and size."""
    if not isinstance(preset, str) or preset not in PRESETS:
        return no_update
    v = {"grafica": preset, "metrica": metric, "fecha": fecha, "estado": estado}
    return export_items(preset, {**export_params(v), "tamano": tamano or None})


def choices(preset: str, metric: Any, fecha: Any, estado: Any, tamano: Any) -> dict[str, Any]:
    """The press room's controls as the view dict its previews and downloads read."""
    return {
        "grafica": preset,
        "metrica": metric,
        "fecha": fecha[:10] if isinstance(fecha, str) else "",
        "estado": estado,
        "tamano": tamano,
    }


def register(app: Dash) -> None:
    app.callback(
        Output(menu_id(Ids.GRAPH), "children"),
        Input(Ids.PRESET, "value"),
        Input(Ids.METRIC, "value"),
        Input(Ids.DATE, "date"),
        Input(Ids.SCOPE, "value"),
        Input(Ids.SIZE, "value"),
        prevent_initial_call=True,
    )(menu)

    urlsync.register_sync(
        app,
        Ids.URL,
        (Ids.PRESET, Ids.METRIC, (Ids.DATE, "date"), Ids.SCOPE, Ids.SIZE),
        sync_url,
        states=[State(Ids.DATE, "max_date_allowed"), State(Ids.SCOPE, "options")],
        outputs=[Output(Ids.METRIC, "options"), Output(Ids.METRIC, "disabled"), Output(Ids.SCOPE, "disabled")],
    )

    @app.callback(
        Output(Ids.GRAPH, "figure"),
        Output(Ids.SENTENCE, "children"),
        Output(Ids.ALT, "children"),
        Output(Ids.WARNINGS, "children"),
        Output(Ids.LINKS, "children"),
        Input(Ids.PRESET, "value"),
        Input(Ids.METRIC, "value"),
        Input(Ids.DATE, "date"),
        Input(Ids.SCOPE, "value"),
        Input(Ids.SIZE, "value"),
    )
    def show(preset, metric, fecha, estado, tamano):  # type: ignore[no-untyped-def]
        if not isinstance(preset, str) or preset not in PRESETS:  # browser input: a dict is not hashable
            return no_update, no_update, no_update, no_update, no_update
        v = choices(preset, metric, fecha, estado, tamano)
        try:
            return preview(v)
        except SQLAlchemyError:
            log.exception("database error in the press room")
            msg = "No fue posible leer los datos en este momento."
            return {}, msg, "", dbc.Alert(msg, color="danger"), None

    @app.callback(
        *(Output(Ids.download(f), "data") for f in FORMATS),
        Output(Ids.STATUS, "children"),
        *(Input(Ids.button(f), "n_clicks") for f in FORMATS),
        State(Ids.PRESET, "value"),
        State(Ids.METRIC, "value"),
        State(Ids.DATE, "date"),
        State(Ids.SCOPE, "value"),
        State(Ids.SIZE, "value"),
        prevent_initial_call=True,
    )
    def download(*args):  # type: ignore[no-untyped-def]
        preset, metric, fecha, estado, tamano = args[len(FORMATS) :]
        fmt = str(ctx.triggered_id or "").removeprefix("prensa-boton-")
        out: list[Any] = [no_update] * len(FORMATS)
        if fmt not in FORMATS or not isinstance(preset, str) or preset not in PRESETS:
            return *out, no_update
        v = choices(preset, metric, fecha, estado, tamano)
        try:
            f = files.export(runtime.engine(), preset, fmt, {**export_params(v), "tamano": tamano or ""})
        except BadRequest as exc:
            return *out, str(exc)
        out[FORMATS.index(fmt)] = dcc.send_bytes(f.content, f.filename, type=f.mimetype)
        return *out, f"Descargado: {f.filename}"
