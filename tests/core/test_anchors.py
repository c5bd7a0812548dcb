"""Anchors from selections: quote, context, offsets, the right copy of a repeated quote."""

from __future__ import annotations

from poemsreader.core.anchors import (
    CONTEXT_CHARS,
    anchor_from_selection,
    anchors_page_span,
    locate_quote,
)
from poemsreader.core.model import Anchor, Quad, SelectedPassage

PAGE = (
    "Introduction. POEMS syndrome is a rare paraneoplastic disorder. "
    "Radiation therapy is a good option for patients with few lesions. "
    "Many words follow here to fill the page with text of some length. "
    "Radiation therapy is a good option for patients with few lesions. "
    "The end of the page."
)


def test_anchor_has_quote_context_and_offsets() -> None:
    passage = SelectedPassage(
        page_index=2,
        quads=(Quad(56, 100, 280, 112),),
        text="paraneo-\nplastic ﬁndings",
    )
    anchor = anchor_from_selection(passage, "A paraneoplastic findings list.", "abc")
    assert anchor.quote == "paraneoplastic findings"
    assert (anchor.start, anchor.end) == (2, 25)
    assert anchor.prefix == "A " and anchor.suffix == " list."
    assert anchor.document_sha256 == "abc" and anchor.page_index == 2


def test_context_is_at_least_32_characters_inside_a_page() -> None:
    passage = SelectedPassage(0, (Quad(0, 0, 1, 1),), "rare paraneoplastic disorder")
    anchor = anchor_from_selection(passage, PAGE, "")
    assert len(anchor.prefix) == CONTEXT_CHARS and len(anchor.suffix) == CONTEXT_CHARS
    assert PAGE[anchor.start : anchor.end] == anchor.quote


def test_repeated_quote_takes_the_copy_nearest_the_selection() -> None:
    quote = "Radiation therapy is a good option"
    first, second = [i for i in range(len(PAGE)) if PAGE.startswith(quote, i)]
    low = SelectedPassage(0, (Quad(56, 700, 280, 712),), quote)
    high = SelectedPassage(0, (Quad(56, 150, 280, 162),), quote)
    assert anchor_from_selection(low, PAGE, "", page_height=842).start == second
    assert anchor_from_selection(high, PAGE, "", page_height=842).start == first
    assert locate_quote(PAGE, "not on this page") is None


def test_multi_page_span() -> None:
    anchors = [Anchor(page_index=4, quote="b"), Anchor(page_index=3, quote="a")]
    labels = ["69", "70", "71", "72", "73"]
    assert anchors_page_span(anchors, labels) == "pp.72–73"
    assert anchors_page_span(anchors[:1], labels) == "p.73"


def test_quote_found_when_only_spacing_differs() -> None:
    page = "The results were strik ing in every group of patients."
    assert locate_quote(page, "were striking in") == (12, 29)
    assert page[12:29] == "were strik ing in"


def test_a_quote_laid_out_otherwise_than_the_page_text_still_gets_its_offsets() -> None:
    # a text layer that lost the hyphen glyph, and a word the extraction split
    page = "Methods. A chisquare test compared the two groups of patients. Results."
    passage = SelectedPassage(0, (Quad(0, 0, 1, 1),), "A chi-\nsquare test com pared the two")
    anchor = anchor_from_selection(passage, page, "")
    assert page[anchor.start : anchor.end] == "A chisquare test compared the two"
    assert anchor.prefix == "Methods. "
