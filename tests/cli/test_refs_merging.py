"""`refs import` merges only the same paper, and says by key what it merged."""

from __future__ import annotations

from pathlib import Path

import pytest

from poemsreader.cli import main
from poemsreader.core.model import Author
from poemsreader.services.library import Library

AMAZING = "\n".join(
    f"@article{{amazing{n},\n  title = {{An amazing title}},\n  author = {{{name}}},\n"
    f"  journal = {{Journal of Things}},\n  year = {{2013}}\n}}\n"
    for n, name in enumerate(["Doe, Jane", "Roe, Richard", "Poe, Edgar", "Moe, Lisa"])
)
ERRATA = """TY  - JOUR
TI  - Erratum
T2  - Blood
PY  - 2013
VL  - 122
SP  - 1234
ER  -

TY  - JOUR
TI  - Erratum
T2  - The Lancet
PY  - 2013
VL  - 381
SP  - 1846
ER  -
"""
MEDLINE = """PMID- 23349326
TI  - POEMS syndrome: 2013 update on diagnosis, risk-stratification, and management.
DP  - 2013 Mar
VI  - 88
IP  - 2
PG  - 143-53
FAU - Dispenzieri, Angela
LID - 10.1002/ajh.23444 [doi]
JT  - American journal of hematology
TA  - Am J Hematol
"""
# The same paper from another tool: no PMID, no DOI, the journal abbreviated.
SAME_PAPER_RIS = """TY  - JOUR
TI  - POEMS syndrome: 2013 update on diagnosis, risk-stratification, and management
AU  - Dispenzieri, A.
JO  - Am J Hematol
PY  - 2013
VL  - 88
SP  - 143
EP  - 153
ER  -
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_four_papers_with_one_title_stay_four(tmp_path: Path, capsys) -> None:
    lib = str(tmp_path / "lib")
    status, out, _ = run(
        capsys, "--library", lib, "refs", "import", write(tmp_path, "a.bib", AMAZING)
    )
    assert status == 0
    assert "4 references imported: 4 new, 0 merged" in out
    with Library.open(lib) as library:
        assert sorted(r.key for r in library.articles.rows()) == [
            "Doe 2013",
            "Moe 2013",
            "Poe 2013",
            "Roe 2013",
        ]


def test_errata_in_two_journals_stay_two(tmp_path: Path, capsys) -> None:
    lib = str(tmp_path / "lib")
    status, out, _ = run(
        capsys, "--library", lib, "refs", "import", write(tmp_path, "e.ris", ERRATA)
    )
    assert status == 0 and "2 new, 0 merged" in out
    with Library.open(lib) as library:
        assert len(library.articles.rows()) == 2


def test_the_same_paper_from_another_tool_is_merged_and_named(tmp_path: Path, capsys) -> None:
    lib = str(tmp_path / "lib")
    run(capsys, "--library", lib, "refs", "import", write(tmp_path, "p.nbib", MEDLINE))
    status, out, _ = run(
        capsys, "--library", lib, "refs", "import", write(tmp_path, "z.ris", SAME_PAPER_RIS)
    )
    assert status == 0
    assert "1 reference imported: 0 new, 1 merged" in out
    assert "merged: Dispenzieri 2013 ← record 1 (line 1)" in out
    with Library.open(lib) as library:
        [row] = library.articles.rows()
        assert row.key == "Dispenzieri 2013"


@pytest.mark.parametrize(
    ("field", "value"),
    [("SP", "150"), ("AU", "Lacy, Martha"), ("T2", "Blood"), ("DO", "10.1000/other")],
)
def test_a_disagreeing_field_keeps_two_papers_apart(
    tmp_path: Path, capsys, field: str, value: str
) -> None:
    lib = str(tmp_path / "lib")
    run(capsys, "--library", lib, "refs", "import", write(tmp_path, "p.nbib", MEDLINE))
    replaced = {field, "JO"} if field == "T2" else {field}
    lines = [line for line in SAME_PAPER_RIS.splitlines() if line[:2] not in replaced]
    lines.insert(1, f"{field}  - {value}")
    other = write(tmp_path, "o.ris", "\n".join(lines) + "\n")
    status, out, _ = run(capsys, "--library", lib, "refs", "import", other)
    assert status == 0 and "1 new, 0 merged" in out, out
    assert "merged: " not in out


def test_a_paper_twice_in_one_file_is_reported(tmp_path: Path, capsys) -> None:
    lib = str(tmp_path / "lib")
    twice = SAME_PAPER_RIS + "\n" + SAME_PAPER_RIS.replace("Dispenzieri, A.", "Dispenzieri, Angela")
    status, out, _ = run(
        capsys, "--library", lib, "refs", "import", write(tmp_path, "t.ris", twice)
    )
    assert status == 0
    assert "merged: Dispenzieri 2013 ← record 2 (line 11) (as record 1 (line 1))" in out
    with Library.open(lib) as library:
        [row] = library.articles.rows()
        assert library.references.metadata(row.id).record.authors == [
            Author("Dispenzieri", "Angela")
        ]


def test_reimporting_records_without_authors_adds_nothing(tmp_path: Path, capsys) -> None:
    lib = str(tmp_path / "lib")
    errata = write(tmp_path, "e.ris", ERRATA)
    run(capsys, "--library", lib, "refs", "import", errata)
    status, out, _ = run(capsys, "--library", lib, "refs", "import", errata)
    assert status == 0 and "2 references imported: 0 new, 2 merged" in out
    with Library.open(lib) as library:
        assert len(library.articles.rows()) == 2
