"""/boletines lists every published figure with the dashboard's value and total, the bulletins' inconsistencies,
the dashboard's readings (each said once) and the bulletins' texts."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from sqlalchemy import Engine
from test_export import client, demo_engine  # noqa: F401  (shared session fixtures)

from dashboard.queries import published as pub
from layouts import boletines


def _walk(node: Any) -> Any:
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from _walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from _walk(v)


def _text(node: Any) -> str:
    """The visible text of a component tree (strings of every children)."""
    if isinstance(node, str):
        return node
    if isinstance(node, dict):
        return " ".join(_text(v) for k, v in node.items() if k in ("props", "children"))
    if isinstance(node, list):
        return " ".join(_text(v) for v in node)
    return ""


@pytest.fixture(scope="module")
def page(client: Any, demo_engine: Engine) -> dict[str, Any]:  # noqa: F811
    with client.application.app_context():
        tree = json.loads(json.dumps(boletines.layout(), default=lambda o: o.to_plotly_json()))
    return tree


def _rows(page: dict[str, Any]) -> dict[str, list[str]]:
    """fact id -> the text of each cell of its row."""
    rows = [n["props"] for n in _walk(page) if n.get("type") == "Tr" and "data-fact" in n.get("props", {})]
    return {r["data-fact"]: [_text(td).strip() for td in r["children"]] for r in rows}


def test_all_54_figures_with_status(page: dict[str, Any]) -> None:
    rows = [n["props"] for n in _walk(page) if n.get("type") == "Tr" and "data-fact" in n.get("props", {})]
    assert len(rows) == 54
    assert {r["data-status"] for r in rows} <= set(boletines.STATUS)
    assert sum(r["data-status"] == "coincide" for r in rows) >= 47


def test_every_inconsistency_and_reading_listed_once(page: dict[str, Any]) -> None:
    ids = {n["props"]["id"] for n in _walk(page) if n.get("type") == "Li" and "id" in n.get("props", {})}
    listed = set(pub.bulletin_inconsistencies()["id"]) | set(pub.known_differences()["id"])
    assert listed <= ids
    text = _text(page)
    for explanation in pub.known_differences()["explanation_es"]:
        assert text.count(explanation) == 1  # said once, rows point to it
    links = {
        n["props"]["href"][1:] for n in _walk(page) if n.get("type") == "A" and n["props"].get("href", "")[:1] == "#"
    }
    assert links and links <= ids  # every note link lands on its item


def test_what_users_read_is_spanish_and_has_no_file_names(page: dict[str, Any]) -> None:
    text = _text(page)
    assert "undated" not in text and "before March" not in text
    assert not re.search(r"\b\w+\.(txt|md|csv|py)\b", text)
    assert "Boletín IMSS, sin fecha (anterior a marzo de 2024)" in text


def test_rounding_intervals_and_differences_are_said_right(page: dict[str, Any]) -> None:
    rows = _rows(page)
    headers = list(boletines.HEADERS)
    cell = {fid: dict(zip(headers, cells, strict=True)) for fid, cells in rows.items()}
    assert (
        cell["C32"]["Tablero"] == "89.48 %" and cell["C32"]["Intervalo del redondeo"] == "de 88.5 % a menos de 89.5 %"
    )
    assert cell["C28"]["Intervalo del redondeo"] == "$1,161,500,000 a $1,162,499,999"
    assert cell["F3"]["Intervalo del redondeo"] == "de 3.5 meses a menos de 4.5 meses"
    assert cell["F3"]["Diferencia"] == "−0.1 meses"
    assert cell["C33"]["Publicado"] == "11,690 de 11,777" and cell["C33"]["Tablero"] == "11,690 de 11,777"
    assert cell["R1"]["Publicado"] == "9.5 millones"  # as printed
    assert not any(c["Diferencia"].startswith(("-0", "−0 ", "+0 ")) for c in cell.values())


def test_bulletin_texts_are_readable_on_the_page(page: dict[str, Any]) -> None:
    texts = [n["props"]["children"] for n in _walk(page) if n.get("type") == "Markdown"]
    assert len(texts) == 5
    assert any("11 mil 690 han hecho uso del presupuesto" in t for t in texts)
    assert all("[bookmark" not in t for t in texts)


@pytest.mark.parametrize(
    ("value", "unit", "inside"),
    [(89.48, "percent", True), (89.5, "percent", False), (88.5, "percent", True), (9_549_999, "persons", True)],
)
def test_inside_the_rounding(value: float, unit: str, inside: bool) -> None:
    low, high = pub.bulletin_interval(89 if unit == "percent" else 9_500_000, True, unit)
    assert pub.inside(value, low, high, unit) is inside
