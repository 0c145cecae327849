"""The encoding of a whole text file, checked row by row in bounded memory: UTF-8 or cp1252, never a mix."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from datasets.messages import cut
from datasets.schemas import Problem

BLOCK = 16 << 20
# Text converted to UTF-8 twice ('PEÃ‘A', 'MÃ©XICO', 'Â°'): Ã or Â followed by what cp1252/latin-1 make of a
# UTF-8 continuation byte (0x80-0xBF); and the replacement character left by a lossy conversion.
_CONTINUATION = "".join(sorted({bytes([b]).decode("latin-1") for b in range(0x80, 0xC0)} | {
    bytes([b]).decode("cp1252") for b in range(0x80, 0xC0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}))  # fmt: skip
MOJIBAKE = re.compile(f"[ÃÂ][{re.escape(_CONTINUATION)}]|\ufffd")
# A multi-byte UTF-8 sequence (Ñ, á, ü, €…): its presence makes a file "UTF-8 with bad rows", not cp1252
UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


class EncodingProblem(Exception):
    """The file's bytes cannot be one encoding; carries the problem with the row named."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def _line(lines_before: int, chunk: bytes | str, offset: int) -> int:
    newline = b"\n" if isinstance(chunk, bytes) else "\n"
    return lines_before + chunk[:offset].count(newline) + 1  # type: ignore[arg-type]


def _mojibake(text: str, lines_before: int) -> str:
    """Raise on double conversion in a block of text; returns what to put before the next block (a trailing Ã or
    Â whose partner starts the next block; never a newline, so row numbers stay those of this block)."""
    if text.isascii():  # the usual block of a data file: nothing to look for
        return ""
    found = MOJIBAKE.search(text)
    if found is None:
        return text[-1] if text[-1] in "ÃÂ" else ""
    row = _line(lines_before, text, found.start())
    start = text.rfind("\n", 0, found.start()) + 1
    excerpt = text[start : start + 80].split("\n", 1)[0]
    raise EncodingProblem(
        Problem(
            row,
            None,
            f"codificación incorrecta: texto convertido dos veces ({excerpt!r}); "
            "guarde el archivo de nuevo como CSV UTF-8",
        )
    )


def detect(path: Path) -> str:
    """'utf-8' (with or without BOM) or 'cp1252' for the whole file, reading it block by block."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    lines = 0
    carry = ""
    with path.open("rb") as fh:
        while block := fh.read(BLOCK):
            try:
                text = decoder.decode(block)
            except UnicodeDecodeError as exc:
                return _not_utf8(path, _line(lines, block, exc.start))
            carry = _mojibake(carry + text, lines)
            lines += block.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return _not_utf8(path, lines + 1)
    return "utf-8"


def _has_utf8(path: Path) -> bool:
    with path.open("rb") as fh:
        while block := fh.read(BLOCK):
            if UTF8_SEQUENCE.search(block) is not None:
                return True
    return False


def _not_utf8(path: Path, first_bad_row: int) -> str:
    """A file that is not UTF-8: cp1252 if no row of it is UTF-8 and it decodes as cp1252; else the mixed row."""
    if _has_utf8(path):
        raise EncodingProblem(
            Problem(
                first_bad_row,
                None,
                "codificación mezclada: esta fila no está en UTF-8 y otras filas del archivo sí; "
                "guarde todo el archivo con una sola codificación (CSV UTF-8)",
            )
        )
    lines = 0
    carry = ""
    with path.open("rb") as fh:
        while block := fh.read(BLOCK):
            try:
                text = block.decode("cp1252")
            except UnicodeDecodeError as exc:
                raise EncodingProblem(
                    Problem(
                        _line(lines, block, exc.start),
                        None,
                        "codificación no reconocida: bytes inválidos en UTF-8 y en Latin-1/cp1252; "
                        "guarde el archivo como CSV UTF-8",
                    )
                ) from None
            carry = _mojibake(carry + text, lines)
            lines += block.count(b"\n")
    return "cp1252"


def double_converted(frame: pd.DataFrame) -> list[Problem]:
    """Cells of a workbook or Parquet batch holding text converted to UTF-8 twice: the first row of each column."""
    problems = []
    for name in frame.columns:
        cells = frame[name]
        text = pa.array(cells.astype("str"))
        if pc.all(pc.string_is_ascii(text)).as_py() is not False:  # most columns: codes, numbers, dates
            continue
        hit = np.flatnonzero(pc.match_substring_regex(text, MOJIBAKE.pattern).to_numpy(zero_copy_only=False))
        if len(hit):
            problems.append(
                Problem(
                    int(frame.index[hit[0]]) + 2,
                    str(name),
                    f"codificación incorrecta: texto convertido dos veces ('{cut(cells.iat[hit[0]])}'); "
                    "corrija esas letras en el archivo",
                )
            )
    return sorted(problems, key=lambda p: (p.fila or 0, p.columna or ""))[:20]
