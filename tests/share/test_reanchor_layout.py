"""Findings made on one layout of an article, imported where the library has another
layout (other page size, other columns, the text starting a page later): each lands
on its own passage or is listed as an orphan — never on a wrong passage."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from poemsreader.core.model import ArticleRecord, FindingRecord
from poemsreader.core.reanchor import PassageHint, occurrences, reanchor
from poemsreader.core.text import match_key
from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.library import Library
from tests.pdfgen import ArticleSpec, make_article
from tests.placements import text_under
from tests.share.builders import add_reviewer, anchor, findings, orphans, put_finding

BASE = [
    "radiation therapy gave durable responses in patients with three or fewer bone lesions.",
    "lenalidomide with dexamethasone improved neuropathy scores within six months.",
    "vascular endothelial growth factor levels fell after autologous transplantation.",
    "sclerotic bone lesions were seen on computed tomography in most patients.",
    "thrombocytosis and polycythemia were common at the time of diagnosis.",
    "papilledema resolved in every patient treated with melphalan.",
]
PARAGRAPHS = [f"In cohort {i:02d} the investigators noted that {BASE[i % 6]}" for i in range(36)]
FULL = " ".join(PARAGRAPHS)
ME = "cccccccc-0000-4000-8000-000000000003"


def layout(path: Path, size: pymupdf.Rect, columns: int, budget: int, cover: bool) -> Path:
    """Pack the paragraphs into pages of `columns` columns of about `budget` characters."""
    cols: list[str] = [""]
    for paragraph in PARAGRAPHS:
        if len(cols[-1]) + len(paragraph) > budget:
            cols.append("")
        cols[-1] = f"{cols[-1]} {paragraph}".strip()
    pages = [cols[i : i + columns] for i in range(0, len(cols), columns)]
    pages[-1] += [""] * (columns - len(pages[-1]))
    if cover:
        pages.insert(0, ["Cover page of the supplement. " * 3, ""][:columns] + [""] * (columns - 2))
    spec = ArticleSpec(pages=pages, page_count=len(pages), page_size=size)
    return make_article(path, spec)


def occurrence_rank(pages: list[str], page: int, start: int, quote: str) -> int:
    """How many copies of `quote` come before this one in reading order."""
    before = sum(p.count(quote) for p in pages[:page])
    return before + pages[page][:start].count(quote)


def findings_on(pages: list[str], quotes: list[tuple[str, int]], sha: str) -> list[FindingRecord]:
    """Findings as the reader makes them: quote, 40 characters around, offsets."""
    made = []
    for number, (quote, rank) in enumerate(quotes):
        spots = [(i, s) for i, text in enumerate(pages) for s in occurrences(text, quote)]
        page, start = spots[rank]
        text, end = pages[page], start + len(quote)
        made.append(
            FindingRecord(
                uuid=f"00000000-0000-4000-8000-{number:012d}",
                statement=f"finding {number}",
                quote=quote,
                reviewer_id=ME,
                anchors=[
                    anchor(
                        page,
                        quote,
                        text[max(0, start - 40) : start],
                        text[end : end + 40],
                        start,
                        end,
                        document_sha256=sha,
                    )
                ],
            )
        )
    return made


QUOTES = [  # (quote, which copy in reading order): repeated passages told apart by context
    (BASE[0][:60], 0),
    (BASE[0][:60], 3),
    (BASE[1][:50], 2),
    (BASE[2], 4),
    (BASE[3][:70], 1),
    ("In cohort 17 the investigators", 0),
    ("papilledema resolved in every patient", 5),
    (BASE[4][:40], 3),
]

LAYOUTS = {
    "letter-one-column-after-a-cover": (pymupdf.paper_rect("letter"), 1, 2600, True),
    "a4-landscape-three-columns": (pymupdf.paper_rect("a4-l"), 3, 1300, False),
    "a5-two-columns-after-a-cover": (pymupdf.paper_rect("a5"), 2, 700, True),
}


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_findings_land_on_their_passage_or_become_orphans(tmp_path: Path, name: str) -> None:
    original = layout(tmp_path / "original.pdf", pymupdf.paper_rect("a4"), 2, 1800, False)
    other = layout(tmp_path / "other.pdf", *LAYOUTS[name])
    first, second = inspect_pdf(original), inspect_pdf(other)
    assert first.sha256 != second.sha256
    with Library(tmp_path / "a") as a, Library(tmp_path / "b") as b:
        add_reviewer(a, ME, "Carol")
        reference = ArticleRecord(title="POEMS cohorts", year=2013, doi="10.1002/ajh.23368")
        a.articles.add_pdf(first, reference)
        b.articles.add_pdf(second, reference)
        article_uuid = _article_uuid(a)
        made = findings_on(first.page_texts, QUOTES, first.sha256)
        for record in made:
            put_finding(a, record, article_uuid)
        a.sharing.export(tmp_path / "share.json")
        report = b.sharing.import_file(tmp_path / "share.json")
        assert report.articles_matched == 1 and report.added == len(made)
        placed, lost = findings(b), orphans(b)
        # each library has its own copy of the article: later exchanges change nothing
        again = b.sharing.import_file(tmp_path / "share.json")
        assert (again.added, again.updated, again.conflicts) == (0, 0, 0)
        b.sharing.export(tmp_path / "back.json")
        back = a.sharing.import_file(tmp_path / "back.json")
        assert (back.added, back.updated, back.conflicts, back.articles_added) == (0, 0, 0, 0)
    pages = second.page_texts
    for record, (quote, rank) in zip(made, QUOTES, strict=True):
        spot = placed[record.uuid].record.anchors[0]
        if record.uuid in lost:
            assert spot.start is None  # an orphan keeps no position that could mislead
            continue
        assert pages[spot.page_index][spot.start : spot.end] == quote
        assert occurrence_rank(pages, spot.page_index, spot.start, quote) == rank, record.statement
        _assert_highlight_covers(other, spot, quote)
    assert len(lost) <= 2, f"too many orphans on {name}: {len(lost)}"


def _assert_highlight_covers(pdf: Path, spot, quote: str) -> None:
    """A passage found again by its text gets a highlight of exactly its characters on
    our copy, the copy it was placed on when the passage is repeated."""
    assert spot.quads, f"no highlight for {quote[:30]!r}"
    assert match_key(text_under(pdf, spot.page_index, spot.quads)) == match_key(quote)


def _article_uuid(library: Library) -> str:
    from sqlalchemy import select

    from poemsreader.storage.schema import Article

    with library.db.reading() as session:
        return session.scalar(select(Article.uuid))


def test_a_passage_repeated_with_the_same_context_is_an_orphan() -> None:
    pages = ["alpha beta gamma delta. alpha beta gamma delta.", "other text"]
    hint = PassageHint(0, "beta gamma", "alpha ", " delta")
    assert reanchor(hint, pages) is None


def test_a_passage_moved_to_another_page_is_found_by_its_context() -> None:
    pages = ["cover", "x " * 50 + "In cohort 3 radiation helped. In cohort 4 radiation helped."]
    hint = PassageHint(0, "radiation helped", "In cohort 4 ", ".", start=12, end=28)
    placed = reanchor(hint, pages)
    assert placed is not None and placed.page_index == 1
    assert pages[1][placed.start - 12 : placed.start] == "In cohort 4 "


def test_a_slightly_changed_passage_is_found_by_fuzzy_match() -> None:
    pages = [
        "intro",
        "The major criteria are polyradiculoneuropathy, and a clonal plasma-cell disorder.",
    ]
    hint = PassageHint(
        1, "polyradiculoneuropathy and a clonal plasma cell disorder", "criteria are ", "."
    )
    placed = reanchor(hint, pages)
    assert placed is not None and placed.method == "fuzzy" and placed.page_index == 1


def test_a_passage_that_is_not_there_is_an_orphan() -> None:
    pages = ["Nothing here matches at all, only unrelated words about cardiology."]
    assert reanchor(PassageHint(0, "lenalidomide after transplantation relapse"), pages) is None
