"""The press-room charts: what each preset draws, its request (date, scope, metric) and its parsing."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from dashboard.queries.metrics import ALL, MAP_METRICS
from dashboard.queries.snapshot import state_cube
from dashboard.queries.units import unit_exists

SERIES_METRICS: tuple[str, ...] = (
    "personas_registradas",
    "credenciales",
    "comites_instalados_pct",
    "ejercido_pct",
    "medicos_pct",
    "tarjetas_pct",
    "cobertura_registro",
    "comites_instalados",
    "tarjetas_entregadas",
    "monto_dispersado",
    "monto_ejercido",
    "medicos",
    "medicos_generales",
    "basificados",
)
MUNICIPAL_METRICS: tuple[str, ...] = ("cobertura_registro", "personas_registradas")
NACIONAL = "nacional"


class BadRequest(ValueError):
    """A parameter the officer (or a link) got wrong; the message is Spanish and shown as is."""


class UnknownUnit(LookupError):
    """A CLUES that names no unit (the route answers 404); the message is Spanish."""


@dataclass(frozen=True)
class Request:
    """What to draw: a preset at a cut-off date for the country (estado None) or one state."""

    preset: str
    fecha: date
    estado: str | None = None
    metrica: str = ""
    clues: str | None = None
    opciones: tuple[tuple[str, str], ...] = ()

    def opcion(self, name: str) -> str:
        """The validated value of an extra parameter (canal, vista, agrupar, …)."""
        return dict(self.opciones)[name]


@dataclass
class Chart:
    """A built chart: screen figure, the frame of exactly the numbers drawn, and its texts."""

    request: Request
    kind: str  # 'mapa' | 'puntos' | 'barras' | 'serie' | 'embudo' | 'calor'
    title: str
    subtitle: str
    scope_name: str
    figure: dict[str, Any]
    frame: pd.DataFrame
    sources: tuple[str, ...]
    sentence: str
    alt: str
    metrics: tuple[str, ...]  # dashboard metrics drawn (to compare with published figures)
    geojson: dict[str, Any] | None = None  # embedded for export (kaleido cannot fetch the page's URL)
    notes: list[str] = field(default_factory=list)

    @property
    def is_map(self) -> bool:
        return self.kind == "mapa"

    @property
    def is_geo(self) -> bool:
        """Maps and point maps: landscape PDF, INEGI credit."""
        return self.kind in ("mapa", "puntos")

    def filename(self, ext: str) -> str:
        """'mapa-cobertura-registro-2024-06-28.png'."""
        spec = PRESETS[self.request.preset]
        parts = [spec.slug]
        if spec.metrics:
            parts.append(self.request.metrica.replace("_", "-"))
        parts += [slug(v) for k, v in self.request.opciones if v and k in spec.in_name]
        if self.request.clues:
            parts.append(slug(self.request.clues))
        elif self.request.estado:
            parts.append(slug(self.scope_name))
        parts.append(self.request.fecha.isoformat())
        return "-".join(parts) + "." + ext


@dataclass(frozen=True)
class Preset:
    """A preset chart: label, file-name stem, allowed metrics (empty: fixed content), whether a state applies.

    extra: further parameters as (name, allowed values, first is the default; empty: free text the builder checks);
    estado_requerido: the chart is always of one state; clues: the chart is of one unit (404 when unknown);
    prensa: offered in the press room's chart list.
    """

    key: str
    label: str
    slug: str
    metrics: tuple[str, ...]
    by_state: bool  # True: national or one state; False: always national
    build: Callable[[Engine, Request], Chart]
    extra: tuple[tuple[str, tuple[str, ...]], ...] = ()
    estado_requerido: bool = False
    clues: bool = False
    prensa: bool = True
    in_name: tuple[str, ...] = ()  # extra parameters that go into the file name
    fechado: bool = True  # False: the page shows current data only, so the cut-off is always the last day

    @property
    def params(self) -> tuple[str, ...]:
        """Every URL parameter the preset reads."""
        return (
            "fecha",
            "estado",
            "metrica",
            "tamano",
            *(("clues",) if self.clues else ()),
            *(n for n, _ in self.extra),
        )


PRESETS: dict[str, Preset] = {}


def register(preset: Preset) -> None:
    PRESETS[preset.key] = preset


def slug(text: str) -> str:
    """'Ciudad de México' -> 'ciudad-de-mexico'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def parse(preset: str, params: Mapping[str, str], engine: Engine) -> Request:
    """Validate URL parameters (fecha, estado, metrica) for a preset; BadRequest with a Spanish message."""
    spec = PRESETS.get(preset)
    if spec is None:
        raise KeyError(preset)
    cube = state_cube(engine)
    fecha = _fecha(params.get("fecha") if spec.fechado else None, cube.last_date())
    estado = (params.get("estado") or "").strip() or None
    if estado in (NACIONAL, "00"):
        estado = None
    if estado is not None and estado not in set(cube.states.index):
        raise BadRequest(f"Estado desconocido: «{estado[:20]}». Use la clave de dos dígitos (01 a 32) o «nacional».")
    if not spec.by_state:
        estado = None
    if spec.estado_requerido and estado is None:
        raise BadRequest(f"«{spec.label}» es de un estado: indique «estado» con la clave de dos dígitos (01 a 32).")
    metrica = (params.get("metrica") or "").strip()
    if spec.metrics:
        metrica = metrica or spec.metrics[0]
        if metrica not in spec.metrics:
            raise BadRequest(f"Métrica no disponible para «{spec.label}»: «{metrica[:40]}».")
    else:
        metrica = ""
    clues = _clues(params.get("clues"), engine) if spec.clues else None
    return Request(preset, fecha, estado, metrica, clues, _extra(spec, params))


def _extra(spec: Preset, params: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    out = []
    for name, allowed in spec.extra:
        value = (params.get(name) or "").strip()
        if allowed:
            value = value or allowed[0]
            if value not in allowed:
                raise BadRequest(f"Valor no válido de «{name}» para «{spec.label}»: «{value[:40]}».")
        out.append((name, value[:40]))
    return tuple(out)


def _clues(text: str | None, engine: Engine) -> str:
    """A CLUES that exists (bound-parameter lookup); BadRequest when missing, UnknownUnit when unknown."""
    value = (text or "").strip()
    if not value:
        raise BadRequest("Falta la CLUES de la unidad (parámetro «clues»).")
    if len(value) > 20 or not unit_exists(engine, value):
        raise UnknownUnit(f"No existe una unidad con la CLUES «{value[:40]}».")
    return value


def _fecha(text: str | None, last: date | None) -> date:
    if last is None:
        raise BadRequest("No hay datos cargados.")
    if not text:
        return last
    try:
        value = date.fromisoformat(text.strip())
    except ValueError:
        raise BadRequest(f"Fecha no válida: «{text[:20]}». Use el formato AAAA-MM-DD.") from None
    if value > last:
        raise BadRequest(f"La fecha {value:%Y-%m-%d} es posterior al último día con datos ({last:%Y-%m-%d}).")
    return value


def build(engine: Engine, request: Request) -> Chart:
    """Build the chart a request names."""
    return PRESETS[request.preset].build(engine, request)


def metric_label(key: str) -> str:
    return ALL[key].label if key in ALL else key


def options() -> list[dict[str, str]]:
    """Preset choices for the press room dropdown."""
    return [{"label": p.label, "value": p.key} for p in PRESETS.values() if p.prensa]


def metric_options(preset: str) -> list[dict[str, str]]:
    spec = PRESETS.get(preset)
    return [{"label": metric_label(m), "value": m} for m in (spec.metrics if spec else ())]


DEFAULT_PRESET = "mapa-nacional"
DEFAULT_METRIC = MAP_METRICS[0]
