"""House conventions that can silently rot: no machine paths, provenance beside data, schemas for every dataset."""

from __future__ import annotations

import re
from pathlib import Path

from datasets.schemas import DATASETS

ROOT = Path(__file__).resolve().parents[2]
MACHINE_PATH = re.compile(r"/(?:work|root|home)/[\w.]")
SOURCE_DIRS = ("dashboard", "layouts", "callbacks", "geodata", "datasets", "tests", "benchmarks", "docs", "scripts")
TEXT = {".py", ".md", ".toml", ".cfg", ".sh", ".js", ".css", ".txt"}


def _text_files() -> list[Path]:
    files = [ROOT / name for name in ("README.md", "Makefile", "Procfile", "pyproject.toml", "gunicorn.conf.py")]
    for folder in SOURCE_DIRS:
        files += [p for p in (ROOT / folder).rglob("*") if p.suffix in TEXT and "__pycache__" not in p.parts]
    return [p for p in files if p.is_file()]


def test_no_path_of_a_developer_machine_in_the_repo() -> None:
    offenders = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in _text_files()
        for n, line in enumerate(p.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
        if MACHINE_PATH.search(line)
    ]
    assert offenders == []


def test_every_data_folder_has_its_provenance() -> None:
    for folder in ("geodata", "datasets/reference"):
        text = (ROOT / folder / "PROVENANCE.md").read_text(encoding="utf-8")
        assert "sha256" in text and ("Licencia" in text or "Licence" in text or "licence" in text)


def test_every_dataset_has_a_schema_and_a_table() -> None:
    from dashboard import db

    tables = {t.name for t in db.metadata.sorted_tables}
    for name in ("units", "registry", "staffing", "committees", "committee_spending"):
        assert name in DATASETS
        assert name in tables
