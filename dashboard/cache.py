"""Query-result cache shared by workers (Redis) or in-process, keyed by the data version."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import threading
import time
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from cachelib import BaseCache, RedisCache, SimpleCache
from cachetools import LRUCache
from sqlalchemy import Engine

from dashboard.db import current_version

P = ParamSpec("P")
R = TypeVar("R")

_local_default: BaseCache = SimpleCache(threshold=1, default_timeout=0)  # marker: no shared backend
_backend: BaseCache = _local_default
# In front of a shared backend, each worker keeps its own recent results: big frames (the state cube) are then
# unpickled once per worker and data version, not on every callback.
# (cachetools keeps live objects, no pickling: callers must treat cached values as read-only.)
_local: LRUCache[str, Any] = LRUCache(maxsize=256)
_local_lock = threading.Lock()
_version_ttl = 2.0  # seconds a worker trusts its last reading of the data version
_versions: dict[str, tuple[float, int]] = {}
_lock = threading.Lock()


def configure(cache_url: str | None) -> None:
    """Use Redis when a URL is given (shared by every worker), else an in-process cache."""
    global _backend
    if cache_url:
        import redis

        client = redis.Redis.from_url(cache_url, socket_timeout=2, socket_connect_timeout=2)
        _backend = RedisCache(host=client, key_prefix="tablero:", default_timeout=24 * 3600)
    else:
        _backend = _local_default


def backend() -> BaseCache:
    return _backend


def data_version(engine: Engine, *, fresh: bool = False) -> int:
    """The database's data version, bumped by every committed load: it changes every cache key, in every worker."""
    key = str(engine.url)
    now = time.monotonic()
    with _lock:
        hit = _versions.get(key)
    if hit and not fresh and now - hit[0] < _version_ttl:
        return hit[1]
    with engine.connect() as conn:
        version = current_version(conn)
    with _lock:
        _versions[key] = (now, int(version))
    return int(version)


def forget_versions() -> None:
    """Drop remembered data versions (after a load in this process)."""
    with _lock:
        _versions.clear()


def memoize(fn: Callable[P, R]) -> Callable[P, R]:
    """Cache fn(engine, *args) under (name, database, data version, args); a failing backend is skipped."""

    name = f"{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        engine = args[0]
        assert isinstance(engine, Engine)
        version = data_version(engine)
        raw = repr((str(engine.url), version, args[1:], sorted(kwargs.items())))
        key = name + ":" + hashlib.sha1(raw.encode()).hexdigest()
        with _local_lock:
            value = _local.get(key)
        if value is not None:
            return value  # type: ignore[no-any-return]
        if _backend is not _local_default:
            try:
                value = _backend.get(key)
            except Exception:  # cache down: compute, never fail the page
                value = None
        if value is None:
            value = fn(*args, **kwargs)
            if _backend is not _local_default:
                with contextlib.suppress(Exception):
                    _backend.set(key, value)
        with _local_lock:
            _local[key] = value
        return value

    wrapper.uncached = fn  # type: ignore[attr-defined]
    return wrapper


def clear() -> Any:
    """Empty the cache (tests, after loads in this process)."""
    forget_versions()
    with _local_lock:
        _local.clear()
    return _backend.clear()
