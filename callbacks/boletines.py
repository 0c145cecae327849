"""Published-figures page: rendered per request by layouts.boletines (a table, lists and texts), nothing to wire."""

from __future__ import annotations

from dash import Dash


def register(app: Dash) -> None:
    """The page has no interactive parts: its anchors and <details> work without callbacks."""
    return None
