"""Published-figures page: static per request (rendered by layouts.boletines), so no callbacks yet."""

from __future__ import annotations

from dash import Dash


def register(app: Dash) -> None:
    """Nothing to wire: the page is a table rendered from the URL."""
    return None
