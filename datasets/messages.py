"""Problems gathered from boolean masks, with file row numbers and every quoted value and list kept short."""

from __future__ import annotations

import numpy as np
import pandas as pd

from datasets.schemas import MAX_PROBLEMS, Problem

ECHO_CHARS = 80  # a value quoted in a message (a 100 KB cell must not become a 100 KB message)
LIST_ITEMS = 20  # names or rows listed in one message


def cut(value: object, limit: int = ECHO_CHARS) -> str:
    """A value quoted in a message: at most `limit` characters, the rest as '…'."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def listed(names: list[str], limit: int = LIST_ITEMS, each: int = 40) -> str:
    """'a, b, c' for at most `limit` names of at most `each` characters, then 'y N más'."""
    shown = ", ".join(cut(n, each) for n in names[:limit])
    return shown + (f" y {len(names) - limit} más" if len(names) > limit else "")


def listed_rows(rows: list[int], limit: int = LIST_ITEMS) -> str:
    """'2 y 5', '2, 3 y 4', or the first `limit` rows and 'y N más'."""
    if len(rows) > limit:
        return listed([str(r) for r in rows], limit)
    return ", ".join(str(n) for n in rows[:-1]) + f" y {rows[-1]}"


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
