"""Call a Dash callback through the test client, as the browser does (POST /_dash-update-component)."""

from __future__ import annotations

from typing import Any

from dash import Dash


def callback_key(app: Dash, outputs: list[str], inputs: list[str] | None = None) -> str:
    """The callback_map key with exactly these outputs ('id.prop'; allow_duplicate suffixes ignored) and inputs."""
    want = set(outputs)
    for key, spec in app.callback_map.items():
        parts = {p.split("@")[0] for p in key.strip(".").split("...")}
        declared = {f"{i['id']}.{i['property']}" for i in spec["inputs"]}
        if parts == want and (inputs is None or declared == set(inputs)):
            return key
    raise KeyError(f"no callback with outputs {sorted(want)} and inputs {inputs}")


def _prop(spec: str, value: Any = None) -> dict[str, Any]:
    ident, prop = spec.rsplit(".", 1)
    return {"id": ident, "property": prop, "value": value}


def call(
    app: Dash,
    outputs: list[str],
    inputs: dict[str, Any],
    *,
    changed: list[str] | None = None,
    state: dict[str, Any] | None = None,
) -> tuple[int, Any, int]:
    """Status, decoded response (or text) and response size in bytes."""
    key = callback_key(app, outputs, list(inputs))
    specs = [_prop(o) for o in outputs]
    for s in specs:
        s.pop("value")
    body = {
        "output": key,
        "outputs": specs if len(outputs) > 1 or key.startswith("..") else specs[0],
        "inputs": [_prop(k, v) for k, v in inputs.items()],
        "state": [_prop(k, v) for k, v in (state or {}).items()],
        "changedPropIds": changed if changed is not None else list(inputs)[:1],
    }
    resp = app.server.test_client().post("/_dash-update-component", json=body)
    data = resp.get_json(silent=True) if resp.status_code == 200 else resp.get_data(as_text=True)
    return resp.status_code, data, len(resp.get_data())
