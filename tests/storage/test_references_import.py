"""Importing references into a library: merging, new articles, keys, proposals, coverage."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from poemsreader.bib.detect import parse_text
from poemsreader.core.errors import InvalidInput
from poemsreader.core.model import ArticleRecord, Author, ReadingStatus
from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.library import Library
from tests.conftest import corpus_path
from tests.pdfgen import LOREM, ArticleSpec, make_article


def pdf_with_doi(tmp_path: Path, name: str, doi: str, title: str, authors: str) -> Path:
    first_page = [f"{title}. doi: {doi} " + LOREM, LOREM * 2]
    spec = ArticleSpec(
        title=title,
        authors=authors,
        doi=doi,
        page_count=2,
        pages=[first_page, [LOREM * 2, LOREM * 2]],
    )
    return make_article(tmp_path / name, spec)


def test_medline_records_merge_into_pdfs_already_in_the_library(
    library: Library, tmp_path: Path
) -> None:
    nbib = corpus_path("bib", "pubmed-medline-10records.nbib")
    # Two PDFs whose DOIs are those of two records, with poor metadata of their own.
    desantis = pdf_with_doi(tmp_path, "a.pdf", "10.3322/caac.20134", "Untitled", "Scanner Operator")
    pearce = pdf_with_doi(tmp_path, "b.pdf", "10.7748/ns.30.51.15.s16", "Draft", "Office User")
    ids = []
    for pdf in (desantis, pearce):
        facts = inspect_pdf(pdf)
        assert facts.doi  # the DOI printed on the first page is what links PDF and record
        ids.append(library.articles.add_pdf(facts).article_id)
    # "Scanner Operator" and "Office User" name no one
    assert {library.articles.key(i) for i in ids} == {"Anonymous 2013", "Anonymous 2013a"}

    report = library.references.import_file(nbib)

    assert sorted(report.merged) == sorted(ids)
    assert len(report.created) == 8
    rows = library.articles.rows()
    assert len(rows) == 10  # merged, no duplicate articles
    merged = library.articles.record(ids[0])
    assert merged.title == "Breast cancer statistics, 2011."
    assert merged.authors[0] == Author("DeSantis", "Carol")
    assert (merged.pages, merged.volume, merged.issue) == ("409-418", "61", "6")
    assert merged.pmid == "21969133"
    assert library.articles.key(ids[0]) == "DeSantis 2011"
    assert library.articles.key(ids[1]) == "Pearce 2000"
    statuses = {r.key: r.reading_status for r in rows}
    assert statuses["DeSantis 2011"] == "to read"  # it has its PDF
    assert statuses["Wörmann 2017"] == "unavailable"  # a record without a PDF


def test_second_import_matches_by_pmid_and_title(library: Library) -> None:
    nbib = corpus_path("bib", "pubmed-nbib-single.nbib")
    library.references.import_file(nbib)
    again = library.references.import_file(nbib)
    assert again.created == [] and len(again.merged) == 1
    # The same article known by title, year and first author (another source, no DOI or PMID).
    record = ArticleRecord(
        title="Proteomics: a new perspective for cancer",
        year=2016,
        authors=[Author("Shruthi", "BS")],
    )
    report = library.references.import_records([record])
    assert report.created == [] and report.merged == again.merged
    # Title and year alone do not say it is the same paper.
    alone = ArticleRecord(title="Proteomics: a new perspective for cancer", year=2016)
    assert len(library.references.import_records([alone]).created) == 1


def test_title_match_needs_the_same_year(library: Library) -> None:
    library.references.import_records([ArticleRecord(title="Pulmonary hypertension", year=2013)])
    report = library.references.import_records(
        [ArticleRecord(title="Pulmonary hypertension", year=2014)]
    )
    assert len(report.created) == 1


def test_same_first_author_and_year_get_suffixed_keys(library: Library) -> None:
    records = [
        ArticleRecord(
            title="New advances in the diagnosis and treatment of POEMS syndrome",
            authors=[Author("Li", "J"), Author("Zhou", "DB")],
            year=2013,
        ),
        ArticleRecord(
            title="Pulmonary hypertension in POEMS syndrome",
            authors=[Author("Li", "J"), Author("Tian", "Z")],
            year=2013,
        ),
    ]
    library.references.import_records(records)
    keys = {r.title: r.key for r in library.articles.rows()}
    assert keys[records[0].title] == "Li 2013"
    assert keys[records[1].title] == "Li 2013a"


def test_hand_edited_field_becomes_a_proposed_change(library: Library) -> None:
    nbib = corpus_path("bib", "pubmed-nbib-single.nbib")
    [article_id] = library.references.import_file(nbib).created
    meta = library.references.metadata(article_id)
    edited = replace(meta.record, title="Proteomics in cancer (reviewer's title)", pages="67-70")
    library.references.update_metadata(article_id, edited, meta.reading_status, ["title", "pages"])

    report = library.references.import_file(nbib)

    assert report.proposals == 2
    record = library.articles.record(article_id)
    assert record.title == "Proteomics in cancer (reviewer's title)"  # not overwritten
    proposals = {p.field: p for p in library.references.proposals(article_id)}
    assert proposals["title"].proposed == "Proteomics: A new perspective for cancer."
    assert proposals["title"].current == "Proteomics in cancer (reviewer's title)"
    assert proposals["pages"].proposed == "67"

    library.references.resolve_proposal(proposals["pages"], accept=True)
    library.references.resolve_proposal(proposals["title"], accept=False)
    record = library.articles.record(article_id)
    assert record.pages == "67" and record.title == "Proteomics in cancer (reviewer's title)"
    assert library.references.proposals() == []
    library.references.restore_proposal(proposals["pages"])
    assert library.articles.record(article_id).pages == "67-70"
    assert [p.field for p in library.references.proposals()] == ["pages"]


def test_malformed_entry_skipped_others_imported(library: Library) -> None:
    text = (
        "@article{a, title={First article}, author={Li, Jian}, year={2013}}\n"
        "@article{b, title={Broken, year=2013\n"
        "\n"
        "@article{c, title={Second article}, author={Keyzner, A}, year={2013}}\n"
    )
    report = library.references.import_parsed(parse_text(text), "refs.bib")
    assert len(report.created) == 2
    assert report.problems and report.problems[0].startswith("refs.bib: line 2:")
    assert {r.key for r in library.articles.rows()} == {"Li 2013", "Keyzner 2013"}


def test_bad_file_writes_nothing(library: Library) -> None:
    with pytest.raises(InvalidInput):
        library.references.import_file(corpus_path("bib", "ris-corrupted.ris"))
    assert library.articles.rows() == []


def test_coverage_line(library: Library) -> None:
    records = [ArticleRecord(title=f"Article {n}", year=2013) for n in range(5)]
    report = library.references.import_records(records)
    assert library.references.coverage_line() == "0 of 5 articles read, 5 unavailable"
    for article_id in report.created[:2]:
        library.articles.set_reading_status(article_id, ReadingStatus.READ)
    library.articles.set_reading_status(report.created[2], ReadingStatus.TO_READ)
    assert library.references.coverage_line() == "2 of 5 articles read, 2 unavailable"


@pytest.mark.parametrize(
    "name",
    [
        "jabref-complex.bib",
        "bbt-export-collections.bib",
        "ris-full.ris",
        "ris-scopus.ris",
        "medline-plain-multiple-entries.txt",
        "bbt-csl-deterministic-ordering.csl.json",
        "bbt-pmid-vs-pubmed.zotero-export.json",
        "wos-tagged-export-named-ris.ris",
    ],
)
def test_real_files_import_with_unique_keys(library: Library, name: str) -> None:
    report = library.references.import_file(corpus_path("bib", name))
    rows = library.articles.rows()
    assert len(rows) == len(report.created) > 0
    assert len({r.key for r in rows}) == len(rows)
    assert all(r.reading_status == "unavailable" for r in rows)


def test_key_cited_by_findings_does_not_change_on_import(library: Library) -> None:
    from poemsreader.storage.schema import Article

    nbib = corpus_path("bib", "pubmed-nbib-single.nbib")
    [article_id] = library.references.import_records(
        [ArticleRecord(title="Proteomics", authors=[Author("Early", "A")], pmid="27169098")]
    ).created
    assert library.articles.key(article_id) == "Early n.d."
    with library.db.transaction() as session:
        session.get(Article, article_id).key_locked = True
    library.references.import_file(nbib)
    assert library.articles.record(article_id).authors[0] == Author(
        "Shruthi", "Basavaradhya Sahukar"
    )
    assert library.articles.key(article_id) == "Early n.d."


def test_similar_titles_with_different_pmids_stay_apart(library: Library) -> None:
    records = [
        ArticleRecord(title=f"Study {n}: breast cancer screening", year=2017, pmid=f"9000000{n}")
        for n in range(3)
    ]
    assert len(library.references.import_records(records).created) == 3
