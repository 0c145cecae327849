"""Why a load did not change data, as exceptions that carry a Spanish message and the ledger row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from datasets.schemas import Problem

if TYPE_CHECKING:
    from dashboard.ingest.effect import Effect


class LoadError(Exception):
    """Base of every load failure; str() is what the user reads."""

    load_id: int | None = None


class IngestRejected(LoadError):
    """The file had errors (or needed a confirmation it did not get); nothing was written but the ledger row."""

    def __init__(
        self,
        problemas: Sequence[Problem],
        load_id: int | None = None,
        archivo: str = "",
        effect: Effect | None = None,
    ) -> None:
        self.problemas = list(problemas)
        self.load_id = load_id
        self.effect = effect
        errores = [p for p in self.problemas if p.nivel == "error"]
        head = f"carga rechazada{f' ({archivo})' if archivo else ''}: {len(errores)} problema(s)"
        super().__init__("\n".join([head, *(f"- {p}" for p in self.problemas)]))


class LoadFailed(LoadError):
    """The load could not run (lock wait exceeded, database error); nothing was written."""

    def __init__(self, message: str, load_id: int | None = None) -> None:
        self.load_id = load_id
        super().__init__(message)


class LoadBusy(LoadFailed):
    """Another load held the lock for longer than the allowed wait."""

    def __init__(self, waited: float) -> None:
        self.waited = waited
        super().__init__(
            f"otra carga en curso en esta base de datos; se esperó {waited:.0f} s y no terminó: "
            "vuelva a intentarlo cuando termine (tablero loads muestra las cargas en curso)"
        )
