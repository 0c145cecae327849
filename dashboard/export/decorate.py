"""Print decoration for any chart: title, subtitle, cut-off date, sources, INEGI credit, demo label, map legend."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from plotly.colors import get_colorscale, sample_colorscale

from dashboard import fmt
from dashboard.export.presets import Chart
from dashboard.figures.style import AREA_STYLES, BORDER, FONT, GUINDA, SEQUENTIAL
from geodata import ATTRIBUTION_SHORT

DEMO_LABEL = "Datos de demostración"
DEMO_COLOR = "#a6400a"


@dataclass(frozen=True)
class Size:
    """An output size in layout pixels (PDF: points); scale multiplies PNG pixels."""

    key: str
    label: str
    width: int
    height: int
    scale: float = 1.0

    @property
    def pixels(self) -> tuple[int, int]:
        return round(self.width * self.scale), round(self.height * self.scale)


SIZES: dict[str, Size] = {
    "cuadrado": Size("cuadrado", "Cuadrado 1080 × 1080 (redes sociales)", 1080, 1080),
    "horizontal": Size("horizontal", "Horizontal 1920 × 1080 (pantalla, presentación)", 1920, 1080),
    "impresion": Size("impresion", "Impresión 3840 × 2160 (escala ×2)", 1920, 1080, 2.0),
    # Chromium prints CSS pixels at 96 per inch: 816 × 1056 px is a letter page of 612 × 792 pt.
    "carta": Size("carta", "Carta vertical (612 × 792 pt)", 816, 1056),
    "carta-horizontal": Size("carta-horizontal", "Carta horizontal (792 × 612 pt)", 1056, 816),
}
PREVIEW = Size("vista", "Vista previa", 1200, 675)
PNG_SIZES = ("horizontal", "cuadrado", "impresion")
SVG_SIZES = ("horizontal", "cuadrado")


def size_for(fmt_: str, tamano: str | None, chart: Chart) -> Size:
    """The size a format is exported at: PDF is letter (landscape for maps); PNG and SVG take the chosen size."""
    if fmt_ == "pdf":
        return SIZES["carta-horizontal" if chart.is_geo else "carta"]
    allowed = PNG_SIZES if fmt_ == "png" else SVG_SIZES
    return SIZES[tamano] if tamano is not None and tamano in allowed else SIZES["horizontal"]


def font_base(size: Size) -> float:
    """Body font size: 20 px on a 1080-px side; on a letter page 15 px, printed as 11 pt."""
    return round(20.0 * min(size.width, size.height) / 1080, 1)


def footer_lines(chart: Chart, *, demo: bool) -> list[str]:
    """Cut-off date, sources and (maps) the INEGI credit, one line each."""
    cut = f"Cifras al {fmt.fecha_larga(chart.request.fecha)}."
    if demo:
        cut += f" {DEMO_LABEL}: cifras generadas, no son registros reales de IMSS-Bienestar."
    lines = [cut, "Fuente: " + "; ".join(chart.sources) + "."]
    if chart.is_geo:
        lines.append(ATTRIBUTION_SHORT)
    return lines


def _scale_colors(chart: Chart) -> list[str]:
    trace = chart.figure["data"][0]
    name = trace.get("colorscale") or SEQUENTIAL
    colors = sample_colorscale(get_colorscale(name) if isinstance(name, str) else name, [0.0, 0.5, 1.0])
    return colors[::-1] if trace.get("reversescale") else colors


def map_legend(chart: Chart, base: float) -> dict[str, Any]:
    """The four area states as coloured squares, drawn inside the figure (bottom left, over the Pacific)."""
    swatches = "".join(f"<span style='color:{c}'>■</span>" for c in _scale_colors(chart))
    lines = [f"{swatches} Con datos (ver escala de color)"]
    for color, label in AREA_STYLES.values():
        mark = "□" if color.lower() == "#ffffff" else "■"
        shown = BORDER if mark == "□" else color
        lines.append(f"<span style='color:{shown}'>{mark}</span> {label}")
    return _note(
        "<br>".join(lines),
        (0.0, 0.0, "left", "bottom"),
        align="left",
        showarrow=False,
        bgcolor="rgba(255,255,255,0.85)",
        bordercolor="#999999",
        borderwidth=1,
        borderpad=round(base * 0.4),
        font={"size": round(base * 0.8, 1), "family": FONT},
    )


def _note(text: str, at: tuple[float, float, str, str], **style: Any) -> dict[str, Any]:
    """An annotation placed on the plot area: at is (x, y, xanchor, yanchor) in paper coordinates."""
    x, y, xanchor, yanchor = at
    return {"text": text, "xref": "paper", "yref": "paper", "x": x, "y": y, "xanchor": xanchor, "yanchor": yanchor,
            **style}  # fmt: skip


def decorate(chart: Chart, size: Size, *, demo: bool, embed_geojson: bool = True) -> dict[str, Any]:
    """A print-ready copy of the chart's figure at a size (the chart's own figure is left untouched)."""
    fig = {"data": [dict(t) for t in chart.figure["data"]], "layout": copy.deepcopy(chart.figure["layout"])}
    base = font_base(size)
    lines = footer_lines(chart, demo=demo)
    foot_h = base * (0.75 * 1.35 * len(lines) + 0.8)
    axis_h = 0 if chart.is_geo else base * 2.2
    layout = fig["layout"]
    layout.update(
        width=size.width,
        height=size.height,
        autosize=False,
        font={"family": FONT, "size": base, "color": "#222222"},
        margin={
            "l": round(base * 1.2),
            "r": round(base * 1.2),
            "t": round(base * 5.4),
            "b": round(foot_h + axis_h),
            "pad": 0,
        },
        title={
            "text": f"<b>{chart.title}</b>",
            "font": {"size": round(base * 1.55, 1), "color": GUINDA},
            "x": base * 1.2 / size.width,
            "xanchor": "left",
            "xref": "container",
            "y": 1 - base * 0.9 / size.height,
            "yanchor": "top",
            "yref": "container",
            "subtitle": {"text": chart.subtitle, "font": {"size": round(base * 1.0, 1), "color": "#444444"}},
        },
    )
    layout.pop("uirevision", None)
    foot = _note("<br>".join(lines), (0.0, 0.0, "left", "top"), yshift=-round(axis_h + base * 0.3), align="left",
                 showarrow=False, font={"size": round(base * 0.75, 1), "color": "#444444"})  # fmt: skip
    notes = [foot]
    if demo:
        notes.append(
            _note(
                f"<b>{DEMO_LABEL}</b>",
                (1.0, 1.0, "right", "bottom"),
                yshift=round(base * 1.2),
                showarrow=False,
                font={"size": round(base * 0.9, 1), "color": DEMO_COLOR},
                bordercolor=DEMO_COLOR,
                borderwidth=1,
                borderpad=round(base * 0.25),
            )
        )
    for trace in fig["data"]:
        _explicit_scale(trace)
        if trace.get("type") == "bar":
            trace.update(textposition="outside", cliponaxis=False)
    if chart.is_map:
        notes.append(map_legend(chart, base))
        _print_map(fig, chart, base, embed_geojson)
    layout["annotations"] = [*layout.get("annotations", []), *notes]
    return fig


# plotly.js knows only these names; others (e.g. 'PuOr', a plotly.py name) must be sent as a list of stops.
JS_SCALES = {"blackbody", "bluered", "blues", "cividis", "earth", "electric", "greens", "greys", "hot", "jet",
             "picnic", "portland", "rainbow", "rdbu", "reds", "viridis", "ylgnbu", "ylorrd"}  # fmt: skip


def _explicit_scale(trace: dict[str, Any]) -> None:
    name = trace.get("colorscale")
    if isinstance(name, str) and name.lower() not in JS_SCALES:
        trace["colorscale"] = get_colorscale(name)


def _print_map(fig: dict[str, Any], chart: Chart, base: float, embed: bool) -> None:
    """Embed the boundaries (kaleido cannot fetch the app's URL) and size the colour bar for print."""
    for trace in fig["data"]:
        if embed and chart.geojson is not None:
            trace["geojson"] = chart.geojson
        if trace.get("showscale"):
            bar = dict(trace.get("colorbar") or {})
            bar.update(thickness=round(base * 0.9), len=0.75, x=1.0, xanchor="right")
            trace["colorbar"] = bar
