"""Property: for any valid file over any existing data, a load sets exactly the file's keys (and deletes only
inside a declared scope); loading the same file again changes nothing. On SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from dashboard import db
from dashboard.ingest import data_version, load_file
from tests.conftest import reset, table_digest
from tests.integration.test_scale import assert_aggregates_equal_base

DAYS = [date(2024, 3, 1) + timedelta(days=i) for i in range(6)]
MUNIS = ["07001", "07002", "20001", "20002"]
CANALES = ["modulo", "autorregistro", "cruce_bienestar"]
KEYS = list(itertools.product(DAYS, MUNIS, CANALES))
HEAD = "fecha,cvegeo,canal,registrados,duplicados,credenciales\n"

values = st.tuples(st.integers(0, 500), st.integers(0, 5), st.integers(0, 500)).map(
    lambda v: (v[0] + v[1], v[1], v[2])  # duplicados never above registrados
)
rows = st.dictionaries(st.sampled_from(KEYS), values, max_size=30)
scopes = st.one_of(
    st.none(),
    st.tuples(st.sampled_from(DAYS), st.sampled_from(DAYS), st.sets(st.sampled_from(["07", "20"]), min_size=1)).map(
        lambda s: (min(s[0], s[1]), max(s[0], s[1]), tuple(sorted(s[2])))
    ),
)
_files = itertools.count()


def write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / f"f{next(_files)}.csv"
    lines = [HEAD] + [f"{d.isoformat()},{m},{c},{a},{b},{k}\n" for (d, m, c), (a, b, k) in sorted(data.items())]
    path.write_text("".join(lines), encoding="utf-8")
    return path


def stored(engine: Engine) -> dict:
    r = db.registry.c
    with engine.connect() as conn:
        found = conn.execute(select(r.fecha, r.cvegeo, r.canal, r.registrados, r.duplicados, r.credenciales)).all()
    return {(date.fromisoformat(str(f)[:10]), m, c): (a, b, k) for f, m, c, a, b, k in found}


def in_scope(key: tuple, scope: tuple | None) -> bool:
    if scope is None:
        return False
    lo, hi, states = scope
    return lo <= key[0] <= hi and key[1][:2] in states


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(existing=rows, incoming=rows, scope=scopes)
def test_a_load_sets_exactly_its_keys(engine: Engine, tmp_path: Path, existing: dict, incoming: dict, scope) -> None:
    reset(engine)
    if existing:
        load_file(engine, "registry", write(tmp_path, existing))
    file_scope = (
        {k: v for k, v in incoming.items() if in_scope(k, scope)} if scope is not None else incoming
    )  # a scoped file lies inside its scope
    if not file_scope and scope is None:
        return
    declared = None if scope is None else f"fechas={scope[0]}..{scope[1]} estados={','.join(scope[2])}"
    path = write(tmp_path, file_scope) if file_scope else None
    if path is None:  # an empty file is rejected; use one row inside the scope instead
        key = next(k for k in KEYS if in_scope(k, scope))
        file_scope = {key: (1, 0, 1)}
        path = write(tmp_path, file_scope)
    before = stored(engine)
    version = data_version(engine)
    res = load_file(engine, "registry", path, scope=declared, confirm=True)
    after = stored(engine)
    for key in set(before) | set(after) | set(file_scope):
        if key in file_scope:
            assert after.get(key) == file_scope[key], key
        elif in_scope(key, scope):
            assert key not in after, key
        else:
            assert after.get(key) == before.get(key), key
    assert_aggregates_equal_base(engine)  # incremental or recomputed, the aggregates equal a GROUP BY of the rows
    changed = after != before
    assert (res.resultado == "correcta") == changed and (data_version(engine) == version + 1) == changed
    digest = table_digest(engine)
    again = load_file(engine, "registry", path, scope=declared, confirm=True)
    assert again.resultado == "sin_cambios" and table_digest(engine) == digest
