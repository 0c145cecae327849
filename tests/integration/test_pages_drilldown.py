"""Estado, Unidad and Datos pages through the Flask test client: HTTP status, router 404s, every callback."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from typing import Any

import openpyxl
import pytest
from dash import Dash

from dashboard import cache
from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.db import make_engine
from layouts import datos, estado, unidad
from tests import drilldown_db as fx

ROUTER_OUTPUTS = [
    ("contenido", "children"),
    ("datos-al", "children"),
    ("banner-demo", "children"),
    ("titulo-pagina", "data"),
]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dash]:
    path = tmp_path_factory.mktemp("drill") / "drill.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    fx.build(engine)
    cache.clear()
    yield create_app(Settings.from_env({"DATABASE_URL": f"sqlite:///{path}"}))
    engine.dispose()


def _output_key(outputs: list[tuple[str, str]]) -> str:
    if len(outputs) == 1:
        return f"{outputs[0][0]}.{outputs[0][1]}"
    return ".." + "...".join(f"{i}.{p}" for i, p in outputs) + ".."


def call(
    app: Dash,
    outputs: list[tuple[str, str]],
    inputs: list[tuple[str, str, Any]],
    state: list[tuple[str, str, Any]] = (),  # type: ignore[assignment]
    changed: str | None = None,
) -> tuple[int, dict[str, Any]]:
    """POST one callback the way the renderer does; returns (status, response JSON or {})."""
    payload = {
        "output": _output_key(outputs),
        "outputs": [{"id": i, "property": p} for i, p in outputs]
        if len(outputs) > 1
        else {"id": outputs[0][0], "property": outputs[0][1]},
        "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
        "state": [{"id": i, "property": p, "value": v} for i, p, v in state],
        "changedPropIds": [changed or f"{inputs[0][0]}.{inputs[0][1]}"],
    }
    client = app.server.test_client()
    client.get("/_dash-layout")
    resp = client.post("/_dash-update-component", json=payload)
    body = resp.get_json(silent=True) or {}
    return resp.status_code, body.get("response", {})


def route(app: Dash, pathname: str, search: str = "") -> str:
    status, body = call(app, ROUTER_OUTPUTS, [("url", "pathname", pathname)], [("url", "search", search)])
    assert status == 200
    return json.dumps(body["contenido"]["children"], ensure_ascii=False)


# HTTP status of direct GETs --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/estado/20", 200),
        (f"/estado/20?municipio={fx.MUNICIPIO}&metrica=ejercido_pct&color=gasto", 200),
        ("/estado/20?metrica=no-existe&dias=abc", 200),
        ("/estado/99", 404),
        ("/estado/abc", 404),
        ("/estado/2", 404),
        ("/estado/20?municipio=99999", 404),
        ("/estado/20?municipio=07101", 404),
        (f"/unidad/{fx.SYNTHETIC}", 200),
        ("/unidad/NOEXISTE", 404),
        ("/unidad/' OR 1=1 --", 404),
        ("/unidad/" + "X" * 300, 404),
        ("/datos", 200),
        ("/datos?pestaña=cargas", 200),
    ],
)
def test_direct_get_status(app: Dash, path: str, status: int) -> None:
    resp = app.server.test_client().get(path)
    assert resp.status_code == status
    assert b"Traceback" not in resp.data


@pytest.mark.parametrize(
    "path",
    [
        "/estado/99",
        "/estado/abc",
        "/estado/%3Cscript%3E",
        "/unidad/NOEXISTE",
        "/unidad/' OR 1=1 --",
        "/unidad/x'; DROP TABLE units; --",
    ],
)
def test_router_renders_spanish_404(app: Dash, path: str) -> None:
    content = route(app, path)
    assert "Página no encontrada" in content
    assert "Traceback" not in content


def test_router_404_for_unknown_municipality(app: Dash) -> None:
    content = route(app, "/estado/20", "?municipio=20999")
    assert "Página no encontrada" in content and "20999" in content


def test_units_table_survives_injection_attempt(app: Dash) -> None:
    route(app, "/unidad/x'; DROP TABLE units; --")
    assert app.server.test_client().get(f"/unidad/{fx.NO_COORDS}").status_code == 200


# Pages render ----------------------------------------------------------------------------------------------------


def test_state_page_renders_with_params(app: Dash) -> None:
    content = route(app, "/estado/20", f"?municipio={fx.MUNICIPIO}&color=sintetica&pendiente=sintetica")
    assert "Oaxaca" in content
    assert "Federalizado a IMSS-Bienestar" in content
    assert fx.SYNTHETIC in content
    assert "1 de 35 unidades" in content  # only the synthetic unit passes the to-do filter


def test_unit_page_renders(app: Dash) -> None:
    content = route(app, f"/unidad/{fx.SYNTHETIC}")
    for text in ("sintética (demostración)", "Asamblea", "Panorama", "/estado/20", f"municipio={fx.MUNICIPIO}"):
        assert text in content


def test_unit_without_coordinates(app: Dash) -> None:
    content = route(app, f"/unidad/{fx.NO_COORDS}")
    assert "sin coordenadas" in content.lower()


def test_datos_page_renders(app: Dash) -> None:
    content = route(app, "/datos")
    for text in ("Frescura", "/estado/20", "registro_malo.csv", "707", "INEGI"):
        assert text in content


# Callbacks ---------------------------------------------------------------------------------------------------------

SYNC_OUT = [(estado.Ids.URL, "search")] + [
    (i, "value")
    for i in (
        estado.Ids.METRICA,
        estado.Ids.MUNICIPIO,
        estado.Ids.COLOR,
        estado.Ids.BUSCAR,
        estado.Ids.DIAS,
        estado.Ids.PENDIENTE,
        estado.Ids.FECHA,
    )
]


def _sync_inputs(search: str, **values: Any) -> list[tuple[str, str, Any]]:
    v = {
        "metrica": "comites_instalados_pct",
        "municipio": None,
        "color": "comite",
        "buscar": "",
        "dias": 30,
        "pendiente": "",
    }
    v.update(values)
    ids = estado.Ids
    return [
        (ids.URL, "search", search),
        (ids.METRICA, "value", v["metrica"]),
        (ids.MUNICIPIO, "value", v["municipio"]),
        (ids.COLOR, "value", v["color"]),
        (ids.BUSCAR, "value", v["buscar"]),
        (ids.DIAS, "value", v["dias"]),
        (ids.PENDIENTE, "value", v["pendiente"]),
        (ids.FECHA, "value", values.get("fecha")),
        (ids.CHORO, "clickData", values.get("click")),
    ]


def test_sync_control_to_url(app: Dash) -> None:
    status, body = call(
        app,
        SYNC_OUT,
        _sync_inputs("", metrica="ejercido_pct"),
        [(estado.Ids.CVE, "data", "20")],
        changed=f"{estado.Ids.METRICA}.value",
    )
    assert status == 200
    assert body[estado.Ids.URL]["search"] == "?metrica=ejercido_pct"


def test_sync_url_to_controls(app: Dash) -> None:
    search = f"?municipio={fx.MUNICIPIO}&color=gasto&dias=abc"
    status, body = call(
        app, SYNC_OUT, _sync_inputs(search), [(estado.Ids.CVE, "data", "20")], changed=f"{estado.Ids.URL}.search"
    )
    assert status == 200
    assert body[estado.Ids.MUNICIPIO]["value"] == fx.MUNICIPIO
    assert body[estado.Ids.COLOR]["value"] == "gasto"
    assert estado.Ids.URL not in body


def test_sync_map_click_sets_municipality(app: Dash) -> None:
    click = {"points": [{"location": fx.MUNICIPIO}]}
    status, body = call(
        app,
        SYNC_OUT,
        _sync_inputs("", click=click),
        [(estado.Ids.CVE, "data", "20")],
        changed=f"{estado.Ids.CHORO}.clickData",
    )
    assert status == 200
    assert body[estado.Ids.MUNICIPIO]["value"] == fx.MUNICIPIO
    assert body[estado.Ids.URL]["search"] == f"?municipio={fx.MUNICIPIO}"


def test_sync_rejects_tampered_state(app: Dash) -> None:
    status, _ = call(
        app,
        SYNC_OUT,
        _sync_inputs("?x=1"),
        [(estado.Ids.CVE, "data", "99' OR 1=1")],
        changed=f"{estado.Ids.URL}.search",
    )
    assert status == 204


def test_choropleth_and_points_callbacks(app: Dash) -> None:
    status, body = call(
        app,
        [(estado.Ids.CHORO, "figure"), (estado.Ids.LEGEND, "children")],
        [(estado.Ids.METRICA, "value", "medicos_pct"), (estado.Ids.FECHA, "value", None)],
        [(estado.Ids.CVE, "data", "20")],
    )
    assert status == 200
    fig = body[estado.Ids.CHORO]["figure"]
    assert fig["data"][0]["geojson"] == "/geo/municipios/20.geojson"
    status, body = call(
        app,
        [(estado.Ids.POINTS, "figure")],
        [
            (estado.Ids.MUNICIPIO, "value", fx.MUNICIPIO),
            (estado.Ids.COLOR, "value", "sintetica"),
            (estado.Ids.FECHA, "value", None),
        ],
        [(estado.Ids.CVE, "data", "20")],
    )
    assert status == 200
    fig = body[estado.Ids.POINTS]["figure"]
    assert fig["layout"]["map"]["style"] == "white-bg"
    assert sum(len(t["lat"]) for t in fig["data"]) == 4  # 3 + synthetic; the one without coordinates is not drawn


def test_grid_callback(app: Dash) -> None:
    ids = estado.Ids
    outputs = [
        (ids.GRID, "rowData"),
        (ids.GRID, "dashGridOptions"),
        (ids.COUNT, "children"),
        (ids.PENDIENTE, "options"),
    ]
    inputs = [
        (ids.MUNICIPIO, "value", fx.MUNICIPIO),
        (ids.PENDIENTE, "value", "ubicacion"),
        (ids.DIAS, "value", 30),
        (ids.BUSCAR, "value", ""),
        (ids.FECHA, "value", None),
    ]
    status, body = call(app, outputs, inputs, [(ids.CVE, "data", "20")])
    assert status == 200
    assert [r["clues"] for r in body[ids.GRID]["rowData"]] == [fx.NO_COORDS]
    assert body[ids.COUNT]["children"] == "1 de 35 unidades"
    inputs[3] = (ids.BUSCAR, "value", "zzz")
    status, body = call(app, outputs, inputs, [(ids.CVE, "data", "20")], changed=f"{ids.BUSCAR}.value")
    assert ids.GRID not in body or "rowData" not in body[ids.GRID]
    assert body[ids.COUNT]["children"] == "0 de 35 unidades"


def test_xlsx_export_respects_filters(app: Dash) -> None:
    ids = estado.Ids
    state = [
        (ids.MUNICIPIO, "value", fx.MUNICIPIO),
        (ids.PENDIENTE, "value", ""),
        (ids.DIAS, "value", 30),
        (ids.BUSCAR, "value", "hospital"),
        (ids.FECHA, "value", None),
        (ids.CVE, "data", "20"),
    ]
    status, body = call(app, [(ids.DOWNLOAD, "data")], [(ids.XLSX, "n_clicks", 1)], state)
    assert status == 200
    data = body[ids.DOWNLOAD]["data"]
    assert re.fullmatch(rf"unidades_20_{fx.MUNICIPIO}_2024-\d\d-\d\d\.xlsx", data["filename"])  # the page's date
    import base64

    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(data["content"])))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "CLUES" and len(rows) == 2 and "Hospital" in rows[1][1]


def test_csv_and_navigation_callbacks(app: Dash) -> None:
    ids = estado.Ids
    status, body = call(app, [(ids.GRID, "exportDataAsCsv")], [(ids.CSV, "n_clicks", 1)])
    assert status == 200 and body[ids.GRID]["exportDataAsCsv"] is True
    click = {"points": [{"customdata": fx.SYNTHETIC}]}
    inputs = [(ids.POINTS, "clickData", click), (ids.GRID, "cellClicked", None)]
    status, body = call(app, [(ids.URL, "href")], inputs, [(ids.FECHA, "value", None)])
    assert body[ids.URL]["href"] == f"/unidad/{fx.SYNTHETIC}"
    inputs = [(ids.POINTS, "clickData", None), (ids.GRID, "cellClicked", {"colId": "clues", "rowId": "<script>"})]
    status, _ = call(app, [(ids.URL, "href")], inputs, [(ids.FECHA, "value", 3)], changed=f"{ids.GRID}.cellClicked")
    assert status == 204


def test_unit_callbacks(app: Dash) -> None:
    ids = unidad.Ids
    status, body = call(
        app,
        [(ids.URL, "search"), (ids.FECHA, "value"), (ids.TAB, "value")],
        [(ids.URL, "search", ""), (ids.FECHA, "value", None), (ids.TAB, "value", "gasto")],
        changed=f"{ids.TAB}.value",
    )
    assert status == 200 and body[ids.URL]["search"] == "?pesta%C3%B1a=gasto"
    status, body = call(
        app,
        [(ids.HISTORY, "figure")],
        [(ids.TAB, "value", "gasto"), (ids.FECHA, "value", None)],
        [(ids.CLUES, "data", fx.SYNTHETIC)],
    )
    assert status == 200 and body[ids.HISTORY]["figure"]["layout"]
    status, _ = call(
        app,
        [(ids.HISTORY, "figure")],
        [(ids.TAB, "value", "gasto"), (ids.FECHA, "value", None)],
        [(ids.CLUES, "data", "NOEXISTE")],
    )
    assert status == 204


def test_datos_callbacks(app: Dash) -> None:
    ids = datos.Ids
    status, body = call(
        app,
        [(ids.URL, "search"), (ids.TAB, "value")],
        [(ids.URL, "search", "?pesta%C3%B1a=cargas"), (ids.TAB, "value", "frescura")],
    )
    assert status == 200 and body[ids.TAB]["value"] == "cargas"
    client_rows = json.dumps(
        call(app, [(ids.PROBLEMS, "children")], [(ids.GRID, "cellClicked", {"rowId": "5", "colId": "archivo"})])[1],
        ensure_ascii=False,
    )
    assert "municipio desconocido 99999" in client_rows


# Boundaries by state ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code", ["١٢", "１２", "12 ", "1", "012", "99", "00", "ab", "%31%32%0A", "..", "12.geojson"]
)  # Arabic-Indic and full-width digits pass str.isdigit(); a trailing newline passes a `$` regex
def test_geo_route_accepts_only_existing_ascii_state_codes(app: Dash, code: str) -> None:
    assert app.server.test_client().get(f"/geo/municipios/{code}.geojson").status_code == 404


def test_geo_route_serves_a_state_and_its_cache_is_bounded(app: Dash) -> None:
    import geodata
    from dashboard.app import _geojson_bytes

    client = app.server.test_client()
    resp = client.get("/geo/municipios/20.geojson")
    assert resp.status_code == 200 and resp.mimetype == "application/geo+json"
    assert {f["properties"]["cve_ent"] for f in json.loads(resp.data)["features"]} == {"20"}
    states_cached = geodata.municipalities_of_state.cache_info().currsize
    for i in range(200):
        assert (
            client.get(f"/geo/municipios/{chr(0x660 + i % 10)}{chr(0x660 + i // 10 % 10)}.geojson").status_code == 404
        )
    for code in ("01", "20", "32"):
        assert client.get(f"/geo/municipios/{code}.geojson").status_code == 200
    assert geodata.municipalities_of_state.cache_info().currsize <= max(states_cached, 3) + 2
    assert _geojson_bytes.cache_info().currsize <= _geojson_bytes.cache_info().maxsize == 40
