"""The joining rule (dashboard/queries/joining.py): a state's status is a function of the date."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from dashboard.queries import joining
from dashboard.queries.areas import area_status

STATES = pd.DataFrame(
    {
        "federalizado": ["si", "anunciado", "no", "si", "anunciado", "no"],
        "fecha_adhesion": [date(2024, 4, 15), None, None, None, None, date(2022, 4, 1)],
        "fecha_anuncio": [None, date(2024, 7, 2), None, None, None, date(2022, 1, 10)],
    },
    index=pd.Index(["15", "31", "01", "98", "99", "18"], name="cve_ent"),
)


@pytest.mark.parametrize(
    ("fecha", "expected"),
    [
        # Estado de México joined 2024-04-15 (no announcement date: announced the day it joined)
        (date(2024, 3, 15), {"15": "no", "31": "no"}),
        (date(2024, 4, 14), {"15": "no", "31": "no"}),
        (date(2024, 4, 15), {"15": "si", "31": "no"}),
        (date(2024, 5, 1), {"15": "si", "31": "no"}),
        # Yucatán announced 2024-07-02, never joined
        (date(2024, 7, 1), {"15": "si", "31": "no"}),
        (date(2024, 7, 2), {"15": "si", "31": "anunciado"}),
        (date(2024, 7, 3), {"15": "si", "31": "anunciado"}),
    ],
)
def test_status_follows_the_date(fecha: date, expected: dict[str, str]) -> None:
    status = joining.status_at(STATES, fecha)
    assert {k: status[k] for k in expected} == expected
    assert status["01"] == "no"  # never joined, no dates


def test_announced_before_joining_then_joined() -> None:
    status = {d: joining.status_at(STATES, d)["18"] for d in (date(2022, 1, 9), date(2022, 1, 10), date(2022, 4, 1))}
    assert status == {date(2022, 1, 9): "no", date(2022, 1, 10): "anunciado", date(2022, 4, 1): "si"}


def test_a_state_without_dates_keeps_its_recorded_status() -> None:
    for fecha in (date(2020, 1, 1), date(2030, 1, 1)):
        status = joining.status_at(STATES, fecha)
        assert status["98"] == "si" and status["99"] == "anunciado"


def test_missing_announcement_column_is_read_as_empty() -> None:
    frame = STATES.drop(columns=["fecha_anuncio"])
    assert joining.status_at(frame, date(2024, 7, 3))["31"] == "anunciado"  # recorded status, no dates
    assert joining.status_at(frame, date(2024, 3, 15))["15"] == "no"


def test_joined_mask_is_the_same_rule_day_by_day() -> None:
    days = pd.date_range("2024-04-13", "2024-04-17", freq="D")
    mask = joining.joined_mask(STATES, days)
    assert mask.shape == (5, len(STATES))
    assert mask[:, 0].tolist() == [False, False, True, True, True]  # Estado de México from 2024-04-15
    for i, day in enumerate(days):
        assert np.array_equal(mask[i], (joining.status_at(STATES, day.date()) == "si").to_numpy())


def test_area_states_at_a_date() -> None:
    value = pd.Series([np.nan] * len(STATES), index=STATES.index)
    before = area_status(joining.status_at(STATES, date(2024, 3, 15)), value)
    after = area_status(joining.status_at(STATES, date(2024, 7, 3)), value)
    assert before["15"] == "no_adherido" and after["15"] == "sin_datos"
    assert before["31"] == "no_adherido" and after["31"] == "anunciado"
