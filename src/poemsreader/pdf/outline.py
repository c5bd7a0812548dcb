"""The cheap facts about a document: outline (table of contents), page labels, page sizes.

The render worker computes them (`describe_document`) so that the window's
process needs no pymupdf at all; the types here import none either.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from poemsreader.core.errors import PdfUnreadable
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


def page_labels(doc: pymupdf.Document) -> list[str]:
    """Each page's printed label; '1'..'n' when the PDF has none (or they are broken)."""
    count = doc.page_count
    try:
        if doc.get_page_labels():
            labels = [doc[i].get_label() for i in range(count)]
            if any(labels):
                return [label or str(i + 1) for i, label in enumerate(labels)]
    except Exception:
        pass
    return [str(i + 1) for i in range(count)]


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
    from poemsreader.pdf.render import page_geometries

    try:
        return DocumentInfo(
            path=path,
            page_count=doc.page_count,
            geometries=page_geometries(doc),
            labels=page_labels(doc),
            outline=read_outline(doc),
        )
    except Exception as error:
        raise PdfUnreadable(
            f"{path.name}: the PDF is damaged and cannot be read ({error})."
        ) from error
