"""National views over the state cube: map values, rankings, KPIs with their changes, national series."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from dashboard.queries.areas import area_status
from dashboard.queries.joining import JOINED
from dashboard.queries.metrics import ALL, MAP_METRICS
from dashboard.queries.snapshot import _STATIC as STATIC
from dashboard.queries.snapshot import StateCube, state_cube

DEFAULT_METRIC = MAP_METRICS[0]


@dataclass(frozen=True)
class Timeline:
    """The program's days with data: the date slider runs over these."""

    dates: list[date]

    @property
    def last(self) -> date | None:
        return self.dates[-1] if self.dates else None

    def index_of(self, fecha: date | None) -> int:
        """Slider position of a date (clamped; the last day when None)."""
        if not self.dates:
            return 0
        if fecha is None:
            return len(self.dates) - 1
        pos = int(np.searchsorted(np.array(self.dates, dtype="datetime64[D]"), np.datetime64(fecha), "right")) - 1
        return min(max(pos, 0), len(self.dates) - 1)

    def param(self, fecha: date | None) -> str | None:
        """A date as it travels in URLs and links: ISO text, None for the last day (every page's default)."""
        return None if fecha is None or fecha == self.last else fecha.isoformat()

    def at(self, index: int | None) -> date | None:
        """Date at a slider position (clamped)."""
        if not self.dates:
            return None
        i = len(self.dates) - 1 if index is None else min(max(int(index), 0), len(self.dates) - 1)
        return self.dates[i]


_timelines: dict[int, tuple[StateCube, Timeline]] = {}


def timeline(engine: Engine) -> Timeline:
    """Every day of the program that the cube covers (built once per cube)."""
    cube = state_cube(engine)
    hit = _timelines.get(id(cube))
    if hit is None or hit[0] is not cube:
        hit = (cube, Timeline([d.date() for d in cube.dates]))
        _timelines.clear()
        _timelines[id(cube)] = hit
    return hit[1]


def parse_date(text: str | None, tl: Timeline) -> date | None:
    """A YYYY-MM-DD text inside the timeline, else None (the caller uses its default)."""
    if not text or len(text) != 10 or not tl.dates:
        return None
    try:
        value = date.fromisoformat(text)
    except ValueError:
        return None
    return value if tl.dates[0] <= value <= tl.dates[-1] else None


def metric_at(cube: StateCube, metric: str, fecha: date) -> np.ndarray:
    """One metric for every state at a date, with the same no-data rules as StateCube.at (cheap: no full frame)."""
    m = ALL[metric]
    if m.is_pct:
        assert m.num and m.den
        num, den = metric_at(cube, m.num, fecha), metric_at(cube, m.den, fecha)
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.where(den > 0, 100.0 * num / den, np.nan)
    else:
        i = cube.day_index(fecha)
        out = np.zeros(len(cube.states)) if i < 0 else cube.values[cube.keys.index(metric), i, :].astype(float)
        first = cube.first.get(m.dataset)
        if metric not in STATIC and first is not None:
            out = np.where((first <= pd.Timestamp(fecha)).to_numpy(), out, np.nan)
    return np.where((cube.status_at(fecha) == JOINED).to_numpy(), out, np.nan)


def map_values(engine: Engine, metric: str, fecha: date) -> pd.DataFrame:
    """The 32 states at a date: cve_ent, nombre, nombre_corto, value (NaN = no data), status (four area states)."""
    cube = state_cube(engine)
    value = pd.Series(metric_at(cube, metric, fecha)).replace([np.inf, -np.inf], np.nan)
    frame = pd.DataFrame(
        {
            "cve_ent": cube.states.index.astype(str).tolist(),
            "nombre": cube.states["nombre"].astype(str).tolist(),
            "nombre_corto": cube.states["nombre_corto"].astype(str).tolist(),
            "value": value.to_numpy(dtype=float),
        }
    )
    frame["status"] = area_status(cube.status_at(fecha).reset_index(drop=True), frame["value"])
    return frame


def ranking(engine: Engine, metric: str, fecha: date) -> pd.DataFrame:
    """States joined at the date that have a value, best first."""
    frame = map_values(engine, metric, fecha)
    return frame[frame["status"] == "valor"].sort_values("value", ascending=False, ignore_index=True)


def national_series(engine: Engine, metric: str) -> pd.Series:
    """Daily national value of a metric (the states joined on each day)."""
    return state_cube(engine).national()[metric].replace([np.inf, -np.inf], np.nan)


@dataclass(frozen=True)
class Kpi:
    """A national value at a date and its change since the day and the week before."""

    key: str
    value: float
    of: float | None  # the target or total it is compared with
    day: float
    week: float


KPI_PAIRS: tuple[tuple[str, str | None], ...] = (
    ("personas_registradas", "pob_sin_seguridad"),
    ("comites_instalados", "comites_planeados"),
    ("monto_ejercido", "monto_dispersado"),
    ("medicos", "medicos_requeridos"),
    ("unidades_red", None),
)


def kpis(engine: Engine, fecha: date) -> list[Kpi]:
    """The headline numbers of the national page (one pass over the national series)."""
    cube = state_cube(engine)
    nat = cube.national()
    now, day, week = (_row(nat, cube, fecha - timedelta(days=d)) for d in (0, 1, 7))
    out = []
    for key, of in KPI_PAIRS:
        out.append(
            Kpi(
                key=key,
                value=float(now[key]),
                of=None if of is None else float(now[of]),
                day=float(now[key] - day[key]),
                week=float(now[key] - week[key]),
            )
        )
    return out


def _row(nat: pd.DataFrame, cube: StateCube, fecha: date) -> pd.Series:
    i = cube.day_index(fecha)
    return pd.Series(0.0, index=nat.columns) if i < 0 else nat.iloc[i]


def valid_metric(text: str | None, allowed: tuple[str, ...] = MAP_METRICS) -> str:
    """A metric key from the URL, or the default."""
    return text if text in allowed and text in ALL else allowed[0]
