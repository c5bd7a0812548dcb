"""The printed-page rule on its own: which label each PDF page has, and back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from poemsreader.core.anchors import anchor_pages
from poemsreader.core.errors import InvalidInput
from poemsreader.core.model import Anchor, PageLabelSource
from poemsreader.core.printed_pages import (
    LabelRule,
    PageLabels,
    article_labels,
    choose_labels,
    cited_label,
    first_page_of_range,
    index_of_label,
    label_at,
    labels_from_first_page,
    labels_from_rules,
    page_index_for,
    printed_run,
    viewer_labels,
)

page_counts = st.integers(min_value=1, max_value=40)
labels_lists = st.lists(st.text(alphabet="0123456789ivxIVXS-", max_size=4), max_size=40)


# -- the /PageLabels number tree -------------------------------------------------------


def test_styles_of_a_number_tree() -> None:
    rules = [
        LabelRule(0, "r"),
        LabelRule(3, "D", first_number=72),
        LabelRule(5, "A", prefix="S"),
        LabelRule(7, "", prefix="Cover"),
    ]
    assert labels_from_rules(rules, 8) == ["i", "ii", "iii", "72", "73", "SA", "SB", "Cover"]


def test_ranges_are_taken_in_page_order_whatever_order_they_come_in() -> None:
    rules = [LabelRule(2, "D", first_number=10), LabelRule(0, "R")]
    assert labels_from_rules(rules, 4) == ["I", "II", "10", "11"]


def test_letters_go_on_past_z_and_romans_past_a_thousand() -> None:
    assert labels_from_rules([LabelRule(0, "a", first_number=26)], 3) == ["z", "aa", "ab"]
    assert labels_from_rules([LabelRule(0, "R", first_number=1994)], 1) == ["MCMXCIV"]


def test_no_number_tree_gives_no_labels_and_pages_before_it_none() -> None:
    assert labels_from_rules([], 3) == []
    assert labels_from_rules([LabelRule(1, "D")], 3) == ["", "1", "2"]


@given(page_counts, st.integers(min_value=1, max_value=5000), st.text(max_size=3))
def test_decimal_labels_count_up_from_the_first_number(count: int, first: int, prefix: str) -> None:
    labels = labels_from_rules([LabelRule(0, "D", prefix, first)], count)
    assert labels == [f"{prefix}{first + index}" for index in range(count)]


@given(labels_lists, page_counts)
def test_the_viewer_names_every_page(pdf_labels: list[str], count: int) -> None:
    shown = viewer_labels(pdf_labels, count)
    assert len(shown) == count and all(shown)


def test_the_viewer_shows_page_labels_and_fills_their_gaps() -> None:
    assert viewer_labels(["i", "", "1"], 3) == ["i", "2", "1"]
    assert viewer_labels([], 2) == ["1", "2"]
    assert viewer_labels(["", ""], 2) == ["1", "2"]


# -- the numbers printed in headers and footers -----------------------------------------


@st.composite
def printed_articles(draw: st.DrawFn) -> tuple[int, list[bool]]:
    """(first printed page, which pages print their number): most pages print one."""
    count = draw(st.integers(min_value=2, max_value=30))
    printing = draw(st.lists(st.booleans(), min_size=count, max_size=count))
    needed = max(2, (count + 1) // 2)
    for index in range(count):
        if sum(printing) >= needed:
            break
        printing[index] = True
    return draw(st.integers(min_value=1, max_value=3000)), printing


@given(printed_articles())
def test_a_run_printed_on_most_pages_is_found_exactly(article: tuple[int, list[bool]]) -> None:
    first, printing = article
    bands = [{first + index} if prints else set() for index, prints in enumerate(printing)]
    assert printed_run(bands) == [
        first + index if prints else None for index, prints in enumerate(printing)
    ]


@given(printed_articles(), st.lists(st.sets(st.integers(0, 99), max_size=1), max_size=30))
def test_stray_numbers_never_break_a_run_of_most_pages(
    article: tuple[int, list[bool]], noise: list[set[int]]
) -> None:
    """A year or a volume number in a page's band, on fewer pages than the run, is no page."""
    first, printing = article
    first += 100  # the noise (under 100) never counts up in step with the run
    bands = [{first + index} if prints else set() for index, prints in enumerate(printing)]
    if sum(printing) > len(printing) // 2 + 1:
        for index, extra in enumerate(noise[: len(bands) // 2 - 1]):
            bands[index] |= extra
    found = printed_run(bands)
    assert [v for v in found if v is not None] == [
        first + i for i, prints in enumerate(printing) if prints
    ]


def test_a_run_needs_most_pages() -> None:
    assert printed_run([{5}, set(), set(), {9}, set()]) == [None] * 5
    assert printed_run([{12, 2014}, {13}, {3, 2014}, {15}]) == [12, 13, None, 15]


# -- choosing between the sources --------------------------------------------------------


@given(printed_articles(), labels_lists, st.booleans(), st.sampled_from(["", "68", "pages"]))
def test_every_page_gets_one_distinct_label(
    article: tuple[int, list[bool]], pdf_labels: list[str], prints: bool, reference: str
) -> None:
    first, printing = article
    count = len(printing)
    bands = [{first + i} if prints and on else set() for i, on in enumerate(printing)]
    pdf_labels = pdf_labels[:count] if len(pdf_labels) >= count else pdf_labels
    chosen = choose_labels(count, pdf_labels, printed_run(bands), reference)
    assert len(chosen.labels) == count
    assert len(set(chosen.labels)) == count, chosen
    assert all(chosen.labels)


def test_printed_numbers_win_over_page_labels_that_disagree() -> None:
    chosen = choose_labels(3, ["1", "2", "3"], [932, None, 934])
    assert chosen.labels == ["932", "933", "934"]
    assert chosen.source == PageLabelSource.PRINTED
    assert "disagree" in chosen.note and "1–3" in chosen.note


def test_page_labels_that_agree_with_the_printed_numbers_are_used() -> None:
    chosen = choose_labels(3, ["72", "73", "74"], [72, None, 74])
    assert chosen == PageLabels(["72", "73", "74"], PageLabelSource.PAGE_LABELS)


def test_pages_after_the_last_printed_one_are_supplementary() -> None:
    chosen = choose_labels(5, [], [305, 306, 307, None, None])
    assert chosen.labels == ["305", "306", "307", "S1", "S2"]
    assert "S1–S2" in chosen.note


def test_unusable_page_labels_are_said_why() -> None:
    repeated = choose_labels(2, ["1", "1"], [None, None])
    assert repeated.source == PageLabelSource.PDF_INDEX and "repeat '1'" in repeated.note
    zero = choose_labels(2, ["0", "1"], [None, None], "68")
    assert zero.labels == ["68", "69"] and "start at '0'" in zero.note


def test_only_a_reference_page_range() -> None:
    chosen = choose_labels(3, [], [None, None, None], reference_first_page="68")
    assert chosen.labels == ["68", "69", "70"]
    assert chosen.source == PageLabelSource.REFERENCE_RANGE


def test_labels_from_first_page_rejects_words() -> None:
    assert labels_from_first_page("207", 2) == ["207", "208"]
    with pytest.raises(InvalidInput, match="must be a number"):
        labels_from_first_page("two hundred", 2)


@pytest.mark.parametrize(
    ("pages", "first"), [("72-80", "72"), ("72–80", "72"), (" 1395 ", "1395"), ("e1-e9", "")]
)
def test_first_page_of_a_reference_range(pages: str, first: str) -> None:
    assert first_page_of_range(pages) == first


# -- the article as the library holds it --------------------------------------------------

DETECTED_INDEX = PageLabels(["1", "2", "3"], PageLabelSource.PDF_INDEX, "no numbers")
DETECTED_PRINTED = PageLabels(["207", "208", "209"], PageLabelSource.PRINTED)


@given(
    st.sampled_from([DETECTED_INDEX, DETECTED_PRINTED, None]),
    st.integers(1, 5000),
    st.sampled_from(["", "68-70", "e12"]),
)
def test_the_reviewers_first_page_wins_over_everything(
    detected: PageLabels | None, first: int, reference: str
) -> None:
    count = 3 if detected else 0
    chosen = article_labels(detected, count, str(first), reference)
    assert chosen.source == PageLabelSource.REVIEWER
    assert chosen.labels == [str(first + i) for i in range(count)]


def test_a_reference_range_betters_only_the_pdf_page_number() -> None:
    assert article_labels(DETECTED_INDEX, 3, "", "68-70") == PageLabels(
        ["68", "69", "70"], PageLabelSource.REFERENCE_RANGE, "no numbers"
    )
    assert article_labels(DETECTED_PRINTED, 3, "", "68-70") == DETECTED_PRINTED
    assert article_labels(DETECTED_INDEX, 3, "", "e12") == DETECTED_INDEX


def test_an_article_without_a_pdf_has_no_labels() -> None:
    assert article_labels(None, 0, "", "68-70") == PageLabels([], PageLabelSource.PDF_INDEX)


def test_stored_labels_lost_are_the_pdf_page_numbers() -> None:
    stored = PageLabels([], PageLabelSource.PAGE_LABELS)
    assert article_labels(stored, 2).labels == ["1", "2"]


# -- from a page to its label and back -----------------------------------------------------

distinct_labels = st.lists(
    st.text(alphabet="0123456789ivxlcIVXLCSe", min_size=1, max_size=5), min_size=1, max_size=30
).map(lambda labels: list(dict.fromkeys(labels)))


@given(distinct_labels, st.data())
def test_a_cited_label_finds_its_page(labels: list[str], data) -> None:
    index = data.draw(st.integers(0, len(labels) - 1))
    assert index_of_label(labels, labels[index]) == index
    assert label_at(labels, index) == labels[index]
    assert page_index_for(f"#{index + 1}", labels) == index


@given(distinct_labels, st.integers(-3, 40))
def test_a_page_box_entry_never_names_a_page_the_pdf_lacks(labels: list[str], number: int):
    for text in (str(number), f"#{number}"):
        found = page_index_for(text, labels)
        assert found is None or 0 <= found < len(labels)


def test_the_page_box_reads_labels_case_aside_then_pdf_pages() -> None:
    labels = ["XI", "XII", "1", "2", "3"]
    assert page_index_for("xii", labels) == 1
    assert page_index_for("2", labels) == 3  # the page printed 2, not the second page
    assert page_index_for("5", labels) == 4  # no page printed 5: the fifth PDF page
    assert page_index_for("#2", labels) == 1
    assert page_index_for("p. 9", labels) is None
    assert index_of_label(labels, "5") is None


def test_a_citation_prints_the_label_or_the_pdf_page_number() -> None:
    labels = ["72", "73"]
    assert [cited_label(labels, i) for i in (0, 1, 2)] == ["72", "73", "3"]
    assert label_at(labels, 5) == "" and label_at(labels, -1) == ""
    anchors = [Anchor(page_index=1, quote="b"), Anchor(page_index=0, quote="a")]
    assert anchor_pages(anchors, labels) == ["72", "73"]
