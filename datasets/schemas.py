"""What each loadable dataset is: canonical columns, aliases, kinds, keys and the problem record."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

PROGRAM_START = date(2022, 1, 1)
UNITS_DATE_MIN = date(1900, 1, 1)
MAX_PROBLEMS = 200

# Kinds: text, key (zero-padded digits), clues, cvegeo, date, count, money, canal, rol, bool, float
KINDS = ("text", "key", "clues", "cvegeo", "date", "count", "money", "canal", "rol", "bool", "float")


@dataclass(frozen=True)
class Problem:
    """One problem found in a file; fila counts the header as line 1, as in a spreadsheet."""

    fila: int | None
    columna: str | None
    mensaje: str
    nivel: str = "error"

    def __str__(self) -> str:
        if self.mensaje.startswith("filas "):
            return self.mensaje
        if self.fila is not None and self.columna:
            return f"fila {self.fila}, columna '{self.columna}': {self.mensaje}"
        if self.fila is not None:
            return f"fila {self.fila}: {self.mensaje}"
        if self.columna:
            return f"columna '{self.columna}': {self.mensaje}"
        return self.mensaje

    def as_dict(self) -> dict[str, object]:
        return {
            "fila": self.fila,
            "columna": self.columna,
            "mensaje": self.mensaje,
            "nivel": self.nivel,
            "texto": str(self),
        }


@dataclass(frozen=True)
class Field:
    """A canonical column: its kind, whether it is required, aliases and zero-pad width for keys."""

    name: str
    kind: str
    required: bool = True
    aliases: tuple[str, ...] = ()
    width: int = 0
    default: object = None


@dataclass(frozen=True)
class Dataset:
    """A loadable dataset: its table, columns, unique key and load semantics."""

    name: str
    table: str
    fields: tuple[Field, ...]
    key: tuple[str, ...]
    time_series: bool
    date_min: date = PROGRAM_START

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def norm_text(value: str) -> str:
    """Lower case, no accents, runs of spaces/underscores/hyphens as one space: for matching names."""
    s = unicodedata.normalize("NFKD", str(value).replace("\ufeff", ""))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[\s_\-]+", " ", s).strip()


CANALES = {
    "modulo": "modulo",
    "modulo de afiliacion": "modulo",
    "modulo afiliacion": "modulo",
    "autorregistro": "autorregistro",
    "autorregistro en linea": "autorregistro",
    "cruce bienestar": "cruce_bienestar",
    "cruce de bases": "cruce_bienestar",
    "programas de bienestar": "cruce_bienestar",
}
ROLES = {
    "medico general": "medico_general",
    "medica general": "medico_general",
    "medicos generales": "medico_general",
    "especialista": "especialista",
    "medico especialista": "especialista",
    "especialistas": "especialista",
    "enfermeria": "enfermeria",
    "enfermera": "enfermeria",
    "enfermero": "enfermeria",
}
BOOLS = {"1": True, "0": False, "true": True, "false": False, "si": True, "no": False, "": False}

UNITS = Dataset(
    name="units",
    table="units",
    key=("CLUES",),
    time_series=False,
    date_min=UNITS_DATE_MIN,
    fields=(
        Field("CLUES", "clues"),
        Field("CLAVE DE LA ENTIDAD", "key", width=2, aliases=("cve_ent",)),
        Field("ENTIDAD", "text", required=False),
        Field("CLAVE DEL MUNICIPIO", "key", width=3, aliases=("cve_mun",)),
        Field("MUNICIPIO", "text", required=False),
        Field("CLAVE DE LA LOCALIDAD", "key", required=False, width=4, aliases=("cve_loc",)),
        Field("LOCALIDAD", "text", required=False),
        Field("CLAVE DE TIPOLOGIA", "text", required=False),
        Field("NOMBRE DE TIPOLOGIA", "text"),
        Field("NOMBRE DE SUBTIPOLOGIA", "text", required=False),
        Field("NOMBRE DE LA UNIDAD", "text"),
        Field("ESTATUS DE OPERACION", "text", required=False),
        Field("FECHA DE INICIO DE OPERACION", "date", required=False),
        Field("NIVEL ATENCION", "text", required=False, aliases=("nivel de atencion",)),
        Field("ESTRATO UNIDAD", "text", required=False),
        Field("LATITUD", "float", required=False),
        Field("LONGITUD", "float", required=False),
        Field("SINTETICA", "bool", required=False, default=False),
    ),
)

REGISTRY = Dataset(
    name="registry",
    table="registry",
    key=("fecha", "cvegeo", "canal"),
    time_series=True,
    fields=(
        Field("fecha", "date"),
        Field("cvegeo", "cvegeo", aliases=("clave_municipio",)),
        Field("cve_ent", "key", required=False, width=2),
        Field("cve_mun", "key", required=False, width=3),
        Field("canal", "canal"),
        Field("registrados", "count"),
        Field("duplicados", "count", required=False, default=0),
        Field("credenciales", "count", required=False, default=0),
    ),
)

STAFFING = Dataset(
    name="staffing",
    table="staffing",
    key=("fecha", "clues", "rol"),
    time_series=True,
    fields=(
        Field("fecha", "date"),
        Field("clues", "clues"),
        Field("rol", "rol"),
        Field("incorporados", "count"),
        Field("basificados", "count", required=False, default=0),
    ),
)

COMMITTEES = Dataset(
    name="committees",
    table="committees",
    key=("clues",),
    time_series=False,
    fields=(
        Field("clues", "clues"),
        Field("fecha_asamblea", "date", required=False),
        Field("fecha_instalacion", "date", required=False),
        Field("fecha_tarjeta", "date", required=False),
        Field("presupuesto_asignado", "money"),
    ),
)

COMMITTEE_SPENDING = Dataset(
    name="committee_spending",
    table="committee_spending",
    key=("fecha", "clues"),
    time_series=True,
    fields=(
        Field("fecha", "date"),
        Field("clues", "clues"),
        Field("dispersado", "money"),
        Field("ejercido", "money"),
    ),
)

DATASETS: dict[str, Dataset] = {d.name: d for d in (UNITS, REGISTRY, STAFFING, COMMITTEES, COMMITTEE_SPENDING)}

# tipo_red -----------------------------------------------------------------------------------------------------

APOYO_TIPOLOGIAS = {"oficinas administrativas", "almacenes", "laboratorios", "otros establecimientos de apoyo"}
NOT_HOSPITAL_PREFIXES = ("unidad de especialidades medicas", "clinica", "centro", "consultorio")


def tipo_red(tipologia: pd.Series, nivel: pd.Series) -> pd.Series:
    """Network role of a unit from NOMBRE DE TIPOLOGIA and NIVEL ATENCION (rules in staffing_norm.md)."""
    t = tipologia.fillna("").astype(str).map(norm_text)
    n = nivel.fillna("").astype(str).map(norm_text)
    movil = t.str.contains("movil", regex=False)
    apoyo = t.isin(APOYO_TIPOLOGIAS) | (n == "no aplica")
    upper_level = n.isin({"segundo nivel", "tercer nivel"})
    hospital = t.str.startswith("hospital") | (upper_level & ~t.str.startswith(NOT_HOSPITAL_PREFIXES))
    out = np.select([movil, apoyo, hospital], ["movil", "apoyo", "hospital"], default="centro_salud")
    return pd.Series(out, index=tipologia.index, dtype=object)
