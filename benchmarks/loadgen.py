"""A bounded load of concurrent users mixing page views and Dash callbacks; latency percentiles per kind."""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, func, select

from benchmarks.payloads import collect_props, initial_bodies, page_router_body
from dashboard import db

RETRYABLE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError, http.client.BadStatusLine)


@dataclass(frozen=True)
class Req:
    kind: str  # 'page' | 'router' | 'callback'
    method: str
    path: str
    body: bytes | None = None


@dataclass
class Outcome:
    kind: str
    status: int  # 0: no HTTP response
    seconds: float
    at: float  # monotonic start time
    error: str | None = None
    retried: bool = False


@dataclass
class Run:
    """Shared state of a load run: outcomes, and requests sent but not yet answered."""

    outcomes: list[Outcome] = field(default_factory=list)
    in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def sample_paths(engine: Engine, units: int = 3) -> list[str]:
    """The pages under load: national, registry, a state with data, a few units of that state."""
    with engine.connect() as conn:
        cve = conn.execute(
            select(db.registry.c.cve_ent).group_by(db.registry.c.cve_ent).order_by(func.count().desc()).limit(1)
        ).scalar()
        clues = (
            conn.execute(
                select(db.units.c.clues).where(db.units.c.cve_ent == cve).order_by(db.units.c.clues).limit(units)
            )
            .scalars()
            .all()
        )
    return ["/", "/registro", f"/estado/{cve}", *(f"/unidad/{c}" for c in clues)]


def _call(conn: http.client.HTTPConnection, req: Req) -> tuple[int, bytes]:
    headers = {"Accept-Encoding": "identity"}
    if req.body is not None:
        headers["Content-Type"] = "application/json"
    conn.request(req.method, req.path, body=req.body, headers=headers)
    resp = conn.getresponse()
    return resp.status, resp.read()


def fetch(port: int, req: Req, timeout: float = 60.0) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        return _call(conn, req)
    finally:
        conn.close()


def scenario(port: int, paths: list[str]) -> list[Req]:
    """Page views, router calls and each page's initial callbacks, with bodies taken from the live app."""
    status, raw = fetch(port, Req("x", "GET", "/_dash-dependencies"))
    assert status == 200, status
    deps = json.loads(raw)
    reqs: list[Req] = []
    for path in paths:
        reqs.append(Req("page", "GET", path))
        router = json.dumps(page_router_body(deps, path)).encode()
        reqs.append(Req("router", "POST", "/_dash-update-component", router))
        status, raw = fetch(port, reqs[-1])
        if status != 200:
            continue
        props = collect_props(json.loads(raw))
        for body in initial_bodies(deps, props, path):
            reqs.append(Req("callback", "POST", "/_dash-update-component", json.dumps(body).encode()))
    return reqs


def _user(port: int, reqs: list[Req], run: Run, deadline: float, budget: int, seed: int, think: float) -> None:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for _ in range(budget):
        if time.monotonic() >= deadline:
            break
        req = rng.choice(reqs)
        started = time.monotonic()
        with run.lock:
            run.in_flight += 1
        outcome = _one(conn, req, started)
        if outcome.status == 0:
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        with run.lock:
            run.in_flight -= 1
            run.outcomes.append(outcome)
        if think:  # a person reads the screen before the next click: 0.5–1.5 × think seconds
            time.sleep(max(0.0, min(rng.uniform(0.5, 1.5) * think, deadline - time.monotonic())))
    conn.close()


def _one(conn: http.client.HTTPConnection, req: Req, started: float) -> Outcome:
    """One request; like a browser, resend once when a reused keep-alive connection turns out dead."""
    retried = False
    for attempt in range(2):
        reused = conn.sock is not None
        try:
            status, _ = _call(conn, req)
            return Outcome(req.kind, status, time.monotonic() - started, started, None, retried)
        except RETRYABLE as exc:
            conn.close()
            if attempt or not reused:
                return Outcome(req.kind, 0, time.monotonic() - started, started, type(exc).__name__, retried)
            retried = True
        except OSError as exc:
            conn.close()
            return Outcome(req.kind, 0, time.monotonic() - started, started, type(exc).__name__, retried)
    raise AssertionError("unreachable")


def run_load(
    port: int,
    reqs: list[Req],
    *,
    users: int = 32,
    seconds: float = 8.0,
    budget: int = 100_000,
    seed: int = 42,
    run: Run | None = None,
    think: float = 0.0,
) -> Run:
    """`users` threads issuing requests (back to back, or `think` seconds apart) until `seconds` pass."""
    run = run if run is not None else Run()
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=_user, args=(port, reqs, run, deadline, budget, seed + i, think), daemon=True)
        for i in range(users)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 120)
    return run


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1) if ordered else 0.0


def summarize(run: Run, seconds: float) -> dict[str, Any]:
    """Requests/s and p50/p95/p99 milliseconds per kind, with error and status counts."""
    by_kind: dict[str, list[Outcome]] = defaultdict(list)
    for o in run.outcomes:
        by_kind[o.kind].append(o)
    all_ok = [o.seconds for o in run.outcomes if 0 < o.status < 400]
    report: dict[str, Any] = {
        "requests": len(run.outcomes),
        "seconds": round(seconds, 1),
        "requests_per_s": round(len(run.outcomes) / seconds, 1) if seconds else 0.0,
        "errors": sum(1 for o in run.outcomes if not 0 < o.status < 400),
        "retried": sum(1 for o in run.outcomes if o.retried),
        "p50_ms": _pct(all_ok, 0.5),
        "p95_ms": _pct(all_ok, 0.95),
        "p99_ms": _pct(all_ok, 0.99),
        "kinds": {},
    }
    for kind, items in sorted(by_kind.items()):
        ok = [o.seconds for o in items if 0 < o.status < 400]
        statuses: dict[str, int] = defaultdict(int)
        for o in items:
            statuses[str(o.status) if o.status else (o.error or "error")] += 1
        report["kinds"][kind] = {
            "requests": len(items),
            "p50_ms": _pct(ok, 0.5),
            "p95_ms": _pct(ok, 0.95),
            "p99_ms": _pct(ok, 0.99),
            "statuses": dict(statuses),
        }
    return report
