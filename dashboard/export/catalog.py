"""Every export preset, registered: the press room's six plus one per chart on the other pages."""

from __future__ import annotations

from dashboard.export import builders, builders_committees, builders_registry, builders_staff, builders_units
from dashboard.export.presets import PRESETS

MODULES = (builders, builders_registry, builders_staff, builders_committees, builders_units)

__all__ = ["MODULES", "PRESETS"]
