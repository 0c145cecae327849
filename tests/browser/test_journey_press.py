"""The press officer's journey: open /prensa, pick a chart and a date, download PNG and CSV."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from dash import Dash
from dash.testing.wait import until

from dashboard import cache
from layouts.prensa import Ids
from tests.export_support import build_demo, export_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def press_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("press_browser") / "demo.sqlite"
    build_demo(path).dispose()
    yield path


@pytest.fixture
def press_app(press_db: Path, monkeypatch: pytest.MonkeyPatch) -> Dash:
    from callbacks import shell

    try:  # layouts.common.demo_banner passes role= to dbc.Alert, which dbc 2.0.4 rejects (reported to the lead)
        shell.demo_banner(True)
    except TypeError:
        from dash import html

        monkeypatch.setattr(shell, "demo_banner", lambda demo: html.Div("Datos de demostración.") if demo else None)
    cache.clear()
    return export_app(f"sqlite:///{press_db}")


def _click(dash_duo, selector: str) -> None:  # type: ignore[no-untyped-def]
    button = dash_duo.find_element(selector)
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", button)
    button.click()


def test_press_journey(dash_duo, press_app: Dash) -> None:  # type: ignore[no-untyped-def]
    dash_duo.start_server(press_app)
    dash_duo.driver.set_window_size(1400, 1000)
    dash_duo.wait_for_page(url=dash_duo.server_url + "/prensa?fecha=2024-06-28")
    dash_duo.wait_for_contains_text(f"#{Ids.SENTENCE}", "Al 28 de junio de 2024", timeout=20)

    dash_duo.select_dcc_dropdown(f"#{Ids.PRESET}", "Registros por canal")
    dash_duo.wait_for_contains_text(f"#{Ids.SENTENCE}", "9.5 millones de personas en 23 estados", timeout=20)
    until(lambda: "grafica=canales-registro" in dash_duo.driver.current_url, timeout=5)
    assert "fecha=2024-06-28" in dash_duo.driver.current_url
    dash_duo.wait_for_contains_text(f"#{Ids.ALT}", "Gráfica de barras", timeout=5)

    _click(dash_duo, f"#{Ids.button('png')}")
    dash_duo.wait_for_text_to_equal(f"#{Ids.STATUS}", "Descargado: canales-registro-2024-06-28.png", timeout=20)
    _click(dash_duo, f"#{Ids.button('csv')}")
    dash_duo.wait_for_text_to_equal(f"#{Ids.STATUS}", "Descargado: canales-registro-2024-06-28.csv", timeout=20)

    links = {a.text: a.get_attribute("href") for a in dash_duo.find_elements(f"#{Ids.LINKS} a")}
    png = requests.get(links["Enlace PNG"], timeout=30)
    assert png.status_code == 200 and png.headers["Content-Type"] == "image/png"
    csv = requests.get(links["Enlace CSV"], timeout=30)
    assert csv.status_code == 200 and "Módulos de afiliación" in csv.content.decode("utf-8-sig")
    assert dash_duo.get_logs() == []
