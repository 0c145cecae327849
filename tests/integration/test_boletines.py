"""/boletines lists every published figure with the dashboard's value and a status."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Engine
from test_export import client, demo_engine  # noqa: F401  (shared session fixtures)

from layouts import boletines


def _walk(node: Any) -> Any:
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from _walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from _walk(v)


def test_all_54_figures_with_status(client: Any, demo_engine: Engine) -> None:  # noqa: F811
    with client.application.app_context():
        frame = boletines.rows()
        tree = json.loads(json.dumps(boletines.layout(), default=lambda o: o.to_plotly_json()))
    assert len(frame) == 54
    assert set(frame["status"]) <= set(boletines.STATUS)
    rows = [n["props"] for n in _walk(tree) if n.get("type") == "Tr" and "data-fact" in n.get("props", {})]
    assert len(rows) == 54
    assert {r["data-status"] for r in rows} <= set(boletines.STATUS)
    text = json.dumps(tree, ensure_ascii=False)
    assert "Los canales suman más que las personas registradas" in text
    assert "Boletín IMSS 331/2024" in text
