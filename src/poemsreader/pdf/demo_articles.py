"""Write the demo articles as two-column journal PDFs, and find their quotes again.

Each page carries a running header with the journal and the printed page number
(on the outer edge, as journals print it), so the library derives printed page
citations from the page text exactly as it does for real articles.
"""

from __future__ import annotations

import html
from pathlib import Path

import pymupdf

from poemsreader.core.demo_content import DemoArticle

A4 = pymupdf.paper_rect("a4")
MARGIN = 54
GUTTER = 20
HEADER_Y = 34
CSS = (
    "body {font-family: serif; font-size: 9.5pt; line-height: 1.35; text-align: justify;}"
    "p {margin: 0 0 7pt 0;} h1 {font-family: sans-serif; font-size: 15pt; margin: 0 0 6pt 0;}"
    ".authors {font-family: sans-serif; font-size: 9pt; margin-bottom: 4pt;}"
)
DISCLAIMER = "Demo article written for poemsreader's demo library; not a real publication."


def _paragraph(text: str) -> str:
    """Bold the leading section word ("Results.") as journals do."""
    head, dot, rest = text.partition(". ")
    if dot and " " not in head and head[:1].isupper():
        return f"<p><b>{html.escape(head)}.</b> {html.escape(rest)}</p>"
    return f"<p>{html.escape(text)}</p>"


def _running_header(page: pymupdf.Page, article: DemoArticle, printed: int) -> None:
    index = printed - article.first_page
    right_hand = index % 2 == 0
    running = f"{article.journal} {article.volume} ({article.year}) {article.page_range}"
    width = page.rect.width
    number_x = width - MARGIN - 18 if right_hand else MARGIN
    running_x = (
        MARGIN if right_hand else width - MARGIN - pymupdf.get_text_length(running, "helv", 8)
    )
    page.insert_text((number_x, HEADER_Y), str(printed), fontsize=9, fontname="hebo")
    page.insert_text((running_x, HEADER_Y), running, fontsize=8, fontname="helv")
    page.draw_line((MARGIN, HEADER_Y + 6), (width - MARGIN, HEADER_Y + 6), width=0.5)
    page.insert_text(
        (MARGIN, page.rect.height - 28), DISCLAIMER, fontsize=6.5, fontname="helv", color=(0.4,) * 3
    )


def _title_block(page: pymupdf.Page, article: DemoArticle) -> float:
    """Title and authors across both columns; returns where the columns start."""
    names = ", ".join(f"{a.given} {a.family}" for a in article.authors)
    box = pymupdf.Rect(MARGIN, HEADER_Y + 20, page.rect.width - MARGIN, HEADER_Y + 110)
    markup = f"<h1>{html.escape(article.title)}</h1><p class='authors'>{html.escape(names)}</p>"
    spare, _scale = page.insert_htmlbox(box, markup, css=CSS, scale_low=1)
    if spare < 0:
        raise ValueError(f"{article.slug}: the title does not fit")
    return box.y1 - spare + 8


def _columns(page: pymupdf.Page, top: float) -> tuple[pymupdf.Rect, pymupdf.Rect]:
    width = (page.rect.width - 2 * MARGIN - GUTTER) / 2
    bottom = page.rect.height - MARGIN
    left = pymupdf.Rect(MARGIN, top, MARGIN + width, bottom)
    return left, pymupdf.Rect(left.x1 + GUTTER, top, left.x1 + GUTTER + width, bottom)


def _fill_columns(page: pymupdf.Page, paragraphs: tuple[str, ...], top: float) -> None:
    split = (len(paragraphs) + 1) // 2
    for rect, part in zip(
        _columns(page, top), (paragraphs[:split], paragraphs[split:]), strict=True
    ):
        spare, _scale = page.insert_htmlbox(
            rect, "".join(_paragraph(p) for p in part), css=CSS, scale_low=1
        )
        if spare < 0:
            raise ValueError(f"page text does not fit its column on {page.number}")


def write_demo_article(article: DemoArticle, path: Path) -> Path:
    """Write `article` to `path` as a PDF (metadata included) and return the path."""
    doc = pymupdf.open()
    for printed in range(article.first_page, article.last_page + 1):
        page = doc.new_page(width=A4.width, height=A4.height)
        _running_header(page, article, printed)
        top = _title_block(page, article) if printed == article.first_page else HEADER_Y + 22
        _fill_columns(page, article.page_paragraphs(printed), top)
    # Printed numbers both in the running headers and as /PageLabels, as many journals do.
    doc.set_page_labels(
        [{"startpage": 0, "prefix": "", "style": "D", "firstpagenum": article.first_page}]
    )
    doc.set_metadata(
        {
            "title": article.title,
            "author": ", ".join(f"{a.given} {a.family}" for a in article.authors),
            "subject": f"{article.journal} {article.volume}: {article.page_range}. "
            f"doi:{article.doi}",
            "creator": "poemsreader demo",
            "creationDate": f"D:{article.year}0101000000Z",
        }
    )
    doc.save(path, garbage=3, deflate=True)
    doc.close()
    return path
