"""The page registry and URL matching: path templates like '/estado/<cve_ent>' to layout modules."""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from types import ModuleType
from typing import Any
from urllib.parse import parse_qsl, urlencode


class NotFound(Exception):
    """A URL names a state, municipality or unit that does not exist."""

    def __init__(self, mensaje: str) -> None:
        super().__init__(mensaje)
        self.mensaje = mensaje


@dataclass(frozen=True)
class Page:
    path: str  # '/', '/registro', '/estado/<cve_ent>'
    module: str  # 'layouts.panorama': defines layout(**params) and skeleton()
    title: str
    nav: str | None = None  # label in the navigation bar; None: not in the bar
    dated: bool = False  # shows the data at ?fecha=AAAA-MM-DD: links to it carry the current date

    @property
    def pattern(self) -> re.Pattern[str]:
        regex = re.sub(r"<(\w+)>", r"(?P<\1>[^/]+)", self.path.rstrip("/") or "/")
        return re.compile(f"^{regex}/?$")

    def match(self, pathname: str) -> dict[str, str] | None:
        if not isinstance(pathname, str):
            return None
        m = self.pattern.match(pathname or "/")
        return None if m is None else m.groupdict()

    @property
    def nav_id(self) -> str:
        """Id of its link in the navigation bar: 'nav-inicio', 'nav-registro', …"""
        return "nav-" + (self.path.strip("/").split("/")[0] or "inicio")

    def load(self) -> ModuleType:
        return importlib.import_module(self.module)


PAGES: tuple[Page, ...] = (
    Page("/", "layouts.panorama", "Panorama nacional", "Panorama", dated=True),
    Page("/registro", "layouts.registro", "Credencialización", "Credencialización", dated=True),
    Page("/personal", "layouts.personal", "Personal de salud", "Personal", dated=True),
    Page("/comites", "layouts.comites", "Comités — La Clínica es Nuestra", "Comités", dated=True),
    Page("/estado/<cve_ent>", "layouts.estado", "Estado", dated=True),
    Page("/unidad/<clues>", "layouts.unidad", "Unidad de salud", dated=True),
    Page("/datos", "layouts.datos", "Datos y fuentes", "Datos"),
    Page("/prensa", "layouts.prensa", "Sala de prensa", "Prensa", dated=True),
    Page("/boletines", "layouts.boletines", "Cifras publicadas", "Boletines"),
)


def available_pages() -> tuple[Page, ...]:
    """Pages whose layout module exists (lets the app run while pages are being built)."""
    out = []
    for page in PAGES:
        try:
            page.load()
        except ModuleNotFoundError as exc:
            if exc.name != page.module:
                raise
            continue
        out.append(page)
    return tuple(out)


def resolve(pathname: str, pages: tuple[Page, ...]) -> tuple[Page, dict[str, str]] | None:
    for page in pages:
        params = page.match(pathname)
        if params is not None:
            return page, params
    return None


def parse_query(search: str | None) -> dict[str, str]:
    """'?metrica=x&fecha=2024-06-28' -> {'metrica': 'x', 'fecha': '2024-06-28'} (first value wins, max 20 keys)."""
    out: dict[str, str] = {}
    if not isinstance(search, str):
        return out
    for key, value in parse_qsl(search[:4000].lstrip("?"), keep_blank_values=False)[:20]:
        out.setdefault(key[:40], value[:200])
    return out


def pick(value: Any, allowed: Any, default: Any) -> Any:
    """value when it is a string among the allowed ones (URL and callback input is untrusted), else default."""
    return value if isinstance(value, str) and value in allowed else default


def build_query(values: dict[str, Any]) -> str:
    """Drop empty values; '' when nothing is left."""
    clean = {k: str(v) for k, v in values.items() if v not in (None, "", [])}
    return ("?" + urlencode(clean)) if clean else ""


def href(path: str, **params: Any) -> str:
    """An internal link with its query string: href('/estado/20', fecha='2024-03-15') -> '/estado/20?fecha=2024-03-15'."""
    return path + build_query(params)
