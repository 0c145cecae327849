"""The state and unit pages at a date: every number is the one a direct query gives at that date, links keep it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from dash import Dash
from sqlalchemy import Engine, text

from dashboard import fmt
from dashboard.db import make_engine
from dashboard.queries import national
from layouts import estado, unidad
from tests import drilldown_db as fx
from tests.dash_client import call
from tests.page_client import fresh_app, ok, page
from tests.tree import by_id, hrefs, text_of

DATES = (date(2024, 2, 10), date(2024, 3, 10), date(2024, 4, 10))
UNIT = "OCIMB00001"  # asamblea 2024-02-08, instalación 02-15, tarjeta and $200,000 dispersed 03-06, spent 04-05
E, U = estado.Ids, unidad.Ids


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    eng = make_engine(f"sqlite:///{tmp_path_factory.mktemp('dates') / 'drill.sqlite'}")
    fx.build(eng)
    yield eng
    eng.dispose()


@pytest.fixture(scope="module")
def app(engine: Engine) -> Dash:
    return fresh_app(engine)


@pytest.fixture(scope="module")
def tl(engine: Engine) -> national.Timeline:
    return national.timeline(engine)


# What a direct query says at a date (independent of the dashboard's queries) -------------------------------------


def scalar(engine: Engine, sql: str, **params: Any) -> float:
    with engine.connect() as conn:
        return float(conn.execute(text(sql), params).scalar() or 0)


def installed_pct(engine: Engine, d: date) -> str:
    sql = "SELECT count(*) FROM committees WHERE cve_ent = '20'"
    planned = scalar(engine, sql)
    installed = scalar(engine, sql + " AND fecha_instalacion <= :d", d=d.isoformat())
    return fmt.porcentaje(100 * installed / planned)


def without_installed_committee(engine: Engine, d: date) -> int:
    sql = """SELECT count(*) FROM units u LEFT JOIN committees c ON c.clues = u.clues AND c.fecha_instalacion <= :d
             WHERE u.cve_ent = '20' AND u.tipo_red IN ('centro_salud', 'hospital') AND c.clues IS NULL"""
    return int(scalar(engine, sql, d=d.isoformat()))


def money(engine: Engine, column: str, d: date, clues: str | None = None) -> float:
    where = "clues = :c" if clues else "cve_ent = '20'"
    return scalar(engine, f"SELECT sum({column}) FROM committee_spending WHERE {where} AND fecha <= :d",
                  d=d.isoformat(), c=clues)  # fmt: skip


def installed_share(engine: Engine, cvegeo: str, d: date) -> float:
    sql = """SELECT 100.0 * sum(CASE WHEN c.fecha_instalacion <= :d THEN 1 ELSE 0 END) / count(*)
             FROM committees c JOIN units u ON u.clues = c.clues WHERE u.cvegeo = :m"""
    return round(scalar(engine, sql, d=d.isoformat(), m=cvegeo), 1)


def doctors(engine: Engine, clues: str, d: date) -> float:
    sql = "SELECT sum(incorporados) FROM staffing WHERE clues = :c AND rol = 'medico_general' AND fecha <= :d"
    return scalar(engine, sql, c=clues, d=d.isoformat())


# The state page ---------------------------------------------------------------------------------------------------


def todo_count(options: list[dict[str, Any]], key: str) -> int:
    label = next(o["label"] for o in options if o["value"] == key)
    return int(label.rsplit("(", 1)[1].rstrip(")").replace(",", ""))


@pytest.mark.parametrize("d", DATES)
def test_state_page_at_a_date_shows_that_dates_figures(app: Dash, engine: Engine, d: date) -> None:
    tree = page(app, "/estado/20", f"?fecha={d.isoformat()}")
    assert by_id(tree, E.FECHA_TEXT)["children"] == fmt.fecha_larga(d)
    assert f"Comités instalados {installed_pct(engine, d)}" in text_of(tree)
    options = by_id(tree, E.PENDIENTE)["options"]
    assert todo_count(options, "sin_comite") == without_installed_committee(engine, d)
    rows = by_id(tree, E.GRID)["rowData"]
    assert sum(r["dispersado"] for r in rows) == money(engine, "dispersado", d)
    assert sum(r["ejercido"] for r in rows) == money(engine, "ejercido", d)
    fig = by_id(tree, E.CHORO)["figure"]
    shares = dict(zip(fig["data"][0]["locations"], fig["data"][0]["z"], strict=True))
    assert shares[fx.MUNICIPIO] == installed_share(engine, fx.MUNICIPIO, d)


def test_the_dates_differ(engine: Engine) -> None:
    """The dates above are far enough apart for the page to be wrong if it ignored them."""
    assert len({installed_pct(engine, d) for d in DATES}) == 3
    assert len({money(engine, "dispersado", d) for d in DATES}) == 3


@pytest.mark.parametrize("d", DATES)
def test_moving_the_date_updates_every_view(app: Dash, engine: Engine, tl: national.Timeline, d: date) -> None:
    index, state = tl.index_of(d), {f"{E.CVE}.data": "20"}
    head = ok(call(app, [f"{E.CRUMBS}.children", f"{E.STATUS}.children", f"{E.FECHA_TEXT}.children",
                         f"{E.NOTICE}.children", f"{E.KPIS}.children"], {f"{E.FECHA}.value": index}, state=state))  # fmt: skip
    assert f"Comités instalados {installed_pct(engine, d)}" in text_of(head[E.KPIS]["children"])
    assert head[E.FECHA_TEXT]["children"] == fmt.fecha_larga(d)
    assert hrefs(head[E.CRUMBS]["children"]) == [f"/?fecha={d.isoformat()}"]
    grid_in = {f"{E.MUNICIPIO}.value": None, f"{E.PENDIENTE}.value": "", f"{E.DIAS}.value": 30,
               f"{E.BUSCAR}.value": "", f"{E.FECHA}.value": index}  # fmt: skip
    grid = ok(call(app, [f"{E.GRID}.rowData", f"{E.GRID}.dashGridOptions", f"{E.COUNT}.children",
                         f"{E.PENDIENTE}.options"], grid_in, state=state, changed=[f"{E.FECHA}.value"]))  # fmt: skip
    assert sum(r["dispersado"] for r in grid[E.GRID]["rowData"]) == money(engine, "dispersado", d)
    assert todo_count(grid[E.PENDIENTE]["options"], "sin_comite") == without_installed_committee(engine, d)
    assert all(f"?fecha={d.isoformat()})" in r["unidad"] for r in grid[E.GRID]["rowData"])
    maps = ok(call(app, [f"{E.CHORO}.figure", f"{E.LEGEND}.children"],
                   {f"{E.METRICA}.value": "comites_instalados_pct", f"{E.FECHA}.value": index}, state=state))  # fmt: skip
    trace = maps[E.CHORO]["figure"]["data"][0]
    assert dict(zip(trace["locations"], trace["z"], strict=True))[fx.MUNICIPIO] == installed_share(
        engine, fx.MUNICIPIO, d
    )


def test_state_page_date_in_the_url_both_ways(app: Dash, tl: national.Timeline) -> None:
    sync = [f"{E.URL}.search", *[f"{i}.value" for i in (E.METRICA, E.MUNICIPIO, E.COLOR, E.BUSCAR, E.DIAS,
                                                          E.PENDIENTE, E.FECHA)]]  # fmt: skip
    values = ["comites_instalados_pct", None, "comite", "", 30, "", tl.index_of(tl.last)]
    base = dict(zip(sync[1:], values, strict=True)) | {f"{E.CHORO}.clickData": None}
    state = {f"{E.CVE}.data": "20"}
    back = ok(call(app, sync, {sync[0]: "?fecha=2024-03-10", **base}, state=state))
    assert back == {E.FECHA: {"value": tl.index_of(date(2024, 3, 10))}}
    moved = {**base, f"{E.FECHA}.value": tl.index_of(date(2024, 3, 10))}
    fwd = ok(call(app, sync, {sync[0]: "", **moved}, state=state, changed=[f"{E.FECHA}.value"]))
    assert fwd == {E.URL: {"search": "?fecha=2024-03-10"}}
    latest = ok(call(app, sync, {sync[0]: "?fecha=2024-03-10", **base}, state=state, changed=[f"{E.FECHA}.value"]))
    assert latest == {E.URL: {"search": ""}}  # the last day is every page's default: no date in the URL


def test_state_page_links_and_exports_keep_the_date(app: Dash, tl: national.Timeline) -> None:
    d = DATES[1].isoformat()
    links = hrefs(page(app, "/estado/20", f"?fecha={d}"))
    pages = [h for h in links if not h.startswith("/exportar/")]
    exports = [h for h in links if h.startswith("/exportar/")]
    assert pages == [f"/?fecha={d}"] and len(exports) == 16
    assert all(f"fecha={d}" in h for h in exports)
    nav = ok(call(app, ["estado-url.href"], {f"{E.POINTS}.clickData": {"points": [{"customdata": fx.SYNTHETIC}]},
                                             f"{E.GRID}.cellClicked": None}, state={f"{E.FECHA}.value": tl.index_of(DATES[1])}))  # fmt: skip
    assert nav[E.URL]["href"] == f"/unidad/{fx.SYNTHETIC}?fecha={d}"
    menus = ok(call(app, [f"{E.CHORO}-exportar.children", f"{E.POINTS}-exportar.children"],
                    {f"{E.METRICA}.value": "medicos_pct", f"{E.MUNICIPIO}.value": fx.MUNICIPIO,
                     f"{E.COLOR}.value": "gasto", f"{E.FECHA}.value": tl.index_of(DATES[1])},
                    state={f"{E.CVE}.data": "20"}))  # fmt: skip
    menu_links = hrefs([m["children"] for m in menus.values()])
    assert len(menu_links) == 16 and all(f"fecha={d}" in h for h in menu_links)


def test_without_a_date_links_stay_short(app: Dash) -> None:
    assert [h for h in hrefs(page(app, "/estado/20")) if not h.startswith("/exportar/")] == ["/"]


@pytest.mark.parametrize("bad", ["2019-01-01", "2030-01-01", "abc", "2024-02-30"])
def test_a_date_outside_the_data_says_so(app: Dash, tl: national.Timeline, bad: str) -> None:
    tree = page(app, "/estado/20", f"?fecha={bad}")
    notice = text_of(by_id(tree, E.NOTICE)["children"])
    assert bad in notice and fmt.fecha_larga(tl.last) in notice
    assert by_id(tree, E.FECHA_TEXT)["children"] == fmt.fecha_larga(tl.last)


# The unit page ----------------------------------------------------------------------------------------------------


def unit_numbers(engine: Engine, d: date) -> list[float]:
    asignado = scalar(engine, "SELECT presupuesto_asignado FROM committees WHERE clues = :c", c=UNIT)
    return [asignado, money(engine, "dispersado", d, UNIT), money(engine, "ejercido", d, UNIT)]


@pytest.mark.parametrize(("d", "pending"), [(DATES[0], 4), (DATES[1], 2), (DATES[2], 0)])
def test_unit_page_at_a_date(app: Dash, engine: Engine, tl: national.Timeline, d: date, pending: int) -> None:
    tree = page(app, f"/unidad/{UNIT}", f"?fecha={d.isoformat()}")
    assert by_id(tree, U.FUNNEL)["figure"]["data"][0]["x"] == unit_numbers(engine, d)
    assert text_of(by_id(tree, U.TIMELINE)["children"]).count("pendiente") == pending
    staff = by_id(tree, U.STAFF)["figure"]["data"][0]["y"]
    assert staff[0] == doctors(engine, UNIT, d)
    moved = ok(call(app, [f"{U.CRUMBS}.children", f"{U.FECHA_TEXT}.children", f"{U.NOTICE}.children",
                          f"{U.STATUS}.children", f"{U.TIMELINE}.children", f"{U.FUNNEL}.figure", f"{U.STAFF}.figure"],
                    {f"{U.FECHA}.value": tl.index_of(d)}, state={f"{U.CLUES}.data": UNIT}))  # fmt: skip
    assert moved[U.FUNNEL]["figure"]["data"][0]["x"] == unit_numbers(engine, d)
    assert text_of(moved[U.TIMELINE]["children"]).count("pendiente") == pending
    cvegeo = unit_cvegeo(engine)
    assert hrefs(moved[U.CRUMBS]["children"]) == [
        f"/?fecha={d.isoformat()}",
        f"/estado/20?fecha={d.isoformat()}",
        f"/estado/20?municipio={cvegeo}&fecha={d.isoformat()}",
    ]


def unit_cvegeo(engine: Engine) -> str:
    with engine.connect() as conn:
        return str(conn.execute(text("SELECT cvegeo FROM units WHERE clues = :c"), {"c": UNIT}).scalar())


def test_unit_history_stops_at_the_date(app: Dash, tl: national.Timeline) -> None:
    d = DATES[1]
    out = ok(call(app, [f"{U.HISTORY}.figure"], {f"{U.TAB}.value": "gasto", f"{U.FECHA}.value": tl.index_of(d)},
                  state={f"{U.CLUES}.data": UNIT}))  # fmt: skip
    for trace in out[U.HISTORY]["figure"]["data"]:
        assert max(trace["x"]) == d.isoformat()  # carried on to the date, nothing after it
    assert out[U.HISTORY]["figure"]["data"][1]["y"][-1] == 0  # nothing spent yet on 2024-03-10


def test_unit_page_date_and_tab_in_the_url(app: Dash, tl: national.Timeline) -> None:
    sync = [f"{U.URL}.search", f"{U.FECHA}.value", f"{U.TAB}.value"]
    last = tl.index_of(tl.last)
    back = ok(call(app, sync, {sync[0]: "?fecha=2024-03-10&pesta%C3%B1a=gasto", sync[1]: last, sync[2]: "personal"}))
    assert back == {U.FECHA: {"value": tl.index_of(date(2024, 3, 10))}, U.TAB: {"value": "gasto"}}
    fwd = ok(call(app, sync, {sync[0]: "", sync[1]: tl.index_of(date(2024, 3, 10)), sync[2]: "gasto"},
                  changed=[sync[1]]))  # fmt: skip
    assert fwd == {U.URL: {"search": "?fecha=2024-03-10&pesta%C3%B1a=gasto"}}


def test_unit_page_links_and_exports_keep_the_date(app: Dash, engine: Engine) -> None:
    d, cvegeo = DATES[2].isoformat(), unit_cvegeo(engine)
    links = hrefs(page(app, f"/unidad/{UNIT}", f"?fecha={d}"))
    pages = [h for h in links if not h.startswith("/exportar/")]
    assert pages == [f"/?fecha={d}", f"/estado/20?fecha={d}", f"/estado/20?municipio={cvegeo}&fecha={d}"]
    dated = [h for h in links if h.startswith("/exportar/") and "ubicacion" not in h]
    assert len(dated) == 24 and all(f"fecha={d}" in h for h in dated)
