"""Published-figures page: rendered whole per request by layouts.boletines; it has no callbacks."""

from __future__ import annotations

from dash import Dash


def register(app: Dash) -> None:
    """Nothing to wire: the page is a table rendered from the URL."""
    return None
