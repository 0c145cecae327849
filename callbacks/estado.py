"""State page: URL ⇄ controls sync, maps, unit grid, to-do counts, exports, click-through to a unit."""

from __future__ import annotations

import re
from typing import Any

from dash import Dash, Input, Output, Patch, State, ctx, dcc, no_update
from dash.exceptions import PreventUpdate

from dashboard import runtime
from dashboard.export import safe_cells
from dashboard.pages import NotFound, build_query, parse_query
from dashboard.queries import units as q
from layouts import estado as page
from layouts.estado import EXPORTS, Ids, View
from layouts.export_menu import export_items, menu_id

CLUES_RE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,19}$")
CONTROLS = ("metrica", "municipio", "color", "buscar", "dias", "pendiente")


def _state(cve: Any) -> q.StateInfo:
    try:
        return page.load_state(cve)
    except NotFound as exc:
        raise PreventUpdate from exc


def _municipios(cve_ent: str) -> set[str]:
    return set(q.state_municipalities(runtime.engine(), cve_ent)["cvegeo"])


def control_values(view: View) -> tuple[Any, ...]:
    """The controls' values for a view (the radio uses '' for 'all units')."""
    return (view.metrica, view.municipio, view.color, view.buscar, view.dias, view.pendiente or "")


def sync(
    trigger: str | None, search: str | None, current: dict[str, Any], click: Any, municipios: set[str]
) -> tuple[Any, ...]:
    """One direction per trigger: URL → controls (back/forward, pasted link) or controls/map click → URL."""
    if trigger == Ids.URL:
        view = page.parse_view(parse_query(search), municipios, strict=False)
        now = tuple(current[k] for k in CONTROLS)
        return (
            no_update,
            *(new if new != old else no_update for new, old in zip(control_values(view), now, strict=True)),
        )
    values = dict(current)
    municipio_out: Any = no_update
    if trigger == Ids.CHORO:
        location = _clicked_location(click)
        if location not in municipios or location == current.get("municipio"):
            raise PreventUpdate
        values["municipio"] = municipio_out = location
    view = page.parse_view(values, municipios, strict=False)
    query = build_query(view.query())
    outs: list[Any] = [no_update] * len(CONTROLS)
    outs[CONTROLS.index("municipio")] = municipio_out
    if str(view.dias) != str(current.get("dias")):
        outs[CONTROLS.index("dias")] = view.dias
    return (query if query != (search or "") else no_update, *outs)


def _clicked_location(click: Any) -> str | None:
    try:
        return str(click["points"][0]["location"])
    except (KeyError, IndexError, TypeError):
        return None


def register(app: Dash) -> None:
    _register_sync(app)
    _register_maps(app)
    _register_menus(app)
    _register_grid(app)
    _register_exports(app)
    _register_navigation(app)


def _register_sync(app: Dash) -> None:
    @app.callback(
        Output(Ids.URL, "search"),
        Output(Ids.METRICA, "value"),
        Output(Ids.MUNICIPIO, "value"),
        Output(Ids.COLOR, "value"),
        Output(Ids.BUSCAR, "value"),
        Output(Ids.DIAS, "value"),
        Output(Ids.PENDIENTE, "value"),
        Input(Ids.URL, "search"),
        Input(Ids.METRICA, "value"),
        Input(Ids.MUNICIPIO, "value"),
        Input(Ids.COLOR, "value"),
        Input(Ids.BUSCAR, "value"),
        Input(Ids.DIAS, "value"),
        Input(Ids.PENDIENTE, "value"),
        Input(Ids.CHORO, "clickData"),
        State(Ids.CVE, "data"),
        prevent_initial_call=True,
    )
    def sync_url(search, metrica, municipio, color, buscar, dias, pendiente, click, cve):  # type: ignore[no-untyped-def]
        info = _state(cve)
        current = dict(zip(CONTROLS, (metrica, municipio, color, buscar, dias, pendiente), strict=True))
        return sync(ctx.triggered_id, search, current, click, _municipios(info.cve_ent))


def _register_maps(app: Dash) -> None:
    @app.callback(
        Output(Ids.CHORO, "figure"), Input(Ids.METRICA, "value"), State(Ids.CVE, "data"), prevent_initial_call=True
    )
    def choropleth(metrica: str | None, cve: str | None) -> dict[str, Any]:
        info = _state(cve)
        return page.choropleth_figure(info, metrica if metrica in q.STATE_METRICS else page.DEFAULT_METRIC)

    @app.callback(
        Output(Ids.POINTS, "figure"),
        Input(Ids.MUNICIPIO, "value"),
        Input(Ids.COLOR, "value"),
        State(Ids.CVE, "data"),
        prevent_initial_call=True,
    )
    def points(municipio: str | None, color: str | None, cve: str | None) -> dict[str, Any]:
        info = _state(cve)
        if municipio not in _municipios(info.cve_ent):
            municipio = None
        return page.points_figure(info.cve_ent, municipio, color if color in page.COLOR_BY else page.DEFAULT_COLOR)


def _register_menus(app: Dash) -> None:
    @app.callback(
        Output(menu_id(Ids.CHORO), "children"),
        Output(menu_id(Ids.POINTS), "children"),
        Input(Ids.METRICA, "value"),
        Input(Ids.MUNICIPIO, "value"),
        Input(Ids.COLOR, "value"),
        State(Ids.CVE, "data"),
        prevent_initial_call=True,
    )
    def menus(metrica: Any, municipio: Any, color: Any, cve: Any) -> tuple[Any, Any]:
        """Export links follow the map's metric and the points' municipality and colour."""
        info = _state(cve)
        raw = {"metrica": metrica, "municipio": municipio, "color": color}
        view = page.parse_view(raw, _municipios(info.cve_ent), strict=False)
        return tuple(  # type: ignore[return-value]
            export_items(preset, page.export_params(i, info.cve_ent, view)) for i, preset in EXPORTS.items()
        )


def view_from(info: q.StateInfo, municipio: Any, pendiente: Any, dias: Any, buscar: Any) -> View:
    """The validated view behind the grid callbacks (same rules as the URL)."""
    raw = {"municipio": municipio, "pendiente": pendiente, "dias": dias, "buscar": buscar}
    return page.parse_view(raw, _municipios(info.cve_ent), strict=False)


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
        State(Ids.CVE, "data"),
        prevent_initial_call=True,
    )
    def table(municipio, pendiente, dias, buscar, cve):  # type: ignore[no-untyped-def]
        info = _state(cve)
        view = view_from(info, municipio, pendiente, dias, buscar)
        options = Patch()
        options["quickFilterText"] = view.buscar
        total = len(q.state_units(runtime.engine(), info.cve_ent))
        count = page.count_text(len(page.filtered(info, view)), total)
        todo = no_update if ctx.triggered_id == Ids.PENDIENTE else page.todo_options(info, view.municipio, view.dias)
        if ctx.triggered_id == Ids.BUSCAR:
            return no_update, options, count, no_update
        if ctx.triggered_id == Ids.DIAS and view.pendiente != "sin_ejercer":
            return no_update, options, count, todo  # the days only change the unspent list
        unsearched = View(municipio=view.municipio, pendiente=view.pendiente, dias=view.dias)
        rows = q.grid_rows(page.filtered(info, unsearched), info.nombre)
        return rows, options, count, todo


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
        State(Ids.CVE, "data"),
        prevent_initial_call=True,
    )
    def xlsx(n, municipio, pendiente, dias, buscar, cve):  # type: ignore[no-untyped-def]
        if not n:
            raise PreventUpdate
        info = _state(cve)
        view = view_from(info, municipio, pendiente, dias, buscar)
        rows = q.grid_rows(page.filtered(info, view), info.nombre, export=True)
        name = f"unidades_{info.cve_ent}{'_' + view.municipio if view.municipio else ''}.xlsx"
        return dcc.send_bytes(xlsx_bytes(rows), name)


def unit_href(clues: Any) -> str | None:
    """'/unidad/<clues>' for a well-formed CLUES, else None."""
    text = str(clues or "")
    return f"/unidad/{text}" if CLUES_RE.match(text) else None


def _register_navigation(app: Dash) -> None:
    @app.callback(
        Output(Ids.URL, "href"),
        Input(Ids.POINTS, "clickData"),
        Input(Ids.GRID, "cellClicked"),
        prevent_initial_call=True,
    )
    def open_unit(click: Any, cell: Any) -> str:
        if ctx.triggered_id == Ids.POINTS:
            try:
                clues = click["points"][0]["customdata"]
            except (KeyError, IndexError, TypeError):
                clues = None
        else:
            clues = (cell or {}).get("rowId") if (cell or {}).get("colId") == "clues" else None
        href = unit_href(clues)
        if href is None:
            raise PreventUpdate
        return href
