"""The demo library's digest exports at once, in every format, with printed-page citations."""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from poemsreader.core.demo_content import DEMO_ARTICLES
from poemsreader.services.demo import build_demo_library
from poemsreader.services.library import Library

model = pytest.importorskip("poemsreader.digest.model", reason="needs the digest")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    library = Library(tmp_path_factory.mktemp("demo-digest") / "library")
    build_demo_library(library)
    yield library
    library.close()


def exported_text(path: Path) -> str:
    """The document's text as a reader sees it: markup, links and no-break spaces aside."""
    if path.suffix in (".docx", ".odt"):
        member = "word/document.xml" if path.suffix == ".docx" else "content.xml"
        with zipfile.ZipFile(path) as archive:
            text = archive.read(member).decode("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    if path.suffix != ".md":
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
    text = re.sub(r"\[([^\]]*)\]\(<[^>]*>\)", r"\1", text)  # Markdown links: their text
    return text.replace("\xa0", " ")


@pytest.mark.parametrize("fmt", model.FORMATS)
def test_digest_exports_in_every_format(demo: Library, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"digest.{fmt}"
    digest = demo.digest.export(out, fmt, model.DigestFilter(), model.DigestOptions())
    # A finding filed under two topics appears under each.
    assert digest.bullet_count == sum(len(f.topics) for a in DEMO_ARTICLES for f in a.findings)
    text = exported_text(out)
    for expected in ("(Humeniuk 2013 p.72)", "(Royer 2013 p.209)", "(Keyzner 2013 p.1396)"):
        assert expected in text, f"{expected} missing from the {fmt} digest"
    assert "Imaging" in text and "Treatment" in text
    assert "Humeniuk MS" in text and "68-73" in text.replace("–", "-")


def test_cli_digest_of_the_demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from poemsreader.cli import main

    folder = tmp_path / "demo"
    assert main(["--library", str(folder), "demo"]) == 0
    out = tmp_path / "digest.md"
    assert main(["--library", str(folder), "digest", "-o", str(out)]) == 0
    assert "(Humeniuk 2013 p.72)" in out.read_text(encoding="utf-8")
