"""Presets of the state and unit pages: municipal map, unit points (vector), one unit's staff, budget and history."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Engine

import geodata
from dashboard import fmt
from dashboard.export import kit
from dashboard.export.builders import SRC_CLUES, SRC_COMITES, SRC_PERSONAL, sources
from dashboard.export.data import STATUS_LABELS
from dashboard.export.presets import BadRequest, Chart, Preset, Request, UnknownUnit, register
from dashboard.figures import unit as figs
from dashboard.figures.maps import municipal_choropleth
from dashboard.figures.points import COLOR_BY, COLOR_LABELS, categories, single_point, state_view, unit_points
from dashboard.figures.points_geo import geo_points
from dashboard.page_data import current_staff, number
from dashboard.queries import units as q
from dashboard.queries.metrics import ALL

VECTOR = "mapa vectorial con límites municipales (sin mosaicos de fondo)"
CURRENT = "datos vigentes del último corte"


def _state(engine: Engine, req: Request) -> q.StateInfo:
    info = q.state_info(engine, str(req.estado))
    if info is None:
        raise BadRequest(f"Estado desconocido: «{req.estado}».")
    return info


def state_map(engine: Engine, req: Request) -> Chart:
    """A state's municipalities by a unit-based metric (the state page's choropleth)."""
    info = _state(engine, req)
    m = ALL[req.metrica]
    munis = q.state_municipalities(engine, info.cve_ent, req.fecha)
    units = q.state_units(engine, info.cve_ent, req.fecha)
    values = q.municipal_values(munis, units, req.metrica, info.status(req.fecha))
    fig = municipal_choropleth(values, metric=m, geojson_url=f"/geo/municipios/{info.cve_ent}.geojson", title="")
    frame = pd.DataFrame({"clave": values["cvegeo"].astype(str), "municipio": values["nombre"].astype(str),
                          m.key: values["value"], "situacion": values["status"].map(STATUS_LABELS)})  # fmt: skip
    rows = values[values["status"] == "valor"]
    sentence = f"{fmt.numero(len(rows))} municipios de {info.nombre} con datos de {m.label.lower()}. " + \
        kit.bar_extremes(rows, m, empty="Ningún municipio")  # fmt: skip
    alt = f"Mapa de los municipios de {info.nombre}: {m.label.lower()}, {kit.cut(req)}. " + sentence
    return Chart(req, "mapa", f"{m.label} por municipio", f"{info.nombre} · calculado con las unidades de la red",
                 info.nombre, fig, frame, sources(m.key), sentence, alt, (),
                 geojson=geodata.municipalities_of_state(info.cve_ent))  # fmt: skip


def unit_map(engine: Engine, req: Request) -> Chart:
    """The state's units as points coloured by a status, on municipal outlines (vector, prints sharp)."""
    info = _state(engine, req)
    color, municipio = req.opcion("color"), req.opcion("municipio") or None
    frame = q.state_units(engine, info.cve_ent, req.fecha)
    if municipio is not None:
        if municipio not in set(q.state_municipalities(engine, info.cve_ent)["cvegeo"]):
            raise BadRequest(f"El municipio «{municipio[:20]}» no pertenece a {info.nombre}.")
        frame = frame[frame["cvegeo"] == municipio]
    center, zoom = state_view(info.cve_ent)
    screen = unit_points(frame, color=color, geojson_url="", center=center, zoom=zoom)
    geo = geodata.municipalities_of_state(info.cve_ent)
    fig = geo_points(screen, geo)
    column, labels = COLOR_BY[color]
    located = frame[frame["lat"].notna() & frame["lon"].notna()]
    cats = categories(located, color, column)
    out = pd.DataFrame({"clues": located["clues"], "unidad": located["nombre"], "municipio": located["municipio"],
                        COLOR_LABELS[color].lower(): cats.map(labels).fillna(cats),
                        "lat": located["lat"].round(5), "lon": located["lon"].round(5)})  # fmt: skip
    counts = "; ".join(t["name"] for t in screen["data"])
    where = (
        info.nombre
        if municipio is None
        else f"{frame['municipio'].iloc[0] if len(frame) else municipio}, {info.nombre}"
    )
    sentence = (
        f"{fmt.numero(len(located))} unidades con coordenadas en {where}, por {COLOR_LABELS[color].lower()}: {counts}."
    )
    alt = f"Mapa de puntos de las unidades de salud de {where} sobre los límites municipales ({VECTOR}). " + sentence
    return Chart(req, "puntos", "Unidades de salud", f"{where} · {COLOR_LABELS[color]} · {CURRENT}", info.nombre,
                 fig, out.reset_index(drop=True), (SRC_CLUES, SRC_COMITES, SRC_PERSONAL), sentence, alt, ())  # fmt: skip


def _profile(engine: Engine, req: Request) -> q.UnitProfile:
    profile = q.unit_profile(engine, str(req.clues))
    if profile is None:
        raise UnknownUnit(f"No existe una unidad con la CLUES «{req.clues}».")
    return profile


def _unit_chart(req: Request, profile: q.UnitProfile, kind: str, title: str, fig: dict[str, Any],
                frame: pd.DataFrame, sentence: str, alt: str, src: tuple[str, ...]) -> Chart:  # fmt: skip
    unit = profile.unit
    sub = " · ".join(x for x in (f"{unit['nombre']} ({unit['clues']})", unit.get("municipio"), unit.get("estado")) if x)
    return Chart(req, kind, title, sub, str(unit["nombre"]), fig, frame, src, sentence, alt, ())


def unit_location(engine: Engine, req: Request) -> Chart:
    """Where the unit is: one point over its state's municipal outlines (vector)."""
    profile = _profile(engine, req)
    u = profile.unit
    lat, lon = number(u.get("lat")), number(u.get("lon"))
    screen = single_point(lat=lat, lon=lon, label=u["nombre"], geojson_url="", zoom=10.5, tiles_url=None)
    box = None if lat is None or lon is None else (lon - 0.35, lon + 0.35, lat - 0.25, lat + 0.25)
    fig = geo_points(screen, geodata.municipalities_of_state(u["cve_ent"]), box=box)
    frame = pd.DataFrame({"clues": [u["clues"]], "unidad": [u["nombre"]], "municipio": [u.get("municipio")],
                          "lat": [lat], "lon": [lon]})  # fmt: skip
    where = f"{u['nombre']}, en {u.get('municipio') or u['cvegeo']}, {u.get('estado') or u['cve_ent']}"
    sentence = f"{where}: " + (f"{lat:.5f}, {lon:.5f}." if lat is not None and lon is not None else "sin coordenadas.")
    alt = f"Mapa de ubicación ({VECTOR}): {sentence}"
    chart = _unit_chart(req, profile, "puntos", "Ubicación de la unidad", fig, frame, sentence, alt, (SRC_CLUES,))
    return chart


def _spending(profile: q.UnitProfile, req: Request) -> pd.DataFrame:
    spend = profile.spending
    return spend[spend["fecha"] <= pd.Timestamp(req.fecha)] if not spend.empty else spend


def unit_staff(engine: Engine, req: Request) -> Chart:
    """The unit's staff by role next to what the norm requires for its typology."""
    profile = _profile(engine, req).at(req.fecha)
    current = current_staff(profile.staff)
    fig = figs.staff_vs_norm(current, profile.norm)
    roles = [r for r in figs.ROLES if r in profile.norm or current.get(r)]
    frame = pd.DataFrame({"rol": [figs.ROLES[r] for r in roles], "incorporados": [current.get(r, 0) for r in roles],
                          "norma": [profile.norm.get(r, 0) for r in roles]})  # fmt: skip
    parts = [f"{r.rol}: {r.incorporados} de {r.norma}" for r in frame.itertuples()]
    sentence = (
        f"Personal incorporado frente a la norma en {profile.unit['nombre']}: "
        + ("; ".join(parts) or "sin datos")
        + "."
    )
    alt = "Gráfica de barras agrupadas: personal incorporado y requerido por la norma, por función. " + sentence
    return _unit_chart(req, profile, "barras", "Personal frente a la norma", fig, frame, sentence, alt,
                       (SRC_PERSONAL, SRC_CLUES))  # fmt: skip


def unit_budget(engine: Engine, req: Request) -> Chart:
    """The committee's budget: assigned, dispersed and spent pesos."""
    profile = _profile(engine, req)
    spend = _spending(profile, req)
    last = spend.iloc[-1] if not spend.empty else {"dispersado": 0.0, "ejercido": 0.0}
    vals = [float((profile.committee or {}).get("presupuesto_asignado") or 0), float(last["dispersado"]),
            float(last["ejercido"])]  # fmt: skip
    fig = figs.budget_funnel(*vals)
    frame = pd.DataFrame({"concepto": ["Asignado", "Dispersado", "Ejercido"], "pesos": vals})
    sentence = (f"Comité de {profile.unit['nombre']}: {fmt.pesos(vals[0])} asignados, {fmt.pesos(vals[1])} "
                f"dispersados y {fmt.pesos(vals[2])} ejercidos al {fmt.fecha_larga(req.fecha)}.")  # fmt: skip
    alt = "Gráfica de barras horizontales del presupuesto del comité. " + sentence
    return _unit_chart(req, profile, "barras", "Presupuesto del comité", fig, frame, sentence, alt, (SRC_COMITES,))


def unit_history(engine: Engine, req: Request) -> Chart:
    """Cumulative staff by role, or cumulative pesos dispersed and spent, up to the cut-off date."""
    profile = _profile(engine, req)
    if req.opcion("pestana") == "gasto":
        spend = _spending(profile, req)
        asignado = float((profile.committee or {}).get("presupuesto_asignado") or 0)
        fig = figs.spending_history(spend, asignado)
        frame = pd.DataFrame({"fecha": spend["fecha"].dt.strftime("%Y-%m-%d") if not spend.empty else [],
                              "dispersado": spend["dispersado"].astype(int) if not spend.empty else [],
                              "ejercido": spend["ejercido"].astype(int) if not spend.empty else []})  # fmt: skip
        frame["presupuesto_asignado"] = asignado
        title, what = "Gasto acumulado del comité", "pesos dispersados y ejercidos"
    else:
        staff = profile.staff[profile.staff["fecha"] <= pd.Timestamp(req.fecha)] if not profile.staff.empty \
            else profile.staff  # fmt: skip
        fig = figs.staff_history(staff)
        frame = pd.DataFrame({"fecha": staff["fecha"].dt.strftime("%Y-%m-%d") if not staff.empty else [],
                              "rol": staff["rol"].map(figs.ROLES) if not staff.empty else [],
                              "acumulado": staff["acumulado"].astype(int) if not staff.empty else []})  # fmt: skip
        title, what = "Personal incorporado acumulado", "personal incorporado por función"
    sentence = f"Historial de {profile.unit['nombre']}: {what}, {len(frame)} movimientos hasta el {fmt.fecha_larga(req.fecha)}."
    alt = f"Gráfica de líneas escalonadas: {what} en el tiempo. " + sentence
    return _unit_chart(req, profile, "serie", title, fig, frame.reset_index(drop=True), sentence, alt,
                       (SRC_COMITES,) if req.opcion("pestana") == "gasto" else (SRC_PERSONAL,))  # fmt: skip


def _unit(key: str, label: str, build: Any, extra: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> Preset:
    return Preset(key, label, key, (), False, build, extra, clues=True, prensa=False, fechado=key != "unidad-ubicacion",
                  in_name=tuple(n for n, _ in extra))  # fmt: skip


register(Preset("estado-municipal", "Mapa municipal de un estado", "mapa-estado", q.STATE_METRICS, True, state_map,
                estado_requerido=True, prensa=False))  # fmt: skip
register(Preset("estado-unidades", "Unidades de un estado", "unidades", (), True, unit_map,
                (("color", tuple(COLOR_BY)), ("municipio", ())), estado_requerido=True, prensa=False,
                in_name=("color", "municipio")))  # fmt: skip
register(_unit("unidad-ubicacion", "Ubicación de la unidad", unit_location))
register(_unit("unidad-personal", "Personal frente a la norma", unit_staff))
register(_unit("unidad-presupuesto", "Presupuesto del comité", unit_budget))
register(_unit("unidad-historial", "Historial de la unidad", unit_history, (("pestana", ("personal", "gasto")),)))
