"""Figure builders are pure functions of DataFrames: four area states, scales, es-MX text, plain lists."""

from __future__ import annotations

from datetime import date

import orjson
import pandas as pd
import pytest

from dashboard.figures import bars, maps, series
from dashboard.figures.style import AREA_STYLES, DIVERGING, SEQUENTIAL
from dashboard.queries.areas import area_status
from dashboard.queries.metrics import ALL


def states_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "cve_ent": ["12", "15", "09", "31", "01"],
            "nombre": ["Guerrero", "México", "Ciudad de México", "Yucatán", "Aguascalientes"],
            "value": [1234567.0, 89.5, float("nan"), float("nan"), float("nan")],
            "status": ["valor", "valor", "sin_datos", "anunciado", "no_adherido"],
        }
    )


def test_four_area_states_as_separate_traces() -> None:
    fig = maps.state_choropleth(states_frame(), metric=ALL["personas_registradas"])
    assert [t["type"] for t in fig["data"]] == ["choropleth"] * 4
    assert [t["locations"] for t in fig["data"]] == [["12", "15"], ["09"], ["31"], ["01"]]
    for trace, status in zip(fig["data"][1:], ("sin_datos", "anunciado", "no_adherido"), strict=True):
        color = AREA_STYLES[status][0]
        assert trace["showscale"] is False
        assert trace["colorscale"] == [[0, color], [1, color]]
        assert AREA_STYLES[status][1] in trace["text"][0]
    assert fig["data"][0]["showscale"] is True


def test_locations_are_plain_lists_and_figure_encodes_with_orjson() -> None:
    frame = states_frame().astype({"cve_ent": "string", "nombre": "string"})
    fig = maps.state_choropleth(frame, metric=ALL["personas_registradas"])
    for trace in fig["data"]:
        assert type(trace["locations"]) is list
        assert all(type(x) is str for x in trace["locations"])
        assert type(trace["z"]) is list
    orjson.dumps(fig)  # raises on numpy/pandas objects


def test_progress_metrics_diverge_around_100_and_counts_are_sequential() -> None:
    pct = maps.state_choropleth(states_frame(), metric=ALL["cobertura_registro"])["data"][0]
    assert pct["zmid"] == 100
    assert pct["colorscale"] == DIVERGING and pct["colorscale"][0][1] == "#7f3b08"  # PuOr, orange end
    middle = dict((pos, color) for pos, color in DIVERGING)[0.5]
    assert middle not in {c for c, _ in AREA_STYLES.values()}  # on target never looks like a non-value area
    count = maps.state_choropleth(states_frame(), metric=ALL["personas_registradas"])["data"][0]
    assert count["zmid"] is None
    assert count["colorscale"] == SEQUENTIAL == "Viridis"


def test_colour_bar_title_names_metric_and_unit() -> None:
    trace = maps.state_choropleth(states_frame(), metric=ALL["monto_ejercido"])["data"][0]
    assert trace["colorbar"]["title"]["text"] == "Monto ejercido (pesos)"
    assert trace["colorbar"]["tickprefix"] == "$"


def test_es_mx_separators_in_hover_text_and_layout() -> None:
    fig = maps.state_choropleth(states_frame(), metric=ALL["personas_registradas"])
    assert fig["data"][0]["customdata"][0] == "1,234,567 personas"
    assert fig["layout"]["separators"] == ".,"
    assert maps.format_value(6324000000, ALL["monto_dispersado"]) == "$6,324,000,000"
    assert maps.format_value(97.71, ALL["tarjetas_pct"]) == "97.7 %"


def test_geojson_by_url_or_embedded() -> None:
    by_url = maps.state_choropleth(states_frame(), metric=ALL["medicos_pct"])
    assert {t["geojson"] for t in by_url["data"]} == {"/geo/estados.geojson"}
    assert by_url["data"][0]["featureidkey"] == "properties.cve_ent"
    geo = {"type": "FeatureCollection", "features": []}
    embedded = maps.state_choropleth(states_frame(), metric=ALL["medicos_pct"], geojson=geo)
    assert all(t["geojson"] is geo for t in embedded["data"])


def test_municipal_choropleth_keys_on_cvegeo() -> None:
    frame = pd.DataFrame(
        {
            "cvegeo": ["12001", "31001"],
            "nombre": ["Acapulco", "Abalá"],
            "value": [10.0, None],
            "status": ["valor", "anunciado"],
        }
    )
    fig = maps.municipal_choropleth(
        frame, metric=ALL["personas_registradas"], geojson_url="/geo/municipios/12.geojson", title="T"
    )
    assert fig["data"][0]["featureidkey"] == "properties.cvegeo"
    assert fig["data"][0]["geojson"] == "/geo/municipios/12.geojson"
    assert fig["data"][2]["locations"] == ["31001"]
    assert fig["layout"]["title"]["text"] == "T"


def test_value_fields_are_what_a_patch_sends() -> None:
    fields = maps.value_fields(states_frame(), "cve_ent", ALL["ejercido_pct"])
    keys = {"locations", "z", "text", "customdata", "colorscale", "reversescale", "zmid", "colorbar", "showscale"}
    assert set(fields) == keys
    assert fields["showscale"] is True
    assert len(orjson.dumps(fields)) < 2000


def test_no_colour_bar_without_a_coloured_area() -> None:
    """An honest legend: no colour scale when no area has a value, and the HTML legend lists only what is drawn."""
    frame = states_frame().assign(status=["sin_datos", "sin_datos", "no_adherido", "no_adherido", "no_adherido"])
    frame["value"] = float("nan")
    fig = maps.state_choropleth(frame, metric=ALL["cobertura_registro"])
    assert fig["data"][0]["showscale"] is False and fig["data"][0]["z"] == []
    assert maps.legend_statuses(frame) == ["sin_datos", "no_adherido"]


@pytest.mark.parametrize(
    ("fed", "value", "expected"),
    [("si", 1.0, "valor"), ("si", None, "sin_datos"), ("anunciado", 5.0, "anunciado"), ("no", None, "no_adherido")],
)
def test_area_status(fed: str, value: float | None, expected: str) -> None:
    out = area_status(pd.Series([fed]), pd.Series([value], dtype=float))
    assert out.tolist() == [expected]


def test_national_line_marks_published_figures_and_date() -> None:
    idx = pd.date_range("2024-06-01", "2024-07-31", freq="D")
    s = pd.Series(range(len(idx)), index=idx, dtype=float)
    pub = pd.DataFrame(
        {
            "fecha": [pd.Timestamp("2024-06-28")],
            "valor": [9_500_000.0],
            "aproximada": [True],
            "fuente": ["Boletín 331/2024"],
        }
    )
    fig = series.national_line(s, ALL["personas_registradas"], pub, date(2024, 7, 1))
    assert fig["data"][1]["x"] == ["2024-06-28"]
    assert "9.5 millones" in fig["data"][1]["text"][0]
    assert fig["layout"]["shapes"][0]["x0"] == "2024-07-01"
    orjson.dumps(fig)


def test_ranking_bar_carries_state_codes_for_click_through() -> None:
    frame = states_frame().iloc[:2]
    fig = bars.ranking_bar(frame, metric=ALL["personas_registradas"], highlight="15")
    assert fig["data"][0]["customdata"] == ["15", "12"]  # ascending: best on top
    assert fig["data"][0]["marker"]["color"][0] != fig["data"][0]["marker"]["color"][1]
