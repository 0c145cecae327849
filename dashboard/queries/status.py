"""Freshness and demo status from the load log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, func, select

from dashboard.cache import memoize
from dashboard.db import Outcome, loads

FACT_DATASETS = ("registry", "staffing", "committees", "committee_spending")


@dataclass(frozen=True)
class DataStatus:
    datos_al: date | None  # last day covered by the fact data
    demo: bool  # any demo load is in the database
    cargas: int  # successful loads


@memoize
def data_status(engine: Engine) -> DataStatus:
    """What the header shows: 'Datos al …' and whether the demo banner is needed."""
    with engine.connect() as conn:
        row = conn.execute(
            select(
                func.max(loads.c.periodo_fin),
                func.max(loads.c.demo.cast(type_=loads.c.id.type)),
                func.count(),
            ).where(loads.c.resultado == Outcome.CORRECTA, loads.c.dataset.in_(FACT_DATASETS))
        ).one()
    return DataStatus(datos_al=row[0], demo=bool(row[1]), cargas=int(row[2] or 0))
