"""The state grid's CSV button (written by AG Grid in the browser) hands no formula to a spreadsheet."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from dash.testing.wait import until

from dashboard import cache
from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.db import make_engine
from layouts.estado import Ids
from tests import injection_db
from tests.injection_db import PAYLOADS, STATE, csv_cells, csv_problems, inert

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def poisoned_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('injection_browser') / 'injection.sqlite'}")
    injection_db.build(engine)
    engine.dispose()
    yield str(engine.url)


def test_grid_csv_button_writes_inert_cells(dash_duo, poisoned_url: str) -> None:  # type: ignore[no-untyped-def]
    cache.clear()
    dash_duo.start_server(create_app(Settings.from_env({"DATABASE_URL": poisoned_url})))
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/estado/{STATE}")
    dash_duo.wait_for_text_to_equal("h1", "Oaxaca")
    dash_duo.wait_for_contains_text(f"#{Ids.GRID}", "OCIMB00000")
    button = dash_duo.wait_for_element(f"#{Ids.CSV}")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", button)
    target = Path(dash_duo.download_path) / f"unidades_{STATE}.csv"
    until(lambda: target.exists() and target.stat().st_size > 0, timeout=15)
    cells = csv_cells(target.read_bytes())
    assert csv_problems(cells) == []
    assert {inert(p) for p in PAYLOADS} <= set(cells)  # the typology column carries every payload
    assert "$100,000" in cells  # other cells still as the grid shows them
    assert dash_duo.get_logs() == []
