"""Printed page labels: the page number a reader cites, for every PDF page.

Sources, in order of trust:

1. the page numbers printed in the running headers/footers, when a run of
   integers rises by one with the page index over most pages (odd and even pages
   may print them in different corners: only the band matters, not the side);
2. the PDF's /PageLabels, when they give every page a distinct label (and agree
   with the printed numbers, if any: when they disagree the printed number wins
   and the disagreement is reported);
3. the first page of the reference's page range plus the page index;
4. the PDF page number.

`detect_printed_numbers` needs an open document; `choose_labels` and
`labels_from_first_page` are pure, so the store can re-decide when the
reference's page range arrives later or the reviewer corrects the first page.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import pymupdf

from poemsreader.core.errors import InvalidInput
from poemsreader.core.model import PageLabelSource

BAND = 0.08  # the top and bottom 8% of a page hold running headers and footers
MIN_RUN_PAGES = 2
INTEGER = re.compile(r"\d{1,5}")
SUPPLEMENT_PREFIX = "S"


@dataclass(frozen=True)
class PageLabels:
    labels: list[str]
    source: PageLabelSource
    note: str = ""


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


def detect_printed_numbers(doc: pymupdf.Document) -> list[int | None]:
    """The printed page number of each page (None where the page prints none).

    A candidate integer `v` on page `i` votes for the offset `v - i`; the offset
    voted for by most pages wins when it covers at least half of them.
    """
    per_page: list[set[int]] = []
    for index in range(doc.page_count):
        try:
            per_page.append(_band_integers(doc[index]))
        except Exception:
            per_page.append(set())
    return printed_run(per_page)


def printed_run(per_page: Sequence[set[int]]) -> list[int | None]:
    """Pure part of the detection: band integers per page -> printed number per page."""
    count = len(per_page)
    votes: Counter[int] = Counter()
    for index, numbers in enumerate(per_page):
        votes.update({value - index for value in numbers})
    if not votes:
        return [None] * count
    offset, pages = max(votes.items(), key=lambda item: (item[1], item[0]))
    if pages < max(MIN_RUN_PAGES, (count + 1) // 2):
        return [None] * count
    return [
        index + offset if index + offset in numbers else None
        for index, numbers in enumerate(per_page)
    ]


def _fill_printed(printed: Sequence[int | None]) -> tuple[list[str], str]:
    """Labels for every page from a detected run: gaps and leading pages follow the run;
    unnumbered pages after the last printed one are supplementary pages S1, S2…"""
    found = [i for i, value in enumerate(printed) if value is not None]
    first, last = found[0], found[-1]
    offset = printed[first] - first  # type: ignore[operator]
    labels: list[str] = []
    for index in range(len(printed)):
        if index <= last:
            labels.append(
                str(max(1, index + offset)) if printed[index] is None else str(printed[index])
            )
        else:
            labels.append(f"{SUPPLEMENT_PREFIX}{index - last}")
    note = ""
    if last < len(printed) - 1:
        note = (
            f"PDF pages {last + 2}–{len(printed)} print no page number after the last "
            f"printed page {printed[last]}; they are labelled "
            f"{SUPPLEMENT_PREFIX}1–{SUPPLEMENT_PREFIX}{len(printed) - 1 - last}."
        )
    return labels, note


def _label_problem(labels: Sequence[str], page_count: int) -> str:
    """Why the /PageLabels cannot be used as they are ('' when they can)."""
    if not labels:
        return ""
    if len(labels) != page_count or not all(labels):
        return "The PDF's page labels do not cover every page."
    repeated = [label for label, n in Counter(labels).items() if n > 1]
    if repeated:
        return f"The PDF's page labels repeat {repeated[0]!r}; they are not used."
    if labels[0] == "0":
        return "The PDF's page labels start at '0'; they are not used."
    return ""


def _span(labels: Sequence[str]) -> str:
    return f"{labels[0]}–{labels[-1]}" if len(labels) > 1 else labels[0]


def labels_from_first_page(first_page: str, page_count: int) -> list[str]:
    """'207' -> ['207', '208', …]; raises InvalidInput for a first page that is no number."""
    text = first_page.strip()
    if not text.isdigit():
        raise InvalidInput(f"The first page must be a number, not {first_page!r}.")
    start = int(text)
    return [str(start + index) for index in range(page_count)]


def choose_labels(
    page_count: int,
    pdf_labels: Sequence[str],
    printed: Sequence[int | None],
    reference_first_page: str = "",
) -> PageLabels:
    """Decide each page's printed label and say where it came from (see module doc)."""
    problem = _label_problem(pdf_labels, page_count)
    usable = list(pdf_labels) if pdf_labels and not problem else []
    if any(value is not None for value in printed):
        labels, note = _fill_printed(printed)
        agree = usable and all(
            value is None or usable[i] == str(value) for i, value in enumerate(printed)
        )
        if agree:
            return PageLabels(usable, PageLabelSource.PAGE_LABELS)
        if pdf_labels and not problem:
            disagreement = (
                f"The PDF's page labels ({_span(pdf_labels)}) disagree with the printed page "
                f"numbers ({_span(labels)}); the printed numbers are used."
            )
            note = f"{disagreement} {note}".strip()
        elif problem:
            note = f"{problem} {note}".strip()
        return PageLabels(labels, PageLabelSource.PRINTED, note)
    if usable:
        return PageLabels(usable, PageLabelSource.PAGE_LABELS)
    if reference_first_page.strip().isdigit():
        labels = labels_from_first_page(reference_first_page, page_count)
        return PageLabels(labels, PageLabelSource.REFERENCE_RANGE, problem)
    labels = [str(index + 1) for index in range(page_count)]
    return PageLabels(labels, PageLabelSource.PDF_INDEX, problem)


def page_labels_of(
    doc: pymupdf.Document, pdf_labels: Sequence[str], reference_first_page: str = ""
) -> PageLabels:
    """The printed labels of an open document (reads the header/footer bands of every page)."""
    printed = detect_printed_numbers(doc)
    return choose_labels(doc.page_count, pdf_labels, printed, reference_first_page)
