"""Warm a freshly started worker before it serves: Dash 4.4 can 500 on a cold worker's first concurrent requests."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from typing import Any

from werkzeug.test import Client

log = logging.getLogger(__name__)

PATHS = ("/_dash-layout", "/_dash-dependencies")
ROUTER_INPUT = ("url", "pathname")


def router_body(dependencies: list[dict[str, Any]], pathname: str = "/") -> dict[str, Any] | None:
    """The request the browser sends for the router callback on first load, or None without a router."""
    for dep in dependencies:
        if dep.get("clientside_function"):
            continue
        inputs = [(i["id"], i["property"]) for i in dep["inputs"]]
        if ROUTER_INPUT not in inputs:
            continue
        return {
            "output": dep["output"],
            "outputs": outputs_field(dep["output"]),
            "inputs": [
                {"id": i, "property": p, "value": pathname if (i, p) == ROUTER_INPUT else None} for i, p in inputs
            ],
            "state": [{"id": s["id"], "property": s["property"], "value": ""} for s in dep.get("state", [])],
            "changedPropIds": [".".join(ROUTER_INPUT)],
        }
    return None


def is_multi(output: str) -> bool:
    return output.startswith("..") and output.endswith("..")


def split_outputs(output: str) -> list[str]:
    """'..a.children...b.data..' -> ['a.children', 'b.data']; 'a.children' -> ['a.children']."""
    return output[2:-2].split("...") if is_multi(output) else [output]


def output_ref(spec: str) -> dict[str, Any]:
    """'a.children' -> {'id': 'a', 'property': 'children'}; JSON ids (pattern matching) are decoded."""
    ident, _, prop = spec.rpartition(".")
    return {"id": json.loads(ident) if ident.startswith("{") else ident, "property": prop}


def outputs_field(output: str) -> list[dict[str, Any]] | dict[str, Any]:
    """The request's `outputs`: a list for multi-output callbacks, a single reference otherwise."""
    refs = [output_ref(o) for o in split_outputs(output)]
    return refs if is_multi(output) else refs[0]


def warm(wsgi_app: Callable[..., Any], pathname: str = "/") -> dict[str, int]:
    """Request the layout, the callback graph and the router once; returns path -> status, never raises."""
    client = Client(wsgi_app)
    statuses: dict[str, int] = {}
    started = time.perf_counter()
    try:
        for path in PATHS:
            statuses[path] = client.get(path).status_code
        deps = json.loads(client.get("/_dash-dependencies").get_data(as_text=True))
        body = router_body(deps, pathname)
        if body is not None:  # primes the database pool and the query cache too
            resp = client.post("/_dash-update-component", json=body)
            statuses["/_dash-update-component"] = resp.status_code
        runtime = getattr(wsgi_app, "extensions", {}).get("tablero")
        if runtime is not None:
            prime_caches(runtime.engine)
    except Exception:  # a cold database must not keep the worker from serving /salud
        log.exception("calentamiento incompleto")
    log.info("calentamiento en %.2f s: %s", time.perf_counter() - started, statuses)
    return statuses


def prime_caches(engine: Any) -> None:
    """Build the per-data-version frames the slider callbacks cut by date, so no user pays for them."""
    from dashboard.queries import committee_stages, municipal, snapshot, staff

    snapshot.state_cube(engine)
    staff.doctor_events(engine)
    committee_stages.money_events(engine)
    municipal.municipal_cube(engine)
