"""An export menu for any chart: links to /exportar/<preset>.<fmt> (PNG, SVG, PDF, CSV, XLSX, text).

Use it next to a chart whose content is one of the press-room presets (dashboard/export/presets.PRESETS):

    from layouts.export_menu import export_menu
    html.Div([dcc.Graph(id="panorama-mapa", ...),
              export_menu("panorama-mapa", "mapa-nacional", {"fecha": "2024-06-28", "metrica": "cobertura_registro"})])

params are the chart's URL parameters: fecha (AAAA-MM-DD), estado (clave 01–32 or empty for national), metrica,
tamano (horizontal | cuadrado | impresion, PNG/SVG only). When a callback changes the chart, give it an Output to
(menu_id(chart_id), "children") and return export_items(preset, params) so the links follow the chart.
"""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import html

from dashboard.pages import build_query

ITEMS: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("png", "Imagen PNG 1920 × 1080", {"tamano": "horizontal"}),
    ("png", "Imagen PNG cuadrada 1080 × 1080", {"tamano": "cuadrado"}),
    ("png", "Imagen PNG para impresión (×2)", {"tamano": "impresion"}),
    ("svg", "Imagen vectorial SVG", {}),
    ("pdf", "PDF tamaño carta", {}),
    ("csv", "Datos CSV", {}),
    ("xlsx", "Datos Excel (XLSX)", {}),
    ("txt", "Texto para comunicado y texto alternativo", {}),
)


def menu_id(chart_id: str) -> str:
    return f"{chart_id}-exportar"


def export_href(preset: str, fmt: str, params: dict[str, Any]) -> str:
    """'/exportar/mapa-nacional.png?fecha=2024-06-28&metrica=cobertura_registro'."""
    return f"/exportar/{preset}.{fmt}" + build_query(params)


def export_items(preset: str, params: dict[str, Any]) -> list[dbc.DropdownMenuItem]:
    """The menu entries (plain links: the browser downloads the attachment)."""
    return [
        dbc.DropdownMenuItem(label, href=export_href(preset, fmt, {**params, **extra}), external_link=True)
        for fmt, label, extra in ITEMS
    ]


def export_menu(chart_id: str, preset: str, params: dict[str, Any]) -> dbc.DropdownMenu:
    """A small 'Exportar gráfica' dropdown (a Bootstrap menu: Enter/Space opens it, arrows move, Esc closes)."""
    return dbc.DropdownMenu(
        export_items(preset, params),
        id=menu_id(chart_id),
        label="Exportar gráfica",
        size="sm",
        color="light",  # dark text on a light button with a border (contrast ≥ 4.5:1)
        className="export-menu",
        toggle_class_name="border",
        align_end=True,
    )


def export_bar(chart_id: str, preset: str, params: dict[str, Any]) -> html.Div:
    """The menu right-aligned above a chart (put it just before the chart's figure)."""
    return html.Div(export_menu(chart_id, preset, params), className="export-bar d-flex justify-content-end mb-1")
