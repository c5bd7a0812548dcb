"""The closest text offered for a drifted quote never starts or ends inside a word."""

from __future__ import annotations

from poemsreader.core.quote_drift import snap_to_words


def test_a_window_cutting_words_is_moved_to_their_edges() -> None:
    text = "was approved by the Institutional Animal Care and Use Committee of the university"
    quote = "Institutional Animal Care and Use Committee"
    start = text.index("ved by")  # a fuzzy window: starts inside "approved", ends inside "of"
    end = text.index("Committee") + len("Committee") + 2
    s, e = snap_to_words(text, start, end, quote)
    assert text[s:e] in (quote, f"the {quote}", f"by the {quote}")
    assert text[s:e].split()[-1] == "Committee"
    assert s == 0 or not text[s - 1].isalnum()


def test_a_span_on_word_edges_is_kept() -> None:
    text = "alpha beta gamma"
    assert snap_to_words(text, 6, 10, "beta") == (6, 10)
