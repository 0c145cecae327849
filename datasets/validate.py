"""Pure, vectorized validation: raw string table + known keys -> typed frame and every problem found."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from datasets.schemas import (
    BOOLS,
    CANALES,
    CLUES_PREFIX,
    DATASETS,
    IMSS_BIENESTAR,
    MAX_PROBLEMS,
    ROLES,
    Dataset,
    Field,
    Problem,
    norm_text,
    tipo_red,
)
from geodata import CrosswalkWarning, apply_crosswalk, crosswalk

INT32_MAX = 2_147_483_647
INT64_MAX = 9_000_000_000_000_000


@dataclass(frozen=True)
class KnownKeys:
    """Keys that exist in the database: state codes, municipality codes and CLUES -> cve_ent."""

    states: frozenset[str] = frozenset()
    municipalities: frozenset[str] = frozenset()
    units: Mapping[str, str] = field(default_factory=dict)
    joined: Mapping[str, date] | None = None  # cve_ent -> joining date of joined states; None: not checked


@dataclass
class Validated:
    """The typed frame (empty when there are errors), the problems (errors first) and rows skipped by reason."""

    frame: pd.DataFrame
    problemas: list[Problem]
    skipped: dict[str, int] = field(default_factory=dict)

    @property
    def errores(self) -> list[Problem]:
        return [p for p in self.problemas if p.nivel == "error"]

    @property
    def ok(self) -> bool:
        return not self.errores


ECHO_CHARS = 80


def cut(value: object, limit: int = ECHO_CHARS) -> str:
    """A value quoted in a message: at most `limit` characters, the rest as '…'."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def listed(names: list[str], limit: int = 20) -> str:
    """'a, b, c' for at most `limit` names, then 'y N más'."""
    shown = ", ".join(cut(n, 40) for n in names[:limit])
    return shown + (f" y {len(names) - limit} más" if len(names) > limit else "")


class Collector:
    """Gathers problems from boolean masks, materialising at most MAX_PROBLEMS of each check.

    rows[i] is the spreadsheet row (header = 1) of the batch's i-th line; quoted values are cut to ECHO_CHARS.
    """

    def __init__(self, rows: np.ndarray) -> None:
        self.rows = rows
        self.items: list[Problem] = []
        self.total = 0
        self.avisos: list[Problem] = []

    def add(self, mask: pd.Series, columna: str | None, fmt: str, **values: pd.Series) -> None:
        idx = np.flatnonzero(np.asarray(mask, dtype=bool))
        self.total += len(idx)
        for i in idx[:MAX_PROBLEMS]:
            args = {k: cut(v.iat[i]) for k, v in values.items()}
            self.items.append(Problem(int(self.rows[i]), columna, fmt.format(**args)))

    def one(self, problem: Problem) -> None:
        self.total += 1
        self.items.append(problem)

    def result(self) -> list[Problem]:
        items = sorted(self.items, key=lambda p: (p.fila or 0, p.columna or ""))[:MAX_PROBLEMS]
        if self.total > len(items):
            items.append(Problem(None, None, f"… y {self.total - len(items)} problema(s) más sin mostrar"))
        return items + self.avisos


def match_columns(ds: Dataset, columns: list[str]) -> dict[str, str]:
    """Canonical name -> column in the file, matched case/accent/space-insensitively, aliases included."""
    by_norm: dict[str, str] = {}
    for col in columns:
        by_norm.setdefault(norm_text(col), col)
    found = {}
    for f in ds.fields:
        for name in (f.name, *f.aliases):
            if norm_text(name) in by_norm:
                found[f.name] = by_norm[norm_text(name)]
                break
    return found


def check_columns(ds: Dataset, columns: list[str], found: dict[str, str]) -> list[Problem]:
    """Missing required columns, with a clear diagnosis when the delimiter was wrong."""
    missing = [f.name for f in ds.fields if f.required and f.name not in found]
    if ds.name == "registry" and "cvegeo" in missing and {"cve_ent", "cve_mun"} <= found.keys():
        missing.remove("cvegeo")
    if not missing:
        return []
    if len(columns) == 1 and any(d in columns[0] for d in (";", "\t", ",", "|")):
        return [
            Problem(
                1,
                None,
                f"delimitador incorrecto: el encabezado se leyó como una sola columna ({columns[0][:80]!r}); "
                "separe las columnas con coma, punto y coma o tabulador",
            )
        ]
    found_names = listed(columns) or "ninguna"
    return [
        Problem(None, m, f"columna obligatoria '{m}' ausente (columnas encontradas: {found_names})") for m in missing
    ]


def validate(dataset: str, df: pd.DataFrame, known_keys: KnownKeys) -> Validated:
    """Check a raw all-string table against its dataset; never touches the database."""
    ds = DATASETS[dataset]
    columns = [str(c) for c in df.columns]
    found = match_columns(ds, columns)
    missing = check_columns(ds, columns, found)
    if missing:
        return Validated(pd.DataFrame(), missing)
    if len(df) == 0:
        return Validated(pd.DataFrame(), [Problem(None, None, "el archivo sólo tiene encabezado, sin filas de datos")])
    df, skipped = catalogue_rows(ds, df, found, known_keys)
    if skipped:
        checked = validate_rows(ds, df, found, known_keys) if len(df) else Validated(pd.DataFrame(), [])
        return Validated(checked.frame, [*checked.problemas, skipped_note(skipped)], skipped)
    return validate_rows(ds, df, found, known_keys)


def validate_rows(ds: Dataset, df: pd.DataFrame, found: dict[str, str], known_keys: KnownKeys) -> Validated:
    """The checks of every row (after the catalogue's rows of other institutions and states were left out)."""
    index = df.index if pd.api.types.is_integer_dtype(df.index) else pd.RangeIndex(len(df))
    df = df.reset_index(drop=True)
    col = Collector(index.to_numpy(dtype="int64") + 2)
    raw = {name: df[src].astype(str).str.strip() for name, src in found.items()}
    parsed = {name: parse(ds, ds.field(name), s, col) for name, s in raw.items()}
    frame = BUILDERS[ds.name](ds, raw, parsed, known_keys, col)
    check_duplicates(ds, frame, col)
    problems = col.result()
    if any(p.nivel == "error" for p in problems):
        return Validated(pd.DataFrame(), problems)
    frame = frame.assign(_pos=np.arange(len(frame)))
    if ds.name == "registry":
        frame = merge_crosswalk_collisions(frame)
    frame.index = index[frame["_pos"].to_numpy()]  # each row keeps its line in the file
    return Validated(frame.drop(columns=[c for c in frame.columns if c.startswith("_")]), problems)


# Column parsers: each returns typed values and reports bad cells; NaN/None marks an invalid or empty cell ---------


def parse(ds: Dataset, f: Field, s: pd.Series, col: Collector) -> pd.Series:
    empty = s == ""
    if f.required:
        col.add(empty, f.name, "valor vacío")
    return PARSERS[f.kind](ds, f, s, empty, col)


CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"


def _text(ds: Dataset, f: Field, s: pd.Series, empty: pd.Series, col: Collector) -> pd.Series:
    control = s.str.contains(CONTROL, regex=True)
    col.add(
        control,
        f.name,
        "carácter de control en el texto ('{v}'): quítelo del archivo",
        v=s.str.replace(CONTROL, "�", regex=True),
    )
    if f.max_len:
        length = s.str.len()
        col.add(length > f.max_len, f.name, f"texto demasiado largo ({{n}} caracteres; máximo {f.max_len})", n=length)
    return s.astype(object).where(~empty, None)


def _key(ds: Dataset, f: Field, s: pd.Series, empty: pd.Series, col: Collector) -> pd.Series:
    width = f.width or 5
    ok = s.str.fullmatch(rf"[0-9]{{1,{width}}}")
    col.add(~ok & ~empty, f.name, f"clave no válida '{{v}}' (se esperan hasta {width} dígitos)", v=s)
    return s.str.zfill(width).astype(object).where(ok, None)


def _clues(ds: Dataset, f: Field, s: pd.Series, empty: pd.Series, col: Collector) -> pd.Series:
    up = s.str.upper()
    ok = up.str.fullmatch(r"[A-Z]{5}[0-9]{6}|DEMO-[0-9]{2}-[0-9]{5}")
    col.add(
        ~ok & ~empty,
        f.name,
        "CLUES con formato no válido '{v}' (se espera p. ej. 'BCIMB000010', o 'DEMO-07-00001' en datos sintéticos)",
        v=s,
    )
    return up.astype(object).where(ok, None)


def _dates(ds: Dataset, f: Field, s: pd.Series, empty: pd.Series, col: Collector) -> pd.Series:
    codes, uniques = pd.factorize(s)
    u = pd.Series(uniques, dtype=str)
    iso = pd.to_datetime(u.where(u.str.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")), format="%Y-%m-%d", errors="coerce")
    dmy = pd.to_datetime(
        u.where(u.str.fullmatch(r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}")), format="%d/%m/%Y", errors="coerce"
    )
    values = pd.Series(iso.fillna(dmy).to_numpy().take(codes), index=s.index)
    bad = values.isna() & ~empty
    col.add(bad, f.name, "fecha no válida '{v}' (use aaaa-mm-dd o dd/mm/aaaa)", v=s)
    lo, hi = pd.Timestamp(ds.date_min), pd.Timestamp(date.today())
    out = values.notna() & ((values < lo) | (values > hi))
    period = "del programa" if ds.date_min.year > 2000 else "válido"
    col.add(out, f.name, f"fecha fuera del periodo {period} ('{{v}}'; debe estar entre {lo.date()} y hoy)", v=s)
    return values.where(~out)


def _numbers(f: Field, s: pd.Series, empty: pd.Series, col: Collector, pattern: str, limit: int) -> pd.Series:
    ok = s.str.fullmatch(pattern)
    neg = s.str.fullmatch(r"-[0-9]+(\.[0-9]+)?")
    seps = s.str.fullmatch(r"[0-9]{1,3}([,.' ][0-9]{3})+")
    col.add(seps, f.name, "separador de miles en '{v}': use números sin separador de miles", v=s)
    col.add(neg, f.name, "valor negativo ({v})", v=s)
    other = ~ok & ~neg & ~seps & ~empty
    col.add(other, f.name, "no es un número entero ('{v}')", v=s)
    digits = s.where(ok, "0").str.replace(r"\.0+$", "", regex=True)
    long = digits.str.len() > 18  # beyond int64: too big for any count or amount here
    values = _as_int(digits.where(~long, "0")).astype("float64")
    big = ok & (long | (values > limit))
    col.add(big, f.name, "valor demasiado grande ({v})", v=s)
    default = f.default if f.default is not None else np.nan
    return values.where(ok & ~big, np.nan).where(~empty, default if not f.required else np.nan)


def _as_int(digits: pd.Series) -> pd.Series:
    """ASCII digit strings to int64 in Arrow (30x faster than pd.to_numeric on strings)."""
    array = pa.array(digits.astype("str"))  # the Arrow buffer itself for pandas' Arrow-backed strings
    return pd.Series(np.asarray(pc.cast(array, pa.int64())), index=digits.index)


def _count(ds: Dataset, f: Field, s: pd.Series, empty: pd.Series, col: Collector) -> pd.Series:
    return _numbers(f, s, empty, col, r"[0-9]+", INT32_MAX)


def _money(ds: Dataset, f: Field, s: pd.Series, empty: pd.Series, col: Collector) -> pd.Series:
    cents = s.str.fullmatch(r"[0-9]+\.[0-9]{1,2}") & ~s.str.fullmatch(r"[0-9]+\.0{1,2}")
    col.add(cents, f.name, "los montos van en pesos enteros ('{v}')", v=s)
    return _numbers(f, s.where(~cents, "0"), empty, col, r"[0-9]+(\.0{1,2})?", INT64_MAX)


def _lookup(table: Mapping[str, object], what: str, choices: str):  # type: ignore[no-untyped-def]
    def parser(ds: Dataset, f: Field, s: pd.Series, empty: pd.Series, col: Collector) -> pd.Series:
        codes, uniques = pd.factorize(s)
        mapped = np.array([table.get(norm_text(u)) for u in uniques] + [None], dtype=object)
        values = pd.Series(mapped.take(codes), index=s.index)
        bad = values.isna() & ~empty
        col.add(bad, f.name, f"{what} desconocido '{{v}}' (use {choices})", v=s)
        default = f.default if f.default is not None else None
        return values.where(~empty, default)

    return parser


def _float(ds: Dataset, f: Field, s: pd.Series, empty: pd.Series, col: Collector) -> pd.Series:
    values = pd.to_numeric(s.where(~empty, None), errors="coerce")
    col.add(values.isna() & ~empty, f.name, "no es un número ('{v}')", v=s)
    return values.astype("float64")


PARSERS = {
    "text": _text,
    "key": _key,
    "cvegeo": _key,
    "clues": _clues,
    "date": _dates,
    "count": _count,
    "money": _money,
    "canal": _lookup(CANALES, "canal", "modulo, autorregistro o cruce_bienestar"),
    "rol": _lookup(ROLES, "rol", "medico_general, especialista o enfermeria"),
    "bool": _lookup(BOOLS, "valor", "1/0, true/false o si/no"),
    "float": _float,
}


# Dataset builders: keys against the database, cross-column rules, output columns ---------------------------------


def map_crosswalk(codes: pd.Series, col: Collector, columna: str) -> pd.Series:
    """Crosswalk only the rows that need it; the warning is re-emitted and kept as an 'aviso'."""
    mask = codes.isin(list(crosswalk())).to_numpy()
    if not mask.any():
        return codes
    out = codes.copy()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CrosswalkWarning)
        out.loc[mask] = apply_crosswalk(codes[mask].tolist())
    for w in caught:
        col.avisos.append(Problem(None, columna, str(w.message), nivel="aviso"))
        warnings.warn(str(w.message), CrosswalkWarning, stacklevel=3)
    return out


def known_municipality(codes: pd.Series, raw: pd.Series, known: KnownKeys, col: Collector, columna: str) -> None:
    bad = codes.notna() & ~codes.isin(list(known.municipalities))
    col.add(bad, columna, "municipio desconocido '{v}'", v=raw)


def known_units(clues: pd.Series, raw: pd.Series, known: KnownKeys, col: Collector) -> pd.Series:
    """cve_ent of each CLUES from the units table; unknown CLUES are errors."""
    ent = clues.map(dict(known.units)).astype(object)
    col.add(clues.notna() & ent.isna(), "clues", "CLUES desconocida '{v}'", v=raw)
    return ent


def joined_by(
    dates: pd.Series, ent: pd.Series, known: KnownKeys, col: Collector, columna: str, shown: pd.Series
) -> None:
    """Facts only for states that had joined at their date (KnownKeys.joined; None: not checked)."""
    if known.joined is None:
        return
    since = pd.to_datetime(ent.map(dict(known.joined)), errors="coerce")
    has = dates.notna() & ent.notna()
    never = has & since.isna()
    col.add(never, columna, "el estado {e} no se ha adherido a IMSS-Bienestar ('{v}')", e=ent, v=shown)
    early = has & since.notna() & (dates < since)
    col.add(
        early,
        columna,
        "fecha anterior a la adhesión del estado {e} ({d}): '{v}'",
        e=ent,
        d=since.dt.strftime("%Y-%m-%d"),
        v=shown,
    )


def build_registry(ds: Dataset, raw: dict, p: dict, known: KnownKeys, col: Collector) -> pd.DataFrame:
    if "cvegeo" in p:
        written, shown, columna = p["cvegeo"], raw["cvegeo"], "cvegeo"
    else:
        written = (p["cve_ent"] + p["cve_mun"]).where(p["cve_ent"].notna() & p["cve_mun"].notna(), None)
        shown, columna = raw["cve_ent"] + raw["cve_mun"], "cve_mun"
    cvegeo = map_crosswalk(written, col, columna)
    known_municipality(cvegeo, shown, known, col, columna)
    dup = p.get("duplicados", pd.Series(0.0, index=written.index))
    cred = p.get("credenciales", pd.Series(0.0, index=written.index))
    reg = p["registrados"]
    joined_by(p["fecha"], cvegeo.str.slice(0, 2), known, col, "fecha", raw["fecha"])
    col.add(
        dup > reg,
        "duplicados",
        "duplicados ({d}) mayor que registrados ({r})",
        d=dup.astype("Int64"),
        r=reg.astype("Int64"),
    )
    return pd.DataFrame(
        {
            "fecha": p["fecha"],
            "cvegeo": cvegeo,
            "canal": p["canal"],
            "cve_ent": cvegeo.str.slice(0, 2),
            "registrados": reg,
            "duplicados": dup,
            "credenciales": cred,
            "_written": written,
        }
    )


def build_staffing(ds: Dataset, raw: dict, p: dict, known: KnownKeys, col: Collector) -> pd.DataFrame:
    ent = known_units(p["clues"], raw["clues"], known, col)
    joined_by(p["fecha"], ent, known, col, "fecha", raw["fecha"])
    basif = p.get("basificados", pd.Series(0.0, index=ent.index))
    return pd.DataFrame(
        {
            "fecha": p["fecha"],
            "clues": p["clues"],
            "rol": p["rol"],
            "cve_ent": ent,
            "incorporados": p["incorporados"],
            "basificados": basif,
        }
    )


def build_committees(ds: Dataset, raw: dict, p: dict, known: KnownKeys, col: Collector) -> pd.DataFrame:
    ent = known_units(p["clues"], raw["clues"], known, col)
    none = pd.Series(pd.NaT, index=ent.index, dtype="datetime64[us]")
    asam, inst, tarj = (p.get(c, none) for c in ("fecha_asamblea", "fecha_instalacion", "fecha_tarjeta"))
    for name in ("fecha_asamblea", "fecha_instalacion", "fecha_tarjeta"):
        if name in raw:
            joined_by(p[name], ent, known, col, name, raw[name])
    msg = "{a} posterior a {b} ('{va}' > '{vb}')"
    if "fecha_instalacion" in raw and "fecha_asamblea" in raw:
        rule = msg.format(a="fecha_asamblea", b="fecha_instalacion", va="{va}", vb="{vb}")
        col.add(asam > inst, "fecha_instalacion", rule, va=raw["fecha_asamblea"], vb=raw["fecha_instalacion"])
    if "fecha_tarjeta" in raw and "fecha_instalacion" in raw:
        rule = msg.format(a="fecha_instalacion", b="fecha_tarjeta", va="{va}", vb="{vb}")
        col.add(inst > tarj, "fecha_tarjeta", rule, va=raw["fecha_instalacion"], vb=raw["fecha_tarjeta"])
    return pd.DataFrame(
        {
            "clues": p["clues"],
            "cve_ent": ent,
            "fecha_asamblea": asam,
            "fecha_instalacion": inst,
            "fecha_tarjeta": tarj,
            "presupuesto_asignado": p["presupuesto_asignado"],
        }
    )


def build_spending(ds: Dataset, raw: dict, p: dict, known: KnownKeys, col: Collector) -> pd.DataFrame:
    ent = known_units(p["clues"], raw["clues"], known, col)
    joined_by(p["fecha"], ent, known, col, "fecha", raw["fecha"])
    return pd.DataFrame(
        {
            "fecha": p["fecha"],
            "clues": p["clues"],
            "cve_ent": ent,
            "dispersado": p["dispersado"],
            "ejercido": p["ejercido"],
        }
    )


def check_unit_codes(clues: pd.Series, ent: pd.Series, raw: dict, known: KnownKeys, col: Collector) -> None:
    """A CLUES names its state (2 letters, or DEMO-XX-) and its institution (letters 3-5); its state has joined."""
    code = clues.fillna("")
    demo = code.str.startswith("DEMO-")
    prefix = ent.map(CLUES_PREFIX)
    real_bad = ~demo & clues.notna() & prefix.notna() & (code.str.slice(0, 2) != prefix)
    demo_bad = demo & ent.notna() & (code.str.slice(5, 7) != ent)
    col.add(
        real_bad | demo_bad,
        "CLAVE DE LA ENTIDAD",
        "la CLUES '{c}' es de otro estado: sus letras dicen {p}, la clave de entidad dice {e}",
        c=raw["CLUES"],
        p=code.str.slice(0, 2).where(~demo, code.str.slice(5, 7)),
        e=raw["CLAVE DE LA ENTIDAD"],
    )
    other = ~demo & clues.notna() & (code.str.slice(2, 5) != IMSS_BIENESTAR)
    col.add(
        other,
        "CLUES",
        "la CLUES '{c}' no es de IMSS-Bienestar (institución {i})",
        c=raw["CLUES"],
        i=code.str.slice(2, 5),
    )
    if known.joined is not None:
        never = ent.notna() & ent.isin(list(known.states)) & ~ent.isin(list(known.joined))
        col.add(
            never,
            "CLAVE DE LA ENTIDAD",
            "el estado {e} no se ha adherido a IMSS-Bienestar",
            e=raw["CLAVE DE LA ENTIDAD"],
        )


def catalogue_rows(
    ds: Dataset, df: pd.DataFrame, found: dict[str, str], known: KnownKeys
) -> tuple[pd.DataFrame, dict[str, int]]:
    """The official DGIS catalogue lists every institution and state: keep IMSS-Bienestar units of joined states."""
    if ds.name != "units" or "CLAVE DE LA INSTITUCION" not in found:
        return df, {}
    inst = df[found["CLAVE DE LA INSTITUCION"]].astype(str).str.strip().str.upper()
    ent = df[found["CLAVE DE LA ENTIDAD"]].astype(str).str.strip().str.zfill(2)
    drop = inst != IMSS_BIENESTAR
    skipped = {f"otra institución ({k or 'sin clave'})": int(v) for k, v in inst[drop].value_counts().items()}
    if known.joined is not None:
        outside = ~drop & ~ent.isin(list(known.joined))
        skipped |= {f"estado no adherido ({k})": int(v) for k, v in ent[outside].value_counts().items()}
        drop |= outside
    return df[~drop], skipped


def skipped_note(skipped: dict[str, int]) -> Problem:
    """One 'aviso' listing the rows left out, by reason."""
    total = sum(skipped.values())
    parts = "; ".join(f"{reason}: {n:,}" for reason, n in sorted(skipped.items(), key=lambda kv: -kv[1])[:20])
    return Problem(None, None, f"se omitieron {total:,} fila(s) del catálogo ({parts})", nivel="aviso")


def build_units(ds: Dataset, raw: dict, p: dict, known: KnownKeys, col: Collector) -> pd.DataFrame:
    ent, mun, clues = p["CLAVE DE LA ENTIDAD"], p["CLAVE DEL MUNICIPIO"], p["CLUES"]
    col.add(
        ent.notna() & ~ent.isin(list(known.states)),
        "CLAVE DE LA ENTIDAD",
        "clave de entidad desconocida '{v}'",
        v=raw["CLAVE DE LA ENTIDAD"],
    )
    check_unit_codes(clues, ent, raw, known, col)
    written = (ent + mun).where(ent.notna() & mun.notna(), None)
    cvegeo = map_crosswalk(written, col, "CLAVE DEL MUNICIPIO")
    known_municipality(cvegeo, written, known, col, "CLAVE DEL MUNICIPIO")
    index = clues.index
    synth = p.get("SINTETICA", pd.Series(False, index=index)).fillna(False).astype(bool)
    demo = clues.fillna("").str.startswith("DEMO-")
    col.add(demo & ~synth, "CLUES", "CLUES sintética '{v}' en una fila que no está marcada SINTETICA", v=raw["CLUES"])
    col.add(
        synth & ~demo & clues.notna(),
        "SINTETICA",
        "fila marcada SINTETICA con una CLUES real '{v}' (use 'DEMO-…')",
        v=raw["CLUES"],
    )
    empty = pd.Series(None, index=index, dtype=object)

    def opt(name: str) -> pd.Series:
        return p.get(name, empty)

    return pd.DataFrame(
        {
            "clues": clues,
            "cve_ent": ent,
            "cvegeo": cvegeo,
            "cvegeo_catalogo": written,
            "cve_loc": opt("CLAVE DE LA LOCALIDAD"),
            "localidad": opt("LOCALIDAD"),
            "nombre": p["NOMBRE DE LA UNIDAD"],
            "tipologia_clave": opt("CLAVE DE TIPOLOGIA"),
            "tipologia": p["NOMBRE DE TIPOLOGIA"],
            "subtipologia": opt("NOMBRE DE SUBTIPOLOGIA"),
            "nivel_atencion": opt("NIVEL ATENCION"),
            "estrato": opt("ESTRATO UNIDAD"),
            "estatus": opt("ESTATUS DE OPERACION"),
            "fecha_inicio": p.get(
                "FECHA DE INICIO DE OPERACION", pd.Series(pd.NaT, index=index, dtype="datetime64[us]")
            ),
            "lat": p.get("LATITUD", pd.Series(np.nan, index=index)),
            "lon": p.get("LONGITUD", pd.Series(np.nan, index=index)),
            "tipo_red": tipo_red(p["NOMBRE DE TIPOLOGIA"], opt("NIVEL ATENCION")),
            "sintetica": synth,
        }
    )


def build_states(ds: Dataset, raw: dict, p: dict, known: KnownKeys, col: Collector) -> pd.DataFrame:
    ent = p["cve_ent"]
    col.add(
        ent.notna() & ~ent.isin(list(known.states)), "cve_ent", "clave de entidad desconocida '{v}'", v=raw["cve_ent"]
    )
    index = ent.index
    none = pd.Series(pd.NaT, index=index, dtype="datetime64[us]")
    return pd.DataFrame(
        {
            "cve_ent": ent,
            "fecha_adhesion": p.get("fecha_adhesion", none),
            "fecha_anuncio": p.get("fecha_anuncio", none),
            "fecha_adhesion_aproximada": p.get("aproximada", pd.Series(True, index=index)).fillna(True).astype(bool),
        }
    )


BUILDERS = {
    "registry": build_registry,
    "staffing": build_staffing,
    "committees": build_committees,
    "committee_spending": build_spending,
    "units": build_units,
    "states": build_states,
}


def check_duplicates(ds: Dataset, frame: pd.DataFrame, col: Collector) -> None:
    """Rows sharing the dataset's key (as written in the file) are an error naming every line."""
    cols = ["_written" if (k == "cvegeo" and "_written" in frame) else k.lower() for k in ds.key]
    keys = frame[cols]
    valid = keys.notna().all(axis=1)
    dup = keys.duplicated(keep=False) & valid
    if not dup.any():
        return
    sub = keys[dup]
    shown = 0
    for positions in sub.groupby(cols, sort=False).indices.values():
        lines = [int(col.rows[sub.index[i]]) for i in positions]
        listed = ", ".join(str(n) for n in lines[:-1]) + f" y {lines[-1]}"
        if shown < MAX_PROBLEMS:
            col.items.append(Problem(lines[0], None, f"filas {listed}: clave duplicada ({', '.join(ds.key)})"))
        shown += 1
    col.total += shown


def merge_crosswalk_collisions(frame: pd.DataFrame) -> pd.DataFrame:
    """Sum rows that only collide after the crosswalk (e.g. Eldorado and Culiacán on the same day)."""
    keys = ["fecha", "cvegeo", "canal"]
    if not frame.duplicated(keys).any():
        return frame
    sums = ["registrados", "duplicados", "credenciales"]
    return frame.groupby(keys, as_index=False, sort=False).agg(
        {"cve_ent": "first", **dict.fromkeys(sums, "sum"), "_written": "first", "_pos": "first"}
    )
