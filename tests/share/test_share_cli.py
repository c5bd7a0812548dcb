"""`poemsreader share export|import` end to end."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from poemsreader.cli import main
from poemsreader.core.model import FindingRecord
from poemsreader.services.library import Library
from tests.share.builders import add_reference, add_reviewer, findings, put_finding

ME = "eeeeeeee-0000-4000-8000-000000000005"


@pytest.fixture
def sender(tmp_path: Path) -> Path:
    root = tmp_path / "sender"
    with Library(root) as library:
        add_reviewer(library, ME, "Eve")
        old = add_reference(library, "Li 2013", doi="10.1/li")
        new = add_reference(library, "Royer 2013", doi="10.1/royer")
        put_finding(
            library,
            FindingRecord(
                statement="old", reviewer_id=ME, modified=datetime(2024, 1, 1, tzinfo=UTC)
            ),
            old,
        )
        put_finding(
            library,
            FindingRecord(
                statement="new", reviewer_id=ME, modified=datetime(2026, 1, 1, tzinfo=UTC)
            ),
            new,
        )
    return root


def test_export_and_import(
    sender: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "share.json"
    assert main(["--library", str(sender), "share", "export", "-o", str(out)]) == 0
    assert "2 finding(s) on 2 article(s)" in capsys.readouterr().out
    text = out.read_text(encoding="utf-8")
    assert str(sender) not in text and "pdfs/" not in text  # no paths from this machine
    receiver = tmp_path / "receiver"
    assert main(["--library", str(receiver), "share", "import", str(out)]) == 0
    assert "2 new" in capsys.readouterr().out
    with Library(receiver) as library:
        assert {f.record.statement for f in findings(library).values()} == {"old", "new"}
        assert {f.record.reviewer_name for f in findings(library).values()} == {"Eve"}
        with library.db.reading() as session:
            from poemsreader.storage.schema import Reviewer

            eve = session.get(Reviewer, ME)
            assert (eve.colour, eve.is_me) == ("#e0a000", False)


def test_export_since_and_by_article(sender: Path, tmp_path: Path) -> None:
    out = tmp_path / "since.json"
    assert (
        main(["--library", str(sender), "share", "export", "-o", str(out), "--since", "2025-06-01"])
        == 0
    )
    statements = [b["value"] for f in json.loads(out.read_text())["findings"] for b in f["body"]]
    assert statements == ["new"]
    assert (
        main(["--library", str(sender), "share", "export", "-o", str(out), "--article", "Li 2013"])
        == 0
    )
    data = json.loads(out.read_text())
    assert [a["csl"]["id"] for a in data["articles"]] == ["Li 2013"]


def test_a_bad_file_is_one_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"poemsreader_annotations": 1, "exported": "soon"}', encoding="utf-8")
    assert main(["--library", str(tmp_path / "lib"), "share", "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("poemsreader: bad.json cannot be imported: exported:")
    assert "Traceback" not in err


def test_unknown_article_key_and_bad_date(
    sender: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = str(tmp_path / "x.json")
    assert (
        main(["--library", str(sender), "share", "export", "-o", out, "--article", "Nope 1999"])
        == 1
    )
    assert (
        main(["--library", str(sender), "share", "export", "-o", out, "--since", "yesterday"]) == 1
    )
    err = capsys.readouterr().err
    assert "No article with the key 'Nope 1999'" in err and "is not a date" in err
    assert not Path(out).exists()


def test_a_pdf_id_stored_as_a_literal_string_is_left_out(tmp_path: Path) -> None:
    """Some PDFs carry their /ID as a literal string; the file only carries hex ids."""
    from poemsreader.storage.schema import Article, Document

    with Library(tmp_path / "lib") as library:
        with library.db.transaction() as session:
            article = Article(citekey="Odd 2020", title="Odd /ID")
            article.documents = [
                Document(path="x.pdf", sha256="ab" * 32, pdf_id0="0f1e", pdf_id1="(\\262cp\\302dj)")
            ]
            session.add(article)
        document = library.sharing.build(["Odd 2020"])
    assert document.articles[0].documents[0].pdf_id == []
