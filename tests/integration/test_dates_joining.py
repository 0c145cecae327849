"""Joining and announcement follow the date on every view; national links keep the date; the legend is honest."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from dash import Dash
from sqlalchemy import Engine, text, update

from dashboard import db
from dashboard.db import make_engine
from dashboard.queries import national, staff
from dashboard.queries.areas import STATUSES
from layouts import comites, estado, panorama, personal
from tests import fixture_db
from tests.dash_client import call
from tests.page_client import fresh_app, ok, page
from tests.tree import by_id, hrefs, text_of

P, E = panorama.Ids, estado.Ids
BEFORE, AFTER = date(2024, 3, 15), date(2024, 5, 1)  # Estado de México joined 2024-04-15
EVE, ANNOUNCED = date(2024, 7, 1), date(2024, 7, 3)  # Yucatán's joining was announced 2024-07-02


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The page fixture, with Yucatán's announcement dated as the ingest will record it."""
    eng = make_engine(f"sqlite:///{tmp_path_factory.mktemp('joining') / 'fx.sqlite'}")
    fixture_db.build_fixture(eng)
    with eng.begin() as conn:
        conn.execute(update(db.states).where(db.states.c.cve_ent == "31").values(fecha_anuncio=date(2024, 7, 2)))
        db.bump_version(conn)
    yield eng
    eng.dispose()


@pytest.fixture(scope="module")
def app(engine: Engine) -> Dash:
    return fresh_app(engine)


@pytest.fixture(scope="module")
def tl(engine: Engine) -> national.Timeline:
    return national.timeline(engine)


def map_areas(app: Dash, tl: national.Timeline, d: date, metric: str = "comites_instalados_pct") -> dict[str, str]:
    """cve_ent -> area state on the national map after the slider moves to d (read from the Patch)."""
    out = ok(call(app, [f"{P.MAP}.figure", f"{P.LEGEND}.children"],
                  {f"{P.METRIC}.value": metric, f"{P.SLIDER}.value": tl.index_of(d)}))  # fmt: skip
    areas = {}
    for op in out[P.MAP]["figure"]["operations"]:
        status = STATUSES[op["location"][1]]
        areas.update(dict.fromkeys(op["params"]["value"]["locations"], status))
    return areas


def test_estado_de_mexico_joins_in_april(app: Dash, tl: national.Timeline) -> None:
    before, after = map_areas(app, tl, BEFORE), map_areas(app, tl, AFTER)
    assert before["15"] == "no_adherido" and after["15"] in ("valor", "sin_datos")
    assert before["12"] == after["12"] == "valor"  # Guerrero joined in 2022
    assert before["09"] == after["09"] == "sin_datos"  # Ciudad de México: joined in 2023, no data
    early = page(app, "/estado/15", f"?fecha={BEFORE.isoformat()}")
    status = by_id(early, E.STATUS)["children"]
    assert status.startswith("No adherido a IMSS-Bienestar al 15 de marzo de 2024") and "Federalizado" not in status
    muni = by_id(early, E.CHORO)["figure"]["data"]
    assert muni[0]["locations"] == [] and muni[3]["locations"]  # every municipality 'No adherido'
    assert "Federalizado, sin datos" not in text_of(by_id(early, E.LEGEND)["children"])
    late = page(app, "/estado/15", f"?fecha={AFTER.isoformat()}")
    assert by_id(late, E.STATUS)["children"].startswith("Federalizado a IMSS-Bienestar desde abril de 2024")


def test_yucatan_is_announced_from_its_announcement(app: Dash, tl: national.Timeline) -> None:
    assert map_areas(app, tl, EVE)["31"] == "no_adherido"
    assert map_areas(app, tl, ANNOUNCED)["31"] == "anunciado"
    status = by_id(page(app, "/estado/31", f"?fecha={ANNOUNCED.isoformat()}"), E.STATUS)["children"]
    assert status.startswith("Adhesión a IMSS-Bienestar anunciada el 2 de julio de 2024")
    assert by_id(page(app, "/estado/31", f"?fecha={EVE.isoformat()}"), E.STATUS)["children"].startswith("No adherido")


def test_rankings_totals_and_staff_count_only_joined_states(app: Dash, engine: Engine) -> None:
    assert "15" not in set(national.ranking(engine, "personas_registradas", BEFORE)["cve_ent"])
    assert "15" in set(national.ranking(engine, "personas_registradas", AFTER)["cve_ent"])
    nat = national.kpis(engine, BEFORE)[0]  # personas_registradas
    with engine.connect() as conn:
        joined = conn.execute(
            text("SELECT sum(registrados - duplicados) FROM registry WHERE cve_ent IN ('12', '29') AND fecha <= :d"),
            {"d": BEFORE.isoformat()},
        ).scalar()
    assert nat.value == joined  # Guerrero and Tlaxcala: Estado de México's registry is not counted before it joined
    assert "15" not in set(staff.units_without_doctor(engine, BEFORE)["cve_ent"])


def test_honest_legend_without_values(app: Dash, tl: national.Timeline) -> None:
    """On the first day no state has installed committees: no colour scale, and the legend says why."""
    out = ok(call(app, [f"{P.MAP}.figure", f"{P.LEGEND}.children"],
                  {f"{P.METRIC}.value": "comites_instalados_pct", f"{P.SLIDER}.value": 0}))  # fmt: skip
    value_trace = next(op for op in out[P.MAP]["figure"]["operations"] if op["location"] == ["data", 0])
    assert value_trace["params"]["value"]["showscale"] is False
    legend = text_of(out[P.LEGEND]["children"])
    assert "Ningún estado tiene datos" in legend and "No adherido" in legend
    first = page(app, "/", "?metrica=comites_instalados_pct&fecha=2024-01-01")
    assert by_id(first, P.MAP)["figure"]["data"][0]["showscale"] is False
    assert "Ningún estado tiene datos" in text_of(by_id(first, P.LEGEND)["children"])
    later = page(app, "/", "?metrica=comites_instalados_pct&fecha=2024-09-30")
    assert by_id(later, P.MAP)["figure"]["data"][0]["showscale"] is True
    assert "Ningún estado" not in text_of(by_id(later, P.LEGEND)["children"])


def page_links(tree: Any) -> list[str]:
    """Links to other pages (exports aside)."""
    return [h for h in hrefs(tree) if h.startswith("/") and not h.startswith("/exportar/")]


@pytest.mark.parametrize(
    ("path", "search"),
    [
        ("/", "?fecha=2024-06-03"),
        ("/comites", "?fecha=2024-06-03&dias=1"),
        ("/personal", "?fecha=2024-06-03"),
        ("/estado/12", "?fecha=2024-06-03"),
    ],
)
def test_every_link_of_a_dated_page_keeps_the_date(app: Dash, path: str, search: str) -> None:
    links = page_links(page(app, path, search))
    assert links, "the page has links to other pages"
    assert all("fecha=2024-06-03" in h for h in links), [h for h in links if "fecha=2024-06-03" not in h]


def test_ranking_table_and_state_badges_follow_the_slider(app: Dash, tl: national.Timeline) -> None:
    index = tl.index_of(AFTER)
    out = ok(call(app, [f"{P.RANKING}.figure", f"{P.TABLE}.children"],
                  {f"{P.METRIC}.value": "cobertura_registro", f"{P.SLIDER}.value": index}))  # fmt: skip
    links = hrefs(out[P.TABLE]["children"])
    assert len(links) == 32 and all(h.endswith(f"?fecha={AFTER.isoformat()}") for h in links)
    outs = [f"{comites.Ids.DATE_TEXT}.children", *[f"{i}.figure" for i in (comites.Ids.FUNNEL, comites.Ids.HEATMAP,
            comites.Ids.BUDGET, comites.Ids.BUDGET_STATES)], f"{comites.Ids.FULL}.children"]  # fmt: skip
    full = ok(call(app, outs, {f"{comites.Ids.SLIDER}.value": index, f"{comites.Ids.STATE}.value": "nacional"}))
    assert all(h.endswith(f"?fecha={AFTER.isoformat()}") for h in hrefs(full[comites.Ids.FULL]["children"]))
    gaps = ok(call(app, [f"{personal.Ids.KPIS}.children", f"{personal.Ids.DATE_TEXT}.children",
                         f"{personal.Ids.BY_STATE}.figure", f"{personal.Ids.GAPS}.figure",
                         f"{personal.Ids.GAPS_TABLE}.children", f"{personal.Ids.BASE}.figure"],
                   {f"{personal.Ids.SLIDER}.value": index, f"{personal.Ids.STATE}.value": "nacional",
                    f"{personal.Ids.GROUP}.value": "tipo_red"}))  # fmt: skip
    unit_links = hrefs(gaps[personal.Ids.GAPS_TABLE]["children"])
    assert unit_links and all(h.endswith(f"?fecha={AFTER.isoformat()}") for h in unit_links)


def test_state_exports_follow_the_date(app: Dash) -> None:
    """The state page's map exports are at the page's date: Estado de México before and after it joined."""
    client = app.server.test_client()
    before = client.get(f"/exportar/estado-municipal.csv?estado=15&metrica=comites_instalados_pct&fecha={BEFORE}")
    after = client.get(f"/exportar/estado-municipal.csv?estado=15&metrica=comites_instalados_pct&fecha={AFTER}")
    assert before.status_code == after.status_code == 200
    rows_before = before.get_data(as_text=True).splitlines()[1:]
    assert rows_before and all(r.endswith("no adherido") for r in rows_before if r.strip())
    assert not any(r.endswith("no adherido") for r in after.get_data(as_text=True).splitlines()[1:] if r.strip())
