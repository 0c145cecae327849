"""Server tests of the national pages: every page and callback through the Flask test client."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from dash import Dash

from dashboard import cache
from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.db import make_engine
from dashboard.queries import national
from dashboard.queries.metrics import MAP_METRICS
from layouts import comites, panorama, personal, registro
from tests import fixture_db
from tests.dash_client import call

ROUTER = ["contenido.children", "datos-al.children", "banner-demo.children", "titulo-pagina.data"]
BAD = [None, "", "zzz", "'; DROP TABLE registry; --", -1, 10**9, 3.5, ["x"]]
LAST = (fixture_db.END - fixture_db.START).days


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dash]:
    url = f"sqlite:///{tmp_path_factory.mktemp('pages') / 'fx.sqlite'}"
    fixture_db.build_fixture(make_engine(url))
    cache.clear()
    yield create_app(Settings.from_env({"DATABASE_URL": url}))


def ok(result: tuple[int, Any, int]) -> dict[str, Any]:
    status, data, _ = result
    assert status == 200, data
    return data["response"]


def nothing(result: tuple[int, Any, int]) -> bool:
    """No output updated (204, or 200 with an empty response)."""
    status, data, _ = result
    return status == 204 or (status == 200 and not data["response"])


def text_of(component: Any) -> str:
    """All strings inside a serialised component tree."""
    if isinstance(component, str):
        return component
    if isinstance(component, list):
        return " ".join(text_of(c) for c in component)
    if isinstance(component, dict):
        return text_of(component.get("props", {}).get("children", "")) if "props" in component else ""
    return ""


PATHS = [
    "/",
    "/?metrica=medicos_pct&fecha=2024-05-01",
    "/?metrica=zzz&fecha=2024-99-99",
    "/registro",
    "/registro?estado=12&vista=cobertura&denominador=psinder&canal=modulo&fecha=2024-03-10",
    "/registro?estado=99&vista=x&canal=&fecha=%00",
    "/personal",
    "/personal?estado=15&agrupar=tipologia&fecha=2024-04-01",
    "/personal?estado=31&agrupar=x",
    "/comites",
    "/comites?estado=12&dias=10&fecha=2024-08-10",
    "/comites?dias=-5&estado=..%2F..",
]


@pytest.mark.parametrize("path", PATHS)
def test_page_get_is_html(app: Dash, path: str) -> None:
    resp = app.server.test_client().get(path)
    assert resp.status_code == 200
    assert resp.mimetype == "text/html"


@pytest.mark.parametrize("path", PATHS)
def test_router_renders_each_page(app: Dash, path: str) -> None:
    pathname, _, search = path.partition("?")
    out = ok(call(app, ROUTER, {"url.pathname": pathname}, state={"url.search": "?" + search if search else ""}))
    content = str(out["contenido"]["children"])
    assert "Traceback" not in content and "not-found" not in content
    assert out["titulo-pagina"]["data"] != "Página no encontrada"


def test_initial_map_follows_the_url(app: Dash) -> None:
    out = ok(call(app, ROUTER, {"url.pathname": "/"}, state={"url.search": "?metrica=medicos_pct&fecha=2024-05-01"}))
    content = str(out["contenido"]["children"])
    assert "Médicos frente a la necesidad (%)" in content
    assert "1 de mayo de 2024" in content


MAP_OUT = [f"{panorama.Ids.MAP}.figure", f"{panorama.Ids.LEGEND}.children"]


@pytest.mark.parametrize("metric", [*MAP_METRICS, *BAD])
@pytest.mark.parametrize("index", [0, 100, LAST, None, "x", -3, 10**6])
def test_map_patch_every_metric_and_date(app: Dash, metric: Any, index: Any) -> None:
    status, data, size = call(
        app,
        MAP_OUT,
        {f"{panorama.Ids.METRIC}.value": metric, f"{panorama.Ids.SLIDER}.value": index},
    )
    assert status == 200
    fig = data["response"][panorama.Ids.MAP]["figure"]
    assert "__dash_patch_update" in fig  # a Patch, never a full figure
    assert size < 6000
    ops = {tuple(op["location"]) for op in fig["operations"]}
    assert ops == {("data", 0), ("data", 1), ("data", 2), ("data", 3)}  # values and the three area states


def test_map_patch_values_change_with_metric(app: Dash) -> None:
    def z(metric: str) -> list[float]:
        fig = ok(call(app, MAP_OUT, {f"{panorama.Ids.METRIC}.value": metric, f"{panorama.Ids.SLIDER}.value": LAST}))
        return fig[panorama.Ids.MAP]["figure"]["operations"][0]["params"]["value"]["z"]

    assert z("personas_registradas") != z("cobertura_registro")


@pytest.mark.parametrize("index", [0, 60, LAST, None, "bad"])
def test_kpis_series_ranking(app: Dash, index: Any) -> None:
    kpis = ok(
        call(
            app,
            [f"{panorama.Ids.KPIS}.children", f"{panorama.Ids.DATE_TEXT}.children"],
            {f"{panorama.Ids.SLIDER}.value": index},
        )
    )
    assert "Personas registradas" in text_of(kpis[panorama.Ids.KPIS]["children"])
    for metric in (*MAP_METRICS, "bad"):
        inputs = {f"{panorama.Ids.METRIC}.value": metric, f"{panorama.Ids.SLIDER}.value": index}
        ok(call(app, [f"{panorama.Ids.SERIES}.figure"], inputs, changed=[f"{panorama.Ids.METRIC}.value"]))
        ok(call(app, [f"{panorama.Ids.RANKING}.figure", f"{panorama.Ids.TABLE}.children"], inputs))
    patch = ok(
        call(
            app,
            [f"{panorama.Ids.SERIES}.figure"],
            {f"{panorama.Ids.METRIC}.value": "medicos_pct", f"{panorama.Ids.SLIDER}.value": 5},
            changed=[f"{panorama.Ids.SLIDER}.value"],
        )
    )
    assert "__dash_patch_update" in patch[panorama.Ids.SERIES]["figure"]


SYNC = [f"{panorama.Ids.URL}.search", f"{panorama.Ids.METRIC}.value", f"{panorama.Ids.SLIDER}.value"]


def _sync(app: Dash, search: str, metric: Any, index: Any, changed: str, stopped: Any = True) -> dict[str, Any]:
    inputs = {SYNC[0]: search, SYNC[1]: metric, SYNC[2]: index, f"{panorama.Ids.TICK}.disabled": stopped}
    return ok(call(app, SYNC, inputs, changed=[changed]))


def test_url_sync_both_ways(app: Dash) -> None:
    out = _sync(app, "?metrica=tarjetas_pct&fecha=2024-01-31", "x", 3, SYNC[0])
    assert out == {panorama.Ids.METRIC: {"value": "tarjetas_pct"}, panorama.Ids.SLIDER: {"value": 30}}
    out = _sync(app, "", "ejercido_pct", 30, SYNC[1])
    assert out == {panorama.Ids.URL: {"search": "?metrica=ejercido_pct&fecha=2024-01-31"}}
    bad = _sync(app, "?metrica=<script>&fecha=2024-02-30", "x", 3, SYNC[0])
    assert bad[panorama.Ids.METRIC]["value"] == MAP_METRICS[0] and bad[panorama.Ids.SLIDER]["value"] == LAST
    playing = {SYNC[0]: "", SYNC[1]: "x", SYNC[2]: 30, f"{panorama.Ids.TICK}.disabled": False}
    assert nothing(call(app, SYNC, playing, changed=[SYNC[2]]))  # playing: the URL waits for the pause


P = panorama.Ids
TOGGLE = [f"{P.TICK}.disabled", f"{P.PLAY}.children", f"{P.PLAY}.aria-pressed", f"{P.SLIDER}.value"]
ADVANCE = [f"{P.SLIDER}.value", f"{P.TICK}.disabled", f"{P.PLAY}.children", f"{P.PLAY}.aria-pressed"]
NAV = ["url.pathname", "url.search"]


def test_play_from_the_end_restarts_and_ticks_a_week(app: Dash) -> None:
    state = {f"{P.TICK}.disabled": True, f"{P.SLIDER}.value": LAST, f"{P.SLIDER}.max": LAST}
    out = ok(call(app, TOGGLE, {f"{P.PLAY}.n_clicks": 1}, state=state))
    assert out[P.TICK]["disabled"] is False and out[P.SLIDER]["value"] == 0
    tick = ok(call(app, ADVANCE, {f"{P.TICK}.n_intervals": 1}, state={f"{P.SLIDER}.value": 0, f"{P.SLIDER}.max": LAST}))
    assert tick[P.SLIDER]["value"] == 7
    end = ok(
        call(app, ADVANCE, {f"{P.TICK}.n_intervals": 2}, state={f"{P.SLIDER}.value": LAST - 2, f"{P.SLIDER}.max": LAST})
    )
    assert end[P.SLIDER]["value"] == LAST and end[P.TICK]["disabled"] is True


@pytest.mark.parametrize(
    ("click", "target"),
    [({"points": [{"location": "12"}]}, "/estado/12"), ({"points": [{"customdata": "15"}]}, "/estado/15"),
     ({"points": [{"location": "../x"}]}, None), ({"points": []}, None), (None, None)],
)  # fmt: skip
def test_click_opens_the_state(app: Dash, click: Any, target: str | None) -> None:
    """The state opens at the slider's date (even while playing, before the URL is written)."""
    inputs = {f"{P.MAP}.clickData": click, f"{P.RANKING}.clickData": None}
    result = call(app, NAV, inputs, state={f"{P.METRIC}.value": "medicos_pct", f"{P.SLIDER}.value": 100})
    if target is None:
        assert nothing(result)
    else:
        day = fixture_db.START + timedelta(days=100)
        assert ok(result)["url"] == {"pathname": target, "search": f"?metrica=medicos_pct&fecha={day.isoformat()}"}
    last = call(app, NAV, inputs, state={f"{P.METRIC}.value": "tarjetas_pct", f"{P.SLIDER}.value": LAST})
    if target is not None:  # the last day is every page's default, and the state page has no such metric
        assert ok(last)["url"] == {"pathname": target, "search": ""}


REG_MAP = [f"{registro.Ids.MAP}.figure", f"{registro.Ids.LEGEND}.children"]
REG_CONTROLS = [registro.Ids.MONTH, registro.Ids.STATE, registro.Ids.CANAL, registro.Ids.VISTA, registro.Ids.DEN]


def _reg_inputs(**kw: Any) -> dict[str, Any]:
    base = dict(zip(REG_CONTROLS, [8, "nacional", "todos", "absoluto", "pob_sin_seguridad"], strict=True)) | kw
    return {f"{k}.value": v for k, v in base.items()}


@pytest.mark.parametrize("vista", ["absoluto", "por_mil", "cobertura", "bad"])
@pytest.mark.parametrize("estado", ["nacional", "12", "99", None])
def test_registro_callbacks(app: Dash, vista: str, estado: Any) -> None:
    inputs = _reg_inputs(**{registro.Ids.VISTA: vista, registro.Ids.STATE: estado, registro.Ids.CANAL: "modulo"})
    for changed in (registro.Ids.STATE, registro.Ids.VISTA):
        ok(call(app, REG_MAP, inputs, changed=[f"{changed}.value"]))
    out = ok(
        call(
            app,
            [
                f"{registro.Ids.BY_STATE}.figure",
                f"{registro.Ids.COVERAGE}.children",
                f"{registro.Ids.MONTH_TEXT}.children",
            ],
            inputs,
        )
    )
    assert "sin seguridad social" in str(out[registro.Ids.COVERAGE])
    ok(call(app, [f"{registro.Ids.CHANNELS}.figure"], {f"{registro.Ids.STATE}.value": estado}))


def test_registro_state_change_loads_that_states_geometry(app: Dash) -> None:
    out = ok(call(app, REG_MAP, _reg_inputs(**{registro.Ids.STATE: "15"}), changed=[f"{registro.Ids.STATE}.value"]))
    assert out[registro.Ids.MAP]["figure"]["data"][0]["geojson"] == "/geo/municipios/15.geojson"
    patch = ok(call(app, REG_MAP, _reg_inputs(**{registro.Ids.STATE: "15"}), changed=[f"{registro.Ids.VISTA}.value"]))
    assert "__dash_patch_update" in patch[registro.Ids.MAP]["figure"]


def test_registro_url_sync(app: Dash) -> None:
    outs = [f"{registro.Ids.URL}.search", *[f"{c}.value" for c in REG_CONTROLS]]
    back = ok(call(app, outs, {outs[0]: "?estado=15&vista=por_mil&canal=<b>", **_reg_inputs()}))
    assert back[registro.Ids.STATE]["value"] == "15" and back[registro.Ids.VISTA]["value"] == "por_mil"
    assert registro.Ids.CANAL not in back  # an invalid channel is the default, which the control already shows
    fwd = ok(
        call(
            app,
            outs,
            {outs[0]: "", **_reg_inputs(**{registro.Ids.DEN: "psinder"})},
            changed=[f"{registro.Ids.DEN}.value"],
        )
    )
    assert fwd[registro.Ids.URL]["search"] == "?fecha=2024-09-30&denominador=psinder"


@pytest.mark.parametrize("agrupar", ["tipo_red", "tipologia", "nivel_atencion", "bad"])
@pytest.mark.parametrize("estado", ["nacional", "15", "01", None])
def test_personal_callbacks(app: Dash, agrupar: str, estado: Any) -> None:
    inputs = {
        f"{personal.Ids.SLIDER}.value": 150,
        f"{personal.Ids.STATE}.value": estado,
        f"{personal.Ids.GROUP}.value": agrupar,
    }
    outs = [personal.Ids.KPIS + ".children", personal.Ids.DATE_TEXT + ".children", personal.Ids.BY_STATE + ".figure",
            personal.Ids.GAPS + ".figure", personal.Ids.GAPS_TABLE + ".children", personal.Ids.BASE + ".figure"]  # fmt: skip
    out = ok(call(app, outs, inputs))
    assert "/unidad/" in str(out[personal.Ids.GAPS_TABLE])
    ok(call(app, [personal.Ids.BY_GROUP + ".figure"], inputs))
    sync = [
        f"{personal.Ids.URL}.search",
        *[f"{i}.value" for i in (personal.Ids.SLIDER, personal.Ids.STATE, personal.Ids.GROUP)],
    ]
    ok(call(app, sync, {sync[0]: f"?agrupar={agrupar}&estado={estado}", **inputs}))
    ok(call(app, sync, {sync[0]: "", **inputs}, changed=[f"{personal.Ids.GROUP}.value"]))


@pytest.mark.parametrize("dias", [60, 1, "abc", None, -3, 10**9])
@pytest.mark.parametrize("estado", ["nacional", "12", "bad"])
def test_comites_callbacks(app: Dash, dias: Any, estado: Any) -> None:
    base = {f"{comites.Ids.SLIDER}.value": LAST, f"{comites.Ids.STATE}.value": estado}
    outs = [f"{comites.Ids.DATE_TEXT}.children", *[f"{i}.figure" for i in (comites.Ids.FUNNEL, comites.Ids.HEATMAP, comites.Ids.BUDGET, comites.Ids.BUDGET_STATES)], f"{comites.Ids.FULL}.children"]  # fmt: skip
    ok(call(app, outs, base))
    idle = ok(call(app, [f"{comites.Ids.IDLE}.children"], {**base, f"{comites.Ids.DAYS}.value": dias}))
    assert "/unidad/" in str(idle) or "Ningún comité" in str(idle)
    sync = [
        f"{comites.Ids.URL}.search",
        *[f"{i}.value" for i in (comites.Ids.SLIDER, comites.Ids.STATE, comites.Ids.DAYS)],
    ]
    back = ok(call(app, sync, {sync[0]: f"?dias={dias}", **base, f"{comites.Ids.DAYS}.value": 5}))
    assert 1 <= back[comites.Ids.DAYS]["value"] <= comites.MAX_DAYS


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The calibrated demo in a temporary SQLite file (built here: CI starts from a clean clone)."""
    from tests.export_support import demo_database

    for engine in demo_database(tmp_path_factory.mktemp("kpis") / "demo.sqlite"):
        yield str(engine.url)


def test_demo_kpis_show_the_published_figure_on_its_date(demo_url: str) -> None:
    url = demo_url
    demo = create_app(Settings.from_env({"DATABASE_URL": url}))
    index = national.timeline(make_engine(url)).index_of(date(2024, 6, 28))
    out = ok(call(demo, [f"{P.KPIS}.children", f"{P.DATE_TEXT}.children"], {f"{P.SLIDER}.value": index}))
    assert out[P.DATE_TEXT]["children"] == "28 de junio de 2024"
    cards = text_of(out[P.KPIS]["children"])
    assert "Personas registradas 9.5 millones" in cards
