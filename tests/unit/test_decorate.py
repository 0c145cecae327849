"""Print decoration: title, cut-off, sources, INEGI credit, demo label, legend, sizes (no browser)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.export.decorate import DEMO_LABEL, SIZES, decorate, font_base, size_for
from dashboard.export.presets import Chart, Request
from geodata import ATTRIBUTION_SHORT


def chart(kind: str = "mapa") -> Chart:
    fig = {"data": [{"type": "choropleth", "geojson": "/geo/estados.geojson", "locations": ["01"], "z": [5.0],
                     "colorscale": "PuOr", "showscale": True}], "layout": {"title": {"text": "x"}}}  # fmt: skip
    return Chart(Request("mapa-nacional", date(2024, 6, 28), None, "cobertura_registro"), kind, "Título único",
                 "Subtítulo", "Nacional", fig, pd.DataFrame({"a": [1]}), ("Fuente A", "Fuente B"), "frase", "alt",
                 ("cobertura_registro",), geojson={"type": "FeatureCollection", "features": []})  # fmt: skip


def texts(fig: dict) -> str:  # type: ignore[type-arg]
    return " ".join(a["text"] for a in fig["layout"]["annotations"])


def test_map_decoration() -> None:
    c = chart()
    fig = decorate(c, SIZES["cuadrado"], demo=True)
    assert fig["layout"]["width"] == 1080 and fig["layout"]["height"] == 1080
    assert "Título único" in fig["layout"]["title"]["text"]
    assert fig["layout"]["title"]["subtitle"]["text"] == "Subtítulo"
    t = texts(fig)
    assert "Cifras al 28 de junio de 2024" in t
    assert "Fuente: Fuente A; Fuente B." in t
    assert ATTRIBUTION_SHORT in t and DEMO_LABEL in t
    for label in ("Con datos", "Federalizado, sin datos", "Adhesión anunciada", "No adherido"):
        assert label in t
    assert isinstance(fig["data"][0]["geojson"], dict)  # embedded for kaleido
    assert isinstance(fig["data"][0]["colorscale"], list)  # 'PuOr' is not a plotly.js name
    assert c.figure["data"][0]["geojson"] == "/geo/estados.geojson"  # the chart is untouched


def test_no_demo_label_and_no_attribution_off_maps() -> None:
    fig = decorate(chart("barras"), SIZES["horizontal"], demo=False)
    t = texts(fig)
    assert DEMO_LABEL not in t and ATTRIBUTION_SHORT not in t and "Cifras al" in t


def test_fonts_scale_with_size() -> None:
    assert font_base(SIZES["cuadrado"]) == 20
    assert font_base(SIZES["carta"]) < font_base(SIZES["horizontal"])


def test_size_for() -> None:
    assert size_for("pdf", None, chart()).key == "carta-horizontal"
    assert size_for("pdf", "cuadrado", chart("barras")).key == "carta"
    assert size_for("png", "impresion", chart()).pixels == (3840, 2160)
    assert size_for("png", "nada", chart()).key == "horizontal"
