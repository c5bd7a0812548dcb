"""Opening PDFs and reading the facts the library records about them.

The only package that imports pymupdf. Every failure becomes one of the core's
PdfError subclasses with a sentence the reviewer can act on.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from poemsreader.core.model import ArticleRecord
from poemsreader.core.text import find_pmid, normalise, text_hash
from poemsreader.pdf.extract_metadata import guess_record
from poemsreader.pdf.opening import open_document
from poemsreader.pdf.page_labels import page_labels_of, read_page_labels

__all__ = ["PdfFacts", "inspect_pdf", "open_document", "page_text", "sha256_of"]

pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)

PMID_SCAN_PAGES = 2


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def pdf_id_halves(doc: pymupdf.Document) -> tuple[str, str]:
    """The two halves of the trailer /ID, as hex ('' when absent)."""
    try:
        kind, value = doc.xref_get_key(-1, "ID")
    except Exception:
        return "", ""
    if kind != "array" or not value:
        return "", ""
    parts = [p.strip("<> ") for p in value.strip("[]").split(">")]
    halves = [p.strip("<").strip() for p in parts if p.strip("<").strip()]
    halves += ["", ""]
    return halves[0].lower(), halves[1].lower()


@dataclass
class PdfFacts:
    """What the library stores about a PDF file when it is added."""

    path: Path
    sha256: str
    pdf_id0: str
    pdf_id1: str
    page_count: int
    page_labels: list[str]
    page_texts: list[str]
    metadata_title: str = ""
    metadata_author: str = ""
    metadata_date: str = ""
    doi: str = ""
    pmid: str = ""
    failed_pages: list[int] = field(default_factory=list)
    # Title, authors and year guessed from the metadata and the printed first page.
    guessed: ArticleRecord = field(default_factory=ArticleRecord)

    # Filled by inspect_pdf (in the worker process, so the UI process need not hash).
    text_hashes: list[str] = field(default_factory=list)
    # The label a reader cites for each page, where it came from, and any doubt about it.
    printed_labels: list[str] = field(default_factory=list)
    label_source: str = ""
    label_note: str = ""

    @property
    def page_text_hashes(self) -> list[str]:
        return self.text_hashes or [text_hash(t) for t in self.page_texts]

    @property
    def has_text(self) -> bool:
        return any(len(t) > 20 for t in self.page_texts)


def page_text(doc: pymupdf.Document, index: int) -> str:
    return normalise(doc[index].get_text("text", sort=False))


def _hash_normalised(text: str) -> str:
    """text_hash() of text that is already normalised (normalise is idempotent)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _first_page(doc: pymupdf.Document) -> tuple[pymupdf.Page, pymupdf.TextPage, str] | None:
    """Page 1, its text page (built once, read twice) and its text; None when broken."""
    try:
        page = doc[0]
        textpage = page.get_textpage()
        return page, textpage, normalise(page.get_text("text", sort=False, textpage=textpage))
    except Exception:
        return None


def _page_texts(doc: pymupdf.Document, first_text: str | None) -> tuple[list[str], list[int]]:
    """Every page's text ('' for a page that cannot be read) and the unreadable pages."""
    texts: list[str] = []
    failed: list[int] = []
    for index in range(doc.page_count):
        if index == 0 and first_text is not None:
            texts.append(first_text)
            continue
        try:
            texts.append(page_text(doc, index))
        except Exception:
            texts.append("")
            failed.append(index)
    return texts, failed


def inspect_pdf(path: Path, password: str | None = None) -> PdfFacts:
    """Open, fingerprint and extract the text of every page (slow: run in a worker)."""
    sha = sha256_of(path)
    doc = open_document(path, password)
    try:
        id0, id1 = pdf_id_halves(doc)
        first = _first_page(doc)
        texts, failed = _page_texts(doc, first[2] if first else None)
        guessed = guess_record(doc, path.stem, first[:2] if first else None, texts)
        meta = doc.metadata or {}
        head = " ".join(texts[:PMID_SCAN_PAGES])
        pdf_labels = read_page_labels(doc)
        printed = page_labels_of(doc, pdf_labels)
        return PdfFacts(
            path=path,
            sha256=sha,
            pdf_id0=id0,
            pdf_id1=id1,
            page_count=doc.page_count,
            page_labels=pdf_labels,
            page_texts=texts,
            metadata_title=(meta.get("title") or "").strip(),
            metadata_author=(meta.get("author") or "").strip(),
            metadata_date=(meta.get("creationDate") or "").strip(),
            doi=guessed.doi,
            pmid=find_pmid(head),
            failed_pages=failed,
            guessed=guessed,
            text_hashes=[_hash_normalised(t) for t in texts],
            printed_labels=printed.labels,
            label_source=printed.source.value,
            label_note=printed.note,
        )
    finally:
        doc.close()
