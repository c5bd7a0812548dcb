"""Placing a shared finding's passages on our copy: one anchor per page it covers here."""

from __future__ import annotations

from poemsreader.core.model import Anchor, Placing
from poemsreader.services.share_articles import LocalPdf, place_anchors
from poemsreader.services.sharing import ImportReport

FILLER = "Patients were followed in the clinic at regular intervals by the same team. "
QUOTE = "Lenalidomide with dexamethasone improved neuropathy scores within six months"


def test_a_passage_that_crosses_a_page_break_here_becomes_one_anchor_per_page() -> None:
    pdf = LocalPdf(
        "ours" * 16,
        [
            FILLER + "Lenalidomide with dexamethasone improved Am J Hematol 88:207 207",
            "Royer et al. neuropathy scores within six months. " + FILLER + "Am J Hematol 88:208",
            "Royer et al. " + FILLER + "Am J Hematol 88:209 209",
            "Royer et al. " + FILLER + "Am J Hematol 88:210 210",
        ],
        labels=["207", "208", "209", "210"],
    )
    theirs = Anchor(0, QUOTE, FILLER[-20:], ". Patients", 10, 86, document_sha256="theirs")
    placed, orphan = place_anchors([theirs], pdf)
    assert not orphan
    assert [(a.page_index, a.placement) for a in placed] == [(0, "exact"), (1, "exact")]
    assert [a.quote for a in placed] == [
        "Lenalidomide with dexamethasone improved",
        "neuropathy scores within six months",
    ]
    assert all(a.document_sha256 == pdf.sha256 for a in placed)
    assert [(p.page_label, p.kind) for p in pdf.placed] == [("207", Placing.EXACT)]


def test_a_passage_not_in_our_copy_is_an_orphan_without_a_position() -> None:
    pdf = LocalPdf("ours" * 16, [FILLER * 3])
    theirs = Anchor(0, QUOTE, "", "", 10, 86, quads=[], document_sha256="theirs")
    [placed], orphan = place_anchors([theirs], pdf)
    assert orphan and placed.placement == Placing.ORPHAN
    assert (placed.start, placed.end, placed.quads) == (None, None, [])
    assert placed.quote == QUOTE


def test_the_import_report_says_how_passages_were_placed_and_where_fuzzily() -> None:
    pdf = LocalPdf(
        "ours" * 16,
        [
            "An introduction to the cohort and its care.",
            FILLER + "Radiotherapy gave durable responses, in most of them. " + FILLER,
        ],
        labels=["207", "208"],
    )
    fuzzy = Anchor(
        1,
        "Radiotherapy gave durable responses in most of them",
        "the same team. ",
        ". Patients were",
    )
    exact = Anchor(0, "introduction to the cohort", "An ", " and its")
    lost = Anchor(0, "lenalidomide after transplantation relapse", "", "")
    for anchor in (fuzzy, exact, lost):
        place_anchors([anchor], pdf)
    report = ImportReport(source="share.json")
    report.count_placements(pdf.placed)
    assert "passages found again in our copy: 1 exactly, 1 fuzzily (p.208), 1 not found" in (
        report.summary()
    )
