"""Página de una unidad de salud: ubicación, tipología, comité, presupuesto, personal frente a la norma."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import fmt, page_data, runtime
from dashboard.figures import unit as figs
from dashboard.figures.points import single_point
from dashboard.figures.style import GRAPH_CONFIG
from dashboard.pages import NotFound, href
from dashboard.queries import joining, national
from dashboard.queries import units as q
from dashboard.queries.state_info import state_info
from layouts.common import breadcrumb, page_title
from layouts.controls import date_control, date_notice, tab_of
from layouts.estado import geojson_url
from layouts.export_menu import export_bar

TABS = {"personal": "Personal acumulado", "gasto": "Gasto acumulado"}
DEFAULT_TAB = "personal"
MAX_CLUES = 20


class Ids:
    """Ids of the unit page."""

    URL = "unidad-url"
    CLUES = "unidad-clues"
    FECHA = "unidad-fecha"
    FECHA_LABEL = "unidad-fecha-etiqueta"
    FECHA_TEXT = "unidad-fecha-texto"
    NOTICE = "unidad-aviso"
    CRUMBS = "unidad-ruta"
    STATUS = "unidad-adhesion"
    TIMELINE = "unidad-comite"
    TAB = "unidad-pestana"
    HISTORY = "unidad-historial"
    MAP = "unidad-mapa"
    FUNNEL = "unidad-embudo"
    STAFF = "unidad-personal"
    NAME = "unidad-nombre"


def parse_tab(raw: dict[str, Any]) -> str:
    """'pestaña' (or 'pestana') from the URL; anything else is the default tab."""
    return tab_of(raw, TABS, DEFAULT_TAB)


def load_profile(clues: Any) -> q.UnitProfile:
    """The unit named by the URL (bound parameter only) or the Spanish 404."""
    text = str(clues or "")
    profile = q.unit_profile(runtime.engine(), text) if 0 < len(text) <= MAX_CLUES else None
    if profile is None:
        raise NotFound(f"No existe una unidad con la CLUES «{text[:40]}».")
    return profile


def exists(clues: str | None = None, **_: Any) -> bool:
    """HTTP status of a direct GET."""
    text = str(clues or "")
    return 0 < len(text) <= MAX_CLUES and q.unit_exists(runtime.engine(), text)


@dataclass(frozen=True)
class UnitPage:
    """A unit as it stood at the page's date (the URL's, else the last day with data)."""

    whole: q.UnitProfile  # everything loaded
    day: date | None
    fecha: str | None  # the date as it travels in links (None: the last day)

    @property
    def profile(self) -> q.UnitProfile:
        return self.whole.at(self.day)

    @property
    def clues(self) -> str:
        return str(self.whole.unit["clues"])


def unit_page(clues: Any, fecha: Any) -> UnitPage:
    """The unit named by the URL at a date (ISO text; anything else is the last day)."""
    tl = national.timeline(runtime.engine())
    day = national.parse_date(fecha if isinstance(fecha, str) else None, tl)
    return UnitPage(load_profile(clues), day or tl.last, tl.param(day))


def history_figure(page: UnitPage, tab: str) -> dict[str, Any]:
    profile = page.profile
    if tab == "gasto":
        asignado = float((profile.committee or {}).get("presupuesto_asignado") or 0)
        return figs.spending_history(profile.spending, asignado, page.day)
    return figs.staff_history(profile.staff, page.day)


def funnel_figure(page: UnitPage) -> dict[str, Any]:
    profile = page.profile
    spend = profile.spending
    totals = spend.iloc[-1] if not spend.empty else {"dispersado": 0, "ejercido": 0}
    asignado = float((profile.committee or {}).get("presupuesto_asignado") or 0)
    return figs.budget_funnel(asignado, float(totals["dispersado"]), float(totals["ejercido"]))


def staff_figure(page: UnitPage) -> dict[str, Any]:
    return figs.staff_vs_norm(page_data.current_staff(page.profile.staff), page.profile.norm)


def crumbs(page: UnitPage) -> html.Nav:
    """Panorama › state › municipality › unit, every link at the page's date."""
    unit, cve, f = page.whole.unit, page.whole.unit["cve_ent"], page.fecha
    return breadcrumb(
        [
            ("Panorama", href("/", fecha=f)),
            (unit.get("estado") or cve, href(f"/estado/{cve}", fecha=f)),
            (unit.get("municipio") or unit["cvegeo"], href(f"/estado/{cve}", municipio=unit["cvegeo"], fecha=f)),
            (unit["nombre"], None),
        ]
    )


def joining_note(page: UnitPage) -> Any:
    """A warning when the unit's state had not joined IMSS-Bienestar at the page's date."""
    info = state_info(runtime.engine(), str(page.whole.unit["cve_ent"]))
    if info is None or info.status(page.day) == joining.JOINED:
        return None
    return dbc.Alert(
        f"Al {fmt.fecha_larga(page.day)}, {info.nombre} aún no se adhería a IMSS-Bienestar.",
        color="light",
        className="py-2 small border",
    )


def details(unit: dict[str, Any]) -> html.Dl:
    lat, lon = page_data.number(unit.get("lat")), page_data.number(unit.get("lon"))
    coords = f"{lat:.5f}, {lon:.5f}" if lat is not None and lon is not None else "sin coordenadas"
    ubicacion = q.LOCATION.get(unit.get("ubicacion") or "", unit.get("ubicacion") or "")
    items = [
        ("CLUES", unit["clues"]),
        ("Tipología", unit.get("tipologia") or "—"),
        ("Subtipología", unit.get("subtipologia") or "—"),
        ("Nivel de atención", unit.get("nivel_atencion") or "—"),
        ("Estatus de operación", unit.get("estatus") or "—"),
        ("Inicio de operación", fmt.fecha_larga(unit.get("fecha_inicio")) if unit.get("fecha_inicio") else "—"),
        ("Localidad", unit.get("localidad") or "—"),
        ("Coordenadas", coords),
        ("Ubicación del punto", ubicacion),
        ("Municipio", municipality_note(unit)),
    ]
    body: list[Any] = []
    for term, value in items:
        body += [html.Dt(term, className="col-sm-4"), html.Dd(value, className="col-sm-8 mb-1")]
    return html.Dl(body, className="row small mb-0")


def municipality_note(unit: dict[str, Any]) -> str:
    """The municipality, and the catalogue's own code when the crosswalk moved the unit."""
    name = f"{unit.get('municipio') or '—'} ({unit['cvegeo']})"
    if unit.get("cvegeo_catalogo") and unit["cvegeo_catalogo"] != unit["cvegeo"]:
        original = unit.get("municipio_catalogo") or "sin polígono"
        return f"{name}; el catálogo CLUES dice {original} ({unit['cvegeo_catalogo']}), asignado por la tabla de equivalencias"
    return name


def timeline(page: UnitPage) -> html.Ol | html.Div:
    """Committee milestones reached by the page's date, with their dates; later ones 'pendiente'."""
    profile = page.profile
    items = []
    for label, when in q.milestones(profile):
        done = when is not None
        items.append(
            html.Li(
                [html.Strong(label), " — ", fmt.fecha_larga(when) if done else "pendiente"],
                className="timeline-done" if done else "timeline-pending text-body-secondary",
            )
        )
    if profile.committee is None:
        return html.Div("Esta unidad no tiene comité de La Clínica es Nuestra registrado.", className="small")
    return html.Ol(items, className="committee-timeline small mb-0")


def _card(title: str, body: Any) -> dbc.Card:
    content = body if isinstance(body, list) else [body]
    return dbc.Card(dbc.CardBody([html.H2(title, className="h6"), *content]), className="h-100")


EXPORTS = {Ids.MAP: "unidad-ubicacion", Ids.FUNNEL: "unidad-presupuesto", Ids.STAFF: "unidad-personal",
           Ids.HISTORY: "unidad-historial"}  # fmt: skip


# Small bar charts: no zoom to offer, and on a phone the mode bar covers their legend (the export menu replaces it).
SMALL = (Ids.FUNNEL, Ids.STAFF)


def export_params(chart_id: str, clues: str, tab: str, fecha: str | None = None) -> dict[str, Any]:
    """What a chart's export menu asks for: the unit, the page's date (not for the location) and the history's tab."""
    if chart_id == Ids.MAP:
        return {"clues": clues}
    return {"clues": clues, "fecha": fecha, **({"pestana": tab} if chart_id == Ids.HISTORY else {})}


def _graph(
    id_: str, figure: Any, label: str, page: UnitPage, height: str = "260px", tab: str = DEFAULT_TAB
) -> html.Div:
    config = {**GRAPH_CONFIG, "displayModeBar": False} if id_ in SMALL else GRAPH_CONFIG
    graph = dcc.Graph(id=id_, figure=figure, config=config, style={"height": height})
    menu = export_bar(id_, EXPORTS[id_], export_params(id_, page.clues, tab, page.fecha))
    return html.Div([menu, graph], role="figure", **{"aria-label": label})


def header(unit: dict[str, Any]) -> html.Div:
    badges = []
    if unit.get("sintetica"):
        badges.append(dbc.Badge(q.SYNTHETIC_LABEL, color="warning", text_color="dark", className="me-2"))
    if unit.get("ubicacion") not in (None, "ok"):
        badges.append(dbc.Badge(q.LOCATION.get(unit["ubicacion"], unit["ubicacion"]), color="secondary"))
    sub = " · ".join(x for x in (unit["clues"], unit.get("tipologia"), unit.get("nivel_atencion")) if x)
    return html.Div([html.Div(page_title(unit["nombre"], sub), id=Ids.NAME), html.Div(badges, className="mb-2")])


def layout(clues: str | None = None, **params: Any) -> html.Div:
    """The unit page for /unidad/<clues>?fecha=AAAA-MM-DD&pestaña=personal|gasto."""
    page = unit_page(clues, params.get("fecha"))
    tl = national.timeline(runtime.engine())
    unit = page.whole.unit
    tab = parse_tab(params)
    location = single_point(
        lat=page_data.number(unit.get("lat")),
        lon=page_data.number(unit.get("lon")),
        label=unit["nombre"],
        geojson_url=geojson_url(unit["cve_ent"]),
        zoom=10.5,
        tiles_url=runtime.settings().map_tiles_url,
    )
    history = _graph(Ids.HISTORY, history_figure(page, tab), "Historial de la unidad", page, "300px", tab)
    return html.Div(
        [
            dcc.Location(id=Ids.URL, refresh="callback-nav"),
            dcc.Store(id=Ids.CLUES, data=unit["clues"]),
            html.Div(crumbs(page), id=Ids.CRUMBS),
            header(unit),
            dbc.Row(date_control(Ids, tl, page.day), className="g-2 mb-2"),
            html.Div(date_notice(params.get("fecha"), tl, page.day), id=Ids.NOTICE),
            html.Div(joining_note(page), id=Ids.STATUS),
            dbc.Row(
                [
                    dbc.Col(
                        _card("Ubicación", _graph(Ids.MAP, location, "Ubicación de la unidad", page, "300px")), lg=5
                    ),
                    dbc.Col(_card("Ficha de la unidad", details(unit)), lg=7),
                ],
                className="g-2 mb-3",
            ),
            dbc.Row(
                [
                    dbc.Col(_card("Comité La Clínica es Nuestra", html.Div(timeline(page), id=Ids.TIMELINE)), lg=4),
                    dbc.Col(
                        _card(
                            "Presupuesto del comité",
                            _graph(
                                Ids.FUNNEL,
                                funnel_figure(page),
                                "Presupuesto asignado, dispersado y ejercido",
                                page,
                                "220px",
                            ),
                        ),
                        lg=4,
                    ),
                    dbc.Col(
                        _card("Personal frente a la norma", _graph(Ids.STAFF, staff_figure(page), "Personal", page)),
                        lg=4,
                    ),
                ],
                className="g-2 mb-3",
            ),
            _card(
                "Historial",
                [
                    dcc.Tabs(id=Ids.TAB, value=tab, children=[dcc.Tab(label=v, value=k) for k, v in TABS.items()]),
                    history,
                ],
            ),
        ],
        className="page-unidad",
    )


def skeleton() -> html.Div:
    """Every id of the page, without data (validation layout)."""
    return html.Div(
        [
            dcc.Location(id=Ids.URL, refresh="callback-nav"),
            dcc.Store(id=Ids.CLUES),
            *[html.Div(id=i) for i in (Ids.NAME, Ids.CRUMBS, Ids.NOTICE, Ids.STATUS, Ids.TIMELINE)],
            date_control(Ids, national.Timeline([]), None),
            dcc.Tabs(id=Ids.TAB, value=DEFAULT_TAB),
            dcc.Graph(id=Ids.HISTORY),
            dcc.Graph(id=Ids.MAP),
            dcc.Graph(id=Ids.FUNNEL),
            dcc.Graph(id=Ids.STAFF),
            *[export_bar(i, preset, {}) for i, preset in EXPORTS.items()],
        ]
    )
