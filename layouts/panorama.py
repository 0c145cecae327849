"""Panorama nacional (`/`): KPIs, the state map with a date slider and play button, ranking and national series."""

from __future__ import annotations

from datetime import date
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import fmt, runtime
from dashboard.figures import bars, maps, series
from dashboard.figures.style import GRAPH_CONFIG
from dashboard.pages import href
from dashboard.queries import national
from dashboard.queries.metrics import ALL, MAP_METRICS
from dashboard.queries.published_marks import phrases_on, published_for
from layouts.common import MAP_STYLE, area_legend, kpi_card, map_legend, page_title
from layouts.controls import date_notice, date_slider, date_text
from layouts.export_menu import export_bar

PLAY_STEP_DAYS = 7
PLAY_INTERVAL_MS = 900


class Ids:
    """Ids of the national page."""

    URL = "panorama-url"
    METRIC = "panorama-metrica"
    SLIDER = "panorama-fecha"
    SLIDER_LABEL = "panorama-fecha-etiqueta"
    DATE_TEXT = "panorama-fecha-texto"
    PLAY = "panorama-reproducir"
    TICK = "panorama-intervalo"
    KPIS = "panorama-kpis"
    MAP = "panorama-mapa"
    RANKING = "panorama-ranking"
    TABLE = "panorama-tabla"
    SERIES = "panorama-serie"
    LEGEND = "panorama-leyenda"
    NOTICE = "panorama-aviso"


KPI_LABELS = {
    "personas_registradas": "Personas registradas",
    "comites_instalados": "Comités instalados",
    "monto_ejercido": "Presupuesto ejercido",
    "medicos": "Médicos incorporados",
    "unidades_red": "Unidades en la red",
}
KPI_OF = {
    "personas_registradas": "de {of} personas sin seguridad social (Censo 2020)",
    "comites_instalados": "de {of} comités previstos",
    "monto_ejercido": "de {of} dispersados",
    "medicos": "de {of} requeridos según la norma",
}
METRIC_OPTIONS = [{"label": ALL[k].label + (" (%)" if ALL[k].is_pct else ""), "value": k} for k in MAP_METRICS]


def kpi_id(key: str) -> str:
    return f"panorama-kpi-{key}"


def _amount(key: str, value: float | None) -> str:
    if key == "monto_ejercido":
        return fmt.monto(value)
    return fmt.compacto(value) if key == "personas_registradas" else fmt.numero(value)


def _change(value: float, key: str) -> str:
    """fmt.signo; money in the one money style ('+49.8 millones de pesos')."""
    if key != "monto_ejercido" or abs(value) < 10_000:
        return fmt.signo(value)
    return ("+" if value > 0 else "−") + fmt.monto(abs(value))


# KPI -> the bulletin figures it answers (shown on the card on the day they were published)
KPI_BULLETIN = {
    "personas_registradas": ("persons_registered",),
    "comites_instalados": (
        "community_assemblies_held", "bank_cards_delivered_to_committees", "cards_with_movement",
        "bank_cards_dispersed", "committees_that_used_budget", "states_with_100pct_budget_used",
    ),
    "monto_ejercido": ("amount_withdrawn_or_spent_mxn", "amount_spent_mxn", "amount_spent_share"),
    "medicos": ("general_practitioners_hired", "health_centers_receiving_new_doctors"),
}  # fmt: skip


def _published_note(key: str, fecha: date) -> Any:
    """The bulletin's own numbers for this card's question, on the day they were published."""
    said = phrases_on(fecha, KPI_BULLETIN.get(key, ()))
    if not said:
        return None
    return html.Div(
        [html.Strong("Publicado este día: "), "; ".join(t for _, t in said) + f" ({said[0][0]})."],
        className="text-body-secondary kpi-publicado",
    )


def kpi_cards(items: list[national.Kpi], fecha: date) -> list[Any]:
    """One card per headline number with its day and week change (fmt.signo)."""
    cols = []
    for k in items:
        of = KPI_OF.get(k.key, "catálogo CLUES").format(of=_amount(k.key, k.of))
        pct = f" ({fmt.porcentaje(100 * k.value / k.of)})" if k.of else ""
        detail = [
            html.Div(of + pct),
            html.Div(f"Día: {_change(k.day, k.key)} · Semana: {_change(k.week, k.key)}"),
            _published_note(k.key, fecha),
        ]
        card = kpi_card(KPI_LABELS[k.key], _amount(k.key, k.value), detail, id_=kpi_id(k.key))
        cols.append(dbc.Col(card, xs=12, sm=6, lg=True, className="mb-2"))
    return cols


def map_figure(engine: Any, metric: str, fecha: date | None) -> dict[str, Any]:
    if fecha is None:
        return {"data": [], "layout": {}}
    values = national.map_values(engine, metric, fecha)
    return maps.state_choropleth(values, metric=ALL[metric])


def legend(engine: Any, metric: str, fecha: date | None) -> html.Div:
    """The map's legend at its date: only the area states it shows, no colour scale without values."""
    if fecha is None:
        return area_legend(id_=Ids.LEGEND)
    return map_legend(national.map_values(engine, metric, fecha), id_=Ids.LEGEND)


def ranking_figure(engine: Any, metric: str, fecha: date | None) -> dict[str, Any]:
    if fecha is None:
        return {"data": [], "layout": {}}
    rank = national.ranking(engine, metric, fecha)
    return bars.ranking_bar(rank.assign(nombre=rank["nombre_corto"]), metric=ALL[metric])


def ranking_table(engine: Any, metric: str, fecha: date | None) -> Any:
    """The map's data as a table with a link to each state (keyboard and screen-reader alternative)."""
    if fecha is None:
        return None
    m = ALL[metric]
    rows = national.map_values(engine, metric, fecha).sort_values("nombre")
    day = national.timeline(engine).param(fecha)
    body = [
        html.Tr(
            [
                html.Td(dcc.Link(r.nombre, href=href(f"/estado/{r.cve_ent}", fecha=day))),
                html.Td(maps.format_value(r.value, m) if r.status == "valor" else maps.AREA_STYLES[r.status][1]),
            ]
        )
        for r in rows.itertuples()
    ]
    head = html.Thead(html.Tr([html.Th("Estado", scope="col"), html.Th(m.label, scope="col")]))
    return dbc.Table([head, html.Tbody(body)], size="sm", striped=True, className="small mb-0")


def series_figure(engine: Any, metric: str, fecha: date | None) -> dict[str, Any]:
    if fecha is None:
        return {"data": [], "layout": {}}
    return series.national_line(national.national_series(engine, metric), ALL[metric], published_for(metric), fecha)


def _controls(metric: str, tl: national.Timeline, index: int, fecha: date | None) -> dbc.Row:
    return dbc.Row(
        [
            dbc.Col(
                [
                    dbc.Label("Indicador del mapa", html_for=Ids.METRIC),
                    dcc.Dropdown(id=Ids.METRIC, options=METRIC_OPTIONS, value=metric, clearable=False),
                ],
                xs=12,
                lg=4,
            ),
            dbc.Col(
                [
                    html.Div(
                        [
                            html.Span("Fecha del corte · ", id=Ids.SLIDER_LABEL),
                            html.Strong(date_text(fecha), id=Ids.DATE_TEXT),
                        ],
                        className="form-label",
                        **{"aria-live": "polite"},
                    ),
                    html.Div(
                        date_slider(Ids.SLIDER, tl, index),
                        role="group",
                        **{"aria-labelledby": Ids.SLIDER_LABEL},
                    ),
                ],
                xs=12,
                md=9,
                lg=6,
            ),
            dbc.Col(
                [
                    html.Button(
                        "▶ Reproducir",
                        id=Ids.PLAY,
                        type="button",
                        className="btn btn-outline-secondary mt-md-4 w-100 text-nowrap",
                        n_clicks=0,
                        title="Reproducir la evolución en el tiempo",
                        **{"aria-pressed": "false"},
                    ),
                    dcc.Interval(id=Ids.TICK, interval=PLAY_INTERVAL_MS, disabled=True, n_intervals=0),
                ],
                xs=12,
                md=3,
                lg=2,
            ),
        ],
        className="g-3 mb-3 align-items-start",
    )


def _graph(id_: str, figure: dict[str, Any], label: str, class_name: str = "") -> html.Figure:
    """A graph in a labelled <figure> (dcc.Graph takes no aria attributes)."""
    extra = {"style": MAP_STYLE} if "map-graph" in class_name else {}
    graph = dcc.Graph(id=id_, figure=figure, config=GRAPH_CONFIG, className=class_name, **extra)
    return html.Figure(graph, className="mb-0", **{"aria-label": label})


EXPORTS = {Ids.MAP: "mapa-nacional", Ids.RANKING: "ranking-estatal", Ids.SERIES: "serie-nacional"}


def export_params(chart_id: str, metric: str, fecha: date | None) -> dict[str, Any]:
    """What a chart's export menu asks for: the series is drawn whole, so it takes no date."""
    day = fecha.isoformat() if fecha and chart_id != Ids.SERIES else None
    return {"fecha": day, "metrica": metric}


def _menu(chart_id: str, metric: str, fecha: date | None) -> Any:
    return export_bar(chart_id, EXPORTS[chart_id], export_params(chart_id, metric, fecha))


def _body(engine: Any, metric: str, fecha: date | None, tl: national.Timeline, raw: Any = None) -> list[Any]:
    items = national.kpis(engine, fecha) if fecha else []
    return [
        dcc.Location(id=Ids.URL, refresh="callback-nav"),
        page_title("Panorama nacional", "Avance de la federalización IMSS-Bienestar en los estados adheridos"),
        html.Section(
            dbc.Row(kpi_cards(items, fecha) if fecha else [], id=Ids.KPIS, className="g-2 mb-3"),
            **{"aria-label": "Cifras principales"},
        ),
        _controls(metric, tl, tl.index_of(fecha), fecha),
        html.Div(date_notice(raw, tl, fecha), id=Ids.NOTICE),
        dbc.Row(
            [
                dbc.Col(
                    [
                        html.H2("Mapa por estado", className="h5"),
                        _menu(Ids.MAP, metric, fecha),
                        _graph(Ids.MAP, map_figure(engine, metric, fecha), "Mapa de los estados", "map-graph"),
                        legend(engine, metric, fecha),
                    ],
                    xs=12,
                    lg=7,
                ),
                dbc.Col(
                    [
                        html.H2("Ranking de estados", className="h5"),
                        _menu(Ids.RANKING, metric, fecha),
                        _graph(Ids.RANKING, ranking_figure(engine, metric, fecha), "Ranking de estados"),
                    ],
                    xs=12,
                    lg=5,
                ),
            ],
            className="g-3",
        ),
        html.Details(
            [
                html.Summary("Tabla de estados (enlaces a cada estado)"),
                html.Div(ranking_table(engine, metric, fecha), id=Ids.TABLE),
            ],
            className="my-3",
        ),
        html.H2("Serie nacional", className="h5 mt-3"),
        _menu(Ids.SERIES, metric, fecha),
        _graph(Ids.SERIES, series_figure(engine, metric, fecha), "Serie nacional del indicador"),
    ]


def layout(metrica: str | None = None, fecha: str | None = None, **_: Any) -> html.Div:
    """The page for a URL's metric and date (invalid values fall back to defaults)."""
    engine = runtime.engine()
    tl = national.timeline(engine)
    metric = national.valid_metric(metrica)
    day = national.parse_date(fecha, tl) or tl.last
    return html.Div(_body(engine, metric, day, tl, fecha), className="page-panorama")


def skeleton() -> html.Div:
    """Every id of the page, no data (validation layout)."""
    tl = national.Timeline([])
    return html.Div(
        [
            dcc.Location(id=Ids.URL),
            html.Div(id=Ids.KPIS),
            html.Div(id=Ids.NOTICE),
            _controls(national.DEFAULT_METRIC, tl, 0, None),
            dcc.Graph(id=Ids.MAP),
            html.Div(id=Ids.LEGEND),
            dcc.Graph(id=Ids.RANKING),
            html.Div(id=Ids.TABLE),
            dcc.Graph(id=Ids.SERIES),
            *[_menu(i, national.DEFAULT_METRIC, None) for i in EXPORTS],
        ]
    )
