"""The export service against the demo data: sizes, vectors, data files, sentences, concurrency and the routes."""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from dashboard.export import data, files, service
from tests.export_support import demo_database, export_app

FECHA = "2024-06-28"


@pytest.fixture(scope="session")
def demo_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The demo dataset in a temporary SQLite file (built once per session)."""
    yield from demo_database(tmp_path_factory.mktemp("prensa") / "demo.sqlite")


@pytest.fixture(scope="module")
def client(demo_engine: Engine) -> Any:
    return export_app(str(demo_engine.url)).server.test_client()


def png_size(content: bytes) -> tuple[int, int]:
    assert content[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", content[16:24])


@pytest.mark.parametrize(("tamano", "pixels"), [("cuadrado", (1080, 1080)), ("horizontal", (1920, 1080)),
                                                ("impresion", (3840, 2160))])  # fmt: skip
def test_png_sizes(demo_engine: Engine, tamano: str, pixels: tuple[int, int]) -> None:
    chart = files.chart_for(demo_engine, "mapa-nacional", {"fecha": FECHA})
    assert png_size(files.render(chart, "png", demo=True, tamano=tamano).content) == pixels


@pytest.mark.parametrize(("preset", "box"), [("mapa-nacional", (792, 612)), ("embudo-comites", (612, 792))])
def test_pdf_is_letter(demo_engine: Engine, preset: str, box: tuple[int, int]) -> None:
    import io

    from pypdf import PdfReader

    chart = files.chart_for(demo_engine, preset, {"fecha": FECHA})
    reader = PdfReader(io.BytesIO(files.render(chart, "pdf", demo=True).content))
    assert len(reader.pages) == 1
    media = reader.pages[0].mediabox
    assert (round(float(media.width)), round(float(media.height))) == box


def _svg_texts(svg: str) -> str:
    return " ".join(re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S))


@pytest.mark.parametrize("preset", ["mapa-nacional", "mapa-municipal"])
def test_svg_map_is_vector_with_texts(demo_engine: Engine, preset: str) -> None:
    chart = files.chart_for(demo_engine, preset, {"fecha": FECHA, "estado": "15"})
    svg = files.render(chart, "svg", demo=True).content.decode()
    texts = _svg_texts(svg)
    assert chart.title in texts and "Cifras al 28 de junio de 2024" in texts
    assert "Datos de demostración" in texts and "INEGI" in texts
    assert svg.count("<path") > 30 and "<image" not in svg


@pytest.mark.parametrize("preset", ["mapa-nacional", "ranking-estatal", "serie-nacional", "canales-registro",
                                    "embudo-comites", "mapa-municipal"])  # fmt: skip
def test_csv_and_xlsx_are_the_drawn_numbers(demo_engine: Engine, preset: str) -> None:
    chart = files.chart_for(demo_engine, preset, {"fecha": FECHA, "estado": "15"})
    csv = data.read_csv(files.render(chart, "csv", demo=True).content)
    xlsx = data.read_xlsx(files.render(chart, "xlsx", demo=True).content)
    assert list(csv.columns) == list(chart.frame.columns) == list(xlsx.columns)
    assert len(csv) == len(chart.frame) == len(xlsx)
    col = chart.frame.columns[-1] if chart.frame.columns[-1] != "situacion" else chart.frame.columns[-2]
    drawn = _drawn(chart.figure)
    shown = chart.frame[col].dropna().round(6).tolist()
    assert sorted(drawn) == sorted(shown)
    assert csv[col].dropna().round(6).tolist() == xlsx[col].dropna().round(6).tolist() == shown


def _drawn(fig: dict[str, Any]) -> list[float]:
    trace = fig["data"][0]
    key = (
        "z"
        if trace["type"] == "choropleth"
        else "x"
        if trace.get("orientation") == "h" or trace["type"] == "funnel"
        else "y"
    )
    return [round(float(v), 6) for v in trace[key] if v is not None and v == v]


def test_registry_sentence_reads_as_the_bulletin(demo_engine: Engine) -> None:
    chart = files.chart_for(demo_engine, "canales-registro", {"fecha": FECHA})
    assert chart.sentence == (
        "Al 28 de junio de 2024 se han registrado 9.5 millones de personas en 23 estados: 164 mil registros en "
        "módulos de afiliación, 559 mil mediante autorregistro en línea y 8.9 millones al cruzar bases de datos de "
        "Programas de Bienestar."
    )
    for words in ("Gráfica de barras", "28 de junio de 2024", "164 mil", "9.5 millones"):
        assert words in chart.alt


def test_sixteen_concurrent_exports_each_get_their_own_image(demo_engine: Engine) -> None:
    charts = []
    for i in range(16):
        c = files.chart_for(demo_engine, ("ranking-estatal", "mapa-nacional")[i % 2], {"fecha": FECHA})
        c.title = f"Gráfica número {i:02d}"
        charts.append(c)

    def svg(i: int) -> str:
        return files.render(charts[i], "svg", demo=True).content.decode()

    def png(i: int) -> tuple[int, int]:
        from dashboard.export.decorate import Size, decorate

        size = Size("x", "x", 400 + 10 * i, 300 + 10 * i)
        fig = decorate(charts[i], size, demo=True)
        return png_size(service.render(fig, "png", size.width, size.height))

    with ThreadPoolExecutor(16) as pool:
        svgs = list(pool.map(svg, range(16)))
        pngs = list(pool.map(png, range(16)))
    for i, text in enumerate(svgs):
        assert re.findall(r"Gráfica número \d\d", _svg_texts(text)) == [f"Gráfica número {i:02d}"]
    assert pngs == [(400 + 10 * i, 300 + 10 * i) for i in range(16)]


def test_dead_browser_is_restarted(demo_engine: Engine) -> None:
    import os
    import signal
    import subprocess

    chart = files.chart_for(demo_engine, "embudo-comites", {"fecha": FECHA})
    files.render(chart, "svg", demo=False)
    kids = subprocess.run(["pgrep", "-P", str(os.getpid())], capture_output=True, text=True).stdout.split()
    kids = [
        k
        for k in kids
        if "chor" in Path(f"/proc/{k}/cmdline").read_text() or "chrom" in Path(f"/proc/{k}/cmdline").read_text()
    ]
    if not kids:
        pytest.skip("no se encontró el proceso del navegador")
    for pid in kids:
        os.kill(int(pid), signal.SIGKILL)
    before = service.stats["restarts"]
    assert b"<svg" in files.render(chart, "svg", demo=False).content
    assert service.stats["restarts"] == before + 1


def test_route_png_with_spanish_file_name(client: Any) -> None:
    resp = client.get(f"/exportar/mapa-nacional.png?fecha={FECHA}&metrica=cobertura_registro&tamano=cuadrado")
    assert resp.status_code == 200 and resp.mimetype == "image/png"
    assert png_size(resp.data) == (1080, 1080)
    assert 'filename="mapa-cobertura-registro-2024-06-28.png"' in resp.headers["Content-Disposition"]
    assert resp.headers["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "txt", "svg", "pdf"])
def test_route_formats(client: Any, fmt: str) -> None:
    resp = client.get(f"/exportar/serie-nacional.{fmt}?fecha={FECHA}&estado=15")
    assert resp.status_code == 200
    assert "serie-personas-registradas-mexico-2024-06-28." + fmt in resp.headers["Content-Disposition"]


@pytest.mark.parametrize("url", ["/exportar/nada.png", "/exportar/mapa-nacional.gif", "/exportar/mapa-nacional"])
def test_route_404(client: Any, url: str) -> None:
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("query", "words"),
    [("fecha=2024-13-01", "Fecha no válida"), ("fecha=2031-01-01", "posterior"), ("estado=99", "Estado desconocido"),
     ("metrica=drop%20table", "Métrica no disponible")],
)  # fmt: skip
def test_route_400_in_spanish(client: Any, query: str, words: str) -> None:
    resp = client.get(f"/exportar/mapa-nacional.png?{query}")
    assert resp.status_code == 400 and words in resp.get_data(as_text=True)


def test_conflicts_for_a_contradicted_figure(demo_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    import pandas as pd

    from dashboard.export import conflicts
    from dashboard.queries import published

    real = published.check_published(demo_engine)
    fake = real.copy()
    r1 = fake["fact_id"] == "R1"
    fake.loc[r1, "status"] = "difiere"
    fake.loc[r1, "dashboard"] = 9_700_000.0
    monkeypatch.setattr(published, "check_published", lambda engine: pd.DataFrame(fake))
    out = conflicts.conflicts_for("serie-nacional", date(2024, 6, 28), None, demo_engine)
    assert len(out) == 1 and out[0].startswith("R1") and "9.7 millones" in out[0] and "9.5 millones" in out[0]
    assert conflicts.conflicts_for("serie-nacional", date(2024, 6, 1), None, demo_engine) == []
    assert conflicts.conflicts_for("embudo-comites", date(2024, 6, 28), None, demo_engine) == []


def test_press_room_page_renders(client: Any) -> None:
    assert client.get("/prensa?grafica=canales-registro&fecha=2024-06-28").status_code == 200
    assert Path(service.topojson_url().removeprefix("file://")).joinpath("world_110m.json").exists()
