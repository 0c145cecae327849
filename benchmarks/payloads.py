"""Callback request bodies built from /_dash-dependencies as the browser sends them, and fuzzed ones."""

from __future__ import annotations

import json
import math
import random
from collections.abc import Callable, Iterator
from typing import Any

from dashboard.warmup import outputs_field, router_body

Dep = dict[str, Any]
WILDCARDS = ('["ALL"]', '["MATCH"]', '["ALLSMALLER"]')
USER_TRIGGERS = {"n_clicks", "clickData", "cellClicked", "n_intervals", "selectedData", "hoverData"}


def server_callbacks(deps: list[Dep]) -> list[Dep]:
    """Callbacks that run on the server (clientside ones never reach it)."""
    return [d for d in deps if not d.get("clientside_function")]


def walk(tree: Any) -> Iterator[dict[str, Any]]:
    """Every component dict ({'type', 'namespace', 'props'}) in a serialized layout."""
    if isinstance(tree, dict):
        if "props" in tree and "type" in tree:
            yield tree
            yield from walk(tree["props"])
        else:
            for value in tree.values():
                yield from walk(value)
    elif isinstance(tree, list):
        for item in tree:
            yield from walk(item)


def collect_props(tree: Any) -> dict[str, dict[str, Any]]:
    """id -> props of every component with a string id."""
    return {c["props"]["id"]: c["props"] for c in walk(tree) if isinstance(c["props"].get("id"), str)}


def _concrete(ident: Any, fill: Any = 0) -> Any:
    """A pattern-matching id with its wildcards replaced by a value; plain ids unchanged."""
    if isinstance(ident, str) and ident.startswith("{"):
        ident = json.loads(ident)
    if isinstance(ident, dict):
        return {k: (fill if isinstance(v, list) else v) for k, v in ident.items()}
    return ident


def _entry(ref: Dep, value: Any) -> Any:
    """One input/state entry; an ALL/ALLSMALLER wildcard becomes a one-element list."""
    raw = ref["id"]
    entry = {"id": _concrete(raw), "property": ref["property"], "value": value}
    wildcard_list = isinstance(raw, str) and ('["ALL"]' in raw or '["ALLSMALLER"]' in raw)
    return [entry] if wildcard_list else entry


def build_body(dep: Dep, value: Callable[[Any, str], Any], changed: list[str] | None = None) -> dict[str, Any]:
    """A request body for `dep` taking each input/state value from value(id, property)."""
    output = dep["output"]
    outputs = outputs_field(output)
    refs = outputs if isinstance(outputs, list) else [outputs]
    for ref in refs:
        ref["id"] = _concrete(ref["id"])
    return {
        "output": output,
        "outputs": outputs,
        "inputs": [_entry(i, value(i["id"], i["property"])) for i in dep["inputs"]],
        "state": [_entry(s, value(s["id"], s["property"])) for s in dep.get("state", [])],
        "changedPropIds": changed if changed is not None else [],
    }


def initial_bodies(deps: list[Dep], props: dict[str, dict[str, Any]], path: str) -> list[dict[str, Any]]:
    """The page's control callbacks with the values its layout renders, as when a user changes a control."""

    def value(ident: Any, prop: str) -> Any:
        if prop == "pathname":
            return path
        if prop == "search":
            return ""
        if prop == "href":
            return f"http://127.0.0.1{path}"
        return props.get(ident, {}).get(prop)

    out = []
    for dep in server_callbacks(deps):
        ids = [i["id"] for i in dep["inputs"]]
        triggers = {i["property"] for i in dep["inputs"]}
        if triggers & USER_TRIGGERS or not all(isinstance(i, str) and i in props for i in ids):
            continue
        first = dep["inputs"][0]
        out.append(build_body(dep, value, [f"{first['id']}.{first['property']}"]))
    return out


def page_router_body(deps: list[Dep], path: str, search: str = "") -> dict[str, Any]:
    body = router_body(deps, path)
    assert body is not None, "no router callback (url.pathname) in /_dash-dependencies"
    for s in body["state"]:
        s["value"] = search
    return body


SQL = ("' OR 1=1 --", '"; DROP TABLE registry; --', "1; SELECT pg_sleep(5)", "%' UNION SELECT NULL --", "\\x00")
DATES = ("-0001-13-45", "2024-02-30", "NaN", "9999-99-99", "0000-00-00", "2024-06-28T25:61", "1e309", "-1")


def fuzz_value(rng: random.Random, depth: int = 0) -> Any:
    """A hostile JSON value: SQL fragments, huge or NaN numbers, unicode, long strings, odd dates, nesting."""
    kind = rng.randrange(14 if depth < 2 else 11)
    choices: list[Callable[[], Any]] = [
        lambda: rng.choice(SQL),
        lambda: rng.choice(DATES),
        lambda: 10 ** rng.randint(10, 400) * rng.choice((1, -1)),
        lambda: rng.choice((math.nan, math.inf, -math.inf, -0.0, 1e308)),
        lambda: "".join(chr(rng.randint(0x20, 0x2FFF)) for _ in range(rng.randint(1, 40))),
        lambda: "x" * rng.randint(1_000, 100_000),
        lambda: rng.choice(("", " ", "null", "undefined", "../../etc/passwd", "<script>alert(1)</script>", "%00")),
        lambda: rng.choice((None, True, False, 0, -1, 2**63, -(2**63) - 1)),
        lambda: rng.choice(("99", "00", "1", "abc", "15001", "XXXXX000000")),
        lambda: rng.random() * 10 ** rng.randint(-5, 20),
        lambda: "\u202e\u0000\ud7ff\ufeff" + "ñ" * rng.randint(1, 50),
        lambda: [fuzz_value(rng, depth + 1) for _ in range(rng.randint(0, 4))],
        lambda: {str(fuzz_value(rng, depth + 1))[:20]: fuzz_value(rng, depth + 1) for _ in range(rng.randint(0, 3))},
        lambda: {"points": [{"location": fuzz_value(rng, depth + 1), "customdata": fuzz_value(rng, depth + 1)}]},
    ]
    return choices[kind]()


def fuzz_body(dep: Dep, rng: random.Random) -> dict[str, Any]:
    """`dep` with every input and state replaced by hostile values, its first input marked as changed."""
    first = dep["inputs"][0]
    changed = [f"{first['id']}.{first['property']}"]
    return build_body(dep, lambda _i, _p: fuzz_value(rng), changed)


def fuzz_text(rng: random.Random) -> str:
    """A hostile URL segment or query value."""
    value = fuzz_value(rng)
    return value if isinstance(value, str) else json.dumps(value, allow_nan=True)[:5000]
