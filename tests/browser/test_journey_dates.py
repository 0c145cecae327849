"""A state coordinator looks back at a date: national map → state → unit and back, the date kept at every step;
then another date on the state page, which its links and the navigation bar follow."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from dash import Dash
from dash.testing.wait import until
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from dashboard import fmt
from dashboard.db import make_engine
from dashboard.queries import national
from dashboard.queries import units as q
from layouts import estado, panorama, unidad
from tests.browser.conftest_drilldown import drill_app, drill_db  # noqa: F401

pytestmark = pytest.mark.browser
DAY = date(2024, 3, 10)
LONG = "10 de marzo de 2024"
UNIT = "OCIMB00001"  # its card came on 2024-03-06; its first spending on 2024-04-05


def _state_path(dash_duo, cve: str):  # type: ignore[no-untyped-def]
    """The map's SVG path of a state (plotly keeps the location in the path's datum)."""
    script = (
        f"return Array.from(document.querySelectorAll('#{panorama.Ids.MAP} path.choroplethlocation'))"
        f".find(p => p.__data__ && p.__data__.loc === '{cve}') || null;"
    )
    return dash_duo.driver.execute_script(script)


def _click(dash_duo, selector: str) -> None:  # type: ignore[no-untyped-def]
    element = dash_duo.wait_for_element(selector)
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element)
    dash_duo.driver.execute_script("arguments[0].click();", element)


def test_map_to_state_to_unit_keeps_the_date(dash_duo, drill_app: Dash, drill_db: Path) -> None:  # noqa: F811
    engine = make_engine(f"sqlite:///{drill_db}")
    frame = q.state_units(engine, "20", DAY)
    without = q.todo_counts(frame, dias=30, ref=DAY)["sin_comite"]
    dash_duo.start_server(drill_app)
    dash_duo.driver.set_window_size(1400, 1000)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/?metrica=comites_instalados_pct&fecha={DAY.isoformat()}")
    dash_duo.wait_for_text_to_equal(f"#{panorama.Ids.DATE_TEXT}", LONG)

    until(lambda: _state_path(dash_duo, "20") is not None, timeout=10)
    oaxaca = _state_path(dash_duo, "20")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", oaxaca)
    ActionChains(dash_duo.driver).move_to_element(oaxaca).click().perform()
    dash_duo.wait_for_text_to_equal("h1", "Oaxaca")
    assert f"fecha={DAY.isoformat()}" in dash_duo.driver.current_url
    dash_duo.wait_for_text_to_equal(f"#{estado.Ids.FECHA_TEXT}", LONG)
    dash_duo.wait_for_contains_text(f"#{estado.Ids.PENDIENTE}", f"Sin comité instalado ({without})")

    _click(dash_duo, f"#{estado.Ids.GRID} a[href='/unidad/{UNIT}?fecha={DAY.isoformat()}']")
    dash_duo.wait_for_text_to_equal(f"#{unidad.Ids.FECHA_TEXT}", LONG)
    dash_duo.wait_for_contains_text(f"#{unidad.Ids.TIMELINE}", "Primer gasto — pendiente")
    assert dash_duo.driver.current_url.endswith(f"/unidad/{UNIT}?fecha={DAY.isoformat()}")

    _click(dash_duo, f"nav .breadcrumb a[href='/estado/20?fecha={DAY.isoformat()}']")
    dash_duo.wait_for_text_to_equal("h1", "Oaxaca")
    dash_duo.wait_for_text_to_equal(f"#{estado.Ids.FECHA_TEXT}", LONG)
    until(lambda: _nav(dash_duo).endswith(f"/?fecha={DAY.isoformat()}"), timeout=4)  # the bar keeps it too

    # another date on the state page: the URL, the counts, the way back and the bar follow
    first = national.timeline(engine).dates[0]
    earlier = q.todo_counts(q.state_units(engine, "20", first), dias=30, ref=first)["sin_comite"]
    assert earlier != without
    dash_duo.find_element(f"#{estado.Ids.FECHA} [role=slider]").send_keys(Keys.HOME)
    dash_duo.wait_for_text_to_equal(f"#{estado.Ids.FECHA_TEXT}", fmt.fecha_larga(first))
    dash_duo.wait_for_contains_text(f"#{estado.Ids.PENDIENTE}", f"Sin comité instalado ({earlier})")
    until(lambda: dash_duo.driver.current_url.endswith(f"/estado/20?fecha={first.isoformat()}"), timeout=4)
    until(lambda: _nav(dash_duo).endswith(f"/?fecha={first.isoformat()}"), timeout=4)
    _click(dash_duo, f"nav .breadcrumb a[href='/?fecha={first.isoformat()}']")
    dash_duo.wait_for_text_to_equal(f"#{panorama.Ids.DATE_TEXT}", fmt.fecha_larga(first))
    assert dash_duo.get_logs() == []


def _nav(dash_duo) -> str:  # type: ignore[no-untyped-def]
    """Where the navigation bar's "Panorama" link goes."""
    return str(dash_duo.find_element("#nav-inicio").get_attribute("href"))
