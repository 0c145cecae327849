"""Published-figures page: a table rendered per request from the URL by layouts.boletines; nothing to wire."""

from __future__ import annotations

from dash import Dash


def register(app: Dash) -> None:
    """The page has no interactive component: every page module registers, this one adds nothing."""
    return None
