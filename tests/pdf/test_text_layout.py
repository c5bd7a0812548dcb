"""Reading order, column detection and search over laid-out words (no Qt, no PDF)."""

from __future__ import annotations

from poemsreader.pdf.search import find_in_page
from poemsreader.pdf.text_layout import RawWord, find_gutter, layout_page

PAGE_WIDTH = 600.0


def line(text: str, x: float, y: float, block: int, number: int) -> list[RawWord]:
    """Raw words of one line starting at (x, y), 6 points per character."""
    words: list[RawWord] = []
    for index, word in enumerate(text.split()):
        width = 6.0 * len(word)
        words.append((x, y, x + width, y + 10, word, block, number, index))
        x += width + 6
    return words


def column(lines: list[str], x: float, y: float, block: int) -> list[RawWord]:
    words: list[RawWord] = []
    for number, text in enumerate(lines):
        words += line(text, x, y + 14 * number, block, number)
    return words


LEFT = ["left one alpha", "left two beta", "left three gamma", "left four delta"]
RIGHT = ["right one", "right two", "right three", "right four"]


def two_column_page(title: str = "", caption_at: float | None = None) -> list[RawWord]:
    words: list[RawWord] = []
    if title:
        words += line(title, 50, 20, 0, 0)
    words += column(LEFT, 50, 60, 1)
    words += column(RIGHT, 320, 60, 2)
    if caption_at is not None:
        words += line("Figure 1 a caption across both columns of the page", 50, caption_at, 3, 0)
        words += column(["left after"], 50, caption_at + 30, 4)
        words += column(["right after"], 320, caption_at + 30, 5)
    return words


def test_a_single_column_page_reads_top_down() -> None:
    page = layout_page(column(["the first line here", "then the second line"], 50, 50, 0), 600)
    assert page.columns == 1
    assert page.text_of(0, len(page.words)) == "the first line here then the second line"


def test_two_columns_read_down_the_left_before_the_right() -> None:
    raw = two_column_page()
    # Feed the words interleaved line by line, as a naive extractor would.
    raw.sort(key=lambda w: (w[1], w[0]))
    page = layout_page(raw, PAGE_WIDTH)
    assert page.columns == 2
    assert page.gutter is not None and 150 < page.gutter < 320
    text = page.text_of(0, len(page.words))
    assert text == " ".join(LEFT + RIGHT)


def test_a_spanning_title_comes_first_and_a_caption_splits_the_columns() -> None:
    page = layout_page(two_column_page("A title that spans the whole width of it", 130), 600)
    lines = [page.text_of(line.first, line.end) for line in page.lines]
    assert lines[0] == "A title that spans the whole width of it"
    assert lines[1:5] == LEFT
    assert lines[5:9] == RIGHT
    assert lines[9].startswith("Figure 1")
    assert lines[10:] == ["left after", "right after"]


def test_no_gutter_without_enough_lines_on_both_sides() -> None:
    rects = [(50.0, 10.0 * i, 550.0, 10.0 * i + 8) for i in range(10)]
    assert find_gutter(rects, PAGE_WIDTH) is None


def test_selected_text_joins_hyphenation_and_expands_ligatures() -> None:
    raw = line("the e\ufb03cacy of treat-", 50, 50, 0, 0) + line("ment was good", 50, 64, 0, 1)
    page = layout_page(raw, PAGE_WIDTH)
    assert page.text_of(0, len(page.words)) == "the efficacy of treatment was good"
    assert len(page.line_rects(2, 5)) == 2


def test_nearest_word_prefers_the_same_line() -> None:
    page = layout_page(two_column_page(), PAGE_WIDTH)
    index = page.nearest_word(200, 75)  # right of "left two beta", left of the gutter
    assert page.words[index].text == "beta"


def test_search_is_case_and_ligature_insensitive_across_lines() -> None:
    raw = line("The E\ufb03cacy of lenalido-", 50, 50, 0, 0) + line(
        "mide and efficacy", 50, 64, 0, 1
    )
    page = layout_page(raw, PAGE_WIDTH)
    assert len(find_in_page(page, 0, "efficacy")) == 2
    hits = find_in_page(page, 3, "LENALIDOMIDE and")
    assert len(hits) == 1
    assert hits[0].page_index == 3
    assert len(hits[0].rects) == 2  # the hit covers two lines
    assert find_in_page(page, 0, "") == []


def test_a_hit_inside_a_word_covers_only_its_part() -> None:
    page = layout_page(line("xxabcxx", 100, 50, 0, 0), PAGE_WIDTH)
    (hit,) = find_in_page(page, 0, "abc")
    x0, _, x1, _ = hit.rects[0]
    assert 100 < x0 < x1 < 100 + 6 * 7
