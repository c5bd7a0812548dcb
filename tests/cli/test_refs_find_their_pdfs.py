"""PDFs first, then a MEDLINE file for the same papers: every record finds its article
(by DOI, PMID, then title + year + first author), none becomes an "unavailable" twin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from poemsreader.cli import main
from tests.conftest import corpus_path

PDFS = [
    "bctt-2016-8-109.pdf",
    "openmed-2016-11-264.pdf",
    "trials-2014-15-511.pdf",
    "plosone-2014-0115884.pdf",
    "bmjopen-2016-012335-goactive.pdf",
]
# PubMed's records for those papers, as "Save > PubMed format" writes them (abridged).
# The first three carry no DOI: they must be found by title, year and first author,
# under PubMed's spelling of the names ("Xiao, Haibing" where the PDF reads
# "Haibing Xiao") and of the journal ("Open Med (Wars)" for "Open Med.").
MEDLINE = """PMID- 27382330
TI  - Is radiation-induced ovarian ablation in breast cancer an obsolete procedure?
      Results of a meta-analysis.
DP  - 2016
VI  - 8
PG  - 109-16
FAU - Al Asiri, Mushabbab
FAU - Tunio, Mutahir A
JT  - Breast cancer (Dove Medical Press)
TA  - Breast Cancer (Dove Med Press)

PMID- 28352805
TI  - Correlation between CTLA-4 gene rs221775A>G single nucleotide polymorphism and
      multiple sclerosis susceptibility. A meta-analysis.
DP  - 2016
VI  - 11
IP  - 1
PG  - 264-269
FAU - Xiao, Haibing
FAU - Cao, Xu
JT  - Open medicine (Warsaw, Poland)
TA  - Open Med (Wars)

PMID- 25540987
TI  - A core outcome set for clinical trials on non-specific low back pain: study
      protocol for the development of a core domain set.
DP  - 2014 Dec 24
VI  - 15
PG  - 511
FAU - Chiarotto, Alessandro
FAU - Terwee, Caroline B
JT  - Trials
TA  - Trials

PMID- 25536042
TI  - A novel reproductive mode in frogs: a new species of fanged frog with internal
      fertilization and birth of tadpoles.
DP  - 2014
VI  - 9
IP  - 12
PG  - e115884
LID - 10.1371/journal.pone.0115884 [doi]
FAU - Iskandar, Djoko T
FAU - Evans, Ben J
FAU - McGuire, Jimmy A
JT  - PloS one
TA  - PLoS One

PMID- 27683502
TI  - Feasibility study and pilot cluster-randomised controlled trial of the GoActive
      intervention aiming to promote physical activity among adolescents: outcomes and
      lessons learnt.
DP  - 2016 Sep 28
VI  - 6
IP  - 9
PG  - e012335
LID - 10.1136/bmjopen-2016-012335 [doi]
FAU - Corder, Kirsten
FAU - Brown, Helen Elizabeth
JT  - BMJ open
TA  - BMJ Open
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    out, _err = capsys.readouterr()
    return out


def test_a_medline_file_attaches_to_the_pdfs_already_added(tmp_path: Path, capsys) -> None:
    lib = str(tmp_path / "lib")
    pdfs = [str(corpus_path("articles", name)) for name in PDFS]
    run(capsys, "--library", lib, "add", *pdfs)
    nbib = tmp_path / "pubmed.nbib"
    nbib.write_text(MEDLINE, encoding="utf-8")

    out = run(capsys, "--library", lib, "refs", "import", str(nbib))

    assert "5 references imported: 0 new, 5 merged" in out, out
    rows = json.loads(run(capsys, "--library", lib, "list", "--json"))
    assert len(rows) == 5
    assert all(row["has_pdf"] and row["reading_status"] != "unavailable" for row in rows)
    assert sorted(row["key"] for row in rows) == [
        "Al Asiri 2016",
        "Chiarotto 2014",
        "Corder 2016",
        "Iskandar 2014",
        "Xiao 2016",
    ]
    by_key = {row["key"]: row for row in rows}
    assert by_key["Xiao 2016"]["journal"] == "Open medicine (Warsaw, Poland)"
    assert "merged: Iskandar 2014 ← record 4 (line 35)" in out
