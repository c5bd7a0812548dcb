"""The normalised text of every page of a PDF as it is now (for checking stored quotes)."""

from __future__ import annotations

from pathlib import Path

from poemsreader.pdf.document import page_text
from poemsreader.pdf.opening import open_document


def read_page_texts(path: Path) -> list[str]:
    """Each page's normalised text ('' for a page whose text cannot be extracted)."""
    doc = open_document(path)
    try:
        texts = []
        for index in range(doc.page_count):
            try:
                texts.append(page_text(doc, index))
            except (RuntimeError, ValueError):  # a damaged page: pymupdf's errors
                texts.append("")
        return texts
    finally:
        doc.close()
