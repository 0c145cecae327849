"""A PostgreSQL outage (a loopback proxy stopped and restarted): Spanish errors and 503, then recovery by itself."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from benchmarks.payloads import collect_props, initial_bodies, page_router_body
from dashboard import resilience
from dashboard.app import create_app
from dashboard.config import Settings
from tests.conftest import pg_schema_engine, pg_url
from tests.prod_support import TcpProxy, add_ok_load, reachable

pytestmark = pytest.mark.postgres
SCHEMA = "tablero_outage"
TRACES = ("Traceback", 'File "')


@pytest.fixture(scope="module")
def proxied_app() -> Iterator[tuple[Any, TcpProxy]]:
    url = make_url(pg_url())
    if not reachable(url.host or "127.0.0.1", url.port or 5432):
        pytest.skip(f"PostgreSQL no disponible en {url.host}:{url.port}")
    engine = pg_schema_engine(SCHEMA)
    try:
        from tests.fixture_db import build_fixture

        build_fixture(engine)
    except ImportError:
        from dashboard.db import create_schema

        create_schema(engine)
        add_ok_load(engine)
    engine.dispose()
    proxy = TcpProxy((url.host or "127.0.0.1", url.port or 5432)).start()
    app_url = url.set(host="127.0.0.1", port=proxy.port, query={"options": f"-csearch_path={SCHEMA}"})
    app = create_app(Settings.from_env(environ={}, database_url=app_url.render_as_string(hide_password=False)))
    resilience.install(app)
    yield app, proxy
    proxy.stop()


def post(client: Any, body: dict[str, Any]) -> Any:
    return client.post("/_dash-update-component", json=body)


def no_trace(resp: Any) -> str:
    text = resp.get_data(as_text=True)
    assert not any(t in text for t in TRACES), text[:2000]
    assert resp.status_code != 500, text[:2000]
    return str(text)


def test_outage_then_recovery(proxied_app: tuple[Any, TcpProxy]) -> None:
    app, proxy = proxied_app
    client = app.server.test_client()
    deps = json.loads(client.get("/_dash-dependencies").data)
    assert client.get("/salud").status_code == 200
    routed = post(client, page_router_body(deps, "/registro"))
    assert routed.status_code == 200
    page_calls = initial_bodies(deps, collect_props(routed.get_json()), "/registro")

    proxy.stop()
    salud = client.get("/salud")
    assert salud.status_code == 503
    assert salud.get_json()["base_de_datos"] == "sin conexión"
    deadline = time.monotonic() + 10  # answers cached under the last data version may be served for ~2 s
    while "No fue posible conectar con la base de datos" not in no_trace(post(client, page_router_body(deps, "/"))):
        assert time.monotonic() < deadline, "el enrutador no mostró el error de base de datos en 10 s"
        time.sleep(0.25)
    answers = [no_trace(post(client, body)) for body in page_calls]
    assert not page_calls or any(resilience.NOTICE_ID in a and "base de datos" in a for a in answers), answers[:2]
    for path in ("/", "/registro", "/estado/12"):
        assert client.get(path).status_code in (200, 503)

    proxy.start()
    deadline = time.monotonic() + 20
    while client.get("/salud").status_code != 200:
        assert time.monotonic() < deadline, "la aplicación no se recuperó sola en 20 s"
        time.sleep(0.25)
    text = no_trace(post(client, page_router_body(deps, "/")))
    assert "No fue posible conectar con la base de datos" not in text
    for body in page_calls:
        assert post(client, body).status_code in (200, 204)
