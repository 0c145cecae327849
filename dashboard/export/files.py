"""One chart in every format the press room hands out: image, data (CSV/XLSX) and text (sentence + alt text)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Engine

from dashboard import fmt as fmt_
from dashboard.export import catalog as _catalog  # noqa: F401  (registers every preset)
from dashboard.export import data, service
from dashboard.export.decorate import DEMO_LABEL, decorate, footer_lines, size_for
from dashboard.export.presets import Chart, build, parse
from dashboard.queries.status import data_status

FORMATS: dict[str, str] = {
    **service.MIME,
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "txt": "text/plain; charset=utf-8",
}


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    mimetype: str
    filename: str


def chart_for(engine: Engine, preset: str, params: Mapping[str, str]) -> Chart:
    """Parse (KeyError: unknown preset; BadRequest: bad parameter) and build."""
    return build(engine, parse(preset, params, engine))


def notes(chart: Chart, *, demo: bool) -> list[str]:
    """What the data file says about itself (title, scope, cut-off, sources, demo)."""
    return [chart.title, chart.subtitle, *footer_lines(chart, demo=demo), chart.sentence]


def text(chart: Chart, *, demo: bool) -> str:
    """The sentence and the alt text, ready to paste."""
    head = f"{DEMO_LABEL}.\n\n" if demo else ""
    return (
        f"{head}{chart.title}\nCifras al {fmt_.fecha_larga(chart.request.fecha)}\n\n"
        f"Texto para comunicado:\n{chart.sentence}\n\nTexto alternativo de la imagen:\n{chart.alt}\n"
    )


def render(chart: Chart, fmt: str, *, demo: bool, tamano: str | None = None) -> ExportFile:
    """The chart as a file: png|svg|pdf through the export service, csv|xlsx from its frame, txt."""
    if fmt in service.MIME:
        size = size_for(fmt, tamano, chart)
        fig = decorate(chart, size, demo=demo)
        content = service.render(fig, fmt, size.width, size.height, size.scale)
    elif fmt == "csv":
        content = data.to_csv(chart.frame)
    elif fmt == "xlsx":
        content = data.to_xlsx(chart.frame, notes(chart, demo=demo))
    elif fmt == "txt":
        content = text(chart, demo=demo).encode("utf-8")
    else:
        raise ValueError(fmt)
    return ExportFile(content, FORMATS[fmt], chart.filename(fmt))


def export(engine: Engine, preset: str, fmt: str, params: Mapping[str, str]) -> ExportFile:
    """Everything a route or a download callback needs, from URL-style parameters."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    chart = chart_for(engine, preset, params)
    return render(chart, fmt, demo=data_status(engine).demo, tamano=params.get("tamano"))
