"""The parsers read the real reference files of the shared corpus, field by field."""

from __future__ import annotations

from pathlib import Path

import pytest

from poemsreader.bib.detect import parse_text, read_references
from poemsreader.core.errors import InvalidInput
from poemsreader.core.model import Author
from tests.conftest import corpus_path


def read(name: str):
    return read_references(corpus_path("bib", name))


def test_medline_ten_records_with_full_author_names() -> None:
    parsed = read("pubmed-medline-10records.nbib")
    assert parsed.format == "PubMed MEDLINE"
    assert len(parsed.entries) == 10 and parsed.problems == []
    first = parsed.entries[0].record
    assert first.pmid == "29952495"
    assert first.title == "Breast cancer: basics, screening, diagnostics and treatment."
    assert first.authors == [Author("Wörmann", "Bernhard")]
    assert (first.year, first.volume, first.issue, first.pages) == (2017, "40", "2", "55-64")
    assert first.journal == "Medizinische Monatsschrift fur Pharmazeuten"
    assert first.published == "2017-02"
    assert first.abstract.startswith("Breast cancer is by far the most common malignancy")
    assert "64 years." in first.abstract  # continuation lines joined
    kolak = parsed.entries[4].record
    assert kolak.doi == "10.26444/aaem/75943"  # LID [doi], not the [pii] line before it
    assert Author("Kamińska", "Marzena") in kolak.authors
    assert Author("Kukiełka-Budny", "Bożena") in kolak.authors
    assert kolak.published == "2017-12-23"
    pearce = parsed.entries[3].record
    assert pearce.title == "Title that spans multiple lines for this particular research article"
    assert parsed.entries[3].line == 178


def test_medline_single_nbib() -> None:
    record = read("pubmed-nbib-single.nbib").entries[0].record
    assert record.pmid == "27169098"
    assert record.doi == "10.4103/2277-9175.180636"
    assert record.authors == [
        Author("Shruthi", "Basavaradhya Sahukar"),
        Author("Vinodhkumar", "Palani"),
        Author("Selvamani", ""),
    ]
    assert (record.year, record.volume, record.pages) == (2016, "5", "67")
    assert record.journal == "Advanced biomedical research"


def test_medline_plain_reports_stray_lines_and_empty_records() -> None:
    parsed = read("medline-plain-multiple-entries.txt")
    first = parsed.entries[0].record
    assert first.title.startswith("From danger and motherhood to health and beauty")
    assert first.authors == [Author("Long", "Vicky"), Author("Marland", "Hilary")]
    assert (first.pages, first.volume, first.issue) == ("454-481", "20", "4")
    assert [e.record.pmid for e in parsed.entries[2:]] == [
        "22664220",
        "22664238",
        "96578310",
        "45984220",
    ]
    assert parsed.entries[2].record.doi == "10.1016/j.cpr.2005.02.002"
    lines = [p.line for p in parsed.problems]
    assert 53 in lines  # "This line should be omitted by the importer."
    assert 55 in lines  # a record with no PMID, title or DOI


def test_ris_full_and_scopus() -> None:
    full = read("ris-full.ris")
    assert [e.record.title for e in full.entries] == [
        "Title of reference",
        "The title of the reference",
    ]
    first = full.entries[0].record
    assert first.authors == [Author("Marx", "Karl"), Author("Lindgren", "Astrid")]
    assert (first.year, first.volume, first.issue, first.pages) == (2014, "9", "3", "e0815")
    assert first.journal == "Lorem"
    scopus = read("ris-scopus.ris").entries[0].record
    assert scopus.doi == "10.1016/j.jmps.2004.03.010"
    assert scopus.pages == "2309-2327"
    assert scopus.journal == "Journal of the Mechanics and Physics of Solids"
    assert scopus.authors[0] == Author("Federico", "S.")


def test_ris_bom_and_unicode() -> None:
    assert read("ris-bom.ris").entries[0].record.doi == "10.1186/s40981-020-0316-0"
    record = read("ris-utf8-chars.ris").entries[0].record
    assert record.title.startswith("Состояние рецепторного аппарата эндометрия")
    assert record.authors[0] == Author("Dobrokhotova", "Yu E.")
    assert (record.year, record.volume, record.issue, record.pages) == (2009, "8", "3", "52-57")


def test_ris_entry_without_type_is_refused_with_its_line() -> None:
    with pytest.raises(InvalidInput) as caught:
        read("ris-corrupted.ris")
    assert "line 2" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_web_of_science_export_named_ris_is_recognised() -> None:
    parsed = read("wos-tagged-export-named-ris.ris")
    assert parsed.format == "Web of Science"
    first = parsed.entries[0].record
    assert first.doi == "10.1021/bi049798f" and first.pmid == "15170338"
    assert first.pages == "7003-7016" and first.year == 2004
    assert first.authors[0] == Author("Parkes-Loach", "PS")


def test_bibtex_jabref_latex_names_and_doi_urls() -> None:
    parsed = read("jabref-complex.bib")
    assert len(parsed.entries) == 20 and parsed.problems == []
    by_key = {e.source_key: e.record for e in parsed.entries}
    bardram = by_key["1102917"]
    assert bardram.doi == "10.1007/s00779-005-0347-6"
    assert (bardram.pages, bardram.volume, bardram.issue) == ("357-367", "9", "6")
    bostrom = by_key["1137631"]
    assert bostrom.authors[0] == Author("Boström", "Gustav")
    assert bostrom.authors[1] == Author("Wäyrynen", "Jaana")
    assert bostrom.authors[2] == Author("Bodén", "Marine")
    assert by_key["deBraga2001"].title.startswith("The postcranial anatomy of Procolophon")


def test_bibtex_latin1_jabref_file() -> None:
    parsed = read("jabref-3.8-groups.bib")
    assert [e.source_key for e in parsed.entries] == ["Doe-2017", "Other-", "Unkonw-", "Unkonw"]
    assert parsed.entries[0].record.authors == [Author("Doe", "John")]
    assert parsed.entries[0].record.year == 2017


def test_biblatex_pubmed_eprint_and_arabic() -> None:
    record = read("bbt-pmid-vs-pubmed.biblatex").entries[0].record
    assert record.pmid == "14758786"
    assert record.authors == [Author("Bannwarth", "Bernard"), Author("Péhourcq", "Fabienne")]
    assert (record.journal, record.pages, record.year) == ("Drugs", "5-13", 2003)
    arabic = read("bbt-arabic-citekeys.biblatex").entries[0].record
    assert arabic.title == "الشك عند الفلاسفة المسلمين الغزالي أنموذجًا"
    assert arabic.authors == [Author("هناء زايد عباس", "")]  # a braced name stays whole
    assert (arabic.volume, arabic.issue, arabic.pages) == ("10", "3", "525-542")


def test_bibtex_broken_entry_reported_with_line_others_imported() -> None:
    text = (
        "@article{good1, title={First}, author={Li, Jian}, year={2013}}\n"
        "\n"
        "@article{broken, title={Never closed, year=2013\n"
        "\n"
        "@article{good2, title={Second}, author={Zhou, Dao-Bin}, year={2013}}\n"
    )
    parsed = parse_text(text)
    assert [e.record.title for e in parsed.entries] == ["First", "Second"]
    assert [p.line for p in parsed.problems] == [3]
    assert "malformed" in str(parsed.problems[0])


def test_csl_json_better_bibtex_export() -> None:
    parsed = read("bbt-csl-deterministic-ordering.csl.json")
    assert len(parsed.entries) == 26
    cody = next(e.record for e in parsed.entries if e.record.title.startswith("The contested"))
    assert cody.authors == [Author("Cody", "Kieran"), Author("Jackson", "Steven J.")]
    assert cody.published == "2016-06-01" and cody.pages == "375-393"
    bmj = next(e.record for e in parsed.entries if e.record.pmid)
    assert (bmj.pmid, bmj.journal, bmj.pages, bmj.volume) == ("30894351", "BMJ", "l1120", "364")
    court = next(e.record for e in parsed.entries if e.record.title.startswith("Semenya, ASA"))
    assert court.authors == [Author("Court of Arbitration for Sport", "")]


def test_csl_json_pandoc_strips_markup() -> None:
    parsed = read("bbt-pandoc-citation-export.csl.json")
    adams = parsed.entries[0].record
    assert (
        adams.title
        == "The physical volcanology of the 1600 eruption of Huaynaputina, southern Peru"
    )
    assert adams.year == 2014 and adams.pages == "493-518"


def test_zotero_json_export_reads_pmid_from_extra() -> None:
    parsed = read("bbt-pmid-vs-pubmed.zotero-export.json")
    assert parsed.format == "Zotero JSON"
    record = parsed.entries[0].record
    assert record.pmid == "14758786"
    assert record.authors[1] == Author("Péhourcq", "Fabienne")


def test_unknown_format_names_the_formats_understood(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Some notes about POEMS syndrome.\nNothing bibliographic here.\n")
    with pytest.raises(InvalidInput) as caught:
        read_references(path)
    message = str(caught.value)
    for name in ("BibTeX", "RIS", "MEDLINE", "CSL-JSON"):
        assert name in message
    assert message.startswith("notes.txt")


def test_malformed_json_reports_its_line(tmp_path: Path) -> None:
    path = tmp_path / "refs.json"
    path.write_text('[\n  {"title": "A"},\n  {"title": \n]\n')
    with pytest.raises(InvalidInput, match="line 4"):
        read_references(path)


def test_entries_that_identify_nothing_are_skipped() -> None:
    parsed = parse_text('[\n  {"title": "Kept"},\n  {"note": "nothing else"}\n]\n')
    assert [e.record.title for e in parsed.entries] == ["Kept"]
    assert [str(p) for p in parsed.problems] == [
        "line 3: entry without a title, DOI or PMID, skipped"
    ]


def test_duplicate_bibtex_key_is_reported() -> None:
    text = "@article{x, title={One}}\n@article{x, title={Two}}\n"
    parsed = parse_text(text)
    assert [e.record.title for e in parsed.entries] == ["One"]
    assert "second entry with the key 'x'" in str(parsed.problems[0])
    assert parsed.problems[0].line == 2


def test_csl_json_empty_literal_does_not_hide_the_name() -> None:
    text = (
        '[{"id": "a", "type": "article-journal", "title": "POEMS syndrome", "issued":'
        ' {"date-parts": [[2013]]}, "author": [{"family": "Humeniuk", "given": "M. S.",'
        ' "literal": ""}, {"literal": "POEMS Study Group"}]}]'
    )
    record = parse_text(text).entries[0].record
    assert record.authors == [Author("Humeniuk", "M. S."), Author("POEMS Study Group", "")]
