"""Opening a PDF with every failure turned into a sentence the reviewer can act on.

Apart from pymupdf this imports only the core's errors: the render workers open
documents with it, and every import they make delays the first page.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf

from poemsreader.core.errors import PdfEncrypted, PdfUnreadable

PDF_MAGIC = b"%PDF-"
EOF_TAIL = 2048


def _ends_with_eof(path: Path) -> bool:
    """A complete PDF ends with %%EOF (give or take trailing whitespace and junk)."""
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - EOF_TAIL))
        return b"%%EOF" in handle.read()


def open_document(path: Path, password: str | None = None) -> pymupdf.Document:
    """Open `path` or raise PdfUnreadable / PdfEncrypted with a clear sentence."""
    name = path.name
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError as error:
        raise PdfUnreadable(f"{name}: cannot read the file ({error.strerror}).") from error
    if PDF_MAGIC not in head:
        raise PdfUnreadable(f"{name}: not a PDF file.")
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except Exception as error:
        raise PdfUnreadable(f"{name}: the PDF is damaged and cannot be opened.") from error
    if doc.is_repaired and not _ends_with_eof(path):
        doc.close()
        raise PdfUnreadable(f"{name}: the file is incomplete (cut off before its end).")
    if doc.needs_pass:
        if password is None:
            doc.close()
            raise PdfEncrypted(f"{name}: the PDF is encrypted; a password is needed.")
        if not doc.authenticate(password):
            doc.close()
            raise PdfEncrypted(f"{name}: the password is wrong.")
    try:
        pages = doc.page_count
    except Exception as error:  # MuPDF: "Invalid number of pages" (a damaged page tree)
        doc.close()
        raise PdfUnreadable(
            f"{name}: the PDF's list of pages is damaged, so its pages cannot be counted."
        ) from error
    if pages == 0:
        doc.close()
        raise PdfUnreadable(f"{name}: the PDF has no pages (damaged or empty).")
    return doc
