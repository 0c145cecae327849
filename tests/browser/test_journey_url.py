"""Every control lives in the URL: a copied link reproduces the view and the back button restores it."""

from __future__ import annotations

import pytest
from dash import Dash
from dash.testing.wait import until

from layouts.estado import Ids
from tests import drilldown_db as fx
from tests.browser.conftest_drilldown import drill_app, drill_db  # noqa: F401

pytestmark = pytest.mark.browser
DEEP = f"/estado/20?metrica=ejercido_pct&municipio={fx.MUNICIPIO}&color=sintetica&pendiente=sintetica"


def _checked(dash_duo) -> str:  # type: ignore[no-untyped-def]
    return dash_duo.driver.execute_script(f"return document.querySelector('#{Ids.PENDIENTE} input:checked').value;")


def _view(dash_duo) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    return (
        dash_duo.find_element(f"#{Ids.METRICA}").text,
        dash_duo.find_element(f"#{Ids.MUNICIPIO}").text,
        dash_duo.find_element(f"#{Ids.COLOR}").text,
    )


def test_deep_link_reproduces_view_and_back_restores(dash_duo, drill_app: Dash) -> None:  # noqa: F811
    dash_duo.start_server(drill_app)
    dash_duo.driver.set_window_size(1400, 1000)
    dash_duo.wait_for_page(url=dash_duo.server_url + DEEP)
    dash_duo.wait_for_text_to_equal(f"#{Ids.COUNT}", "1 de 35 unidades")
    first = _view(dash_duo)
    assert "ejercido" in first[0].lower() and "Oaxaca de Juárez" in first[1] and "sintética" in first[2].lower()
    assert _checked(dash_duo) == "sintetica"

    copied = dash_duo.driver.current_url
    dash_duo.wait_for_page(url=copied)
    dash_duo.wait_for_text_to_equal(f"#{Ids.COUNT}", "1 de 35 unidades")
    assert _view(dash_duo) == first
    assert _checked(dash_duo) == "sintetica"

    radio = dash_duo.find_element(f"#{Ids.PENDIENTE} input[value='']")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", radio)
    radio.click()
    dash_duo.wait_for_text_to_equal(f"#{Ids.COUNT}", "5 de 35 unidades")
    until(lambda: "pendiente" not in dash_duo.driver.current_url, timeout=4)

    dash_duo.driver.back()
    until(lambda: "pendiente=sintetica" in dash_duo.driver.current_url, timeout=4)
    dash_duo.wait_for_text_to_equal(f"#{Ids.COUNT}", "1 de 35 unidades")
    assert _checked(dash_duo) == "sintetica"
    assert _view(dash_duo) == first
    assert dash_duo.get_logs() == []
