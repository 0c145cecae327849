"""AG Grid in Spanish: the community locale (AG Grid, MIT, @ag-grid-community/locale 35.3.1, es-ES)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

LOCALE_FILE = Path(__file__).with_name("aggrid_es.json")


@cache
def locale_es() -> dict[str, str]:
    """AG Grid's Spanish texts (pagination, filters, menus)."""
    return json.loads(LOCALE_FILE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def grid_options(**options: Any) -> dict[str, Any]:
    """dashGridOptions with the Spanish locale; callers add their own options."""
    return {"localeText": locale_es(), **options}
