"""A page's words kept column by column: the same words back, cheap for the garbage collector."""

from __future__ import annotations

import gc
import pickle

from poemsreader.pdf.text_layout import Line, PageText, Records, Word

WORDS = (
    Word(10.0, 20.0, 30.0, 28.0, "Effi-", 0),
    Word(10.0, 30.0, 28.0, 38.0, "cacy", 1),
    Word(30.0, 30.0, 40.0, 38.0, "of", 1),
)
LINES = (Line(0, 1, (10.0, 20.0, 30.0, 28.0), 0), Line(1, 3, (10.0, 30.0, 40.0, 38.0), 0))


def test_records_give_back_the_words_by_index_slice_and_iteration() -> None:
    page = PageText(WORDS, LINES, None)
    assert isinstance(page.words, Records) and isinstance(page.lines, Records)
    assert len(page.words) == 3 and page.words[1] == WORDS[1] and page.words[-1] == WORDS[-1]
    assert page.words[0:2] == WORDS[0:2] and list(page.words) == list(WORDS)
    assert page.words == WORDS and page.lines == LINES
    assert page.lines[1].rect == (10.0, 30.0, 40.0, 38.0)
    assert page.text_of(0, 3) == "Efficacy of"
    assert PageText((), (), None).words == () and not PageText((), (), None).words


def test_a_page_survives_pickling_and_stays_equal_and_hashable() -> None:
    page = PageText(WORDS, LINES, 300.0)
    copy = pickle.loads(pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL))
    assert copy == page and hash(copy) == hash(page)
    assert copy.words[2] == Word(30.0, 30.0, 40.0, 38.0, "of", 1)


def test_the_garbage_collector_tracks_no_object_per_word() -> None:
    page = pickle.loads(pickle.dumps(PageText(WORDS * 200, LINES, None)))
    gc.collect()
    # Lines' rectangles are tuples inside a tuple: untracked after one more collection.
    gc.collect()
    tracked = [c for c in (*page.words.columns, *page.lines.columns) if gc.is_tracked(c)]
    assert tracked == []
