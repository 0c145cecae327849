"""Catalogue codes missing from the boundaries are mapped, warned about and recorded as notices."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from datasets.validate import KnownKeys, validate
from geodata import CrosswalkWarning, apply_crosswalk

KNOWN = KnownKeys(
    states=frozenset({"24", "25"}),
    municipalities=frozenset({"25006", "25011", "24028"}),
    joined={"24": date(2023, 3, 1), "25": date(2022, 12, 1)},
)


def test_apply_crosswalk_warns() -> None:
    with pytest.warns(CrosswalkWarning, match="25019"):
        assert apply_crosswalk(["25019", "25006"]) == ["25006", "25006"]


@pytest.mark.parametrize(("code", "target"), [("25019", "25006"), ("25020", "25011"), ("24059", "24028")])
def test_registry_codes_mapped_with_notice(code: str, target: str) -> None:
    raw = pd.DataFrame(
        {"fecha": ["2024-01-01"], "cvegeo": [code], "canal": ["modulo"], "registrados": ["2"]}, dtype=str
    )
    with pytest.warns(CrosswalkWarning, match=code):
        res = validate("registry", raw, KNOWN)
    assert res.ok and res.frame["cvegeo"].tolist() == [target]
    assert [(p.nivel, code in str(p)) for p in res.problemas] == [("aviso", True)]


def test_no_warning_when_not_needed() -> None:
    raw = pd.DataFrame(
        {"fecha": ["2024-01-01"], "cvegeo": ["25006"], "canal": ["modulo"], "registrados": ["2"]}, dtype=str
    )
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert validate("registry", raw, KNOWN).problemas == []
