"""A shared passage lands on the same words or is an orphan: never on a look-alike."""

from __future__ import annotations

from poemsreader.core.claims import claim_tokens, claims_agree
from poemsreader.core.reanchor import Method, PassageHint, reanchor
from poemsreader.core.text import match_key

FILLER = "Patients were followed in the clinic at regular intervals by the same team. "


def test_a_look_alike_with_other_numbers_is_not_taken() -> None:
    pages = [
        FILLER * 3
        + "After treatment neuropathy improved in 64% of patients within a year. "
        + FILLER
    ]
    hint = PassageHint(
        0,
        "neuropathy improved in 88% of patients within a year",
        "by the same team. After treatment ",
        ". Patients were followed",
    )
    assert reanchor(hint, pages) is None


def test_a_look_alike_with_a_negation_is_not_taken() -> None:
    pages = [
        FILLER * 2 + "The difference in VEGF levels was not significant at six months. " + FILLER
    ]
    hint = PassageHint(
        0, "The difference in VEGF levels was significant at six months", FILLER[-30:], ". Patients"
    )
    assert reanchor(hint, pages) is None


def test_a_look_alike_whose_context_differs_is_not_taken() -> None:
    pages = [
        "Something else entirely precedes it. "
        "Radiotherapy gave durable responses in most of them; then other words."
    ]
    hint = PassageHint(
        0,
        "Radiotherapy gave durable response in most of them",
        "by the same team. ",
        ". Patients were",
    )
    assert reanchor(hint, pages) is None


def test_a_look_alike_with_the_same_claim_and_context_is_placed_fuzzily() -> None:
    pages = [FILLER + "Radiotherapy gave durable responses, in most of them. " + FILLER]
    hint = PassageHint(
        0,
        "Radiotherapy gave durable responses in most of them",
        "the same team. ",
        ". Patients were",
    )
    placed = reanchor(hint, pages)
    assert placed is not None and placed.method == Method.FUZZY
    assert "durable responses" in placed.text(pages)


def test_a_sentence_printed_twice_with_a_hyphen_broken_differently_goes_by_its_context() -> None:
    sentence = "A chi-square test compared the groups."
    pages = [f"Methods were simple. {sentence} {sentence} Results follow here."]
    # the collaborator's copy broke "chi-\nsquare": normalised the same way, and the context
    # (what came before, in their copy) picks the second occurrence
    hint = PassageHint(
        3, "A chi-square test compared the groups.", "test compared the groups. ", " Results follow"
    )
    placed = reanchor(hint, pages)
    assert placed is not None and placed.method == Method.EXACT
    assert placed.start == pages[0].rindex(sentence)


def test_a_sentence_printed_twice_with_the_same_context_is_an_orphan() -> None:
    sentence = "A chi-square test compared the groups."
    pages = [f"Methods were simple. {sentence} {sentence} Results follow here."]
    hint = PassageHint(0, sentence, "Methods were simple. ", " Results follow")
    assert reanchor(hint, pages) is None


def test_a_passage_across_a_page_break_skips_the_running_head() -> None:
    pages = [
        FILLER + "Lenalidomide with dexamethasone improved Am J Hematol 88:207 207",
        "Royer et al. neuropathy scores within six months. " + FILLER + "Am J Hematol 88:208 208",
        "Royer et al. " + FILLER + "Am J Hematol 88:209 209",
        "Royer et al. " + FILLER + "Am J Hematol 88:210 210",
    ]
    hint = PassageHint(
        0,
        "Lenalidomide with dexamethasone improved neuropathy scores within six months",
        FILLER[-20:],
        ". Patients",
    )
    placed = reanchor(hint, pages)
    assert placed is not None and [s.page_index for s in placed.segments] == [0, 1]
    assert match_key(placed.text(pages)) == match_key(hint.quote)


def test_a_running_head_in_the_middle_of_a_page_is_skipped_but_not_an_added_sentence() -> None:
    head = "Am J Hematol 88:207 "
    pages = [
        FILLER + "Lenalidomide with dexamethasone " + head + "improved neuropathy. " + FILLER,
        FILLER + head + FILLER,
        head + FILLER * 2,
        "Lenalidomide with dexamethasone Nobody expected this. improved neuropathy. " + FILLER,
    ]
    hint = PassageHint(
        0, "Lenalidomide with dexamethasone improved neuropathy.", FILLER[-20:], " Patients"
    )
    placed = reanchor(hint, pages)
    assert placed is not None and [s.page_index for s in placed.segments] == [0, 0]
    assert match_key(placed.text(pages)) == match_key(hint.quote)
    assert reanchor(hint, [pages[3], *pages[1:3]]) is None


def test_claim_tokens() -> None:
    assert claim_tokens("improved in 88% (p < 0.05), not in IL-6 or \u22122.5 mg/dl") == [
        "88%", "<", "0.05", "not", "6", "-2.5mg/dl",
    ]  # fmt: skip
    assert claims_agree("in 10\u201320 patients", "in 10-20 patients")
    assert not claims_agree("in 5 patients", "in 15 patients")
