"""URL handling: dashboard.pages parse_query/build_query/resolve and the drill-down pages' parameter validation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from dash import no_update

from callbacks import datos as datos_cb
from callbacks import estado as estado_cb
from dashboard.pages import PAGES, NotFound, build_query, href, parse_query, resolve
from dashboard.queries.national import Timeline
from layouts import datos, estado, unidad
from layouts.estado import Ids, View, parse_days, parse_view, valid_cve_ent

MUNIS = {"20067", "20001"}


def test_parse_query_first_value_wins_and_limits() -> None:
    assert parse_query("?metrica=x&metrica=y&fecha=2024-06-28") == {"metrica": "x", "fecha": "2024-06-28"}
    assert parse_query(None) == {} and parse_query("") == {} and parse_query("?") == {}
    many = "&".join(f"k{i}=v" for i in range(50))
    assert len(parse_query(many)) == 20
    assert len(parse_query("?buscar=" + "a" * 1000)["buscar"]) == 200


def test_build_query_round_trip_with_accents() -> None:
    query = build_query({"pestaña": "cargas", "buscar": "San José", "vacío": "", "nada": None})
    assert query == "?pesta%C3%B1a=cargas&buscar=San+Jos%C3%A9"
    assert parse_query(query) == {"pestaña": "cargas", "buscar": "San José"}
    assert build_query({}) == ""


@pytest.mark.parametrize(
    ("path", "module", "params"),
    [
        ("/estado/20", "layouts.estado", {"cve_ent": "20"}),
        ("/estado/20/", "layouts.estado", {"cve_ent": "20"}),
        ("/unidad/DEMO-20-00001", "layouts.unidad", {"clues": "DEMO-20-00001"}),
        ("/datos", "layouts.datos", {}),
    ],
)
def test_resolve(path: str, module: str, params: dict[str, str]) -> None:
    hit = resolve(path, PAGES)
    assert hit is not None
    assert hit[0].module == module and hit[1] == params


def test_resolve_unknown() -> None:
    assert resolve("/estado", PAGES) is None
    assert resolve("/estado/20/extra", PAGES) is None


@pytest.mark.parametrize("bad", ["99", "00", "33", "abc", "2", "020", "", None, "２０", "1e"])
def test_invalid_state_codes(bad: str | None) -> None:
    with pytest.raises(NotFound) as err:
        valid_cve_ent(bad)
    assert "No existe el estado" in err.value.mensaje


def test_valid_state_codes() -> None:
    assert valid_cve_ent("01") == "01" and valid_cve_ent("32") == "32"


def test_parse_view_defaults_for_invalid_values() -> None:
    raw = {"metrica": "DROP", "color": "rojo", "dias": "-3", "pendiente": "x", "buscar": "  " + "a" * 300}
    view = parse_view(raw, MUNIS)
    assert view.metrica == estado.DEFAULT_METRIC and view.color == estado.DEFAULT_COLOR
    assert view.dias == estado.DEFAULT_DAYS and view.pendiente is None
    assert len(view.buscar) == estado.MAX_SEARCH


def test_parse_view_valid_values() -> None:
    raw = {"metrica": "medicos_pct", "municipio": "20067", "color": "gasto", "dias": "90", "pendiente": "sin_medico"}
    assert parse_view(raw, MUNIS) == View("medicos_pct", "20067", "gasto", "", 90, "sin_medico")


def test_unknown_municipality_is_404_only_when_strict() -> None:
    with pytest.raises(NotFound):
        parse_view({"municipio": "07101"}, MUNIS)
    assert parse_view({"municipio": "07101"}, MUNIS, strict=False).municipio is None


@pytest.mark.parametrize(("raw", "days"), [("7", 7), ("3650", 3650), ("0", 30), ("3651", 30), ("1.5", 30), (None, 30)])
def test_parse_days(raw: str | None, days: int) -> None:
    assert parse_days(raw) == days


def test_view_query_keeps_only_changes() -> None:
    assert View().query() == {}
    assert build_query(View(municipio="20067", dias=60).query()) == "?municipio=20067&dias=60"


CURRENT = {
    "metrica": "comites_instalados_pct",
    "municipio": None,
    "color": "comite",
    "buscar": "",
    "dias": 30,
    "pendiente": "",
}


def test_sync_control_to_url() -> None:
    current = {**CURRENT, "metrica": "ejercido_pct"}
    out = estado_cb.sync(Ids.METRICA, "", current, None, MUNIS)
    assert out[0] == "?metrica=ejercido_pct"
    assert all(v is no_update for v in out[1:])


def test_sync_url_to_controls_sets_only_changed_values() -> None:
    current = dict(CURRENT)
    out = estado_cb.sync(Ids.URL, "?municipio=20067&color=bogus", current, None, MUNIS)
    assert out[0] is no_update
    assert out[2] == "20067"
    assert out[1] is no_update and out[3] is no_update


def test_sync_map_click_outside_state_is_ignored() -> None:
    from dash.exceptions import PreventUpdate

    current = dict(CURRENT)
    with pytest.raises(PreventUpdate):
        estado_cb.sync(Ids.CHORO, "", current, {"points": [{"location": "07101"}]}, MUNIS)
    with pytest.raises(PreventUpdate):
        estado_cb.sync(Ids.CHORO, "", current, {"bad": 1}, MUNIS)


@pytest.mark.parametrize(
    ("clues", "href"),
    [
        ("OCIMB000010", "/unidad/OCIMB000010"),
        ("DEMO-20-00001", "/unidad/DEMO-20-00001"),
        ("<x>", None),
        ("", None),
        (None, None),
        ("A" * 21, None),
    ],
)
def test_unit_href(clues: str | None, href: str | None) -> None:
    assert estado_cb.unit_href(clues) == href


@pytest.mark.parametrize("mod", [unidad, datos])
def test_parse_tab(mod) -> None:  # type: ignore[no-untyped-def]
    other = list(mod.TABS)[1]
    assert mod.parse_tab({"pestaña": other}) == other
    assert mod.parse_tab({"pestana": other}) == other
    assert mod.parse_tab({"pestaña": "otra"}) == mod.DEFAULT_TAB


def test_tab_sync() -> None:
    mod, cb = datos, datos_cb
    other = list(mod.TABS)[1]
    tab_id, url_id = mod.Ids.TAB, mod.Ids.URL
    assert cb.sync(tab_id, "", other)[0] == build_query({"pestaña": other})
    assert cb.sync(tab_id, "", mod.DEFAULT_TAB)[0] is no_update
    assert cb.sync(url_id, build_query({"pestaña": other}), mod.DEFAULT_TAB) == (no_update, other)
    assert cb.sync(url_id, "", mod.DEFAULT_TAB) == (no_update, no_update)


# The date in URLs and links ---------------------------------------------------------------------------------------

TL = Timeline([date(2024, 3, 1) + timedelta(days=i) for i in range(31)])  # 2024-03-01 … 2024-03-31


def test_href_keeps_only_given_values() -> None:
    assert href("/estado/20", fecha="2024-03-15") == "/estado/20?fecha=2024-03-15"
    assert href("/estado/20", municipio="20067", fecha=None) == "/estado/20?municipio=20067"
    assert href("/") == "/"


def test_timeline_param_leaves_the_last_day_out() -> None:
    assert TL.param(date(2024, 3, 15)) == "2024-03-15"
    assert TL.param(date(2024, 3, 31)) is None and TL.param(None) is None


@pytest.mark.parametrize(
    ("raw", "fecha"),
    [("2024-03-15", "2024-03-15"), ("2024-03-31", None), ("2024-02-29", None), ("2024-04-01", None),
     ("15/03/2024", None), ("2024-03-15T00", None), (None, None)],
)  # fmt: skip
def test_parse_view_date(raw: str | None, fecha: str | None) -> None:
    assert parse_view({"fecha": raw}, MUNIS, TL).fecha == fecha


def test_view_query_carries_the_date() -> None:
    assert build_query(View(fecha="2024-03-15", dias=60).query()) == "?dias=60&fecha=2024-03-15"


def test_sync_date_both_ways() -> None:
    current = {**CURRENT, "fecha": TL.index_of(date(2024, 3, 31))}
    out = estado_cb.sync(Ids.URL, "?fecha=2024-03-10&municipio=20067", current, None, MUNIS, TL)
    assert out[0] is no_update and out[2] == "20067" and out[-1] == 9
    moved = {**CURRENT, "fecha": 9}
    assert estado_cb.sync(Ids.FECHA, "", moved, None, MUNIS, TL)[0] == "?fecha=2024-03-10"
    assert estado_cb.sync(Ids.FECHA, "?fecha=2024-03-10", current, None, MUNIS, TL)[0] == ""


def test_map_click_keeps_the_date() -> None:
    current = {**CURRENT, "fecha": 9}
    out = estado_cb.sync(Ids.CHORO, "?fecha=2024-03-10", current, {"points": [{"location": "20067"}]}, MUNIS, TL)
    assert out[0] == "?municipio=20067&fecha=2024-03-10"


def test_unit_href_with_date() -> None:
    assert estado_cb.unit_href("OCIMB000010", "2024-03-10") == "/unidad/OCIMB000010?fecha=2024-03-10"
    assert estado_cb.unit_href("<x>", "2024-03-10") is None
