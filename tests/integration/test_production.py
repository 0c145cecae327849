"""Production contract: settings precedence, secrets, debug off, compression, headers, health, documentation."""

from __future__ import annotations

import json
import re
import runpy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from benchmarks.gunicorn_proc import ROOT, free_port
from dashboard import resilience, warmup
from dashboard.app import SECURITY_HEADERS, create_app
from dashboard.config import SETTINGS, Settings
from tests.prod_support import fixture_db


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return fixture_db(tmp_path_factory.mktemp("prod") / "prod.sqlite")


@pytest.fixture(scope="module")
def client(db_url: str) -> Any:
    return create_app(Settings.from_env(environ={}, database_url=db_url)).server.test_client()


def test_precedence_argument_over_environment_over_default() -> None:
    assert Settings.from_env(environ={}).port == 8050
    assert Settings.from_env(environ={"PORT": "9001"}).port == 9001
    assert Settings.from_env(environ={"PORT": "9001"}, port=9002).port == 9002
    env = {"WEB_CONCURRENCY": "5", "GUNICORN_THREADS": "7", "DATABASE_URL": "postgres://u@h/db"}
    s = Settings.from_env(environ=env)
    assert (s.workers, s.threads, s.database_url) == (5, 7, "postgresql+psycopg://u@h/db")


def test_secret_key_required_in_production_and_has_no_default() -> None:
    assert next(s for s in SETTINGS if s.env == "SECRET_KEY").default is None
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(Settings.from_env(environ={"TABLERO_ENV": "production"}))
    with pytest.raises(RuntimeError, match="TABLERO_DEBUG"):
        Settings.from_env(
            environ={"TABLERO_ENV": "production", "SECRET_KEY": "x", "TABLERO_DEBUG": "1"}
        ).check_production()


def test_production_app_uses_the_given_secret_and_no_debug(db_url: str) -> None:
    env = {"TABLERO_ENV": "production", "SECRET_KEY": "s3cr3t-prueba"}
    app = create_app(Settings.from_env(environ=env, database_url=db_url))
    assert app.server.secret_key == "s3cr3t-prueba"
    assert not app.server.debug
    assert not app._dev_tools.ui and not app._dev_tools.hot_reload


def gunicorn_config(env: dict[str, str]) -> dict[str, Any]:
    """gunicorn.conf.py evaluated in a clean process with only `env` set."""
    code = (
        "import json, runpy; c = runpy.run_path('gunicorn.conf.py'); "
        "print(json.dumps({k: c[k] for k in ('bind', 'workers', 'threads', 'worker_class', 'preload_app')}))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={"PATH": "", **env}, capture_output=True, text=True, timeout=60
    )
    return {
        "returncode": proc.returncode,
        "stderr": proc.stderr,
        **(json.loads(proc.stdout) if proc.returncode == 0 else {}),
    }


def test_gunicorn_config_reads_settings() -> None:
    conf = gunicorn_config({"HOST": "0.0.0.0", "PORT": "9123", "WEB_CONCURRENCY": "3", "GUNICORN_THREADS": "5"})
    assert conf["bind"] == ["0.0.0.0:9123"] and conf["workers"] == 3 and conf["threads"] == 5
    assert conf["worker_class"] == "gthread" and conf["preload_app"] is False
    defaults = gunicorn_config({})
    assert defaults["bind"] == ["127.0.0.1:8050"] and defaults["workers"] == 2 and defaults["threads"] == 4


def test_gunicorn_refuses_production_without_secret() -> None:
    conf = gunicorn_config({"TABLERO_ENV": "production"})
    assert conf["returncode"] != 0 and "SECRET_KEY" in conf["stderr"]


def test_post_worker_init_warms_the_worker(db_url: str) -> None:
    hooks = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    app = create_app(Settings.from_env(environ={}, database_url=db_url))
    logged: list[str] = []
    worker = type(
        "W",
        (),
        {"wsgi": app.server, "pid": 1, "log": type("L", (), {"info": lambda *a: logged.append(a[1] % a[2:])})()},
    )
    hooks["post_worker_init"](worker)
    assert "listo" in logged[0]
    assert warmup.warm(app.server) == {"/_dash-layout": 200, "/_dash-dependencies": 200, "/_dash-update-component": 200}


def test_debug_is_off_and_errors_show_no_traceback(db_url: str) -> None:
    app = create_app(Settings.from_env(environ={}, database_url=db_url))
    resilience.install(app)

    def boom() -> str:
        raise ValueError("fallo interno de prueba")

    app.server.add_url_rule("/_prueba-error", "prueba_error", boom)
    client = app.server.test_client()
    assert not client.application.debug
    resp = client.get("/_prueba-error")
    text = resp.get_data(as_text=True)
    assert resp.status_code == 500 and "error inesperado" in text
    assert "Traceback" not in text and "fallo interno" not in text


def test_gzip_for_javascript_and_layout(client: Any) -> None:
    index = client.get("/").get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"]+)"', index)
    assert scripts, "no script tag in the index page"
    biggest = max(scripts, key=lambda s: len(client.get(s).get_data()))
    for path in (biggest, "/_dash-layout"):
        resp = client.get(path, headers={"Accept-Encoding": "gzip"})
        assert resp.status_code == 200, path
        assert resp.headers.get("Content-Encoding") == "gzip", path


def test_security_headers(client: Any) -> None:
    for path in ("/", "/salud", "/_dash-layout", "/_dash-dependencies"):
        headers = client.get(path).headers
        for key, value in SECURITY_HEADERS.items():
            assert headers.get(key) == value, (path, key)


def test_health_200_with_database_and_503_without(client: Any) -> None:
    ok = client.get("/salud")
    assert ok.status_code == 200 and ok.get_json()["base_de_datos"] == "ok"
    dead = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/nada?connect_timeout=2"
    down = create_app(Settings.from_env(environ={}, database_url=dead)).server.test_client().get("/salud")
    assert down.status_code == 503 and down.get_json() == {"estado": "error", "base_de_datos": "sin conexión"}


def test_create_app_installs_resilience(db_url: str) -> None:
    """The lead wires `resilience.install(app)` in create_app: callback errors become a Spanish notice, not a 500."""
    app = create_app(Settings.from_env(environ={}, database_url=db_url))
    assert app.server.extensions.get("tablero_resilience"), "create_app must call dashboard.resilience.install(app)"
    assert app._on_error is resilience.callback_error


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (Path(ROOT) / "README.md").read_text(encoding="utf-8")
    missing = [s.env for s in SETTINGS if f"`{s.env}`" not in readme]
    assert not missing, f"settings missing from README.md: {', '.join(missing)}"
