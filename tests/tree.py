"""Read a serialised Dash component tree (what the router callback returns): components, texts, links."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def components(node: Any) -> Iterator[dict[str, Any]]:
    """Every component in the tree, depth first."""
    if isinstance(node, list):
        for child in node:
            yield from components(child)
    elif isinstance(node, dict) and "props" in node and "type" in node:
        yield node
        for value in node["props"].values():
            yield from components(value)


def by_id(tree: Any, ident: str) -> dict[str, Any]:
    """The props of the component with this id."""
    for c in components(tree):
        if c["props"].get("id") == ident:
            return dict(c["props"])
    raise KeyError(ident)


def text_of(node: Any) -> str:
    """All strings in children, in order, separated by spaces."""
    if isinstance(node, str):
        return node
    if isinstance(node, list):
        return " ".join(text_of(n) for n in node)
    if isinstance(node, dict) and "props" in node:
        return text_of(node["props"].get("children", ""))
    return ""


def hrefs(tree: Any) -> list[str]:
    """Every link target in the tree (dcc.Link, html.A, menu items)."""
    return [c["props"]["href"] for c in components(tree) if isinstance(c["props"].get("href"), str)]
