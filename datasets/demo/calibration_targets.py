"""Every number the demo is calibrated to, read from published_figures.csv or decided in demo_dataset.md."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import pandas as pd

REFERENCE = Path(__file__).resolve().parent.parent / "reference"
FIGURES_CSV = REFERENCE / "published_figures.csv"

SEED = 20240628
DEFAULT_END = date(2024, 12, 31)
EDOMEX = "15"


@cache
def figures() -> pd.DataFrame:
    """The published figures indexed by fact_id (cve_ent kept as a 2-character string)."""
    frame = pd.read_csv(FIGURES_CSV, dtype={"cve_ent": str}, keep_default_na=False, na_values={"value": [""]})
    return frame.set_index("fact_id")


def value(fact_id: str) -> int:
    return int(float(figures().at[fact_id, "value"]))


def of_total(fact_id: str) -> int:
    return int(float(figures().at[fact_id, "of_total"]))


def as_of(fact_id: str) -> date:
    return date.fromisoformat(str(figures().at[fact_id, "as_of"]))


# Registry (R1–R5) ---------------------------------------------------------------------------------------------
REGISTRY_DATE = as_of("R1")  # 2024-06-28
CHANNEL_TARGETS = {"modulo": value("R2"), "autorregistro": value("R3"), "cruce_bienestar": value("R4")}
# registrations − unique persons: 164 mil + 559 mil + 8.9 millones − 9.5 millones
DUPLICATES_TARGET = sum(CHANNEL_TARGETS.values()) - value("R1")
EDOMEX_DATE = as_of("R5")  # 2024-08-13
EDOMEX_PERSONS = value("R5")
EDOMEX_PERSONS_AT_REGISTRY_DATE = 2_800_000  # design choice: the rest comes in the July cross-match batch

# Staffing (S1, S2, S4) ----------------------------------------------------------------------------------------
GP_DATE = as_of("S1")  # 2024-05-16
GP_DOCTORS = value("S1")
GP_UNITS = value("S2")
EDOMEX_BASIFIED = value("S4")

# Committees (C1–C35) ------------------------------------------------------------------------------------------
COMMITTEE_DATE = as_of("C1")  # 2024-05-10
ASSEMBLIES_BY_COMMITTEE_DATE = value("C1")
COMMITTEES_TOTAL = of_total("C1")  # 11,947 assemblies planned: one per committee, every unit of the programme
ASSEMBLIES_END = date(2024, 5, 17)  # "de las 11 mil 947 que concluyen esta semana"
ASSEMBLY_START = date(2024, 1, 15)  # design choice: the first community assemblies
INSTALL_START = date(2024, 2, 6)  # design choice: the first committees installed
CARDS_START = date(2024, 4, 1)  # "de abril a la fecha" (September bulletin)
CARDS_DATE = as_of("C25")  # 2024-07-02
CARDS_BY_CARDS_DATE = value("C25")
WITH_SPENDING_BY_CARDS_DATE = value("C27")
SPENT_BY_CARDS_DATE = value("C28")
SEPT_DATE = as_of("C29")  # 2024-09-12
CARDS_BY_SEPT = value("C29")
DISPERSED_BY_SEPT = value("C30")
SPENT_BY_SEPT = value("C31")
WITH_SPENDING_BY_SEPT = value("C33")
STATES_FULLY_SPENT = value("C34")
EDOMEX_DISPERSED = value("C35")
DISPERSAL_START = date(2024, 6, 1)  # "A partir del 1º de junio"
# Committees of units in operation at each date: the bulletins' totals 11,480 (sum of C2–C24) -> 11,692 (C25)
# -> 11,777 (C33); the rest of the 11,947 sit on units that start operating after 2024-09-12.
COMMITTEES_BY_CARDS_DATE = of_total("C25")
COMMITTEES_BY_SEPT = of_total("C33")
INSTALLED_BY_CARDS_DATE = 11_650  # design choice, between the cards (11,427) and the committees (11,692)
INSTALLED_BY_SEPT = COMMITTEES_BY_SEPT  # 11,777 cards (C29) on 11,777 committees: all installed by then
LATE_UNITS_BY_SEPT_END = date(2024, 8, 30)  # units joining before 2024-09-12 do so by this day (card in time)
LATE_UNITS_END = date(2024, 12, 13)  # the last units of the programme start operating
NEVER_INSTALLED = 25  # design choice: committees (of the last units) still not installed at 2024-12-31
NEVER_CARD = 40  # design choice: installed committees (of the last units) without a card at 2024-12-31
# The 8 states that had not spent everything dispersed by 2024-09-12 (23 − C34 = 8), a design choice.
INCOMPLETE_STATES = ("07", "12", "13", "15", "16", "20", "21", "30")


def committees_installed_by_state() -> pd.DataFrame:
    """C2–C24: committees installed on 2024-05-10 (value) and the bulletin's total (of_total) per state."""
    f = figures()
    rows = f[f["metric"] == "committees_installed"]
    out = pd.DataFrame(
        {"installed": rows["value"].astype(float).astype(int), "of_total": rows["of_total"].astype(float).astype(int)}
    )
    out.index = rows["cve_ent"].to_numpy()
    out.index.name = "cve_ent"
    return out.sort_index()


def in_operation_totals() -> tuple[int, int, int]:
    """Committees on units in operation on 2024-05-10, 2024-07-02 and 2024-09-12, as the bulletins give them."""
    return int(committees_installed_by_state()["of_total"].sum()), COMMITTEES_BY_CARDS_DATE, COMMITTEES_BY_SEPT
