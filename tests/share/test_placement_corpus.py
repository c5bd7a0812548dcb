"""A collaborator's findings land on the same words in our copy, or are orphans.

End to end through the CLI, on real articles' text: the journal copy is
highlighted (across line breaks, a hyphenated break, near the changes, and one
finding across a page break), its highlights taken in with `pdf import`, shared
with `share export`; the receiving library holds the manuscript copy (another
paper size, one column, another face, other running head, a paragraph left out,
a sentence printed twice, a sentence with other numbers) and runs `share import`.
For each finding: the right page, the stored offsets and the characters under the
stored rectangles are the quote, or it is an orphan. Misplaced: none.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pymupdf
import pytest
from sqlalchemy import select

from poemsreader.cli import main
from poemsreader.core.anchors import anchor_from_selection
from poemsreader.core.model import FindingRecord, Quad, SelectedPassage
from poemsreader.core.text import match_key, match_key_mapped, normalise
from poemsreader.pdf.document import inspect_pdf
from poemsreader.pdf.quote_search import PageChars, page_chars
from poemsreader.services.library import Library
from poemsreader.storage.schema import Article as ArticleRow
from tests.conftest import corpus_path
from tests.placements import text_under
from tests.share.builders import findings, put_finding
from tests.share.story_copies import (
    JOURNAL,
    MANUSCRIPT,
    NUMBERED,
    Article,
    article_from,
    set_copy,
)

ARTICLES = [
    "openmed-2016-11-264.pdf",
    "bctt-2016-8-109.pdf",
    "trials-2014-15-511.pdf",
    "plosone-2014-0115884.pdf",
    "bmjopen-2016-012335-goactive.pdf",
    "aoms-2016-12-1110.pdf",
    "clinsci-2014-126-305.pdf",
    "bmccancer-2016-s12885-016-2685-3.pdf",
]


@dataclass
class Passage:
    statement: str
    text: str  # normalised


def _snap(text: str, start: int, length: int) -> str:
    """About `length` characters of `text` from `start`, cut at word boundaries."""
    start = text.find(" ", start) + 1 if start else 0
    end = text.rfind(" ", start, start + length)
    return text[start : end if end > start else start + length].strip(" ,;")


def chosen_passages(article: Article, journal_raw: list[str]) -> list[Passage]:
    """Passages spread over the article and next to each controlled difference."""
    paragraphs = article.paragraphs
    chosen = [Passage(f"across lines {i}", _snap(paragraphs[i], 40, 190)) for i in (1, 6, 9, 10)]
    before_drop = paragraphs[article.dropped - 1]
    chosen += [
        Passage("before the left-out paragraph", _snap(before_drop, len(before_drop) - 130, 200)),
        Passage("in the left-out paragraph", _snap(paragraphs[article.dropped], 20, 160)),
        Passage("after the left-out paragraph", _snap(paragraphs[article.dropped + 1], 0, 120)),
        Passage("the sentence printed twice", article.doubled),
        Passage("the sentence with other numbers", NUMBERED),
    ]
    numbered = paragraphs[article.numbered]
    chosen.append(Passage("before the numbers", _snap(numbered, len(numbered) - 240, 150)))
    for number, raw in enumerate(_hyphen_breaks(journal_raw)[:2]):
        chosen.append(Passage(f"across a hyphenated break {number}", raw))
    return [p for p in chosen if len(p.text) >= 20]


def _hyphen_breaks(pages: list[str]) -> list[str]:
    """Passages around a word broken by a hyphen at a line end in the journal copy."""
    found = []
    for raw in pages:
        for match in re.finditer(r"[a-z]{3,}-\n[a-z]{3,}", raw):
            around = normalise(raw[max(0, match.start() - 70) : match.end() + 70])
            found.append(_snap(around, 5, len(around) - 10))
    return found


def _locate(pages: list[PageChars], text: str) -> tuple[int, int, int] | None:
    """(page, start, end) of the only occurrence of `text` in the copy, else None."""
    wanted = match_key(text)
    spots = []
    for index, chars in enumerate(pages):
        key, where = match_key_mapped(chars.text)
        at = key.find(wanted)
        while at >= 0:
            spots.append((index, where[at], where[at + len(wanted) - 1] + 1))
            at = key.find(wanted, at + 1)
    return spots[0] if len(spots) == 1 else None


def highlight(journal: Path, target: Path, passages: list[Passage]) -> list[Passage]:
    """`journal` with a highlight (a standard annotation) on each passage found once."""
    made = []
    with pymupdf.open(journal) as doc:
        pages = [page_chars(page) for page in doc]
        for number, passage in enumerate(passages):
            spot = _locate(pages, passage.text)
            if spot is None:
                continue
            page, start, end = spot
            rects = [pymupdf.Rect(q.x0, q.y0, q.x1, q.y1) for q in pages[page].quads(start, end)]
            on_page = doc[page]  # kept: an annotation lives only as long as its page object
            annot = on_page.add_highlight_annot(rects)
            annot.set_info(content=passage.statement, title="Carol")
            annot.update()
            uuid = f"00000000-0000-4000-8000-{number:012d}"
            doc.xref_set_key(annot.xref, "NM", pymupdf.get_pdf_str(uuid))
            made.append(passage)
        doc.save(target)
    return made


def across_a_page_break(library: Library, journal: Path, article: Article) -> str | None:
    """A finding made in the reader from the foot of one page to the top of the next (the
    first break whose words our copy holds unchanged), or None when there is none."""
    facts = inspect_pdf(journal)
    with pymupdf.open(journal) as doc:
        bodies = [_body(page_chars(page)) for page in doc]
    second = match_key(" ".join(article.second))
    for page in range(len(bodies) - 1):
        ending, starting = bodies[page], bodies[page + 1]
        if len(ending[1]) < 90 or len(starting[1]) < 90:
            continue
        parts = [(page, ending[0], ending[1][-90], ending[1][-1] + 1)]
        parts.append((page + 1, starting[0], starting[1][0], starting[1][89] + 1))
        anchors = [
            anchor_from_selection(
                SelectedPassage(index, tuple(chars.quads(a, b)), chars.text[a:b]),
                facts.page_texts[index],
                facts.sha256,
            )
            for index, chars, a, b in parts
        ]
        quote = " ".join(a.quote for a in anchors)
        if all(second.count(match_key(text)) == 1 for text in (quote, *(a.quote for a in anchors))):
            _put(library, quote, anchors)
            return quote
    return None


def _body(chars: PageChars) -> tuple[PageChars, list[int]]:
    """The page's characters and the indexes of those in the text columns."""
    column_bottom = pymupdf.paper_rect(JOURNAL.paper).height - JOURNAL.margin - 12
    inside = [
        i
        for i in range(len(chars.text))
        if not chars.text[i].isspace()
        and (box := chars.boxes[chars.where[i]]) is not None
        and JOURNAL.margin + 20 < box[1] < column_bottom
    ]
    return chars, inside


def _put(library: Library, quote: str, anchors: list) -> None:
    with library.db.reading() as session:
        article_uuid = session.scalar(select(ArticleRow.uuid))
    record = FindingRecord(
        uuid="00000000-0000-4000-8000-0000000000aa",
        statement="across the page break",
        quote=quote,
        anchors=anchors,
    )
    put_finding(library, record, article_uuid)


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(args) == 0, capsys.readouterr().err
    return capsys.readouterr().out


@pytest.mark.parametrize("name", ARTICLES)
def test_findings_land_on_the_same_words_or_are_orphans(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = article_from(corpus_path("articles", name), f"10.5555/placing.{len(name)}")
    if article is None:
        pytest.skip(f"{name}: too little prose for two copies")
    journal = set_copy(article.paragraphs, JOURNAL, tmp_path / "journal.pdf")
    manuscript = set_copy(article.second, MANUSCRIPT, tmp_path / "manuscript.pdf")
    with pymupdf.open(journal) as doc:
        journal_raw = [page.get_text() for page in doc]
    passages = highlight(
        journal, tmp_path / "journal-highlighted.pdf", chosen_passages(article, journal_raw)
    )
    mine, theirs = str(tmp_path / "mine"), str(tmp_path / "theirs")
    run(["--library", theirs, "pdf", "import", str(tmp_path / "journal-highlighted.pdf")], capsys)
    with Library(Path(theirs)) as library:
        page_break_quote = across_a_page_break(
            library, tmp_path / "journal-highlighted.pdf", article
        )
    assert page_break_quote is not None
    passages.append(Passage("across the page break", page_break_quote))
    run(["--library", theirs, "share", "export", "-o", str(tmp_path / "share.json")], capsys)
    run(["--library", mine, "add", str(manuscript)], capsys)
    summary = run(["--library", mine, "share", "import", str(tmp_path / "share.json")], capsys)
    assert "passages found again in our copy" in summary
    again = run(["--library", mine, "share", "import", str(tmp_path / "share.json")], capsys)
    assert "0 new, 0 updated" in again and "conflict" not in again
    listed = json.loads(run(["--library", mine, "findings", "--json"], capsys))
    placement = {f["statement"]: f["placement"] for f in listed}
    verdicts = judge(article, Path(manuscript), Path(mine), passages, placement)
    right = sum(v == "right" for v in verdicts.values())
    orphan = sum(v == "orphan" for v in verdicts.values())
    misplaced = {s: v for s, v in verdicts.items() if v not in ("right", "orphan")}
    with capsys.disabled():
        lost = sorted(s for s, v in verdicts.items() if v == "orphan")
        print(f"\n{name}: right {right} / orphan {orphan} {lost} / misplaced {len(misplaced)}")
    assert not misplaced
    orphans_visible(Path(mine), tmp_path / "digest.md", listed, capsys)
    exported_highlights_cover(Path(mine), tmp_path / "annotated.pdf", listed, capsys)
    # each is highlighted unless the journal copy sets it across a page break
    assert verdicts.get("in the left-out paragraph", "orphan") == "orphan"
    assert verdicts.get("the sentence with other numbers", "orphan") == "orphan"
    assert verdicts["across the page break"] == "right"
    assert right >= len(verdicts) - 4  # the changed passages at most are orphans


def orphans_visible(
    library: Path, digest: Path, listed: list[dict], capsys: pytest.CaptureFixture[str]
) -> None:
    """`check` names every orphan, and the digest cites it as a collaborator's page."""
    orphans = [f for f in listed if f["placement"] == "orphan"]
    assert orphans
    assert main(["--library", str(library), "check"]) == 1  # findings to place by hand
    checked = capsys.readouterr().out
    assert checked.count("needs placing by hand (orphan)") == len(orphans)
    run(["--library", str(library), "digest", "-o", str(digest)], capsys)
    text = digest.read_text(encoding="utf-8")
    assert text.count("in a collaborator's copy, not found in ours") == len(orphans)
    assert all("in a collaborator's copy" in f["citation"] for f in orphans)


def exported_highlights_cover(
    library: Path, target: Path, listed: list[dict], capsys: pytest.CaptureFixture[str]
) -> None:
    """`pdf export` of our copy carries a highlight on exactly each placed finding's words."""
    key = listed[0]["article"]
    run(["--library", str(library), "pdf", "export", key, "-o", str(target)], capsys)
    covered: dict[str, str] = {}
    with pymupdf.open(target) as doc:
        for page in doc:
            for annot in page.annots():
                name = annot.info.get("id", "")
                points = annot.vertices or []
                quads = [
                    Quad(min(p[0] for p in points[i : i + 4]), min(p[1] for p in points[i : i + 4]),
                         max(p[0] for p in points[i : i + 4]), max(p[1] for p in points[i : i + 4]))
                    for i in range(0, len(points), 4)
                ]  # fmt: skip
                covered[name] = covered.get(name, "") + text_under(target, page.number, quads)
    placed = [f for f in listed if f["placement"] != "orphan"]
    assert placed
    for finding in placed:
        assert match_key(covered.get(finding["uuid"], "")) == match_key(finding["quote"])
    assert not {f["uuid"] for f in listed if f["placement"] == "orphan"} & set(covered)


def judge(
    article: Article,
    manuscript: Path,
    library_root: Path,
    passages: list[Passage],
    placement: dict[str, str],
) -> dict[str, str]:
    """Each finding's verdict: right, orphan, or what is wrong with its placement."""
    facts = inspect_pdf(manuscript)
    pages = facts.page_texts
    second_source = match_key(" ".join(article.second))
    verdicts = {}
    with Library(library_root) as library:
        placed = {f.record.statement: f.record for f in findings(library).values()}
    for passage in passages:
        record = placed[passage.statement]
        anchors = record.anchors
        if placement[passage.statement] == "orphan":
            assert any(a.start is None for a in anchors)
            verdicts[passage.statement] = "orphan"
            continue
        wanted = match_key(record.quote)
        if wanted not in second_source:
            verdicts[passage.statement] = "placed though the words are not in our copy"
            continue
        at_offsets = "".join(pages[a.page_index][a.start : a.end] for a in anchors)
        under = "".join(text_under(manuscript, a.page_index, a.quads) for a in anchors)
        if any(a.document_sha256 != facts.sha256 for a in anchors):
            verdicts[passage.statement] = "not placed on our copy"
        elif match_key(at_offsets) != wanted:
            verdicts[passage.statement] = f"offsets hold {at_offsets[:60]!r}"
        elif match_key(under) != wanted:
            verdicts[passage.statement] = f"rectangles cover {under[:60]!r}"
        else:
            verdicts[passage.statement] = "right"
    return verdicts
