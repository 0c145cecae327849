"""Presets of the staffing page: doctors by unit grouping, incorporation and basificación, units with no doctor."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

from dashboard import fmt
from dashboard.export import kit
from dashboard.export.builders import SRC_CLUES, SRC_PERSONAL
from dashboard.export.presets import Chart, Preset, Request, register
from dashboard.figures.bars import grouped_bars, ranking_bar
from dashboard.figures.series import lines
from dashboard.page_data import weekly
from dashboard.queries import staff
from dashboard.queries.metrics import Metric

BASE_LABELS = {"medicos": "Médicos incorporados", "enfermeria": "Enfermería incorporada", "basificados": "Basificados"}
UNITS_METRIC = Metric("unidades_sin_medico", "Unidades sin médico", "unidades", "staffing")


def by_group(engine: Engine, req: Request) -> Chart:
    """Doctors incorporated vs required by unit type, typology or level of care."""
    group = req.opcion("agrupar")
    rows = staff.doctors_by(engine, req.fecha, group, req.estado)
    rows[["medicos", "requeridos"]] = rows[["medicos", "requeridos"]].astype(float).round(0)
    scope = kit.scope_of(engine, req.estado)
    label = staff.GROUPS[group].lower()
    fig = grouped_bars(rows, category="grupo", series={"medicos": "Incorporados", "requeridos": "Requeridos (norma)"},
                       title="", unit="médicos", horizontal=group == "tipologia")  # fmt: skip
    frame = rows[["grupo", "medicos", "requeridos"]].rename(columns={"grupo": label})
    parts = [f"{r.grupo}: {fmt.numero(r.medicos)} de {fmt.numero(r.requeridos)}" for r in rows.itertuples()]
    sentence = (f"Al {fmt.fecha_larga(req.fecha)}, médicos incorporados frente a los requeridos por {label} "
                f"{kit.where(engine, req.estado)}: " + "; ".join(parts) + ".")  # fmt: skip
    alt = f"Gráfica de barras agrupadas: médicos incorporados y requeridos por {label}, {scope}, {kit.cut(req)}. " + \
        "; ".join(parts) + "."  # fmt: skip
    return Chart(req, "barras", f"Médicos por {label}", f"{scope} · incorporados frente a la norma de personal",
                 scope, fig, frame, (SRC_PERSONAL, SRC_CLUES), sentence, alt, ())  # fmt: skip


def basification(engine: Engine, req: Request) -> Chart:
    """Doctors, nurses and staff with a permanent post, cumulative week by week."""
    weeks = weekly(engine, req.estado, list(BASE_LABELS), req.fecha).round(0)
    scope = kit.scope_of(engine, req.estado)
    fig = lines(weeks, labels=BASE_LABELS, title="")
    sentence = f"Al {fmt.fecha_larga(req.fecha)} {kit.where(engine, req.estado)}: " + \
        kit.last_values(weeks, BASE_LABELS, "personas") + "."  # fmt: skip
    alt = f"Gráfica de líneas: incorporación y basificación acumuladas, {scope}, semana por semana, {kit.cut(req)}. " + \
        sentence  # fmt: skip
    return Chart(req, "serie", "Incorporación y basificación", f"{scope} · personas, acumulado semanal", scope, fig,
                 kit.dated_frame(weeks, {}), (SRC_PERSONAL,), sentence, alt, ("medicos", "basificados"))  # fmt: skip


def without_doctor(engine: Engine, req: Request) -> Chart:
    """Units that need a doctor by the norm and have none, counted by state (the page's table, as bars)."""
    gaps = staff.units_without_doctor(engine, req.fecha)
    counts = gaps.groupby(["cve_ent", "estado"], as_index=False).size()
    counts = counts.rename(columns={"estado": "nombre", "size": "value"})
    counts["value"] = counts["value"].astype(float)
    fig = ranking_bar(counts, metric=UNITS_METRIC, highlight=req.estado, title="")
    rows = counts.sort_values("value", ascending=False, ignore_index=True)
    frame = pd.DataFrame({"clave": rows["cve_ent"].astype(str), "entidad": rows["nombre"].astype(str),
                          "unidades_sin_medico": rows["value"].astype(int)})  # fmt: skip
    total = int(rows["value"].sum())
    sentence = (f"Al {fmt.fecha_larga(req.fecha)}, {fmt.numero(total)} unidades que requieren médico según la norma "
                f"no tienen ninguno incorporado, en {len(rows)} estados.")  # fmt: skip
    alt = f"Gráfica de barras horizontales: unidades sin médico por estado, {kit.cut(req)}. " + sentence
    return Chart(req, "barras", "Unidades sin médico por estado", "Unidades que requieren médico según la norma y no "
                 "tienen ninguno incorporado", kit.scope_of(engine, req.estado), fig, frame, (SRC_PERSONAL, SRC_CLUES),
                 sentence, alt, ())  # fmt: skip


register(Preset("personal-por-grupo", "Médicos por tipo de unidad", "medicos-por", (), True, by_group,
                (("agrupar", tuple(staff.GROUPS)),), prensa=False, in_name=("agrupar",)))  # fmt: skip
register(Preset("serie-basificacion", "Incorporación y basificación", "basificacion", (), True, basification,
                prensa=False))  # fmt: skip
register(Preset("unidades-sin-medico", "Unidades sin médico por estado", "unidades-sin-medico", (), True,
                without_doctor, prensa=False))  # fmt: skip
