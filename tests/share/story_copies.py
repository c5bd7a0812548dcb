"""Two copies of one real article, set by PyMuPDF's Story in clearly different layouts.

The text is a corpus article's body paragraphs. The first copy is the journal's
(A4, two columns, a serif face, running head and page number); the second the
collaborator's manuscript (Letter, one column, a sans face, another running
head drawn before the text, the page number at the top) with controlled
differences: a paragraph left out, a sentence printed twice, a sentence whose
numbers differ. Long words carry soft hyphens, so both layouts hyphenate, each
at its own places.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from poemsreader.core.text import normalise

SENTENCE_END = re.compile(r"(?<=[a-z0-9)][.])\s+(?=[A-Z])")
NUMBERED = "In this series neuropathy improved in 88% of the 25 patients within 6 months."
RENUMBERED = "In this series neuropathy improved in 64% of the 25 patients within 9 months."


@dataclass(frozen=True)
class Layout:
    paper: str
    columns: int
    font: str
    size: float
    margin: float
    head: str
    head_first: bool  # the running head drawn before the text (comes first in extraction)
    number_at_top: bool


JOURNAL = Layout("a4", 2, "serif", 9.5, 50, "J Clin Med Res 2016; 11: 264-269", False, False)
MANUSCRIPT = Layout("letter", 1, "sans-serif", 11.5, 72, "Author manuscript - accepted", True, True)


@dataclass
class Article:
    """The paragraphs of both copies and where the controlled differences are."""

    doi: str
    paragraphs: list[str]
    dropped: int  # index of the paragraph the second copy leaves out
    doubled: str  # the sentence the second copy prints twice
    numbered: int  # the paragraph that ends with NUMBERED (RENUMBERED in the second copy)
    second: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        second = []
        for index, paragraph in enumerate(self.paragraphs):
            if index == self.dropped:
                continue
            if self.doubled in paragraph:
                paragraph = paragraph.replace(self.doubled, f"{self.doubled} {self.doubled}", 1)
            second.append(paragraph.replace(NUMBERED, RENUMBERED))
        self.second = second


FURNITURE_WORDS = re.compile(r"licen[cs]e|copyright|\u00a9|creative commons|all rights", re.I)


def body_paragraphs(pdf: Path, wanted: int = 20) -> list[str]:
    """Long prose blocks of the article's pages after the first, normalised: no licence
    or copyright block, none that repeats page after page."""
    found: list[str] = []
    with pymupdf.open(pdf) as doc:
        for page in list(doc)[1:]:
            for block in page.get_text("blocks"):
                text = normalise(block[4])
                letters = sum(c.isalpha() for c in text)
                if len(text) < 300 or letters < 0.75 * len(text) or FURNITURE_WORDS.search(text):
                    continue
                if all(text[:80] != other[:80] for other in found):
                    found.append(text)
                if len(found) >= wanted:
                    return found
    return found


def article_from(pdf: Path, doi: str) -> Article | None:
    """The two copies' text, or None when the article has too little prose."""
    paragraphs = body_paragraphs(pdf)
    if len(paragraphs) < 10:
        return None
    paragraphs[0] = f"doi:{doi} {paragraphs[0]}"
    paragraphs[7] = f"{paragraphs[7]} {NUMBERED}"
    sentences = SENTENCE_END.split(paragraphs[5])
    doubled = next((s for s in sentences[1:] if 60 <= len(s) <= 240), "")
    if not doubled:
        return None
    return Article(doi, paragraphs, dropped=3, doubled=doubled, numbered=7)


def _soft_hyphens(text: str) -> str:
    """A soft hyphen in the middle of each long word, so the layout may break it there."""

    def soften(match: re.Match[str]) -> str:
        word = match.group(0)
        middle = len(word) // 2
        return word[:middle] + "\u00ad" + word[middle:]

    return re.sub(r"[a-z]{11,}", soften, text)


def set_copy(paragraphs: list[str], layout: Layout, target: Path) -> Path:
    """The paragraphs set in `layout`, furniture and all, written to `target`."""
    body = "".join(f"<p>{html.escape(_soft_hyphens(p))}</p>" for p in paragraphs)
    css = (
        f"p {{font-family: {layout.font}; font-size: {layout.size}pt; "
        f"text-align: justify; margin-bottom: 6pt;}}"
    )
    story = pymupdf.Story(html=body, user_css=css)
    paper = pymupdf.paper_rect(layout.paper)
    sink = io.BytesIO()
    writer = pymupdf.DocumentWriter(sink)
    more = 1
    while more:
        device = writer.begin_page(paper)
        for column in _columns(paper, layout):
            more, _ = story.place(column)
            story.draw(device)
            if not more:
                break
        writer.end_page()
    writer.close()
    with pymupdf.open("pdf", sink.getvalue()) as doc:
        for page in doc:
            _furniture(page, layout)
        doc.save(target)
    return target


def _columns(paper: pymupdf.Rect, layout: Layout) -> list[pymupdf.Rect]:
    gutter = 18
    width = (paper.width - 2 * layout.margin - gutter * (layout.columns - 1)) / layout.columns
    top, bottom = layout.margin + 24, paper.height - layout.margin - 12
    return [
        pymupdf.Rect(x0, top, x0 + width, bottom)
        for x0 in (layout.margin + i * (width + gutter) for i in range(layout.columns))
    ]


def _furniture(page: pymupdf.Page, layout: Layout) -> None:
    """Running head and page number, drawn before or after the text."""
    head_y = layout.margin
    number_y = head_y if layout.number_at_top else page.rect.height - layout.margin / 2
    number_x = page.rect.width - layout.margin - 20 if layout.number_at_top else page.rect.width / 2
    overlay = not layout.head_first
    page.insert_text((layout.margin, head_y), layout.head, fontsize=8, overlay=overlay)
    page.insert_text((number_x, number_y), str(page.number + 1), fontsize=8, overlay=overlay)
