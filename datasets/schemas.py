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
    max_len: int = 0  # text: the database column's length (the same limit on SQLite and PostgreSQL)


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
        Field("ENTIDAD", "text", required=False, aliases=("NOMBRE DE LA ENTIDAD",)),
        Field("CLAVE DEL MUNICIPIO", "key", width=3, aliases=("cve_mun",)),
        Field("MUNICIPIO", "text", required=False),
        Field("CLAVE DE LA LOCALIDAD", "key", required=False, width=4, aliases=("cve_loc",)),
        Field("LOCALIDAD", "text", required=False, max_len=200),
        Field("CLAVE DE TIPOLOGIA", "text", required=False, max_len=10),
        Field("NOMBRE DE TIPOLOGIA", "text", max_len=200),
        Field("NOMBRE DE SUBTIPOLOGIA", "text", required=False, max_len=200),
        Field("NOMBRE DE LA UNIDAD", "text", max_len=300),
        Field("ESTATUS DE OPERACION", "text", required=False, max_len=60),
        Field("FECHA DE INICIO DE OPERACION", "date", required=False),
        Field("NIVEL ATENCION", "text", required=False, aliases=("nivel de atencion",), max_len=40),
        Field("ESTRATO UNIDAD", "text", required=False, max_len=40),
        Field("LATITUD", "float", required=False),
        Field("LONGITUD", "float", required=False),
        Field("SINTETICA", "bool", required=False, default=False),
        Field("CLAVE DE LA INSTITUCION", "text", required=False),
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

STATES = Dataset(
    name="states",
    table="states",
    key=("cve_ent",),
    time_series=False,
    date_min=date(2018, 1, 1),
    fields=(
        Field("cve_ent", "key", width=2, aliases=("CLAVE DE LA ENTIDAD",)),
        Field("fecha_adhesion", "date", required=False),
        Field("fecha_anuncio", "date", required=False),
        Field("aproximada", "bool", required=False, default=True),
        Field("nombre", "text", required=False),
        Field("fuente_nota", "text", required=False),
    ),
)

DATASETS: dict[str, Dataset] = {d.name: d for d in (UNITS, REGISTRY, STAFFING, COMMITTEES, COMMITTEE_SPENDING, STATES)}

# The institution code of IMSS-Bienestar in the CLUES catalogue (characters 3-5 of every CLUES)
IMSS_BIENESTAR = "IMB"

# The two letters of a CLUES name its state (DGIS convention). The 23 federalized states' prefixes were verified
# against the catalogue's units; the other 9 follow the same convention and are not verified here.
CLUES_PREFIX = {
    "01": "AS", "02": "BC", "03": "BS", "04": "CC", "05": "CL", "06": "CM", "07": "CS", "08": "CH",
    "09": "DF", "10": "DG", "11": "GT", "12": "GR", "13": "HG", "14": "JC", "15": "MC", "16": "MN",
    "17": "MS", "18": "NT", "19": "NL", "20": "OC", "21": "PL", "22": "QT", "23": "QR", "24": "SP",
    "25": "SL", "26": "SR", "27": "TC", "28": "TS", "29": "TL", "30": "VZ", "31": "YN", "32": "ZS",
}  # fmt: skip

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
