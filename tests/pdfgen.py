"""Generate journal-like article PDFs with known text, for tests and the demo.

Pages are A4 with a running header carrying the printed page number (odd pages
on the right, even pages on the left, as journals do), two columns of body
text, and optionally /PageLabels and PDF metadata.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

A4 = pymupdf.paper_rect("a4")
MARGIN = 56
GUTTER = 18
HEADER_Y = 36
FONT_SIZE = 10

LOREM = (
    "POEMS syndrome is a rare paraneoplastic disorder caused by an underlying plasma "
    "cell neoplasm. The major criteria are polyradiculoneuropathy, a clonal plasma cell "
    "disorder, sclerotic bone lesions, elevated vascular endothelial growth factor and "
    "Castleman disease. Radiation therapy is a good option for patients with three or "
    "fewer bone lesions and a negative bone marrow. Lenalidomide is effective at treating "
    "patients who relapse after autologous stem cell transplantation. "
)


def default_columns(page: int) -> list[str]:
    left = f"Page {page} left column. " + LOREM * 3
    right = f"Page {page} right column. " + LOREM * 3
    return [left, right]


@dataclass
class ArticleSpec:
    title: str = "Efficacy of lenalidomide in POEMS syndrome"
    authors: str = "Bruno Royer, Lavinia Merlusca"
    journal: str = "American journal of hematology"
    first_page: int = 207
    page_count: int = 4
    # Text of each page: a list of columns (one string each). Default: generated prose.
    pages: list[list[str]] = field(default_factory=list)
    header_numbers: bool = True  # print the page number in the running header
    footer_numbers: bool = False  # print it in the footer instead
    page_labels: list[dict] | None = None  # pymupdf set_page_labels rules
    doi: str = "10.1002/ajh.23368"
    page_size: pymupdf.Rect = field(default_factory=lambda: pymupdf.Rect(A4))

    def page_texts(self) -> list[list[str]]:
        if self.pages:
            return self.pages
        return [default_columns(i + 1) for i in range(self.page_count)]


def _column_rects(page_rect: pymupdf.Rect, count: int) -> list[pymupdf.Rect]:
    top, bottom = MARGIN + 20, page_rect.height - MARGIN
    width = (page_rect.width - 2 * MARGIN - GUTTER * (count - 1)) / count
    rects = []
    for i in range(count):
        x0 = MARGIN + i * (width + GUTTER)
        rects.append(pymupdf.Rect(x0, top, x0 + width, bottom))
    return rects


def _running_header(page: pymupdf.Page, spec: ArticleSpec, number: int, index: int) -> None:
    width = page.rect.width
    running = f"{spec.journal} {spec.first_page}-{spec.first_page + spec.page_count - 1}"
    number_text = str(number)
    odd = index % 2 == 0
    y = HEADER_Y if spec.header_numbers else page.rect.height - 30
    if spec.header_numbers or spec.footer_numbers:
        x_number = width - MARGIN - 20 if odd else MARGIN
        page.insert_text((x_number, y), number_text, fontsize=8, fontname="helv")
    x_running = MARGIN if odd else width - MARGIN - 200
    page.insert_text((x_running, HEADER_Y), running, fontsize=8, fontname="helv")


def make_article(path: Path, spec: ArticleSpec) -> Path:
    """Write the article described by `spec` to `path` and return it."""
    doc = pymupdf.open()
    for index, columns in enumerate(spec.page_texts()):
        page = doc.new_page(width=spec.page_size.width, height=spec.page_size.height)
        _running_header(page, spec, spec.first_page + index, index)
        if index == 0:
            page.insert_text((MARGIN, MARGIN + 8), spec.title, fontsize=14, fontname="hebo")
        for rect, text in zip(_column_rects(page.rect, len(columns)), columns, strict=True):
            if index == 0:
                rect.y0 += 20
            overflow = page.insert_textbox(rect, text, fontsize=FONT_SIZE, fontname="helv")
            if overflow < 0:
                raise ValueError(f"page {index + 1}: column text does not fit ({overflow})")
    if spec.page_labels:
        doc.set_page_labels(spec.page_labels)
    doc.set_metadata(
        {
            "title": spec.title,
            "author": spec.authors,
            "subject": f"doi:{spec.doi}",
            "creationDate": "D:20130301000000Z",
        }
    )
    doc.save(path)
    doc.close()
    return path
