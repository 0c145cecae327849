"""What a file may refer to, read from the database by the loader and handed to the pure validation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class KnownKeys:
    """State codes, municipality codes, CLUES -> cve_ent, and the joining date of every state that has joined.

    A state absent from `joined` has not joined: facts, committee dates and units of it are rejected (and the
    official catalogue's rows of it are skipped). Leaving `joined` empty therefore rejects every fact.
    """

    states: frozenset[str] = frozenset()
    municipalities: frozenset[str] = frozenset()
    units: Mapping[str, str] = field(default_factory=dict)
    joined: Mapping[str, date] = field(default_factory=dict)
