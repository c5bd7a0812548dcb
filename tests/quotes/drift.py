"""A library whose PDF was replaced by a copy with one sentence reworded."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from poemsreader.core.model import Anchor, FindingRecord
from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.library import Library
from tests.pdfgen import ArticleSpec, make_article

KEPT = "Radiation therapy is a good option for patients with three or fewer bone lesions"
DRIFTING = "Lenalidomide is effective at treating patients who relapse after autologous"
REWORDED = "Lenalidomide was effective in treating patients who relapsed after autologous"
FILLER = "Castleman disease may accompany the syndrome in a minority of patients. " * 6


def _pages(second_sentence: str) -> list[list[str]]:
    body = f"{FILLER}{KEPT} and a negative marrow. {second_sentence} stem cell transplantation. "
    return [[f"Page one. {FILLER}", FILLER], [body, FILLER]]


@dataclass
class DriftLibrary:
    article_id: int
    steady: str  # finding uuid whose quote still holds
    drifting: str  # finding uuid whose quote no longer holds
    pdf: Path  # the stored PDF


def _finding(library: Library, article_id: int, quote: str) -> str:
    text = library.findings.page_text(article_id, 1)
    start = text.index(quote)
    anchor = Anchor(
        page_index=1,
        quote=quote,
        prefix=text[max(0, start - 32) : start],
        suffix=text[start + len(quote) : start + len(quote) + 32],
        start=start,
        end=start + len(quote),
        document_sha256=library.findings.document_sha256(article_id),
    )
    record = FindingRecord(statement=f"About: {quote[:20]}", quote=quote, anchors=[anchor])
    library.findings.create_record(article_id, record)
    return record.uuid


def drift_library(library: Library, folder: Path) -> DriftLibrary:
    original = make_article(
        folder / "original.pdf", ArticleSpec(page_count=2, pages=_pages(DRIFTING))
    )
    article_id = library.articles.add_pdf(inspect_pdf(original)).article_id
    steady = _finding(library, article_id, KEPT)
    drifting = _finding(library, article_id, DRIFTING)
    stored = library.articles.pdf_path(article_id)
    assert stored is not None
    make_article(folder / "replaced.pdf", ArticleSpec(page_count=2, pages=_pages(REWORDED)))
    stored.write_bytes((folder / "replaced.pdf").read_bytes())
    return DriftLibrary(article_id, steady, drifting, stored)
