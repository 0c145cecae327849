"""The six press-room presets: each queries once, keeps the frame it draws, and writes its sentence from it."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd
from sqlalchemy import Engine

import geodata
from dashboard import fmt
from dashboard.export import sentences as s
from dashboard.export.data import STATUS_LABELS, municipal_registry, municipal_values
from dashboard.export.presets import (
    MUNICIPAL_METRICS,
    SERIES_METRICS,
    Chart,
    Preset,
    Request,
    register,
)
from dashboard.figures.bars import ranking_bar
from dashboard.figures.maps import municipal_choropleth, state_choropleth
from dashboard.figures.series import lines
from dashboard.figures.style import CATEGORICAL, CHANNEL_COLORS, CHANNEL_LABELS, VERDE, base_layout
from dashboard.queries.metrics import ALL, MAP_METRICS, Metric
from dashboard.queries.national import map_values
from dashboard.queries.snapshot import state_cube

SRC_REGISTRO = "IMSS-Bienestar, registros administrativos de credencialización"
SRC_COMITES = "IMSS-Bienestar, registros administrativos de La Clínica es Nuestra"
SRC_PERSONAL = "IMSS-Bienestar, registros administrativos de personal"
SRC_CLUES = "Secretaría de Salud, DGIS, catálogo CLUES"
SRC_CENSO = "INEGI, Censo de Población y Vivienda 2020"
CHANNELS = {
    "registros_modulo": ("modulo", "en módulos de afiliación"),
    "registros_autorregistro": ("autorregistro", "mediante autorregistro en línea"),
    "registros_cruce_bienestar": ("cruce_bienestar", "al cruzar bases de datos de Programas de Bienestar"),
}
FUNNEL = {
    "comites_planeados": "Comités previstos",
    "asambleas": "Asambleas realizadas",
    "comites_instalados": "Comités instalados",
    "tarjetas_entregadas": "Tarjetas entregadas",
    "comites_con_gasto": "Comités con gasto",
    "comites_gasto_total": "Comités con el 100 % ejercido",
}


def sources(*keys: str) -> tuple[str, ...]:
    """Source lines for the metrics drawn (registry, committees, staffing, units; census for populations)."""
    out: list[str] = []
    for key in keys:
        m = ALL[key]
        parts = {
            "registry": [SRC_REGISTRO],
            "committees": [SRC_COMITES],
            "staffing": [SRC_PERSONAL],
            "units": [SRC_CLUES],
        }[m.dataset]
        if key in ("cobertura_registro", "pob_sin_seguridad", "psinder"):
            parts = [SRC_REGISTRO, SRC_CENSO]
        if key in ("medicos_pct", "medicos_requeridos"):
            parts = [SRC_PERSONAL, SRC_CLUES]
        out += [p for p in parts if p not in out]
    return tuple(out)


def decimals(m: Metric) -> int:
    return 2 if (m.is_pct or m.unit == "%") else 0


def amount(value: float, m: Metric) -> str:
    """A value of a metric in bulletin words ('9.5 millones', '42.1 por ciento', 'mil 162 millones de pesos')."""
    if m.is_pct or m.unit == "%":
        return s.por_ciento(value)
    return s.cifra(value, m.unit)


def scope_of(engine: Engine, estado: str | None) -> str:
    """'Nacional' or the state's name."""
    return "Nacional" if estado is None else str(state_cube(engine).states.at[estado, "nombre"])


def _states_with(engine: Engine, req: Request, key: str) -> int:
    snap = state_cube(engine).at(req.fecha)
    return int((snap[key].fillna(0) > 0).sum())


def _state_frame(values: pd.DataFrame, m: Metric) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "clave": values["cve_ent"].astype(str),
            "entidad": values["nombre"].astype(str),
            m.key: values["value"],
            "situacion": values["status"].map(STATUS_LABELS),
        }
    )


def extremes(rows: pd.DataFrame, m: Metric, name: str = "nombre", empty: str = "Ningún estado") -> str:
    """Highest and lowest of rows sorted from highest to lowest, in bulletin words ('empty' when there are none)."""
    if rows.empty:
        return f"{empty} tiene datos a esa fecha."
    top, low = rows.iloc[0], rows.iloc[-1]
    return (
        f"El valor más alto es el de {top[name]} ({amount(top['value'], m)}) "
        f"y el más bajo el de {low[name]} ({amount(low['value'], m)})."
    )


def _extremes(values: pd.DataFrame, m: Metric) -> str:
    return extremes(values[values["status"] == "valor"].sort_values("value", ascending=False), m)


def _national_phrase(engine: Engine, req: Request, m: Metric, n: int) -> str:
    nat = float(state_cube(engine).national_at(req.fecha)[m.key])
    where = f"en los {s.estados(n)} con datos"
    return f"Al {fmt.fecha_larga(req.fecha)}, {m.label.lower()}: {amount(nat, m)} {where}."


def _state_values(engine: Engine, req: Request) -> tuple[Metric, pd.DataFrame]:
    """The requested metric and every state's value at the cut-off date, rounded as printed."""
    m = ALL[req.metrica]
    values = map_values(engine, req.metrica, req.fecha)
    values["value"] = values["value"].round(decimals(m))
    return m, values


def map_national(engine: Engine, req: Request) -> Chart:
    """States coloured by a metric (four area states)."""
    m, values = _state_values(engine, req)
    n = int((values["status"] == "valor").sum())
    sentence = _national_phrase(engine, req, m, n) + " " + _extremes(values, m)
    counts = values["status"].value_counts()
    alt = (
        f"Mapa de México por estado: {m.label.lower()}, cifras al {fmt.fecha_larga(req.fecha)}. "
        f"{n} estados con datos, {int(counts.get('sin_datos', 0))} federalizados sin datos, "
        f"{int(counts.get('anunciado', 0))} con adhesión anunciada y {int(counts.get('no_adherido', 0))} no adheridos. "
        + _extremes(values, m)
    )
    return Chart(
        request=req,
        kind="mapa",
        title=f"{m.label} por estado",
        subtitle=_subtitle(m, "Estados federalizados a IMSS-Bienestar"),
        scope_name="Nacional",
        figure=state_choropleth(values, metric=m),
        frame=_state_frame(values, m),
        sources=sources(m.key),
        sentence=sentence,
        alt=alt,
        metrics=(m.key,),
        geojson=geodata.states_geojson(),
    )


def _subtitle(m: Metric, scope: str) -> str:
    if m.num and m.den:
        return f"{scope} · {ALL[m.num].label} / {ALL[m.den].label} (%)"
    return f"{scope} · {m.unit}"


def ranking(engine: Engine, req: Request) -> Chart:
    """Federalized states with data, best first."""
    m, values = _state_values(engine, req)
    rows = values[values["status"] == "valor"].sort_values("value", ascending=False, ignore_index=True)
    frame = _state_frame(rows, m).drop(columns="situacion")
    frame.insert(0, "lugar", np.arange(1, len(frame) + 1))
    sentence = _national_phrase(engine, req, m, len(rows)) + " " + _extremes(values, m)
    alt = (
        f"Gráfica de barras horizontales: {m.label.lower()} en {len(rows)} estados, de mayor a menor, "
        f"cifras al {fmt.fecha_larga(req.fecha)}. " + _extremes(values, m)
    )
    return Chart(
        request=req,
        kind="barras",
        title=f"{m.label}: estados de mayor a menor",
        subtitle=_subtitle(m, "Estados federalizados con datos"),
        scope_name="Nacional",
        figure=ranking_bar(rows, metric=m),
        frame=frame,
        sources=sources(m.key),
        sentence=sentence,
        alt=alt,
        metrics=(m.key,),
    )


def _series(engine: Engine, req: Request, key: str) -> pd.Series:
    cube = state_cube(engine)
    frame = cube.national() if req.estado is None else cube.state_series(req.estado)
    series = frame[key].replace([np.inf, -np.inf], np.nan)
    return series[series.index <= pd.Timestamp(req.fecha)]


def _row(engine: Engine, req: Request) -> pd.Series:
    """Cumulative values of every metric at the cut-off date, national or for the state."""
    cube = state_cube(engine)
    if req.estado is None:
        return cube.national_at(req.fecha)
    i = cube.day_index(req.fecha)
    frame = cube.state_series(req.estado)
    return frame.iloc[i] if i >= 0 else frame.iloc[0] * 0


def registry_sentence(engine: Engine, req: Request) -> str:
    """The bulletin's registry sentence: persons, states, and the three channels."""
    now = _row(engine, req)
    if req.estado is None:
        where = f"en {s.estados(_states_with(engine, req, 'personas_registradas'))}"
    else:
        where = f"en {scope_of(engine, req.estado)}"
    parts = [f"{s.cifra(float(now[k]))} {text}" for k, (_, text) in CHANNELS.items()]
    parts[0] = parts[0].replace(" en módulos", " registros en módulos", 1)
    personas = s.cifra(float(now["personas_registradas"]))
    de = "de " if personas.endswith(("millones", "millón")) else ""
    return f"Al {fmt.fecha_larga(req.fecha)} se han registrado {personas} {de}personas {where}: {s.lista(parts)}."


def series(engine: Engine, req: Request) -> Chart:
    """The daily series of a metric up to the cut-off date."""
    m = ALL[req.metrica]
    values = _series(engine, req, m.key).round(decimals(m))
    frame = pd.DataFrame({"fecha": values.index.strftime("%Y-%m-%d"), m.key: values.to_numpy()})
    scope = scope_of(engine, req.estado)
    last = float(values.iloc[-1]) if len(values) else float("nan")
    month = values[values.index <= pd.Timestamp(req.fecha - timedelta(days=30))]
    before = float(month.iloc[-1]) if len(month) else 0.0
    where = "a nivel nacional" if req.estado is None else f"en {scope}"
    if m.key == "personas_registradas":
        sentence = registry_sentence(engine, req)
    else:
        sentence = (
            f"Al {fmt.fecha_larga(req.fecha)}, {m.label.lower()} {where}: {amount(last, m)}; "
            f"30 días antes: {amount(before, m)}."
        )
    alt = (
        f"Gráfica de línea: {m.label.lower()} {where}, día por día desde "
        f"{fmt.fecha_larga(values.index[0]) if len(values) else 'el inicio'} hasta el {fmt.fecha_larga(req.fecha)}. "
        f"Valor final: {amount(last, m)}; 30 días antes: {amount(before, m)}."
    )
    fig = lines(values.to_frame(m.key), labels={m.key: m.label}, title="", metric=m)
    fig["layout"]["showlegend"] = False
    return Chart(req, "serie", f"{m.label}, {scope.lower() if req.estado is None else scope}",
                 f"Acumulado diario hasta el {fmt.fecha_larga(req.fecha)}", scope, fig, frame,
                 sources(m.key), sentence, alt, (m.key,))  # fmt: skip


def _hbar(labels: list[str], values: list[float], colors: list[str], unit: str) -> dict:  # type: ignore[type-arg]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": labels,
                "x": values,
                "marker": {"color": colors},
                "text": [fmt.numero(v) for v in values],
                "textposition": "auto",
                "hovertemplate": "<b>%{y}</b><br>%{x:,.0f} " + unit + "<extra></extra>",
            }
        ],
        "layout": base_layout(
            xaxis={"tickformat": ",.0f", "gridcolor": "#e5e5e5"},
            yaxis={"automargin": True, "autorange": "reversed"},
            showlegend=False,
        ),
    }


def channels(engine: Engine, req: Request) -> Chart:
    """Registrations by channel (module, online, welfare cross-match) up to the cut-off date."""
    row = _row(engine, req)
    keys = list(CHANNELS)
    labels = [CHANNEL_LABELS[CHANNELS[k][0]] for k in keys]
    vals = [float(round(row[k])) for k in keys]
    frame = pd.DataFrame({"canal": labels, "registros": vals})
    scope = scope_of(engine, req.estado)
    fig = _hbar(labels, vals, [CHANNEL_COLORS[CHANNELS[k][0]] for k in keys], "registros")
    alt = (
        f"Gráfica de barras horizontales: registros por canal, {scope.lower() if req.estado is None else scope}, "
        f"cifras al {fmt.fecha_larga(req.fecha)}. "
        + "; ".join(f"{lab}: {s.cifra(v)}" for lab, v in zip(labels, vals, strict=True))
        + f". Personas registradas (sin duplicados): {s.cifra(float(row['personas_registradas']))}."
    )
    return Chart(req, "barras", "Registros por canal", f"{scope} · registros acumulados (una persona puede "
                 "registrarse por más de un canal)", scope, fig, frame, (SRC_REGISTRO,),
                 registry_sentence(engine, req), alt, (*keys, "personas_registradas"))  # fmt: skip


def funnel(engine: Engine, req: Request) -> Chart:
    """Committees from planned to fully spent: La Clínica es Nuestra."""
    row = _row(engine, req)
    vals = [float(round(np.nan_to_num(float(row[k])))) for k in FUNNEL]
    frame = pd.DataFrame({"etapa": list(FUNNEL.values()), "comites": vals})
    scope = scope_of(engine, req.estado)
    fig = {
        "data": [
            {
                "type": "funnel",
                "y": list(FUNNEL.values()),
                "x": vals,
                "textinfo": "value+percent initial",
                "marker": {"color": [CATEGORICAL[0], *([VERDE] * (len(vals) - 1))]},
                "hovertemplate": "<b>%{y}</b><br>%{x:,.0f}<extra></extra>",
            }
        ],
        "layout": base_layout(yaxis={"automargin": True}, showlegend=False),
    }
    p, a, i, t, g, full = vals
    sentence = (
        f"Al {fmt.fecha_larga(req.fecha)}, de {s.entero(p)} comités previstos{'' if req.estado is None else ' en ' + scope} "
        f"se han realizado {s.entero(a)} asambleas, se han instalado {s.entero(i)} comités y se han entregado "
        f"{s.entero(t)} tarjetas; {s.entero(g)} comités han ejercido recursos y {s.entero(full)} el 100 por ciento."
    )
    alt = (
        f"Gráfica de embudo de los Comités de Salud para el Bienestar, {scope.lower() if req.estado is None else scope}, "
        f"cifras al {fmt.fecha_larga(req.fecha)}: "
        + "; ".join(f"{lab}: {fmt.numero(v)}" for lab, v in zip(FUNNEL.values(), vals, strict=True))
        + "."
    )
    return Chart(req, "embudo", "La Clínica es Nuestra: de la asamblea al gasto", f"{scope} · comités por etapa",
                 scope, fig, frame, (SRC_COMITES,), sentence, alt, tuple(FUNNEL))  # fmt: skip


def municipal_map(engine: Engine, req: Request) -> Chart:
    """Municipalities of one state (or the whole country) by registry coverage or persons registered."""
    m = ALL[req.metrica]
    cube = state_cube(engine)
    munis = municipal_registry(engine, req.fecha, req.estado)
    values = municipal_values(munis, cube.status_at(req.fecha), m.key)
    scope = scope_of(engine, req.estado)
    url = "/geo/municipios.geojson" if req.estado is None else f"/geo/municipios/{req.estado}.geojson"
    geo = geodata.municipalities_geojson() if req.estado is None else geodata.municipalities_of_state(req.estado)
    rows = values[values["status"] == "valor"].sort_values("value", ascending=False)
    where = "en México" if req.estado is None else f"en {scope}"
    sentence = (
        f"Al {fmt.fecha_larga(req.fecha)}, {s.entero(len(rows))} municipios {where} tienen datos de {m.label.lower()}. "
        + extremes(rows, m, empty="Ningún municipio")
    )
    alt = f"Mapa de municipios {where}: {m.label.lower()}, cifras al {fmt.fecha_larga(req.fecha)}. " + sentence
    frame = pd.DataFrame(
        {
            "clave": values["cvegeo"].astype(str),
            "municipio": values["nombre"].astype(str),
            "clave_entidad": values["cve_ent"].astype(str),
            m.key: values["value"],
            "situacion": values["status"].map(STATUS_LABELS),
        }
    )
    fig = municipal_choropleth(values, metric=m, geojson_url=url)
    return Chart(req, "mapa", f"{m.label} por municipio", _subtitle(m, scope), scope, fig, frame,
                 sources(m.key), sentence, alt, (m.key,), geojson=geo)  # fmt: skip


register(Preset("mapa-nacional", "Mapa nacional de una métrica", "mapa", MAP_METRICS, False, map_national))
register(Preset("ranking-estatal", "Estados de mayor a menor", "ranking", MAP_METRICS, False, ranking))
register(Preset("serie-nacional", "Serie en el tiempo", "serie", SERIES_METRICS, True, series))
register(Preset("canales-registro", "Registros por canal", "canales-registro", (), True, channels))
register(Preset("embudo-comites", "Embudo de comités", "embudo-comites", (), True, funnel))
register(Preset("mapa-municipal", "Mapa municipal", "mapa-municipal", MUNICIPAL_METRICS, True, municipal_map))
