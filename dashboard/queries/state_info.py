"""A state's name and joining dates; its status at a date comes from queries/joining.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import Engine, select

from dashboard.cache import memoize
from dashboard.db import states
from dashboard.queries import joining


@dataclass(frozen=True)
class StateInfo:
    cve_ent: str
    nombre: str
    federalizado: str  # recorded status today; pages read status(fecha) instead
    fecha_adhesion: date | None
    aproximada: bool
    fecha_anuncio: date | None = None

    def status(self, fecha: date | None) -> str:
        """'si' | 'anunciado' | 'no' at a date (today when None)."""
        frame = pd.DataFrame(
            {c: [getattr(self, c)] for c in joining.COLUMNS}, index=pd.Index([self.cve_ent], name="cve_ent")
        )
        return str(joining.status_at(frame, fecha).iloc[0])


@memoize
def state_info(engine: Engine, cve_ent: str) -> StateInfo | None:
    """The state's name and joining dates; None when the code names no state."""
    with engine.connect() as conn:
        row = conn.execute(select(states).where(states.c.cve_ent == cve_ent)).mappings().first()
    if row is None:
        return None
    return StateInfo(
        cve_ent=row["cve_ent"],
        nombre=row["nombre"],
        federalizado=row["federalizado"],
        fecha_adhesion=row["fecha_adhesion"],
        aproximada=bool(row["fecha_adhesion_aproximada"]),
        fecha_anuncio=row["fecha_anuncio"],
    )
