"""No export hands a spreadsheet a formula: units named like formulas come out as inert text (OWASP CSV injection)."""

from __future__ import annotations

import base64
import io
import itertools
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from dash import Dash, dcc
from sqlalchemy import Engine

from dashboard import cache
from dashboard.db import make_engine
from dashboard.export import service
from dashboard.export.files import FORMATS
from dashboard.export.presets import PRESETS, Preset
from layouts import estado, prensa
from layouts.export_menu import export_href
from tests import injection_db
from tests.dash_client import call
from tests.export_support import export_app
from tests.injection_db import FORMULA_START, PAYLOADS, STATE, csv_cells, csv_problems, inert

# Every format that is a spreadsheet (images, PDF and the plain-text sentence are not opened by Excel).
SPREADSHEETS = tuple(f for f in FORMATS if f not in service.MIME and f != "txt")
# Routes that never write CSV or XLSX; a new route must be added here or to the export checks below.
NOT_SPREADSHEETS = {
    "/static/<path:filename>",
    "/assets/<path:filename>",
    "/_dash-component-suites/<string:package_name>/<path:fingerprinted_path>",
    "/_dash-layout",
    "/_dash-dependencies",
    "/_dash-update-component",
    "/_reload-hash",
    "/_favicon.ico",
    "/",
    "/<path:path>",
    "/geo/estados.geojson",
    "/geo/municipios.geojson",
    "/geo/municipios/<cve_ent>.geojson",
    "/salud",
}
EXPORT_ROUTE = "/exportar/<preset>.<fmt>"


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, dict[str, str]]]:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('injection') / 'injection.sqlite'}")
    names = injection_db.build(engine)
    cache.clear()
    yield engine, names
    engine.dispose()


@pytest.fixture(scope="module")
def app(poisoned: tuple[Engine, dict[str, str]]) -> Dash:
    return export_app(str(poisoned[0].url))


def xlsx_cells(content: bytes) -> dict[str, list[openpyxl.cell.Cell]]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return {sheet.title: [cell for row in sheet.iter_rows() for cell in row] for sheet in book.worksheets}


def xlsx_problems(sheets: dict[str, list[openpyxl.cell.Cell]]) -> list[str]:
    return [
        f"{name}!{cell.coordinate}={cell.value!r} ({cell.data_type})"
        for name, cells in sheets.items()
        for cell in cells
        if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith(FORMULA_START))
    ]


def variants(spec: Preset, clues: list[str], municipio: str) -> Iterator[dict[str, str]]:
    """Every scope, unit, metric and option value of a preset (free-text options: empty and the poisoned one)."""
    if spec.estado_requerido:
        scopes: list[dict[str, str]] = [{"estado": STATE}]
    else:
        scopes = [{}, {"estado": STATE}] if spec.by_state else [{}]
    units = [{"clues": c} for c in clues] if spec.clues else [{}]
    metrics = [{"metrica": m} for m in spec.metrics] or [{}]
    extras = [[(name, v) for v in (allowed or ("", municipio))] for name, allowed in spec.extra]
    for scope, unit, metric, *extra in itertools.product(scopes, units, metrics, *extras):
        yield {**scope, **unit, **metric, **dict(extra)}


def export_urls(engine: Engine, names: dict[str, str]) -> list[str]:
    municipio = injection_db.municipality(engine)
    return [
        export_href(key, fmt, params)
        for key, spec in PRESETS.items()
        for params in variants(spec, list(names), municipio)
        for fmt in SPREADSHEETS
    ]


def test_every_http_route_is_checked(app: Dash) -> None:
    """A new route that could write a spreadsheet fails here until it is checked below."""
    rules = {rule.rule for rule in app.server.url_map.iter_rules()}
    assert rules - NOT_SPREADSHEETS == {EXPORT_ROUTE}
    assert set(SPREADSHEETS) == {"csv", "xlsx"}


def test_every_export_route_writes_inert_cells(app: Dash, poisoned: tuple[Engine, dict[str, str]]) -> None:
    engine, names = poisoned
    client = app.server.test_client()
    urls = export_urls(engine, names)
    problems: list[str] = []
    seen: dict[str, set[str]] = {"csv": set(), "datos": set(), "notas": set()}
    for url in urls:
        resp = client.get(url)
        assert resp.status_code == 200, (url, resp.get_data(as_text=True))
        if url.split("?")[0].endswith(".csv"):
            cells = csv_cells(resp.data)
            problems += [f"{url}: {c!r}" for c in csv_problems(cells)]
            seen["csv"].update(cells)
        else:
            sheets = xlsx_cells(resp.data)
            problems += [f"{url}: {p}" for p in xlsx_problems(sheets)]
            for sheet, cells in sheets.items():
                seen[sheet].update(c.value for c in cells if isinstance(c.value, str))
    assert {u.split("?")[0].rsplit("/", 1)[1].rsplit(".", 1)[0] for u in urls} == set(PRESETS)
    assert problems == [], f"{len(problems)} live cells, e.g. {problems[:10]}"
    for where, values in seen.items():  # the payloads did reach every kind of file (the test is not vacuous)
        missing = [p for p in PAYLOADS if not any(inert(p) in v for v in values)]
        assert missing == [], where


def downloads(app: Dash) -> set[str]:
    """Ids of every dcc.Download on every page."""
    return {str(c.id) for c in app.validation_layout._traverse() if isinstance(c, dcc.Download)}  # type: ignore[union-attr]


def test_every_download_component_is_checked(app: Dash) -> None:
    assert downloads(app) == {estado.Ids.DOWNLOAD, *(prensa.Ids.download(f) for f in prensa.FORMATS)}


def sent(response: dict[str, object], ident: str) -> bytes:
    data = response["response"][ident]["data"]  # type: ignore[index]
    return base64.b64decode(data["content"]) if data["base64"] else data["content"].encode()  # type: ignore[index]


def test_state_grid_xlsx_button_writes_inert_cells(app: Dash, poisoned: tuple[Engine, dict[str, str]]) -> None:
    municipio = injection_db.municipality(poisoned[0])
    for place in (None, municipio):
        state = {f"{i}.value": None for i in (estado.Ids.MUNICIPIO, estado.Ids.PENDIENTE, estado.Ids.DIAS)}
        state |= {f"{estado.Ids.MUNICIPIO}.value": place, f"{estado.Ids.BUSCAR}.value": None,
                  f"{estado.Ids.FECHA}.value": None, f"{estado.Ids.CVE}.data": STATE}  # fmt: skip
        status, out, _ = call(app, [f"{estado.Ids.DOWNLOAD}.data"], {f"{estado.Ids.XLSX}.n_clicks": 1}, state=state)
        assert status == 200, out
        sheets = xlsx_cells(sent(out, estado.Ids.DOWNLOAD))
        assert xlsx_problems(sheets) == []
        values = {c.value for cells in sheets.values() for c in cells}
        assert inert(PAYLOADS[0]) in values
        if place is None:
            assert {inert(p) for p in PAYLOADS} <= values
        numbers = [c for cells in sheets.values() for c in cells if c.data_type == "n" and c.value is not None]
        assert numbers, "numbers stay numbers"


def test_press_room_downloads_write_inert_cells(app: Dash) -> None:
    inputs = {f"{prensa.Ids.button(f)}.n_clicks": None for f in prensa.FORMATS}
    state = {f"{prensa.Ids.PRESET}.value": "mapa-municipal", f"{prensa.Ids.METRIC}.value": "personas_registradas",
             f"{prensa.Ids.DATE}.date": None, f"{prensa.Ids.SCOPE}.value": STATE,
             f"{prensa.Ids.SIZE}.value": None}  # fmt: skip
    outputs = [*(f"{prensa.Ids.download(f)}.data" for f in prensa.FORMATS), f"{prensa.Ids.STATUS}.children"]
    for fmt in SPREADSHEETS:
        button = f"{prensa.Ids.button(fmt)}.n_clicks"
        status, out, _ = call(app, outputs, {**inputs, button: 1}, changed=[button], state=state)
        assert status == 200, out
        content = sent(out, prensa.Ids.download(fmt))
        if fmt == "csv":
            cells = csv_cells(content)
            assert csv_problems(cells) == [] and inert(PAYLOADS[0]) in cells
        else:
            sheets = xlsx_cells(content)
            assert xlsx_problems(sheets) == [] and inert(PAYLOADS[0]) in {c.value for c in sheets["datos"]}


def test_grid_csv_button_passes_every_cell_through_the_neutraliser() -> None:
    """AG Grid writes the CSV in the browser: its processCellCallback is the assets function (browser test too)."""
    params = estado.grid([], "", STATE).csvExportParams
    assert params["processCellCallback"] == {"function": "neutraliseCsvCell(params)"}
    script = (Path(__file__).resolve().parents[2] / "assets" / "dashAgGridFunctions.js").read_text(encoding="utf-8")
    assert "dagfuncs.neutraliseCsvCell = function" in script
