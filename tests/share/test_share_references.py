"""A collaborator's file brings each article's whole reference and its key, whatever we hold."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from poemsreader.core.model import ArticleRecord, Author, FindingRecord
from poemsreader.services.library import Library
from poemsreader.storage.schema import Article
from tests.share.builders import add_reviewer, anchor, put_finding

RECORD = ArticleRecord(
    title="POEMS syndrome: an update on diagnosis and treatment",
    authors=[Author("Humeniuk", "Martha S"), Author("Gertz", "Morie A"), Author("Kang", "WY")],
    year=2013,
    journal="American journal of hematology",
    volume="88",
    issue="3",
    pages="68-73",
    published="2013-07-04",
    doi="10.1002/ajh.23340",
    pmid="23345678",
    abstract="A review.",
    url="https://example.org/humeniuk",
)


def sender_with(tmp_path: Path, record: ArticleRecord = RECORD) -> tuple[Library, str]:
    """A library holding `record` (no PDF) with one finding; returns it and the key."""
    library = Library(tmp_path / "sender")
    add_reviewer(library, "11111111-1111-4111-8111-111111111111", "Alice")
    [article_id] = library.references.import_records([record]).created
    with library.db.reading() as session:
        article = session.get(Article, article_id)
        assert article is not None
        uuid, key = article.uuid, article.citekey
    finding = FindingRecord(
        statement="VEGF is raised",
        quote="VEGF",
        reviewer_id="11111111-1111-4111-8111-111111111111",
        reviewer_name="Alice",
        anchors=[anchor(0, "VEGF")],
    )
    put_finding(library, finding, uuid)
    return library, key


def shared_file(library: Library, tmp_path: Path) -> Path:
    target = tmp_path / "share.json"
    library.sharing.export(target)
    return target


def record_by_key(library: Library) -> dict[str, ArticleRecord]:
    return {row.key: library.articles.record(row.id) for row in library.articles.rows()}


def test_the_whole_reference_and_the_key_arrive(tmp_path: Path) -> None:
    sender, key = sender_with(tmp_path)
    path = shared_file(sender, tmp_path)
    with Library(tmp_path / "receiver") as receiver:
        receiver.sharing.import_file(path)
        assert record_by_key(receiver) == {key: RECORD}
        assert key == "Humeniuk 2013"
    sender.close()


def test_an_empty_literal_never_hides_family_and_given(tmp_path: Path) -> None:
    sender, _ = sender_with(tmp_path)
    path = shared_file(sender, tmp_path)
    data = json.loads(path.read_text())
    names = data["articles"][0]["csl"]["author"]
    assert all(name.get("literal", "") == "" for name in names)
    for name in names:
        name["literal"] = ""  # as other writers of the format put it
    names.append({"literal": "POEMS Study Group"})
    path.write_text(json.dumps(data))
    with Library(tmp_path / "receiver") as receiver:
        receiver.sharing.import_file(path)
        [record] = record_by_key(receiver).values()
        assert record.authors == [*RECORD.authors, Author("POEMS Study Group", "")]
    sender.close()


def test_the_key_changes_only_when_a_local_article_owns_it(tmp_path: Path) -> None:
    sender, _ = sender_with(tmp_path)
    path = shared_file(sender, tmp_path)
    other = ArticleRecord(title="Another paper", authors=[Author("Humeniuk", "X")], year=2013)
    with Library(tmp_path / "receiver") as receiver:
        receiver.references.import_records([other])
        receiver.sharing.import_file(path)
        records = record_by_key(receiver)
        assert records["Humeniuk 2013"].title == "Another paper"
        assert records["Humeniuk 2013a"] == RECORD
    sender.close()


def test_a_key_the_sender_chose_stays_though_the_reference_would_give_another(
    tmp_path: Path,
) -> None:
    sender, _ = sender_with(tmp_path)
    sender_key = "Humeniuk 2013 review"
    article_id = sender.articles.id_for_key("Humeniuk 2013")
    meta = sender.references.metadata(article_id)
    sender.references.update_metadata(
        article_id, meta.record, meta.reading_status, meta.edited_fields, citekey=sender_key
    )
    path = shared_file(sender, tmp_path)
    with Library(tmp_path / "receiver") as receiver:
        receiver.sharing.import_file(path)
        assert list(record_by_key(receiver)) == [sender_key]
        [finding] = receiver.findings.all()
        assert finding.citation.startswith("(Humeniuk 2013 review")
    sender.close()


def test_an_article_we_hold_with_a_thin_reference_is_completed(tmp_path: Path) -> None:
    sender, _ = sender_with(tmp_path)
    path = shared_file(sender, tmp_path)
    thin = ArticleRecord(title="POEMS syndrome update", doi=RECORD.doi, journal="Am J Hematol")
    with Library(tmp_path / "receiver") as receiver:
        [article_id] = receiver.references.import_records([thin]).created
        receiver.sharing.import_file(path)
        record = receiver.articles.record(article_id)
        assert record.title == thin.title and record.journal == thin.journal  # ours kept
        assert record.authors == RECORD.authors
        assert (record.volume, record.issue, record.pages) == ("88", "3", "68-73")
        assert (record.year, record.pmid, record.published) == (2013, RECORD.pmid, "2013-07-04")
        assert len(receiver.articles.rows()) == 1
        with receiver.db.reading() as session:
            assert session.scalar(select(Article.citekey)) == "Humeniuk 2013"
    sender.close()


def _sender_with_pdf(tmp_path: Path, pdf: Path, key: str) -> Path:
    """A share file of the PDF's article under `key`, with one finding on it."""
    from poemsreader.pdf.document import inspect_pdf

    with Library(tmp_path / "pdf-sender") as sender:
        article_id = sender.articles.add_pdf(inspect_pdf(pdf)).article_id
        with sender.db.reading() as session:
            uuid = session.get(Article, article_id).uuid
        put_finding(sender, FindingRecord(statement="s", quote="q", anchors=[anchor(0, "q")]), uuid)
        meta = sender.references.metadata(article_id)
        sender.references.update_metadata(
            article_id, meta.record, meta.reading_status, meta.edited_fields, citekey=key
        )
        assert sender.articles.key(article_id) == key
        return shared_file(sender, tmp_path)


def test_a_receiver_holding_the_pdf_cites_the_senders_key_unless_its_own_is_cited(
    tmp_path: Path, article_pdf: Path
) -> None:
    from poemsreader.pdf.document import inspect_pdf

    path = _sender_with_pdf(tmp_path, article_pdf, "Royer 2013 lenalidomide")
    with Library(tmp_path / "fresh") as fresh:
        fresh.articles.add_pdf(inspect_pdf(article_pdf))
        fresh.sharing.import_file(path)
        [row] = fresh.articles.rows()
        assert row.key == "Royer 2013 lenalidomide" and row.findings == 1
    with Library(tmp_path / "cited") as cited:
        article_id = cited.articles.add_pdf(inspect_pdf(article_pdf)).article_id
        with cited.db.reading() as session:
            uuid = session.get(Article, article_id).uuid
        put_finding(cited, FindingRecord(statement="mine", anchors=[anchor(0, "x")]), uuid)
        cited.sharing.import_file(path)
        [row] = cited.articles.rows()
        assert row.key == "Royer 2013" and row.findings == 2


def test_a_senders_key_is_tidied_and_a_silly_one_replaced(tmp_path: Path) -> None:
    sender, _ = sender_with(tmp_path)
    path = shared_file(sender, tmp_path)
    sender.close()
    data = json.loads(path.read_text())
    for key, expected in [("Humeniuk\n\t 2013", "Humeniuk 2013"), ("x" * 300, "Humeniuk 2013")]:
        data["articles"][0]["csl"]["id"] = key
        with Library(tmp_path / f"receiver-{len(key)}") as receiver:
            receiver.sharing.import_bytes(json.dumps(data).encode(), "alice.json")
            assert [row.key for row in receiver.articles.rows()] == [expected]
