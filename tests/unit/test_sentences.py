"""Numbers in words as the bulletins write them."""

from __future__ import annotations

import pytest

from dashboard import fmt
from dashboard.export import sentences as s


@pytest.mark.parametrize(
    ("value", "text"),
    [(11_427, "11 mil 427"), (1_074, "mil 74"), (1_002, "mil 2"), (9_893, "9 mil 893"), (179, "179"), (0, "0"),
     (5_774, "5 mil 774"), (2_000_005, "2 millones 5"), (1_001_000, "un millón mil")],
)  # fmt: skip
def test_entero(value: int, text: str) -> None:
    assert s.entero(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(9_512_345, "9.5 millones"), (164_321, "164 mil"), (559_000, "559 mil"), (8_912_000, "8.9 millones"),
     (999_700, "1 millón"), (5_200_000, "5.2 millones"), (12_345, "12 mil")],
)  # fmt: skip
def test_redondeado(value: int, text: str) -> None:
    assert s.redondeado(value) == text


def test_cifra_rounds_only_large_counts() -> None:
    assert s.cifra(11_427) == "11 mil 427"
    assert s.cifra(164_000) == "164 mil"


@pytest.mark.parametrize(
    ("value", "text"),
    [(1_162_000_000, "mil 162 millones de pesos"), (6_324_000_000, "6 mil 324 millones de pesos"),
     (684_800_000, "684.8 millones de pesos"), (5_000, "$5,000")],
)  # fmt: skip
def test_monto(value: int, text: str) -> None:
    assert s.monto(value) == text == fmt.monto(value)  # sentences and KPI cards write money alike


def test_por_ciento_and_lista() -> None:
    assert s.por_ciento(97.71) == "97.7 por ciento"
    assert s.por_ciento(100) == "100 por ciento"
    assert s.lista(["a", "b", "c"]) == "a, b y c"
    assert s.estados(1) == "un estado"


@pytest.mark.parametrize(
    "value, text",
    [
        (999_700, "1 millón"),
        (1_162_000_000, "mil 162 millones"),
        (9_512_000, "9.5 millones"),
        (164_321, "164 mil"),
        (9_999, "9,999"),
    ],
)
def test_one_compact_style_for_kpis_and_sentences(value: int, text: str) -> None:
    from dashboard import fmt

    assert fmt.compacto(value) == text
    if value >= 10_000:
        assert s.redondeado(value) == text  # the sentence says what the KPI card says
