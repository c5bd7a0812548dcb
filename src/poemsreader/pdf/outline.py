"""The cheap facts about a document: outline (table of contents), page labels, page sizes.

The page labels shown are the /PageLabels (`pdf/page_labels.read_page_labels`) where they
name a page, else the PDF page number (`core.printed_pages.viewer_labels`).

The render worker computes them (`describe_document`) so that the window's
process needs no pymupdf at all; the types here import none either.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from poemsreader.core.errors import PdfUnreadable
from poemsreader.core.printed_pages import viewer_labels
from poemsreader.pdf.render_geometry import PageGeometry

if TYPE_CHECKING:
    import pymupdf


@dataclass(frozen=True)
class OutlineEntry:
    level: int  # 1 = top level
    title: str
    page_index: int  # -1 when the entry points nowhere in this document


def read_outline(doc: pymupdf.Document) -> list[OutlineEntry]:
    try:
        toc = doc.get_toc(simple=True)
    except Exception:
        return []
    return [OutlineEntry(level, title.strip(), number - 1) for level, title, number in toc]


@dataclass(frozen=True)
class DocumentInfo:
    """The cheap facts the reader needs before anything is rendered."""

    path: Path
    page_count: int
    geometries: list[PageGeometry]
    labels: list[str]
    outline: list[OutlineEntry]


def describe_document(path: Path, password: str | None = None) -> DocumentInfo:
    """Open, read sizes, labels and outline, close. Raises PdfUnreadable / PdfEncrypted."""
    from poemsreader.pdf.opening import open_document

    doc = open_document(path, password)
    try:
        return describe_open_document(path, doc)
    finally:
        doc.close()


def describe_open_document(path: Path, doc: Any) -> DocumentInfo:
    """The facts of an already open pymupdf Document (raises PdfUnreadable)."""
    from poemsreader.pdf.page_labels import read_page_labels
    from poemsreader.pdf.render import page_geometries

    try:
        return DocumentInfo(
            path=path,
            page_count=doc.page_count,
            geometries=page_geometries(doc),
            labels=viewer_labels(read_page_labels(doc), doc.page_count),
            outline=read_outline(doc),
        )
    except Exception as error:
        raise PdfUnreadable(
            f"{path.name}: the PDF is damaged and cannot be read ({error})."
        ) from error
