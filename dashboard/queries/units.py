"""Units of a state with their status (committee, staff, spending, location), one unit's profile, to-do lists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import BigInteger, Connection, Engine, case, cast, func, select

from dashboard import aggregates
from dashboard.cache import memoize
from dashboard.db import (
    committee_spending,
    committees,
    municipalities,
    registry,
    registry_mun_monthly,
    staffing,
    staffing_norm,
    states,
    units,
)

DOCTORS = ("medico_general", "especialista")
CARE_NETWORK = ("centro_salud", "hospital")
STAGES: dict[str, str] = {
    "sin_comite": "Sin comité",
    "previsto": "Comité previsto",
    "asamblea": "Asamblea realizada",
    "instalado": "Comité instalado",
    "tarjeta": "Tarjeta entregada",
    "con_gasto": "Con gasto",
    "ejercido_100": "100 % ejercido",
}
SPENDING: dict[str, str] = {
    "sin_dispersion": "Sin dispersión",
    "sin_gasto": "Dispersado, sin gasto",
    "parcial": "Ejercido parcial",
    "completo": "100 % ejercido",
}
LOCATION: dict[str, str] = {
    "ok": "En su municipio",
    "otro_municipio": "Punto en otro municipio",
    "otro_estado": "Punto en otro estado",
    "fuera_de_poligonos": "Punto fuera de los polígonos",
    "sin_coordenadas": "Sin coordenadas",
}
TODOS: dict[str, str] = {
    "sin_comite": "Sin comité instalado",
    "sin_tarjeta": "Comité sin tarjeta",
    "sin_ejercer": "Dinero dispersado sin ejercer",
    "sin_medico": "Sin médico",
    "ubicacion": "Sin coordenadas o fuera de su municipio",
    "sintetica": "Sintética (demostración)",
}
SYNTHETIC_LABEL = "sintética (demostración)"
UNIT_COLUMNS = (
    units.c.clues,
    units.c.cvegeo,
    units.c.cvegeo_catalogo,
    units.c.localidad,
    units.c.nombre,
    units.c.tipologia,
    units.c.nivel_atencion,
    units.c.estatus,
    units.c.lat,
    units.c.lon,
    units.c.ubicacion,
    units.c.tipo_red,
    units.c.sintetica,
)


@memoize
def state_units(engine: Engine, cve_ent: str) -> pd.DataFrame:
    """One row per unit of the state with every status the page filters and colours by (cached per version)."""
    with engine.connect() as conn:
        base = _frame(
            conn.execute(
                select(*UNIT_COLUMNS, municipalities.c.nombre.label("municipio"))
                .select_from(units.outerjoin(municipalities, municipalities.c.cvegeo == units.c.cvegeo))
                .where(units.c.cve_ent == cve_ent)
                .order_by(units.c.cvegeo, units.c.nombre)
            )
        )
        com = _frame(
            conn.execute(
                select(
                    committees.c.clues,
                    committees.c.fecha_asamblea,
                    committees.c.fecha_instalacion,
                    committees.c.fecha_tarjeta,
                    committees.c.presupuesto_asignado.label("asignado"),
                ).where(committees.c.cve_ent == cve_ent)
            )
        )
        spend = _frame(conn.execute(_spending_totals().where(committee_spending.c.cve_ent == cve_ent)))
        staff = _frame(conn.execute(_staff_totals().where(staffing.c.cve_ent == cve_ent)))
        need = _frame(conn.execute(_doctor_need().where(units.c.cve_ent == cve_ent)))
    return _with_status(base, com, spend, staff, need)


def _frame(result: Any) -> pd.DataFrame:
    columns = list(result.keys())
    return pd.DataFrame([tuple(r) for r in result.all()], columns=columns)


def _spending_totals() -> Any:
    c = committee_spending.c
    return select(
        c.clues,
        func.sum(c.dispersado).label("dispersado"),
        func.sum(c.ejercido).label("ejercido"),
        func.min(case((c.dispersado > 0, c.fecha))).label("primera_dispersion"),
        func.min(case((c.ejercido > 0, c.fecha))).label("primer_gasto"),
        func.max(case((c.ejercido > 0, c.fecha))).label("ultimo_gasto"),
    ).group_by(c.clues)


def _staff_totals() -> Any:
    c = staffing.c
    doctors = func.sum(case((c.rol.in_(DOCTORS), c.incorporados), else_=0))
    nurses = func.sum(case((c.rol == "enfermeria", c.incorporados), else_=0))
    return select(c.clues, doctors.label("medicos"), nurses.label("enfermeria")).group_by(c.clues)


def _doctor_need() -> Any:
    return (
        select(units.c.clues, func.sum(staffing_norm.c.requeridos).label("medicos_requeridos"))
        .select_from(units.join(staffing_norm, staffing_norm.c.tipologia == units.c.tipologia))
        .where(staffing_norm.c.rol.in_(DOCTORS))
        .group_by(units.c.clues)
    )


def _with_status(base: pd.DataFrame, com: pd.DataFrame, spend: pd.DataFrame, staff, need) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    f = base.merge(com, on="clues", how="left").merge(spend, on="clues", how="left")
    f = f.merge(staff, on="clues", how="left").merge(need, on="clues", how="left")
    for col in ("asignado", "dispersado", "ejercido", "medicos", "enfermeria", "medicos_requeridos"):
        f[col] = pd.to_numeric(f[col], errors="coerce").fillna(0).astype("int64")
    for col in ("fecha_asamblea", "fecha_instalacion", "fecha_tarjeta", "primera_dispersion", "ultimo_gasto"):
        f[col] = pd.to_datetime(f[col], errors="coerce")
    f["primer_gasto"] = pd.to_datetime(f["primer_gasto"], errors="coerce")
    f["municipio"] = f["municipio"].fillna(f["cvegeo"]).astype(object)
    f["localidad"] = f["localidad"].fillna("").astype(object)
    f["sintetica"] = f["sintetica"].fillna(False).astype(bool)
    f["lat"] = pd.to_numeric(f["lat"], errors="coerce")
    f["lon"] = pd.to_numeric(f["lon"], errors="coerce")
    f["tiene_comite"] = com_mask = f["clues"].isin(set(com["clues"]))
    f["etapa"] = _stage(f, com_mask)
    f["gasto"] = _spending_status(f)
    f["medico"] = np.where(
        ~f["tipo_red"].isin(CARE_NETWORK), "no_aplica", np.where(f["medicos"] > 0, "con_medico", "sin_medico")
    )
    f["ejercido_pct"] = (100.0 * f["ejercido"] / f["dispersado"].where(f["dispersado"] > 0)).round(1)
    return f.reset_index(drop=True)


def _stage(f: pd.DataFrame, has_committee: pd.Series) -> np.ndarray:
    """The furthest committee milestone reached."""
    full = (f["asignado"] > 0) & (f["ejercido"] >= f["asignado"])
    conditions = [
        full,
        f["ejercido"] > 0,
        f["fecha_tarjeta"].notna(),
        f["fecha_instalacion"].notna(),
        f["fecha_asamblea"].notna(),
        has_committee,
    ]
    choices = ["ejercido_100", "con_gasto", "tarjeta", "instalado", "asamblea", "previsto"]
    return np.select(conditions, choices, default="sin_comite")


def _spending_status(f: pd.DataFrame) -> np.ndarray:
    full = (f["asignado"] > 0) & (f["ejercido"] >= f["asignado"])
    conditions = [f["dispersado"] <= 0, full, f["ejercido"] <= 0]
    return np.select(conditions, ["sin_dispersion", "completo", "sin_gasto"], default="parcial")


def todo_masks(frame: pd.DataFrame, *, dias: int, ref: date | None) -> dict[str, pd.Series]:
    """Boolean row masks of the coordinator's to-do list (same keys as TODOS)."""
    network = frame["tipo_red"].isin(CARE_NETWORK)
    idle_since = frame["ultimo_gasto"].fillna(frame["primera_dispersion"])
    cutoff = pd.Timestamp((ref or date.today()) - timedelta(days=dias))
    return {
        "sin_comite": network & frame["fecha_instalacion"].isna(),
        "sin_tarjeta": frame["fecha_instalacion"].notna() & frame["fecha_tarjeta"].isna(),
        "sin_ejercer": (frame["dispersado"] > frame["ejercido"]) & (idle_since <= cutoff),
        "sin_medico": frame["medico"] == "sin_medico",
        "ubicacion": frame["ubicacion"] != "ok",
        "sintetica": frame["sintetica"],
    }


def todo_counts(frame: pd.DataFrame, *, dias: int, ref: date | None) -> dict[str, int]:
    """How many units are in each to-do list."""
    return {key: int(mask.sum()) for key, mask in todo_masks(frame, dias=dias, ref=ref).items()}


def filter_units(
    frame: pd.DataFrame,
    *,
    municipio: str | None = None,
    pendiente: str | None = None,
    dias: int = 30,
    ref: date | None = None,
    buscar: str | None = None,
) -> pd.DataFrame:
    """Rows left by the municipality, the to-do list and the quick search (all words, any column, any case)."""
    keep = pd.Series(True, index=frame.index)
    if municipio:
        keep &= frame["cvegeo"] == municipio
    if pendiente in TODOS:
        keep &= todo_masks(frame, dias=dias, ref=ref)[pendiente]
    out = frame[keep]
    words = (buscar or "").lower().split()
    if words and not out.empty:
        text = out[["clues", "nombre", "municipio", "localidad", "tipologia"]].fillna("").astype(str)
        haystack = text.agg(" ".join, axis=1).str.lower()
        for word in words:
            out = out[haystack.loc[out.index].str.contains(word, regex=False)]
    return out


def grid_rows(frame: pd.DataFrame, estado: str, *, export: bool = False) -> list[dict[str, Any]]:
    """The grid's rows: only the columns it shows (plus the plain name for exports), JSON-ready."""
    etapa = frame["etapa"].map(STAGES)
    rows = pd.DataFrame(
        {
            "clues": frame["clues"],
            "unidad": "["
            + frame["nombre"].str.replace(r"[\[\]]", "", regex=True)
            + "](/unidad/"
            + frame["clues"]
            + ")",
            "ruta": estado + " › " + frame["municipio"] + " › " + frame["localidad"] + " › " + frame["nombre"],
            "municipio": frame["municipio"],
            "localidad": frame["localidad"],
            "tipologia": frame["tipologia"].fillna(""),
            "etapa": etapa,
            "medicos": frame["medicos"],
            "medicos_requeridos": frame["medicos_requeridos"],
            "dispersado": frame["dispersado"],
            "ejercido": frame["ejercido"],
            "ejercido_pct": frame["ejercido_pct"].astype(object).where(frame["ejercido_pct"].notna(), None),
            "ubicacion": frame["ubicacion"].map(LOCATION).fillna(frame["ubicacion"]),
            "origen": np.where(frame["sintetica"], SYNTHETIC_LABEL, "catálogo CLUES"),
        }
    )
    if export:
        rows.insert(1, "nombre", frame["nombre"].to_numpy())
    else:
        rows = rows.drop(columns=["localidad"])
    return rows.to_dict("records")


EXPORT_COLUMNS = {
    "clues": "CLUES",
    "nombre": "Unidad",
    "municipio": "Municipio",
    "localidad": "Localidad",
    "tipologia": "Tipología",
    "etapa": "Comité",
    "medicos": "Médicos",
    "medicos_requeridos": "Médicos requeridos",
    "dispersado": "Dispersado (pesos)",
    "ejercido": "Ejercido (pesos)",
    "ejercido_pct": "Ejercido (%)",
    "ubicacion": "Ubicación",
    "origen": "Origen",
}


def export_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Grid rows as a spreadsheet with Spanish headers (no markdown)."""
    frame = pd.DataFrame(rows, columns=list(EXPORT_COLUMNS))
    return frame.rename(columns=EXPORT_COLUMNS)


# Municipal values for the state's choropleth -------------------------------------------------------------------

STATE_METRICS = ("cobertura_registro", "comites_instalados_pct", "ejercido_pct", "medicos_pct")


@memoize
def state_municipalities(engine: Engine, cve_ent: str) -> pd.DataFrame:
    """The state's municipalities with registered persons and the uninsured population (cached per version)."""
    with engine.connect() as conn:
        muni = _frame(
            conn.execute(
                select(municipalities.c.cvegeo, municipalities.c.nombre, municipalities.c.pob_sin_seguridad)
                .where(municipalities.c.cve_ent == cve_ent, municipalities.c.en_geometria.is_(True))
                .order_by(municipalities.c.nombre)
            )
        )
        reg = _frame(conn.execute(_registered(conn, cve_ent)))
    out = muni.merge(reg, on="cvegeo", how="left")
    out["pob_sin_seguridad"] = pd.to_numeric(out["pob_sin_seguridad"], errors="coerce")
    out["personas"] = pd.to_numeric(out["personas"], errors="coerce")
    return out


def _registered(conn: Connection, cve_ent: str) -> Any:
    """Persons per municipality: the monthly aggregate when current, else a GROUP BY over registry."""
    t = registry_mun_monthly if aggregates.is_current(conn, "registry") else registry
    personas = cast(func.sum(t.c.registrados - t.c.duplicados), BigInteger).label("personas")  # PG: not numeric
    return select(t.c.cvegeo, personas).where(t.c.cve_ent == cve_ent).group_by(t.c.cvegeo)


def municipal_values(munis: pd.DataFrame, unit_frame: pd.DataFrame, metric: str, federalizado: str) -> pd.DataFrame:
    """cvegeo, nombre, value, status for the choropleth (status: valor | sin_datos | anunciado | no_adherido)."""
    g = unit_frame.groupby("cvegeo")
    by_unit = pd.DataFrame(
        {
            "instalados": g["fecha_instalacion"].count(),
            "comites": g["tiene_comite"].sum(),
            "dispersado": g["dispersado"].sum(),
            "ejercido": g["ejercido"].sum(),
            "medicos": g["medicos"].sum(),
            "requeridos": g["medicos_requeridos"].sum(),
        }
    )
    f = munis.set_index("cvegeo").join(by_unit)
    num, den = {
        "cobertura_registro": ("personas", "pob_sin_seguridad"),
        "comites_instalados_pct": ("instalados", "comites"),
        "ejercido_pct": ("ejercido", "dispersado"),
        "medicos_pct": ("medicos", "requeridos"),
    }[metric]
    denominator = f[den].where(f[den] > 0)
    value = (100.0 * f[num] / denominator).astype(float)
    status = np.where(value.notna(), "valor", "sin_datos")
    if federalizado != "si":
        status = np.full(len(f), "anunciado" if federalizado == "anunciado" else "no_adherido")
        value = value * np.nan
    out = pd.DataFrame({"cvegeo": f.index, "nombre": f["nombre"], "value": value.round(1), "status": status})
    return out.reset_index(drop=True)


# States ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StateInfo:
    cve_ent: str
    nombre: str
    federalizado: str
    fecha_adhesion: date | None
    aproximada: bool


@memoize
def state_info(engine: Engine, cve_ent: str) -> StateInfo | None:
    """The state's name and federalization status; None when the code names no state."""
    with engine.connect() as conn:
        row = conn.execute(select(states).where(states.c.cve_ent == cve_ent)).mappings().first()
    if row is None:
        return None
    return StateInfo(
        cve_ent=row["cve_ent"],
        nombre=row["nombre"],
        federalizado=row["federalizado"],
        fecha_adhesion=row["fecha_adhesion"],
        aproximada=bool(row["fecha_adhesion_aproximada"]),
    )


@memoize
def state_list(engine: Engine) -> list[tuple[str, str, str]]:
    """(cve_ent, nombre, federalizado) of every state."""
    with engine.connect() as conn:
        rows = conn.execute(select(states.c.cve_ent, states.c.nombre, states.c.federalizado).order_by(states.c.nombre))
        return [(r[0], r[1], r[2]) for r in rows]


# One unit -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitProfile:
    unit: dict[str, Any]
    committee: dict[str, Any] | None
    spending: pd.DataFrame  # fecha, dispersado, ejercido (cumulative)
    staff: pd.DataFrame  # fecha, rol, acumulado
    norm: dict[str, int]  # rol -> requeridos for the unit's typology


@memoize
def unit_exists(engine: Engine, clues: str) -> bool:
    """Whether the CLUES names a unit (bound parameter only)."""
    with engine.connect() as conn:
        return conn.execute(select(units.c.clues).where(units.c.clues == clues)).first() is not None


@memoize
def unit_profile(engine: Engine, clues: str) -> UnitProfile | None:
    """Everything the unit page shows; None for an unknown CLUES."""
    catalog = municipalities.alias("catalogo")
    with engine.connect() as conn:
        unit = (
            conn.execute(
                select(
                    units,
                    municipalities.c.nombre.label("municipio"),
                    catalog.c.nombre.label("municipio_catalogo"),
                    states.c.nombre.label("estado"),
                )
                .select_from(
                    units.outerjoin(municipalities, municipalities.c.cvegeo == units.c.cvegeo)
                    .outerjoin(catalog, catalog.c.cvegeo == units.c.cvegeo_catalogo)
                    .outerjoin(states, states.c.cve_ent == units.c.cve_ent)
                )
                .where(units.c.clues == clues)
            )
            .mappings()
            .first()
        )
        if unit is None:
            return None
        com = conn.execute(select(committees).where(committees.c.clues == clues)).mappings().first()
        spend = _frame(
            conn.execute(
                select(committee_spending.c.fecha, committee_spending.c.dispersado, committee_spending.c.ejercido)
                .where(committee_spending.c.clues == clues)
                .order_by(committee_spending.c.fecha)
            )
        )
        staff = _frame(
            conn.execute(
                select(staffing.c.fecha, staffing.c.rol, staffing.c.incorporados)
                .where(staffing.c.clues == clues)
                .order_by(staffing.c.fecha)
            )
        )
        norm = conn.execute(
            select(staffing_norm.c.rol, staffing_norm.c.requeridos).where(
                staffing_norm.c.tipologia == unit["tipologia"]
            )
        ).all()
    return UnitProfile(
        unit=dict(unit),
        committee=dict(com) if com else None,
        spending=_cumulative_spending(spend),
        staff=_cumulative_staff(staff),
        norm={r[0]: int(r[1]) for r in norm},
    )


def _cumulative_spending(spend: pd.DataFrame) -> pd.DataFrame:
    if spend.empty:
        return pd.DataFrame(columns=["fecha", "dispersado", "ejercido"])
    out = spend.assign(fecha=pd.to_datetime(spend["fecha"]))
    out[["dispersado", "ejercido"]] = out[["dispersado", "ejercido"]].astype("int64").cumsum()
    return out.reset_index(drop=True)


def _cumulative_staff(staff: pd.DataFrame) -> pd.DataFrame:
    if staff.empty:
        return pd.DataFrame(columns=["fecha", "rol", "acumulado"])
    out = staff.assign(fecha=pd.to_datetime(staff["fecha"])).sort_values(["rol", "fecha"])
    out["acumulado"] = out.groupby("rol")["incorporados"].cumsum().astype("int64")
    return out[["fecha", "rol", "acumulado"]].reset_index(drop=True)


def milestones(profile: UnitProfile) -> list[tuple[str, date | None]]:
    """The committee timeline: asamblea → instalación → tarjeta → first spend → 100 % ejercido."""
    com = profile.committee or {}
    spend = profile.spending
    first = full = None
    if not spend.empty:
        spent = spend[spend["ejercido"] > 0]
        first = spent["fecha"].iloc[0].date() if not spent.empty else None
        budget = int(com.get("presupuesto_asignado") or 0)
        done = spend[spend["ejercido"] >= budget] if budget > 0 else spend.iloc[0:0]
        full = done["fecha"].iloc[0].date() if not done.empty else None
    return [
        ("Asamblea", com.get("fecha_asamblea")),
        ("Instalación del comité", com.get("fecha_instalacion")),
        ("Entrega de tarjeta", com.get("fecha_tarjeta")),
        ("Primer gasto", first),
        ("100 % ejercido", full),
    ]
