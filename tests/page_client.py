"""Calling a test app's router the way the browser does: the page tree of a path and its query string."""

from __future__ import annotations

from typing import Any

from dash import Dash

from tests.dash_client import call

ROUTER = ["contenido.children", "datos-al.children", "banner-demo.children", "titulo-pagina.data"]


def ok(result: tuple[int, Any, int]) -> dict[str, Any]:
    """The callback's response, asserting it answered 200."""
    status, data, _ = result
    assert status == 200, data
    return data["response"]


def page(app: Dash, path: str, search: str = "") -> Any:
    """The component tree the router renders for path?search."""
    return ok(call(app, ROUTER, {"url.pathname": path}, state={"url.search": search}))["contenido"]["children"]


def fresh_app(engine: Any) -> Dash:
    """The app over a test database, with an empty query cache."""
    from dashboard import cache
    from dashboard.app import create_app
    from dashboard.config import Settings

    cache.clear()
    return create_app(Settings.from_env({"DATABASE_URL": str(engine.url)}))
