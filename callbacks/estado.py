"""State page: URL ⇄ controls (date included), header, maps, unit grid, to-do counts, exports, click-through."""

from __future__ import annotations

import re
from typing import Any

from dash import Dash, Input, Output, Patch, State, ctx, dcc, no_update
from dash.exceptions import PreventUpdate

from callbacks import urlsync
from dashboard import runtime
from dashboard.export import safe_cells
from dashboard.pages import NotFound, href, parse_query
from dashboard.queries import national
from dashboard.queries import units as q
from dashboard.queries.state_info import StateInfo
from layouts import estado as page
from layouts.controls import date_text
from layouts.estado import EXPORTS, Ids, StatePage, View
from layouts.export_menu import export_items

CLUES_RE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,19}$")
CONTROLS = ("metrica", "municipio", "color", "buscar", "dias", "pendiente", "fecha")
CONTROL_IDS = (Ids.METRICA, Ids.MUNICIPIO, Ids.COLOR, Ids.BUSCAR, Ids.DIAS, Ids.PENDIENTE, Ids.FECHA)


def _state(cve: Any) -> StateInfo:
    try:
        return page.load_state(cve)
    except NotFound as exc:
        raise PreventUpdate from exc


def _timeline() -> national.Timeline:
    return national.timeline(runtime.engine())


def _iso(tl: national.Timeline, index: Any) -> str | None:
    """The date at a slider position as ISO text (the last day when the position is not a number)."""
    day = tl.at(index if isinstance(index, int | float) else None)
    return day.isoformat() if day else None


def view_of(values: dict[str, Any], municipios: set[str], tl: national.Timeline | None) -> View:
    """The validated view for the controls' values (the slider's position becomes the date; same rules as the URL)."""
    raw = {k: values.get(k) for k in CONTROLS}
    raw["fecha"] = _iso(tl, values.get("fecha")) if tl is not None else None
    return page.parse_view(raw, municipios, tl, strict=False)


def control_values(view: View, tl: national.Timeline | None) -> tuple[Any, ...]:
    """The controls' values for a view (the radio uses '' for 'all units'; the slider a position)."""
    index = tl.index_of(national.parse_date(view.fecha, tl)) if tl is not None else None
    return (view.metrica, view.municipio, view.color, view.buscar, view.dias, view.pendiente or "", index)


def sync(
    trigger: str | None,
    search: str | None,
    current: dict[str, Any],
    click: Any,
    municipios: set[str],
    tl: national.Timeline | None = None,
) -> tuple[Any, ...]:
    """One direction per trigger: URL → controls (back/forward, pasted link) or controls/map click → URL."""
    if trigger == Ids.URL:
        view = page.parse_view(parse_query(search), municipios, tl, strict=False)
        now = tuple(current.get(k) for k in CONTROLS)
        new = control_values(view, tl)
        changed = [v if v != old else no_update for v, old in zip(new, now, strict=True)]
        if tl is None:
            changed[-1] = no_update  # no timeline: the slider is left alone
        return no_update, *changed
    values = dict(current)
    municipio_out: Any = no_update
    if trigger == Ids.CHORO:
        location = _clicked_location(click)
        if location not in municipios or location == current.get("municipio"):
            raise PreventUpdate
        values["municipio"] = municipio_out = location
    view = view_of(values, municipios, tl)
    outs: list[Any] = [no_update] * len(CONTROLS)
    outs[CONTROLS.index("municipio")] = municipio_out
    if str(view.dias) != str(current.get("dias")):
        outs[CONTROLS.index("dias")] = view.dias
    return urlsync.to_url(search, view.query(), 0) + tuple(outs)


def _clicked_location(click: Any) -> str | None:
    try:
        return str(click["points"][0]["location"])
    except (KeyError, IndexError, TypeError):
        return None


def sync_url(trigger: Any, search: Any, *args: Any) -> tuple[Any, ...]:
    """The registered callback: controls, the map click and the state's code as sync wants them."""
    *values, click, cve = args
    info = _state(cve)
    current = dict(zip(CONTROLS, values, strict=True))
    return sync(trigger, search, current, click, page.municipios(info.cve_ent), _timeline())


def page_for(cve: Any, index: Any, **values: Any) -> StatePage:
    """The page for the state in the store and the controls' values (validated like the URL)."""
    info = _state(cve)
    view = view_of({**values, "fecha": index}, page.municipios(info.cve_ent), _timeline())
    return page.state_page(info, view)


def register(app: Dash) -> None:
    urlsync.register_sync(
        app, Ids.URL, CONTROL_IDS, sync_url, inputs=[Input(Ids.CHORO, "clickData")], states=[State(Ids.CVE, "data")]
    )
    _register_header(app)
    _register_maps(app)
    _register_grid(app)
    _register_exports(app)
    _register_navigation(app)


def _register_header(app: Dash) -> None:
    @app.callback(
        Output(Ids.CRUMBS, "children"),
        Output(Ids.STATUS, "children"),
        Output(Ids.FECHA_TEXT, "children"),
        Output(Ids.NOTICE, "children"),
        Output(Ids.KPIS, "children"),
        Input(Ids.FECHA, "value"),
        State(Ids.CVE, "data"),
        prevent_initial_call=True,
    )
    def header(index: Any, cve: Any) -> tuple[Any, ...]:
        """Everything above the controls follows the date: links, joining status, headline numbers."""
        p = page_for(cve, index)
        return page.crumbs(p), page.federalization_text(p.info, p.day), date_text(p.day), None, page.kpis(p)


def _register_maps(app: Dash) -> None:
    @app.callback(
        Output(Ids.CHORO, "figure"),
        Output(Ids.LEGEND, "children"),
        Input(Ids.METRICA, "value"),
        Input(Ids.FECHA, "value"),
        State(Ids.CVE, "data"),
        prevent_initial_call=True,
    )
    def choropleth(metrica: Any, index: Any, cve: Any) -> tuple[Any, Any]:
        p = page_for(cve, index, metrica=metrica)
        return page.choropleth_figure(p), page.legend(p).children

    @app.callback(
        Output(Ids.POINTS, "figure"),
        Input(Ids.MUNICIPIO, "value"),
        Input(Ids.COLOR, "value"),
        Input(Ids.FECHA, "value"),
        State(Ids.CVE, "data"),
        prevent_initial_call=True,
    )
    def points(municipio: Any, color: Any, index: Any, cve: Any) -> dict[str, Any]:
        return page.points_figure(page_for(cve, index, municipio=municipio, color=color))

    @app.callback(
        *urlsync.menu_outputs(EXPORTS),
        Input(Ids.METRICA, "value"),
        Input(Ids.MUNICIPIO, "value"),
        Input(Ids.COLOR, "value"),
        Input(Ids.FECHA, "value"),
        State(Ids.CVE, "data"),
        prevent_initial_call=True,
    )
    def menus(metrica: Any, municipio: Any, color: Any, index: Any, cve: Any) -> tuple[Any, ...]:
        """Export links follow the map's metric, the points' municipality and colour, and the date."""
        p = page_for(cve, index, metrica=metrica, municipio=municipio, color=color)
        return tuple(export_items(preset, page.export_params(i, p.cve_ent, p.view)) for i, preset in EXPORTS.items())


def _register_grid(app: Dash) -> None:
    @app.callback(
        Output(Ids.GRID, "rowData"),
        Output(Ids.GRID, "dashGridOptions"),
        Output(Ids.COUNT, "children"),
        Output(Ids.PENDIENTE, "options"),
        Input(Ids.MUNICIPIO, "value"),
        Input(Ids.PENDIENTE, "value"),
        Input(Ids.DIAS, "value"),
        Input(Ids.BUSCAR, "value"),
        Input(Ids.FECHA, "value"),
        State(Ids.CVE, "data"),
        prevent_initial_call=True,
    )
    def table(municipio, pendiente, dias, buscar, index, cve):  # type: ignore[no-untyped-def]
        p = page_for(cve, index, municipio=municipio, pendiente=pendiente, dias=dias, buscar=buscar)
        options = Patch()
        options["quickFilterText"] = p.view.buscar
        count = page.unit_count(p)
        trigger = ctx.triggered_id
        todo = no_update if trigger == Ids.PENDIENTE else page.todo_options(p)
        if trigger == Ids.BUSCAR:
            return no_update, options, count, no_update
        if trigger == Ids.DIAS and p.view.pendiente != "sin_ejercer":
            return no_update, options, count, todo  # the days only change the unspent list
        return page.grid_rows(p), options, count, todo


def xlsx_bytes(rows: list[dict[str, Any]]) -> bytes:
    """The grid rows as an XLSX workbook (AG Grid's own XLSX export is enterprise-only)."""
    return safe_cells.xlsx_bytes({"Unidades": q.export_frame(rows)})


def _register_exports(app: Dash) -> None:
    @app.callback(Output(Ids.GRID, "exportDataAsCsv"), Input(Ids.CSV, "n_clicks"), prevent_initial_call=True)
    def csv(n: int | None) -> bool:
        return bool(n)

    @app.callback(
        Output(Ids.DOWNLOAD, "data"),
        Input(Ids.XLSX, "n_clicks"),
        State(Ids.MUNICIPIO, "value"),
        State(Ids.PENDIENTE, "value"),
        State(Ids.DIAS, "value"),
        State(Ids.BUSCAR, "value"),
        State(Ids.FECHA, "value"),
        State(Ids.CVE, "data"),
        prevent_initial_call=True,
    )
    def xlsx(n, municipio, pendiente, dias, buscar, index, cve):  # type: ignore[no-untyped-def]
        if not n:
            raise PreventUpdate
        p = page_for(cve, index, municipio=municipio, pendiente=pendiente, dias=dias, buscar=buscar)
        rows = page.grid_rows(p, export=True)
        where = f"_{p.view.municipio}" if p.view.municipio else ""
        when = f"_{p.day.isoformat()}" if p.day else ""
        return dcc.send_bytes(xlsx_bytes(rows), f"unidades_{p.cve_ent}{where}{when}.xlsx")


def unit_href(clues: Any, fecha: str | None = None) -> str | None:
    """'/unidad/<clues>' (with the page's date) for a well-formed CLUES, else None."""
    text = str(clues or "")
    return href(f"/unidad/{text}", fecha=fecha) if CLUES_RE.match(text) else None


def _register_navigation(app: Dash) -> None:
    @app.callback(
        Output(Ids.URL, "href"),
        Input(Ids.POINTS, "clickData"),
        Input(Ids.GRID, "cellClicked"),
        State(Ids.FECHA, "value"),
        prevent_initial_call=True,
    )
    def open_unit(click: Any, cell: Any, index: Any) -> str:
        if ctx.triggered_id == Ids.POINTS:
            try:
                clues = click["points"][0]["customdata"]
            except (KeyError, IndexError, TypeError):
                clues = None
        else:
            clues = (cell or {}).get("rowId") if (cell or {}).get("colId") == "clues" else None
        tl = _timeline()
        link = unit_href(clues, tl.param(tl.at(index if isinstance(index, int | float) else None)))
        if link is None:
            raise PreventUpdate
        return link
