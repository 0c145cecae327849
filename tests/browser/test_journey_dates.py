"""A state coordinator looks back at a date: national map → state → unit and back, the date kept at every step."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from dash import Dash
from dash.testing.wait import until
from selenium.webdriver.common.action_chains import ActionChains

from dashboard.db import make_engine
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
    frame = q.state_units(make_engine(f"sqlite:///{drill_db}"), "20", DAY)
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
    _click(dash_duo, f"nav .breadcrumb a[href='/?fecha={DAY.isoformat()}']")
    dash_duo.wait_for_text_to_equal(f"#{panorama.Ids.DATE_TEXT}", LONG)
    assert dash_duo.get_logs() == []
