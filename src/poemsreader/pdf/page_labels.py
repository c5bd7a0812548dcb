"""The facts about page numbers that only the PDF holds: its /PageLabels and the
integers printed in each page's running headers and footers.

What they mean — which label each page gets, and which source wins — is decided
in `core/printed_pages.py`; here they are only read.
"""

from __future__ import annotations

import re
from typing import Any

import pymupdf

from poemsreader.core.printed_pages import (
    LabelRule,
    PageLabels,
    choose_labels,
    labels_from_rules,
    printed_run,
)

BAND = 0.08  # the top and bottom 8% of a page hold running headers and footers
INTEGER = re.compile(r"\d{1,5}")


def _rule(found: dict[str, Any]) -> LabelRule:
    return LabelRule(
        start_page=int(found.get("startpage", 0)),
        style=str(found.get("style", "") or ""),
        prefix=str(found.get("prefix", "") or ""),
        first_number=int(found.get("firstpagenum", 1)),
    )


def read_page_labels(doc: pymupdf.Document) -> list[str]:
    """Each page's /PageLabels label, or [] when the PDF has none (or they are broken).

    The number tree is read once for the whole document; each page's label is
    worked out from its ranges (`core.printed_pages.labels_from_rules`).
    """
    try:
        rules = [_rule(found) for found in doc.get_page_labels()]
    except Exception:
        return []
    return labels_from_rules(rules, doc.page_count)


def _band_integers(page: pymupdf.Page) -> set[int]:
    """Integers printed in the page's top or bottom band."""
    height = page.rect.height
    top = pymupdf.Rect(page.rect.x0, page.rect.y0, page.rect.x1, page.rect.y0 + BAND * height)
    bottom = pymupdf.Rect(page.rect.x0, page.rect.y1 - BAND * height, page.rect.x1, page.rect.y1)
    found: set[int] = set()
    for clip in (top, bottom):
        for word in page.get_text("words", clip=clip):
            if word[1] < clip.y0 - 1 or word[3] > clip.y1 + 1:
                continue  # a body line that merely touches the band
            token = word[4].strip().strip(".,;:()[]").strip()
            if INTEGER.fullmatch(token):
                found.add(int(token))
    return found


def band_integers(doc: pymupdf.Document) -> list[set[int]]:
    """The integers in each page's header and footer bands (none for an unreadable page)."""
    per_page: list[set[int]] = []
    for index in range(doc.page_count):
        try:
            per_page.append(_band_integers(doc[index]))
        except Exception:
            per_page.append(set())
    return per_page


def detect_printed_numbers(doc: pymupdf.Document) -> list[int | None]:
    """The printed page number of each page (None where the page prints none)."""
    return printed_run(band_integers(doc))


def page_labels_of(doc: pymupdf.Document, pdf_labels: list[str] | None = None) -> PageLabels:
    """The printed labels of an open document, decided from its header/footer numbers and
    its /PageLabels (`pdf_labels` when the caller has read them already)."""
    if pdf_labels is None:
        pdf_labels = read_page_labels(doc)
    printed = detect_printed_numbers(doc)
    return choose_labels(doc.page_count, pdf_labels, printed)
