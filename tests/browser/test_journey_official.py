"""The official's morning journey on the national page: date, metric, shareable URL, back button."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from dash import Dash
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from layouts.panorama import Ids, kpi_id

pytestmark = pytest.mark.browser

KPI = f"#{kpi_id('personas_registradas')} .kpi-value"
MAP_Z = f"return document.querySelector('#{Ids.MAP} .js-plotly-plot').data[0].z"
MAP_TITLE = f"return document.querySelector('#{Ids.MAP} .js-plotly-plot').data[0].colorbar.title.text"


def until(dash_duo: Any, condition: Callable[[], bool], timeout: float = 10) -> None:
    """Selenium polling (no sleep) until the condition holds."""
    WebDriverWait(dash_duo.driver, timeout).until(lambda _driver: condition())


def test_official_journey(dash_duo: Any, app_factory: Callable[..., Dash]) -> None:
    dash_duo.start_server(app_factory())
    dash_duo.driver.get(dash_duo.server_url + "/?fecha=2024-03-01")
    dash_duo.wait_for_contains_text(f"#{Ids.DATE_TEXT}", "1 de marzo de 2024")
    dash_duo.wait_for_element(f"#{Ids.MAP} .choroplethlayer path")
    kpi_march = dash_duo.find_element(KPI).text
    z_march = dash_duo.driver.execute_script(MAP_Z)

    # the date: keyboard on the slider (End = last day of data)
    dash_duo.find_element(f"#{Ids.SLIDER} [role=slider]").send_keys(Keys.END)
    dash_duo.wait_for_contains_text(f"#{Ids.DATE_TEXT}", "30 de septiembre de 2024")
    until(dash_duo, lambda: dash_duo.find_element(KPI).text != kpi_march)
    until(dash_duo, lambda: dash_duo.driver.execute_script(MAP_Z) != z_march)
    until(dash_duo, lambda: "fecha=2024-09-30" in dash_duo.driver.current_url)

    # the metric: the dropdown
    dash_duo.select_dcc_dropdown(f"#{Ids.METRIC}", "Médicos frente a la necesidad (%)")
    until(dash_duo, lambda: "Médicos frente" in dash_duo.driver.execute_script(MAP_TITLE))
    until(dash_duo, lambda: "metrica=medicos_pct" in dash_duo.driver.current_url)
    assert "fecha=2024-09-30" in dash_duo.driver.current_url

    # back: the previous metric comes back in the dropdown and on the map
    dash_duo.driver.back()
    until(dash_duo, lambda: "Cobertura del registro" in dash_duo.driver.execute_script(MAP_TITLE))
    dash_duo.wait_for_contains_text(f"#{Ids.METRIC}", "Cobertura del registro")
    assert "medicos_pct" not in dash_duo.driver.current_url
    assert dash_duo.get_logs() == []


def test_play_advances_the_date_and_pause_writes_the_url(dash_duo: Any, app_factory: Callable[..., Dash]) -> None:
    dash_duo.start_server(app_factory())
    dash_duo.driver.get(dash_duo.server_url + "/?fecha=2024-01-01")
    dash_duo.wait_for_contains_text(f"#{Ids.DATE_TEXT}", "1 de enero de 2024")
    dash_duo.find_element(f"#{Ids.PLAY}").send_keys(Keys.SPACE)  # keyboard: a real <button>
    dash_duo.wait_for_text_to_equal(f"#{Ids.PLAY}", "⏸ Pausar")
    dash_duo.wait_for_contains_text(f"#{Ids.DATE_TEXT}", "de enero de 2024")
    until(dash_duo, lambda: "1 de enero" not in dash_duo.find_element(f"#{Ids.DATE_TEXT}").text)
    dash_duo.find_element(f"#{Ids.PLAY}").send_keys(Keys.ENTER)
    dash_duo.wait_for_text_to_equal(f"#{Ids.PLAY}", "▶ Reproducir")
    until(dash_duo, lambda: "fecha=2024-01-01" not in dash_duo.driver.current_url)
    assert "fecha=2024-" in dash_duo.driver.current_url
    assert dash_duo.get_logs() == []


def test_clicking_a_ranking_bar_opens_the_state(dash_duo: Any, app_factory: Callable[..., Dash]) -> None:
    dash_duo.start_server(app_factory())
    bar = dash_duo.wait_for_element(f"#{Ids.RANKING} .bars .point path")
    # Bootstrap's smooth scrolling would move the bar while selenium clicks it
    dash_duo.driver.execute_script(
        "document.documentElement.style.scrollBehavior = 'auto'; arguments[0].scrollIntoView({block: 'center'})", bar
    )
    ActionChains(dash_duo.driver).move_to_element(bar).click().perform()  # plotly's drag layer takes the click
    until(dash_duo, lambda: "/estado/" in dash_duo.driver.current_url)
    assert dash_duo.driver.current_url.split("/estado/")[1][:2] in {"12", "15", "29"}
    assert dash_duo.get_logs() == []
