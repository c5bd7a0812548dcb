"""A reviewer's year across two libraries, through the command line, on corpus articles.

The reviewer adds PDFs, imports a MEDLINE file for the same papers, takes over
highlights another tool (PyMuPDF) made on several pages of each, and sends an
annotation file to a collaborator who has none of the PDFs. The collaborator
imports it, then adds the PDFs. Nothing is duplicated or lost on the way, and
both digests cite the same keys and printed pages.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pymupdf
import pytest

from poemsreader.cli import main
from tests.conftest import corpus_path

pytestmark = pytest.mark.corpus

ARTICLES = ("bctt-2016-8-109.pdf", "openmed-2016-11-264.pdf", "trials-2014-15-511.pdf")
PAGES_HIGHLIGHTED = 3

# The three papers as PubMed's MEDLINE export writes them (read from each first page).
MEDLINE = """\
TI  - Is radiation-induced ovarian ablation in breast cancer an obsolete procedure?
      Results of a meta-analysis.
FAU - Al Asiri, Mushabbab
AU  - Al Asiri M
FAU - Tunio, Mutahir A
AU  - Tunio MA
FAU - Abdulmoniem, Reham
AU  - Abdulmoniem R
DP  - 2016
TA  - Breast Cancer (Dove Med Press)
JT  - Breast cancer (Dove Medical Press)
VI  - 8
PG  - 109-16
LID - 10.2147/BCTT.S94617 [doi]

TI  - Correlation between CTLA-4 gene rs221775A>G single nucleotide polymorphism and
      multiple sclerosis susceptibility. A meta-analysis.
FAU - Haibing, Xiao
AU  - Haibing X
FAU - Xu, Cao
AU  - Xu C
FAU - Jifu, Cai
AU  - Jifu C
FAU - Wenshuang, Zeng
AU  - Wenshuang Z
FAU - Ling, Li
AU  - Ling L
FAU - Yuzhen, Cui
AU  - Yuzhen C
FAU - Yanjun, Hu
AU  - Yanjun H
DP  - 2016
TA  - Open Med (Wars)
JT  - Open medicine (Warsaw, Poland)
VI  - 11
IP  - 1
PG  - 264-269
LID - 10.1515/med-2016-0052 [doi]

TI  - A core outcome set for clinical trials on non-specific low back pain: study
      protocol for the development of a core domain set.
FAU - Chiarotto, Alessandro
AU  - Chiarotto A
FAU - Terwee, Caroline B
AU  - Terwee CB
FAU - Deyo, Richard A
AU  - Deyo RA
FAU - Boers, Maarten
AU  - Boers M
FAU - Lin, Chung-Wei Christine
AU  - Lin CWC
FAU - Buchbinder, Rachelle
AU  - Buchbinder R
FAU - Corbin, Terry P
AU  - Corbin TP
FAU - Costa, Leonardo OP
AU  - Costa LO
FAU - Foster, Nadine E
AU  - Foster NE
FAU - Grotle, Margreth
AU  - Grotle M
FAU - Koes, Bart W
AU  - Koes BW
FAU - Kovacs, Francisco M
AU  - Kovacs FM
FAU - Maher, Chris G
AU  - Maher CG
FAU - Pearson, Adam M
AU  - Pearson AM
FAU - Peul, Wilco C
AU  - Peul WC
FAU - Schoene, Mark L
AU  - Schoene ML
FAU - Turk, Dennis C
AU  - Turk DC
FAU - van Tulder, Maurits W
AU  - van Tulder MW
FAU - Ostelo, Raymond W
AU  - Ostelo RW
DP  - 2014
TA  - Trials
JT  - Trials
VI  - 15
PG  - 511
LID - 10.1186/1745-6215-15-511 [doi]
"""
CITATION = re.compile(r"\([^()]* pp?\.[0-9–-]+\)")


def highlight_pages(source: Path, target: Path) -> None:
    """A copy with the longest body line highlighted on each of the first text pages after
    the first, as a collaborator using PyMuPDF leaves it (fitz-A0 on every page)."""
    with pymupdf.open(source) as doc:
        done = 0
        for page in list(doc)[1:]:
            height = page.rect.height
            lines = [
                (line["bbox"], "".join(span["text"] for span in line["spans"]))
                for block in page.get_text("dict")["blocks"]
                for line in block.get("lines", [])
                if abs(line["dir"][1]) < 0.01 and 0.3 * height < line["bbox"][1] < 0.7 * height
            ]
            lines = [line for line in lines if len(line[1]) > 40]
            if not lines:
                continue  # a page of figures or tables
            bbox, _ = max(lines, key=lambda line: len(line[1]))
            page.add_highlight_annot(pymupdf.Rect(bbox)).update()
            done += 1
            if done == PAGES_HIGHLIGHTED:
                break
        doc.save(target)


def run(capsys: pytest.CaptureFixture[str], library: Path, *args: str) -> str:
    capsys.readouterr()
    status = main(["--library", str(library), *args])
    out, err = capsys.readouterr()
    assert status == 0, err
    return out


def listing(capsys: pytest.CaptureFixture[str], library: Path) -> list[dict[str, Any]]:
    return json.loads(run(capsys, library, "list", "--json"))


def findings(capsys: pytest.CaptureFixture[str], library: Path) -> list[dict[str, Any]]:
    return json.loads(run(capsys, library, "findings", "--json"))


def digest_citations(capsys: pytest.CaptureFixture[str], library: Path, out: Path) -> list[str]:
    run(capsys, library, "digest", "--format", "md", "-o", str(out))
    return sorted(CITATION.findall(out.read_text(encoding="utf-8")))


def references(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["key"]: row["reference"] for row in rows}


def test_a_reviewers_year_across_two_libraries(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdfs = [str(corpus_path("articles", name)) for name in ARTICLES]
    mine, theirs = tmp_path / "mine", tmp_path / "theirs"
    highlighted = tmp_path / "highlighted"
    highlighted.mkdir()
    for pdf in pdfs:
        highlight_pages(Path(pdf), highlighted / Path(pdf).name)
    medline = tmp_path / "pubmed.txt"
    medline.write_text(MEDLINE, encoding="utf-8")

    run(capsys, mine, "add", *pdfs)
    run(capsys, mine, "refs", "import", str(medline))
    run(capsys, mine, "pdf", "import", *map(str, sorted(highlighted.iterdir())))
    sent = listing(capsys, mine)
    assert len(sent) == len(ARTICLES), "the MEDLINE import made a second article of a paper"
    assert all(row["has_pdf"] and row["findings"] == PAGES_HIGHLIGHTED for row in sent)
    assert {row["reference"]["doi"] for row in sent} == {
        "10.2147/BCTT.S94617",
        "10.1515/med-2016-0052",
        "10.1186/1745-6215-15-511",
    }
    assert all(row["reference"]["volume"] and row["reference"]["pages"] for row in sent)

    share = tmp_path / "year.json"
    run(capsys, mine, "share", "export", "-o", str(share))
    run(capsys, theirs, "share", "import", str(share))
    arrived = listing(capsys, theirs)
    assert references(arrived) == references(sent)  # every author, given names too
    assert not any(row["has_pdf"] for row in arrived)

    run(capsys, theirs, "add", *pdfs)
    received = listing(capsys, theirs)
    assert len(received) == len(ARTICLES), "adding the PDFs made duplicates"
    assert all(row["has_pdf"] and row["findings"] == PAGES_HIGHLIGHTED for row in received)
    assert references(received) == references(sent)
    assert {r["key"]: r["printed_pages"] for r in received} == {
        r["key"]: r["printed_pages"] for r in sent
    }

    ours, their_findings = findings(capsys, mine), findings(capsys, theirs)
    assert len(ours) == len(ARTICLES) * PAGES_HIGHLIGHTED
    as_sent = {(f["uuid"], f["article"], f["quote"], f["citation"]) for f in ours}
    assert {(f["uuid"], f["article"], f["quote"], f["citation"]) for f in their_findings} == as_sent

    cited_here = digest_citations(capsys, mine, tmp_path / "mine.md")
    cited_there = digest_citations(capsys, theirs, tmp_path / "theirs.md")
    assert len(cited_here) == len(ours)
    assert cited_here == cited_there
    assert {c.rsplit(" p", 1)[0].lstrip("(") for c in cited_here} == {r["key"] for r in sent}
