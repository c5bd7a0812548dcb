"""`check --quotes`: quotes no longer on their page, re-anchored or kept, undoably."""

from __future__ import annotations

from pathlib import Path

import pytest

from poemsreader.cli import main
from poemsreader.core.commands import UndoHistory
from poemsreader.core.quote_drift import KeepQuote
from poemsreader.services.library import Library
from tests.quotes.drift import REWORDED, drift_library


def test_a_replaced_pdf_shows_the_drifted_quote_and_its_closest_text(
    library: Library, tmp_path: Path
) -> None:
    setup = drift_library(library, tmp_path)
    [drifted] = library.quote_drift.check()
    assert drifted.finding_uuid == setup.drifting
    assert drifted.closest is not None and drifted.closest.page_index == 1
    assert "Lenalidomide was effective" in drifted.closest.text
    assert drifted.quads, "the closest text is located on the page"


def test_a_quote_edited_by_hand_is_listed(library: Library, tmp_path: Path) -> None:
    setup = drift_library(library, tmp_path)
    library.findings.edit(setup.steady, quote="Radiation therapy is the only option")
    assert {d.finding_uuid for d in library.quote_drift.check()} == {
        setup.steady,
        setup.drifting,
    }


def test_cli_lists_reanchors_and_undo_restores(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "lib"
    with Library(root) as library:
        setup = drift_library(library, tmp_path)
    status = main(["--library", str(root), "check", "--quotes"])
    out = capsys.readouterr().out
    assert status == 1
    assert setup.drifting in out and "closest on p.2" in out
    assert "1 quote(s) not found on their page" in out

    status = main(["--library", str(root), "check", "--quotes", "--reanchor", setup.drifting])
    out = capsys.readouterr().out
    assert status == 0 and f"{setup.drifting}: re-anchored" in out
    with Library(root) as library:
        after = library.findings.get(setup.drifting)
        assert after.quote.startswith(REWORDED[:30])
        assert after.anchors[0].quads and after.anchors[0].start is not None
        assert library.quote_drift.check() == []


def test_keep_is_undoable(library: Library, tmp_path: Path) -> None:
    setup = drift_library(library, tmp_path)
    history = UndoHistory(library)
    history.push(KeepQuote(setup.drifting))
    assert library.quote_drift.check() == []
    history.undo()
    assert [d.finding_uuid for d in library.quote_drift.check()] == [setup.drifting]


def test_reanchor_undo_puts_the_old_quote_back(library: Library, tmp_path: Path) -> None:
    from poemsreader.core.quote_drift import reanchor_command

    setup = drift_library(library, tmp_path)
    before = library.findings.get(setup.drifting)
    [drifted] = library.quote_drift.check()
    history = UndoHistory(library)
    history.push(reanchor_command(drifted))
    assert library.findings.get(setup.drifting).quote != before.quote
    history.undo()
    restored = library.findings.get(setup.drifting)
    assert (restored.quote, restored.anchors) == (before.quote, before.anchors)


def test_unknown_uuid_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["--library", str(tmp_path / "lib"), "check", "--quotes", "--keep", "nope"])
    err = capsys.readouterr().err
    assert status == 1 and "not among the findings" in err


def test_a_hand_edited_quote_in_a_corpus_article(library: Library) -> None:
    from poemsreader.core.model import Anchor, FindingRecord
    from poemsreader.pdf.document import inspect_pdf
    from tests.conftest import corpus_path

    pdf = corpus_path("articles", "plosone-2014-0115884.pdf")
    article_id = library.articles.add_pdf(inspect_pdf(pdf)).article_id
    text = library.findings.page_text(article_id, 1)
    start = len(text) // 2
    start = text.index(" ", start) + 1
    quote = text[start : start + 120].rsplit(" ", 1)[0]
    anchor = Anchor(
        page_index=1,
        quote=quote,
        prefix=text[max(0, start - 32) : start],
        suffix=text[start + len(quote) : start + len(quote) + 32],
        start=start,
        end=start + len(quote),
        document_sha256=library.findings.document_sha256(article_id),
    )
    record = FindingRecord(statement="From the corpus.", quote=quote, anchors=[anchor])
    library.findings.create_record(article_id, record)
    assert library.quote_drift.check() == []  # the untouched quote holds on its page

    words = quote.split()
    words[len(words) // 2] = "CHANGED"
    library.findings.edit(record.uuid, quote=" ".join(words))
    [drifted] = library.quote_drift.check()
    assert drifted.closest is not None and drifted.closest.page_index == 1
    assert drifted.closest.text.split()[:3] == quote.split()[:3]
