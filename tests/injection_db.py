"""The drill-down database with units, localities, typologies and a municipality named like spreadsheet formulas."""

from __future__ import annotations

import csv
import io

from sqlalchemy import Engine, select, update

from dashboard import aggregates, db
from tests import drilldown_db

# OWASP CSV-injection payloads: each starts with a character a spreadsheet reads as the start of a formula.
# The last hides a formula after a carriage return: an unquoted CR in a CSV starts a new row in Excel.
PAYLOADS = ('=HYPERLINK("http://x","y")', "@SUM(1)", "+1+cmd|' /C calc'!A0", "-2+3", "\tx", "\rx", "x\r=1+1")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
STATE = drilldown_db.STATE


def build(engine: Engine) -> dict[str, str]:
    """The drill-down fixture, then six of Oaxaca's health centres renamed to the payloads: CLUES -> payload."""
    drilldown_db.build(engine)
    with engine.begin() as conn:
        picked = conn.execute(
            select(db.units.c.clues, db.units.c.cvegeo)
            .where(db.units.c.cve_ent == STATE, db.units.c.tipo_red == "centro_salud", db.units.c.sintetica.is_(False))
            .order_by(db.units.c.clues)
            .limit(len(PAYLOADS))
        ).all()
        for (clues, _), payload in zip(picked, PAYLOADS, strict=True):
            values = {"nombre": payload, "localidad": payload, "tipologia": payload}
            conn.execute(update(db.units).where(db.units.c.clues == clues).values(**values))
        conn.execute(
            update(db.municipalities).where(db.municipalities.c.cvegeo == picked[0][1]).values(nombre=PAYLOADS[0])
        )
    aggregates.rebuild(engine)
    return {clues: payload for (clues, _), payload in zip(picked, PAYLOADS, strict=True)}


def municipality(engine: Engine) -> str:
    """The cvegeo of the municipality renamed to a formula."""
    with engine.connect() as conn:
        query = select(db.municipalities.c.cvegeo).where(db.municipalities.c.nombre == PAYLOADS[0])
        return str(conn.execute(query).scalar_one())


def inert(payload: str) -> str:
    """How a payload must come out: a leading apostrophe when it starts like a formula, else unchanged."""
    return "'" + payload if payload.startswith(FORMULA_START) else payload


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_cells(content: bytes) -> list[str]:
    """Every cell as a spreadsheet reads it (an unquoted CR ends the row there)."""
    return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")) for cell in row]


def csv_problems(cells: list[str]) -> list[str]:
    return [c for c in cells if c.startswith(FORMULA_START) and not is_number(c)]
