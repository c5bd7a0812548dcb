"""The reference read from whole PDFs made here (no corpus needed), and through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pymupdf
import pytest

from poemsreader.cli import main
from poemsreader.pdf.document import inspect_pdf

TITLE = "A core outcome set for clinical trials on non-specific low back pain"
REFERENCES = [
    "References",
    "1. Deyo RA, Dworkin SF. Report of the NIH task force. Spine 2014, 39:1128-43.",
    "doi:10.1097/BRS.0000000000000434",
    "2. Prinsen CA, Vohra S. Core outcome measures in effectiveness trials.",
    "Trials 2014, 15:247. doi:10.1186/1745-6215-15-247",
]


def _write(page: pymupdf.Page, y: float, lines: list[str], size: float = 9) -> float:
    for line in lines:
        page.insert_text((56, y), line, fontsize=size, fontname="helv")
        y += size * 1.4
    return y


def _bmc_article(path: Path) -> Path:
    """A BMC-style article: journal and volume only in the running header, the DOI only
    before the "Cite this article as" block at the end, /Author a placeholder."""
    doc = pymupdf.open()
    first = doc.new_page()
    _write(first, 30, ["Chiarotto et al. Trials 2014, 15:511", "http://www.trialsjournal.com/"])
    first.insert_text((56, 110), TITLE, fontsize=16, fontname="hebo")
    _write(first, 140, ["Alessandro Chiarotto1*, Caroline B Terwee2 and Raymond W Ostelo1,2"], 10)
    _write(
        first,
        180,
        ["Abstract", "Background: Low back pain is one of the most disabling disorders."],
    )
    middle = doc.new_page()
    _write(middle, 30, ["Chiarotto et al. Trials 2014, 15:511"])
    _write(middle, 80, ["Methods were agreed by an international steering committee."])
    last = doc.new_page()
    _write(last, 30, ["Chiarotto et al. Trials 2014, 15:511"])
    _write(
        last,
        80,
        [
            *REFERENCES,
            "doi:10.1186/1745-6215-15-511",
            "Cite this article as: Chiarotto et al.: A core outcome set for clinical",
            "trials on non-specific low back pain. Trials 2014 15:511.",
        ],
    )
    doc.set_metadata({"title": "", "author": "Unknown"})
    doc.save(path)
    doc.close()
    return path


def _medline_style_article(path: Path) -> Path:
    """No byline; /Author in MEDLINE style; a "To cite" block whose DOI wraps at a hyphen;
    a "Corresponding Author:" label that is no author."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text(
        (56, 80), "Efficacy of lenalidomide in POEMS syndrome", fontsize=16, fontname="hebo"
    )
    _write(
        page,
        120,
        [
            "To cite: Humeniuk MS, Gertz MA.",
            "Efficacy of lenalidomide in POEMS",
            "syndrome. BMJ Open 2016;6:e012335.",
            "doi:10.1136/bmjopen-2016-",
            "012335",
            "Corresponding Author:",
            "Martha S Humeniuk, MD",
        ],
    )
    _write(page, 260, ["Abstract", "POEMS syndrome is a rare paraneoplastic disorder."])
    refs = doc.new_page()
    _write(refs, 60, REFERENCES)
    doc.set_metadata({"title": "untitled", "author": "Humeniuk MS, Gertz MA"})
    doc.save(path)
    doc.close()
    return path


def test_bmc_article_reference(tmp_path: Path) -> None:
    facts = inspect_pdf(_bmc_article(tmp_path / "bmc.pdf"))
    record = facts.guessed
    assert facts.doi == record.doi == "10.1186/1745-6215-15-511"
    assert (record.journal, record.year, record.volume, record.pages) == (
        "Trials",
        2014,
        "15",
        "511",
    )
    assert [a.family for a in record.authors] == ["Chiarotto", "Terwee", "Ostelo"]


def test_medline_style_author_and_wrapped_doi(tmp_path: Path) -> None:
    record = inspect_pdf(_medline_style_article(tmp_path / "humeniuk.pdf")).guessed
    assert record.doi == "10.1136/bmjopen-2016-012335"
    assert (record.journal, record.year, record.volume, record.pages) == (
        "BMJ Open",
        2016,
        "6",
        "e012335",
    )
    assert [(a.family, a.initials()) for a in record.authors] == [
        ("Humeniuk", "MS"),
        ("Gertz", "MA"),
    ]


def _cli(capsys: pytest.CaptureFixture[str], library: Path, *args: str) -> str:
    status = main(["--library", str(library), *args])
    out, err = capsys.readouterr()
    assert status == 0, err
    return out


def test_added_through_the_cli_the_reference_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [_bmc_article(tmp_path / "bmc.pdf"), _medline_style_article(tmp_path / "h.pdf")]
    library = tmp_path / "library"
    _cli(capsys, library, "add", *map(str, files))
    keys = {row["key"] for row in json.loads(_cli(capsys, library, "list", "--json"))}
    assert keys == {"Chiarotto 2014", "Humeniuk 2016"}  # not "MS n.d." nor "Author 2014"
    exported = tmp_path / "refs.json"
    _cli(capsys, library, "refs", "export", "--format", "csljson", "-o", str(exported))
    by_doi = {item["DOI"]: item for item in json.loads(exported.read_text(encoding="utf-8"))}
    assert set(by_doi) == {"10.1186/1745-6215-15-511", "10.1136/bmjopen-2016-012335"}
    trials = by_doi["10.1186/1745-6215-15-511"]
    assert (trials["container-title"], trials["volume"], trials["page"]) == ("Trials", "15", "511")
    bmj = by_doi["10.1136/bmjopen-2016-012335"]
    assert (bmj["volume"], bmj["page"]) == ("6", "e012335")


def test_doi_named_only_in_the_xmp_metadata(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((56, 80), "Efficacy of lenalidomide in POEMS syndrome", fontsize=16)
    _write(page, 120, ["Abstract", "POEMS syndrome is a rare paraneoplastic disorder."])
    refs = doc.new_page()
    _write(refs, 60, REFERENCES)
    doc.set_xml_metadata(
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
        '22-rdf-syntax-ns#"><rdf:Description xmlns:prism="http://prismstandard.org/namespaces/'
        'basic/2.0/"><prism:doi>10.1002/ajh.23368</prism:doi></rdf:Description></rdf:RDF>'
        "</x:xmpmeta>"
    )
    doc.save(tmp_path / "xmp.pdf")
    doc.close()
    assert inspect_pdf(tmp_path / "xmp.pdf").doi == "10.1002/ajh.23368"
