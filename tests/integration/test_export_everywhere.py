"""Every chart on every page has an export menu whose links work and whose data is the data drawn."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from dash import Dash
from sqlalchemy import Engine, select

from dashboard.db import units
from dashboard.export import data, files
from dashboard.export.presets import PRESETS
from tests.dash_client import call
from tests.export_support import demo_database, export_app

ROUTER = ["contenido.children", "datos-al.children", "banner-demo.children", "titulo-pagina.data"]
ORIGINAL = {
    "mapa-nacional",
    "ranking-estatal",
    "serie-nacional",
    "canales-registro",
    "embudo-comites",
    "mapa-municipal",
}
MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf", "csv": "text/csv",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "txt": "text/plain"}  # fmt: skip
FULL_SET = {"registro-municipal", "unidad-historial"}  # every format (and size) for these two


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    yield from demo_database(tmp_path_factory.mktemp("everywhere") / "demo.sqlite")


@pytest.fixture(scope="module")
def app(demo: Engine) -> Dash:
    return export_app(str(demo.url))


@pytest.fixture(scope="module")
def clues(demo: Engine) -> str:
    with demo.connect() as conn:
        return str(conn.execute(select(units.c.clues).where(units.c.cve_ent == "20").order_by(units.c.clues)).scalar())


def pages(clues: str) -> list[str]:
    return [
        "/",
        "/?metrica=medicos_pct&fecha=2024-05-01",
        "/registro?estado=20&vista=cobertura&denominador=psinder&canal=modulo&fecha=2024-03-10",
        "/personal?estado=20&agrupar=nivel_atencion&fecha=2024-04-01",
        "/comites?estado=20&fecha=2024-08-10",
        "/estado/20?metrica=ejercido_pct&color=medico",
        f"/unidad/{clues}?pestana=gasto",
        "/prensa?grafica=ranking-estatal&metrica=ejercido_pct&fecha=2024-06-28",
    ]


def walk(node: Any) -> Iterator[dict[str, Any]]:
    """Every serialised component in a tree."""
    if isinstance(node, list):
        for child in node:
            yield from walk(child)
    elif isinstance(node, dict) and "props" in node:
        yield node
        yield from walk(node["props"].get("children"))


def render(app: Dash, path: str) -> list[dict[str, Any]]:
    pathname, _, search = path.partition("?")
    status, out, _ = call(app, ROUTER, {"url.pathname": pathname}, state={"url.search": "?" + search if search else ""})
    assert status == 200, out
    return list(walk(out["response"]["contenido"]["children"]))


def menus(app: Dash, path: str) -> dict[str, list[str]]:
    """Graph id -> the hrefs of its export menu; fails when a graph has none."""
    nodes = render(app, path)
    by_id = {n["props"].get("id"): n for n in nodes if isinstance(n["props"].get("id"), str)}
    out = {}
    for graph in (n for n in nodes if n["type"] == "Graph"):
        menu = by_id.get(f"{graph['props']['id']}-exportar")
        assert menu is not None and menu["type"] == "DropdownMenu", f"{path}: {graph['props']['id']} has no menu"
        assert menu["props"]["label"] == "Exportar gráfica"
        out[graph["props"]["id"]] = [i["props"]["href"] for i in walk(menu["props"]["children"])]
    assert out, path
    for key, menu in by_id.items():  # menus of non-graph views (e.g. the states at 100 %)
        if key.endswith("-exportar") and key[: -len("-exportar")] not in out:
            out[key] = [i["props"]["href"] for i in walk(menu["props"]["children"])]
    return out


def all_links(app: Dash, clues: str) -> dict[str, list[str]]:
    links: dict[str, list[str]] = {}
    for path in pages(clues):
        for graph, hrefs in menus(app, path).items():
            links[f"{path} {graph}"] = hrefs
    return links


def preset_of(href: str) -> tuple[str, str]:
    name = urlsplit(href).path.rsplit("/", 1)[-1]
    preset, _, fmt = name.rpartition(".")
    return preset, fmt


def test_every_graph_has_a_menu_with_every_format(app: Dash, clues: str) -> None:
    links = all_links(app, clues)
    for where, hrefs in links.items():
        assert sorted({preset_of(h)[1] for h in hrefs}) == sorted(MIME), where
        assert len({preset_of(h)[0] for h in hrefs}) == 1, where
    used = {preset_of(h)[0] for hrefs in links.values() for h in hrefs}
    assert used >= set(PRESETS) - {"canales-registro", "mapa-municipal"}  # those two stay press-room only


def test_links_answer_with_the_right_type(app: Dash, clues: str) -> None:
    client = app.server.test_client()
    seen: set[str] = set()
    for where, hrefs in all_links(app, clues).items():
        for href in hrefs:
            preset, fmt = preset_of(href)
            wanted = preset in FULL_SET or fmt in ("csv", "txt") or (fmt == "svg" and preset not in seen)
            if not wanted:
                continue
            resp = client.get(href)
            assert resp.status_code == 200, (where, href, resp.get_data(as_text=True))
            assert resp.mimetype == MIME[fmt], (href, resp.mimetype)
            assert "attachment" in resp.headers["Content-Disposition"]
        seen.add(preset_of(hrefs[0])[0])


def numbers(value: Any) -> Iterator[float]:
    """Every finite number inside a (nested) figure property."""
    if isinstance(value, bool):
        return
    if isinstance(value, int | float):
        if math.isfinite(value):
            yield round(float(value), 1)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from numbers(v)


def drawn(figure: dict[str, Any]) -> set[float]:
    out: set[float] = set()
    for trace in figure["data"]:
        for key in ("x", "y", "z", "lat", "lon"):
            out.update(numbers(trace.get(key)))
    for shape in figure["layout"].get("shapes", []):
        out.update(numbers([shape.get("y0")]))
    return out


def test_csv_is_the_data_drawn_for_the_new_presets(app: Dash, demo: Engine, clues: str) -> None:
    client = app.server.test_client()
    checked = set()
    for hrefs in all_links(app, clues).values():
        href = next(h for h in hrefs if h.split("?")[0].endswith(".csv"))
        preset = preset_of(href)[0]
        if preset in ORIGINAL:
            continue
        params = dict(parse_qsl(urlsplit(href).query))
        chart = files.chart_for(demo, preset, params)
        frame = data.read_csv(client.get(href).data)
        assert list(frame.columns) == list(chart.frame.columns), preset
        assert len(frame) == len(chart.frame), preset
        figure_numbers = drawn(chart.figure)
        for col in (c for c in frame.select_dtypes("number").columns if not c.startswith("clave")):
            values = {round(float(v), 1) for v in frame[col].dropna()}
            assert values <= figure_numbers, (preset, col, sorted(values - figure_numbers)[:5])
        checked.add(preset)
    assert checked >= set(PRESETS) - ORIGINAL


@pytest.mark.parametrize(
    "url",
    [
        "/exportar/unidad-personal.csv?clues=NOEXISTE99",
        "/exportar/unidad-historial.png?clues=%27%20OR%201%3D1%20--",
        "/exportar/unidad-presupuesto.txt?clues=" + "X" * 40,
        "/exportar/no-existe.csv",
    ],
)
def test_unknown_unit_is_404(app: Dash, url: str) -> None:
    resp = app.server.test_client().get(url)
    assert resp.status_code == 404
    assert "No existe" in resp.get_data(as_text=True)


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/exportar/unidad-personal.csv", "Falta la CLUES"),
        ("/exportar/registro-municipal.csv?vista=zzz", "Valor no válido de «vista»"),
        ("/exportar/personal-por-grupo.csv?agrupar=x", "Valor no válido de «agrupar»"),
        ("/exportar/estado-municipal.csv", "es de un estado"),
        ("/exportar/estado-municipal.csv?estado=20&metrica=monto_ejercido", "Métrica no disponible"),
        ("/exportar/estado-unidades.csv?estado=20&municipio=01001", "no pertenece"),
        ("/exportar/serie-presupuesto.csv?fecha=2024-13-01", "Fecha no válida"),
        ("/exportar/ejercido-estados.csv?estado=99", "Estado desconocido"),
    ],
)
def test_bad_params_are_400_in_spanish(app: Dash, url: str, words: str) -> None:
    resp = app.server.test_client().get(url)
    assert resp.status_code == 400, resp.get_data(as_text=True)
    assert words in resp.get_data(as_text=True)


def test_menu_links_follow_the_controls(app: Dash) -> None:
    """Moving a control updates the links (the national map itself stays a Patch)."""
    outputs = [
        "panorama-mapa-exportar.children",
        "panorama-ranking-exportar.children",
        "panorama-serie-exportar.children",
    ]
    status, out, _ = call(app, outputs, {"panorama-metrica.value": "ejercido_pct", "panorama-fecha.value": 10})
    assert status == 200
    hrefs = [i["props"]["href"] for i in out["response"]["panorama-mapa-exportar"]["children"]]
    assert all("metrica=ejercido_pct" in h and "fecha=" in h for h in hrefs)
    status, out, _ = call(app, ["panorama-mapa.figure", "panorama-leyenda.children"],
                          {"panorama-metrica.value": "ejercido_pct", "panorama-fecha.value": 10})  # fmt: skip
    assert status == 200 and "__dash_patch_update" in out["response"]["panorama-mapa"]["figure"]
