"""A state coordinator: from the data page to a state, a municipality, then one unit."""

from __future__ import annotations

import pytest
from dash import Dash
from dash.testing.wait import until
from selenium.webdriver.common.by import By

from layouts.estado import Ids
from tests import drilldown_db as fx
from tests.browser.conftest_drilldown import drill_app, drill_db  # noqa: F401

pytestmark = pytest.mark.browser


def choose_municipality(dash_duo, name: str) -> None:  # type: ignore[no-untyped-def]
    """Open the municipality dropdown, type part of the name, click the option (570 options: searched, not scrolled)."""
    dropdown = dash_duo.find_element(f"#{Ids.MUNICIPIO}")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", dropdown)
    dropdown.click()
    dash_duo.wait_for_element(".dash-dropdown-options")
    dash_duo.driver.switch_to.active_element.send_keys(name[:12])
    until(lambda: _option(dash_duo, name) is not None, timeout=4)
    _option(dash_duo, name).click()


def _option(dash_duo, name: str):  # type: ignore[no-untyped-def]
    return next((o for o in dash_duo.find_elements(".dash-dropdown-option") if o.text == name), None)


def test_state_to_municipality_to_unit(dash_duo, drill_app: Dash) -> None:  # noqa: F811
    dash_duo.start_server(drill_app)
    dash_duo.driver.set_window_size(1400, 1000)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/datos")
    state_link = dash_duo.wait_for_element("a.estado-link[href='/estado/20']")
    dash_duo.driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'}); arguments[0].click();", state_link
    )
    dash_duo.wait_for_text_to_equal("h1", "Oaxaca")
    dash_duo.wait_for_text_to_equal(f"#{Ids.COUNT}", "35 de 35 unidades")

    choose_municipality(dash_duo, "Oaxaca de Juárez")
    dash_duo.wait_for_text_to_equal(f"#{Ids.COUNT}", "5 de 35 unidades")
    dash_duo.wait_for_contains_text(f"#{Ids.GRID}", "Centro De Salud Demostración")
    assert f"municipio={fx.MUNICIPIO}" in dash_duo.driver.current_url

    link = dash_duo.wait_for_element(f"#{Ids.GRID} a[href='/unidad/{fx.SYNTHETIC}']")
    dash_duo.driver.execute_script("arguments[0].click();", link)
    dash_duo.wait_for_text_to_equal("h1", "Centro De Salud Demostración 00001")
    dash_duo.wait_for_contains_text("#contenido", "sintética (demostración)")
    crumbs = [a.text for a in dash_duo.find_elements("nav .breadcrumb a")]
    assert crumbs == ["Panorama", "Oaxaca", "Oaxaca de Juárez"]
    assert dash_duo.driver.current_url.endswith(f"/unidad/{fx.SYNTHETIC}")
    assert dash_duo.driver.find_element(By.CSS_SELECTOR, "h1").text
    assert dash_duo.get_logs() == []
