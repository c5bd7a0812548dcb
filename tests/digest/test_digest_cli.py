from __future__ import annotations

from pathlib import Path

import pytest

from poemsreader.cli import main
from tests.digest.mirror import EXPECTED_REFERENCES, Mirror
from tests.digest.readback import read_docx, read_markdown


def test_digest_command_writes_each_format(
    fresh_mirror: Mirror, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = str(fresh_mirror.library.root)
    fresh_mirror.library.close()
    for fmt in ("md", "html", "docx", "odt"):
        out = tmp_path / f"digest.{fmt}"
        assert main(["--library", root, "digest", "--format", fmt, "-o", str(out)]) == 0
        assert out.stat().st_size > 1000
    assert "23 findings in 8 sections, 12 references" in capsys.readouterr().out
    _headings, _bullets, refs = read_docx((tmp_path / "digest.docx").read_bytes())
    assert [k for k, _ in refs] == sorted(EXPECTED_REFERENCES)


def test_digest_command_filters_and_options(fresh_mirror: Mirror, tmp_path: Path) -> None:
    root = str(fresh_mirror.library.root)
    fresh_mirror.library.close()
    out = tmp_path / "imaging.md"
    args = ["--library", root, "digest", "-o", str(out), "--topic", "Imaging", "--quotes"]
    assert main([*args, "--topic", "Cytogenetics", "--style", "vancouver"]) == 0
    headings, bullets, _refs = read_markdown(out.read_text())
    assert headings == ["Imaging", "Cytogenetics", "References"]
    assert [b.rsplit(" ", 1)[1] for b in bullets["Imaging"]] == ["(1)", "(2)", "(2)"]
    assert bullets["Cytogenetics"][0].endswith(" (3)")
    numbered = [line for line in out.read_text().splitlines() if line[:3] in ("1. ", "2. ", "3. ")]
    assert [line.split(".", 1)[1].split()[0] for line in numbered] == ["Humeniuk", "Royer", "Kang"]
    assert "> The most densely sclerotic bone lesions" in out.read_text()


def test_digest_command_errors_are_one_line(
    fresh_mirror: Mirror, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = str(fresh_mirror.library.root)
    fresh_mirror.library.close()
    out = tmp_path / "out"
    out.mkdir()
    assert main(["--library", root, "digest", "-o", str(out / "x.txt")]) == 1
    md = ["--library", root, "digest", "-o", str(out / "x.md")]
    assert main([*md, "--topic", "No"]) == 1
    assert main([*md, "--article", "Nobody 2013"]) == 1
    assert main([*md, "--status", "old"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "poemsreader: Cannot tell the format of x.txt; give --format md|html|docx|odt.",
        "poemsreader: No topic named 'No'.",
        "poemsreader: No article with the key 'Nobody 2013'.",
        "poemsreader: Unknown status 'old'; use one of: contradicts, new, open question, "
        "reinforces.",
    ]
    assert not any(out.iterdir())


MEDLINE = """PMID- 23637128
DP  - 2013 Jul 4
TI  - Outcomes of patients with POEMS syndrome treated initially with radiation.
PG  - 68-73
LID - 10.1182/blood-2013-03-487025 [doi]
FAU - Humeniuk, Mark S
AU  - Humeniuk MS
FAU - Gertz, Morie A
AU  - Gertz MA
JT  - Blood
VI  - 122
IP  - 1

PMID- 24107213
DP  - 2013 Dec
TI  - 14q32 translocations and 13q14 deletions are common cytogenetic abnormalities.
PG  - 490-496
FAU - Kang, WY
AU  - Kang WY
FAU - Shen, Kai-Ni
AU  - Shen KN
JT  - European journal of haematology
VI  - 91
"""


def test_house_style_of_a_medline_import(tmp_path: Path) -> None:
    """Initials as written (FAU - Kang, WY), the full date and the DOI as a link."""
    source = tmp_path / "pubmed.nbib"
    source.write_text(MEDLINE)
    library = str(tmp_path / "lib")
    assert main(["--library", library, "refs", "import", str(source)]) == 0
    out = tmp_path / "digest.md"
    assert main(["--library", library, "digest", "--all-references", "-o", str(out)]) == 0
    _headings, _bullets, refs = read_markdown(out.read_text())
    texts = dict(refs)
    doi = "https://doi.org/10.1182/blood-2013-03-487025"
    assert texts["Humeniuk 2013"] == (
        "Humeniuk MS, Gertz MA. 'Outcomes of patients with POEMS syndrome treated initially "
        f"with radiation.' Blood 122 (4 July 2013) 68-73. [{doi}](<{doi}>)"
    )
    assert texts["Kang 2013"].startswith("Kang WY, Shen KN. '14q32")


def test_digest_command_takes_a_csl_file_and_refuses_bad_settings(
    fresh_mirror: Mirror, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = str(fresh_mirror.library.root)
    fresh_mirror.library.close()
    note_style = Path(__file__).with_name("styles") / "short-note.csl"
    out = tmp_path / "notes.html"
    assert main(["--library", root, "digest", "-o", str(out), "--style", str(note_style)]) == 0
    assert "Humeniuk et al., “Outcomes of patients with POEMS syndrome" in out.read_text()
    not_csl = tmp_path / "plain.csl"
    not_csl.write_text("not a style")
    md = ["--library", root, "digest", "-o", str(tmp_path / "x.md")]
    capsys.readouterr()
    assert main([*md, "--style", "chicago"]) == 1
    assert main([*md, "--style", str(not_csl)]) == 1
    assert main([*md, "--language", "no such language"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0].startswith("poemsreader: Unknown reference style 'chicago'; use house, ")
    assert err[1].startswith("poemsreader: plain.csl: not a CSL style")
    assert err[2] == "poemsreader: Not a language tag: 'no such language' (for example en-GB)."
    assert not (tmp_path / "x.md").exists()
