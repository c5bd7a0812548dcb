"""Shared test configuration: offscreen Qt, the shared corpus, temporary libraries."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("POEMSREADER_LIBRARY", None)

from poemsreader.pdf.worker_channel import CHANNEL_ENV, PORTABLE, POSIX, posix_link_possible
from poemsreader.services.library import Library
from tests.pdfgen import ArticleSpec, make_article

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("POEMSREADER_CORPUS", REPO.parent / "shared" / "corpus"))


def corpus_path(*parts: str) -> Path:
    """A file of the shared corpus, or skip the test with the reason."""
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs the shared corpus ({path} is absent)")
    return path


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"needs the shared corpus at {CORPUS}")
    return CORPUS


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    lib = Library(tmp_path / "library")
    yield lib
    lib.close()


@pytest.fixture
def article_pdf(tmp_path: Path) -> Path:
    """A generated two-column article with printed page numbers 207–210."""
    return make_article(tmp_path / "royer.pdf", ArticleSpec())


@pytest.fixture(params=[POSIX, PORTABLE])
def each_worker_channel(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test once with each render-worker link (pdf/worker_channel.py): the posix
    one where this system has it, and the portable one that Windows and macOS use."""
    kind = request.param
    if kind == POSIX and not posix_link_possible():
        pytest.skip("the posix worker link is not possible on this system")
    monkeypatch.setenv(CHANNEL_ENV, kind)
    return kind
