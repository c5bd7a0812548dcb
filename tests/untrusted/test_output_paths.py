"""CLI output files (-o) land in the folder the reviewer chose and nowhere else.

Article data that looks like a path ("../../etc/passwd", absolute paths, NUL
bytes) never influences where a file is written; a failed write leaves nothing
behind (no temporary file either).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from poemsreader.core.model import Anchor, ArticleRecord, Author, Quad
from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.library import Library
from tests.pdfgen import ArticleSpec, make_article

REPO = Path(__file__).resolve().parents[2]
PATHLIKE = ["../../escaped", "/tmp/escaped-abs", "..\\..\\win", "x\x00y", "~/home-escape"]


def _files(folder: Path) -> set[Path]:
    return {p.relative_to(folder) for p in folder.rglob("*")}


def _cli(cwd: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(home), "PYTHONPATH": str(REPO / "src")}
    return subprocess.run(
        [sys.executable, "-m", "poemsreader", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def hostile_library(tmp_path: Path) -> Path:
    """References, an article with its PDF, and findings, all named like paths."""
    root = tmp_path / "library"
    records = [
        ArticleRecord(
            title=name, authors=[Author(name, name)], year=2013, journal=name, doi=f"10.1/{n}"
        )
        for n, name in enumerate(PATHLIKE)
    ]
    pdf = make_article(
        tmp_path / "source.pdf", ArticleSpec(title="../../escaped", authors="Dot Dot, Slash Slash")
    )
    with Library(root) as library:
        library.references.import_records(records)
        added = library.articles.add_pdf(inspect_pdf(pdf))
        for n, name in enumerate(PATHLIKE):
            anchor = Anchor(page_index=0, quote=name, quads=[Quad(72, 100, 300, 111)])
            library.findings.create(
                added.article_id,
                [anchor],
                statement=name,
                topics=[name.replace("\x00", "")],
                tags=[f"tag{n}"],
                comment=name,
            )
    pdf.unlink()
    return root


def _pdf_key(library_root: Path) -> str:
    with Library(library_root) as library:
        return next(row.key for row in library.articles.rows() if row.has_pdf)


EXPORTS = {
    **{f"refs-{fmt}": ["refs", "export", "--format", fmt] for fmt in ("bib", "ris", "csljson")},
    **{
        f"digest-{fmt}": ["digest", "--quotes", "--comments"]
        for fmt in ("md", "html", "docx", "odt")
    },
    "share-json": ["share", "export"],
    "pdf-pdf": ["pdf", "export", "{key}"],
}


@pytest.mark.parametrize("export", sorted(EXPORTS))
def test_exports_write_only_the_chosen_file(
    hostile_library: Path, tmp_path: Path, export: str
) -> None:
    work, home, chosen = tmp_path / "cwd", tmp_path / "home", tmp_path / "chosen"
    for folder in (work, home, chosen):
        folder.mkdir()
    library_before = _files(hostile_library)
    outside_before = _files(tmp_path) - {Path("library") / p for p in library_before}
    target = chosen / f"export.{export.rsplit('-', 1)[1]}"
    key = _pdf_key(hostile_library) if export == "pdf-pdf" else ""
    command = [part.format(key=key) for part in EXPORTS[export]]
    result = _cli(work, home, "--library", str(hostile_library), *command, "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert target.stat().st_size > 0
    assert _files(chosen) == {Path(target.name)}
    assert _files(work) == set() and _files(home) == set()
    outside_after = {p for p in _files(tmp_path) if p.parts[0] != "library"}
    assert outside_after - outside_before == {Path("chosen") / target.name}
    assert not Path("/tmp/escaped-abs").exists()


def test_export_into_a_missing_folder_fails_in_one_line(
    hostile_library: Path, tmp_path: Path
) -> None:
    work, home = tmp_path / "cwd", tmp_path / "home"
    work.mkdir()
    home.mkdir()
    target = tmp_path / "no" / "such" / "refs.bib"
    result = _cli(
        work,
        home,
        "--library",
        str(hostile_library),
        "refs",
        "export",
        "--format",
        "bib",
        "-o",
        str(target),
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "no").exists()
    assert _files(work) == set()
