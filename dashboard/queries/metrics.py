"""The metrics the dashboard shows: one definition each, in Spanish, with unit and kind."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Metric:
    """A metric at a date; `num`/`den` make a percentage out of two other metrics."""

    key: str
    label: str
    unit: str  # 'personas' | 'comités' | 'pesos' | 'médicos' | '%' | 'unidades' | …
    dataset: str  # 'registry' | 'committees' | 'staffing' | 'units'
    num: str | None = None
    den: str | None = None
    target: float | None = None  # 100 for progress-to-target (diverging scale centred there)

    @property
    def is_pct(self) -> bool:
        return self.num is not None


COUNTS: tuple[Metric, ...] = (
    Metric("personas_registradas", "Personas registradas", "personas", "registry"),
    Metric("registros_modulo", "Registros en módulos de afiliación", "registros", "registry"),
    Metric("registros_autorregistro", "Autorregistro en línea", "registros", "registry"),
    Metric("registros_cruce_bienestar", "Cruce con bases de Programas de Bienestar", "registros", "registry"),
    Metric("registros_total", "Registros (suma de canales)", "registros", "registry"),
    Metric("credenciales", "Credenciales entregadas", "credenciales", "registry"),
    Metric("pob_sin_seguridad", "Población sin seguridad social (Censo 2020)", "personas", "registry"),
    Metric("psinder", "Población sin afiliación a servicios de salud (Censo 2020)", "personas", "registry"),
    Metric("comites_planeados", "Comités previstos", "comités", "committees"),
    Metric("asambleas", "Asambleas realizadas", "asambleas", "committees"),
    Metric("comites_instalados", "Comités instalados", "comités", "committees"),
    Metric("tarjetas_entregadas", "Tarjetas entregadas", "tarjetas", "committees"),
    Metric("comites_con_gasto", "Comités con gasto", "comités", "committees"),
    Metric("comites_gasto_total", "Comités con el 100 % ejercido", "comités", "committees"),
    Metric("presupuesto_asignado", "Presupuesto asignado", "pesos", "committees"),
    Metric("monto_dispersado", "Monto dispersado", "pesos", "committees"),
    Metric("monto_ejercido", "Monto ejercido", "pesos", "committees"),
    Metric("medicos_generales", "Médicos generales incorporados", "médicos", "staffing"),
    Metric("especialistas", "Especialistas incorporados", "médicos", "staffing"),
    Metric("enfermeria", "Personal de enfermería incorporado", "personas", "staffing"),
    Metric("basificados", "Personal basificado", "personas", "staffing"),
    Metric("medicos", "Médicos incorporados (generales y especialistas)", "médicos", "staffing"),
    Metric("medicos_requeridos", "Médicos requeridos según la norma", "médicos", "staffing"),
    Metric("unidades_red", "Unidades en la red (catálogo CLUES)", "unidades", "units"),
    Metric("unidades_sinteticas", "Unidades sintéticas (demostración)", "unidades", "units"),
)

PERCENTS: tuple[Metric, ...] = (
    Metric(
        "cobertura_registro",
        "Cobertura del registro",
        "%",
        "registry",
        "personas_registradas",
        "pob_sin_seguridad",
        100,
    ),
    Metric(
        "comites_instalados_pct",
        "Comités instalados",
        "%",
        "committees",
        "comites_instalados",
        "comites_planeados",
        100,
    ),
    Metric(
        "tarjetas_pct",
        "Tarjetas entregadas",
        "%",
        "committees",
        "tarjetas_entregadas",
        "comites_planeados",
        100,
    ),
    Metric(
        "ejercido_pct",
        "Presupuesto ejercido / dispersado",
        "%",
        "committees",
        "monto_ejercido",
        "monto_dispersado",
        100,
    ),
    Metric("medicos_pct", "Médicos frente a la necesidad", "%", "staffing", "medicos", "medicos_requeridos", 100),
)

ALL: dict[str, Metric] = {m.key: m for m in (*COUNTS, *PERCENTS)}
MAP_METRICS: tuple[str, ...] = (
    "cobertura_registro",
    "comites_instalados_pct",
    "ejercido_pct",
    "medicos_pct",
    "tarjetas_pct",
    "personas_registradas",
    "monto_ejercido",
)
