"""One rule for hyphens: page text, quote and search compare equal whichever copy
breaks the line where, and a hyphen that belongs to the word stays in the text."""

from __future__ import annotations

import io

import pymupdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from poemsreader.core.text import match_key, normalise, normalise_mapped

# (printed in one copy, printed in the other, the normalised text of the first)
HYPHEN_CASES = {
    "compound broken at its hyphen": (
        "the chi-\nsquare test",
        "the chi-square test",
        "the chi-square test",
    ),
    "follow-up broken at its hyphen": (
        "at follow-\nup visits",
        "at follow-up visits",
        "at follow-up visits",
    ),
    "IL-6 broken at its hyphen": ("IL-\n6 levels", "IL-6 levels", "IL-6 levels"),
    "COVID-19 broken at its hyphen": ("after COVID-\n19", "after COVID-19", "after COVID-19"),
    "community-based broken at its hyphen": (
        "a community-\nbased cohort",
        "a community-based cohort",
        "a community-based cohort",
    ),
    "compound broken inside its first word": (
        "a commu-\nnity-based cohort",
        "a community-based cohort",
        "a community-based cohort",
    ),
    "word broken by hyphenation": (
        "the diag-\nnosis was",
        "the diagnosis was",
        "the diagnosis was",
    ),
    "hyphenation with a space before the break": (
        "the diag- \n nosis was",
        "the diagnosis was",
        "the diagnosis was",
    ),
    "hyphenation in both copies at other places": (
        "hyper-\ntension",
        "hyperten-\nsion",
        "hypertension",
    ),
    "soft hyphen at a line end": ("diabe\u00ad\ntes", "diabetes", "diabetes"),
    "soft hyphen mid-line": ("diag\u00adnosis", "diagnosis", "diagnosis"),
    "U+2010 at a line end in a compound": ("chi\u2010\nsquare", "chi-square", "chi-square"),
    "U+2010 mid-line": ("follow\u2010up", "follow-up", "follow-up"),
    "U+2011 non-breaking hyphen": ("IL\u20116", "IL-6", "IL-6"),
    "ligature before the break": ("signi\ufb01-\ncant", "significant", "significant"),
    "ligature after the break": ("dif-\n\ufb01cult", "difficult", "difficult"),
    "ligature and soft hyphen": ("e\ufb00ec\u00ad\ntive", "effective", "effective"),
}


@pytest.mark.parametrize("case", list(HYPHEN_CASES))
def test_both_printings_compare_equal(case: str) -> None:
    one, other, expected = HYPHEN_CASES[case]
    assert normalise(one) == expected
    assert match_key(normalise(one)) == match_key(normalise(other))
    assert match_key(one) == match_key(other)  # the raw text compares the same way


@pytest.mark.parametrize("case", list(HYPHEN_CASES))
def test_every_normalised_character_points_at_its_source(case: str) -> None:
    raw = HYPHEN_CASES[case][0]
    text, where = normalise_mapped(raw)
    assert text == normalise(raw)
    assert where == sorted(where) and len(where) == len(text)
    for char, source in zip(text, where, strict=True):
        if char.isalnum():
            assert char in normalise(raw[source]) or raw[source] in "\ufb00\ufb01\ufb02\ufb03\ufb04"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("improved in 88% of patients", "improved in 64% of patients"),
        ("was significant", "was not significant"),
        ("p < 0.05", "p > 0.05"),
        ("a chi-square test", "a chi-squared test"),
    ],
)
def test_different_claims_never_compare_equal(one: str, other: str) -> None:
    assert match_key(one) != match_key(other)


# -- the same paragraphs set by PyMuPDF at random widths and fonts ---------------------------

# Compounds whose hyphen belongs to the word, and words that may only be broken
# where a soft hyphen allows it.
COMPOUNDS = [
    "chi-square",
    "follow-up",
    "IL-6",
    "community-based",
    "long-term",
    "COVID-19",
    "non-Hodgkin",
]
COMPOUNDS += ["dose-dependent", "self-reported", "5-year", "VEGF-related"]
SOFT_BROKEN = ["diag|no|sis", "throm|bo|cy|to|sis", "lenali|do|mide", "poly|neu|ro|pa|thy"]
SOFT_BROKEN += ["trans|plan|ta|tion", "signi|fi|cant"]
SOFT = [word.replace("|", "\u00ad") for word in SOFT_BROKEN]
PLAIN = [
    "the",
    "of",
    "patients",
    "with",
    "POEMS",
    "syndrome",
    "was",
    "and",
    "in",
    "after",
    "treatment",
    "levels",
    "fell",
]
WORDS = st.lists(st.sampled_from(COMPOUNDS + SOFT + PLAIN), min_size=20, max_size=80)
FONTS = ["sans-serif", "serif", "monospace"]


def set_text(paragraphs: list[list[str]], width: float, font: str, size: float) -> str:
    """The paragraphs laid out by PyMuPDF's Story in a column `width` wide: the text of
    every page, pages one after the other."""
    html = "".join(f"<p>{' '.join(words)}</p>" for words in paragraphs)
    css = f"p {{font-family: {font}; font-size: {size}pt; text-align: justify;}}"
    story = pymupdf.Story(html=html, user_css=css)
    sink = io.BytesIO()
    writer = pymupdf.DocumentWriter(sink)
    more = 1
    while more:
        device = writer.begin_page(pymupdf.Rect(0, 0, width + 72, 300))
        more, _ = story.place(pymupdf.Rect(36, 36, 36 + width, 264))
        story.draw(device)
        writer.end_page()
    writer.close()
    with pymupdf.open("pdf", sink.getvalue()) as doc:
        return "\n".join(page.get_text("text") for page in doc)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    paragraphs=st.lists(WORDS, min_size=1, max_size=3),
    width=st.floats(min_value=110, max_value=420),
    font=st.sampled_from(FONTS),
    size=st.sampled_from([8.0, 9.5, 11.0, 12.0]),
)
def test_the_same_paragraphs_at_any_width_and_font_give_the_same_text(
    paragraphs: list[list[str]], width: float, font: str, size: float
) -> None:
    written = normalise("\n".join(" ".join(words) for words in paragraphs))
    printed = normalise(set_text(paragraphs, width, font, size))
    assert match_key(printed) == match_key(written)
    assert printed == written
