"""The DOCX and ODT digests as LibreOffice prints them: converted to PDF, read back.

Skipped when LibreOffice (`soffice`) is not installed. Each file is converted with
`soffice --headless --convert-to pdf` in a private profile; the PDF must hold every
finding with its citation on one line, the topics as its outline, A4 pages, and
the title and reviewer in its properties.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pymupdf
import pytest

from poemsreader.digest.export import write_digest
from poemsreader.digest.model import DigestOptions
from tests.digest.mirror import EXPECTED_CITATIONS, TOPIC_ORDER, Mirror

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
]
A4 = (595, 842)  # points


def _to_pdf(source: Path, workdir: Path) -> Path:
    profile = (workdir / "profile").as_uri()
    subprocess.run(
        [str(SOFFICE), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(workdir / "pdf"), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return workdir / "pdf" / f"{source.stem}.pdf"


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_libreoffice_prints_text_and_outline(
    fresh_mirror: Mirror, tmp_path: Path, fmt: str
) -> None:
    mirror = fresh_mirror
    mirror.library.reviewers.set_me("Ann Reviewer")
    digest = mirror.library.digest.build(options=DigestOptions(quotes=True, paper="a4"))
    source = write_digest(digest, fmt, tmp_path / f"digest-{fmt}.{fmt}")
    with pymupdf.open(_to_pdf(source, tmp_path)) as pdf:
        outline = [(level, title) for level, title, _page in pdf.get_toc()]
        lines = [
            " ".join(line.replace("\xa0", " ").split())
            for page in pdf
            for line in page.get_text().splitlines()
        ]
        size = (round(pdf[0].rect.width), round(pdf[0].rect.height))
        properties = pdf.metadata
    assert outline == [(1, title) for title in [*TOPIC_ORDER, "References"]]
    citations = [c for cited in EXPECTED_CITATIONS.values() for c in cited]
    for citation in citations:  # each citation whole on one line
        assert any(citation in line for line in lines), citation
    assert " ".join(lines).startswith("2013 articles about POEMS syndrome 24 January 2014")
    assert size == A4
    assert properties["title"] == "2013 articles about POEMS syndrome"
    assert properties["author"] == "Ann Reviewer"
