"""Selections as the reader would hand them over, built from a generated or corpus PDF."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from poemsreader.core.anchors import anchor_from_selection
from poemsreader.core.model import Anchor, Quad, SelectedPassage
from poemsreader.pdf.document import open_document, page_text, sha256_of


def select_text(path: Path, page_index: int, text: str, occurrence: int = 0) -> SelectedPassage:
    """The passage `text` on the page, with the quads PyMuPDF finds for it."""
    with pymupdf.open(path) as doc:
        hits = doc[page_index].search_for(text, quads=False)
    if not hits:
        raise AssertionError(f"{text!r} is not on page {page_index}")
    # search_for returns one rect per line: group them by occurrence, one line each here
    rect = hits[occurrence]
    return SelectedPassage(page_index, (Quad(rect.x0, rect.y0, rect.x1, rect.y1),), text)


def anchor_for(path: Path, page_index: int, text: str, occurrence: int = 0) -> Anchor:
    passage = select_text(path, page_index, text, occurrence)
    doc = open_document(path)
    try:
        page = page_text(doc, page_index)
        height = doc[page_index].rect.height
    finally:
        doc.close()
    return anchor_from_selection(passage, page, sha256_of(path), page_height=height)
