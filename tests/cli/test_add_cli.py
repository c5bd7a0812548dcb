"""The `add` and `list` commands: batches, bad inputs as one line on stderr, JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from poemsreader.cli import main
from tests.conftest import corpus_path
from tests.pdfgen import ArticleSpec, make_article

HOSTILE = [
    ("truncated-linearized-download-586k-of-1.8M.pdf", "incomplete"),
    ("not-a-pdf-html-saved-as-fulltext.pdf", "not a PDF"),
    ("empty-zero-bytes.pdf", "not a PDF"),
    ("enc-aes256-r6-userpw-asdfzxcv.pdf", "--password"),
    ("unopenable-fuzzed.pdf", "damaged"),
]


def _add(tmp_path: Path, *args: str) -> int:
    return main(["--library", str(tmp_path / "lib"), "add", *args])


@pytest.mark.corpus
@pytest.mark.parametrize(("name", "expected"), HOSTILE)
def test_bad_corpus_file_is_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, expected: str
) -> None:
    status = _add(tmp_path, str(corpus_path("hostile", name)))
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 1
    assert expected in err[0] and "Traceback" not in "".join(err)


def test_generated_bad_inputs_each_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = make_article(tmp_path / "good.pdf", ArticleSpec())
    (tmp_path / "text.pdf").write_text("just some text, no PDF at all")
    (tmp_path / "cut.pdf").write_bytes(good.read_bytes()[:500])
    unreadable = tmp_path / "secret.pdf"
    unreadable.write_bytes(good.read_bytes())
    unreadable.chmod(0)
    names = ["text.pdf", "cut.pdf", "secret.pdf", "missing.pdf", "good.pdf"]
    status = _add(tmp_path, *(str(tmp_path / n) for n in names))
    out, err = capsys.readouterr()
    assert status == 1
    assert "Royer 2013: added" in out
    errors = [line for line in err.splitlines() if line.startswith("poemsreader: ")]
    expected_errors = 3 if os.geteuid() == 0 else 4  # root reads a chmod-0 file
    assert len(errors) == expected_errors
    assert "missing.pdf: no such file" in err
    assert err.strip().endswith("could not be added.")


@pytest.mark.corpus
def test_password_option_opens_encrypted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = corpus_path("hostile", "enc-libreoffice-rc4-userpw-openpassword.pdf")
    assert _add(tmp_path, "--password", "openpassword", str(locked)) == 0
    assert "added" in capsys.readouterr().out


def test_folder_and_link(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    make_article(folder / "one.pdf", ArticleSpec(authors="Jian Li", title="One"))
    make_article(folder / "two.pdf", ArticleSpec(authors="Jian Li", title="Two"))
    assert _add(tmp_path, "--link", str(folder)) == 0
    capsys.readouterr()
    assert main(["--library", str(tmp_path / "lib"), "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["key"] for r in rows] == ["Li 2013", "Li 2013a"]
    assert not any((tmp_path / "lib" / "pdfs").iterdir())


@pytest.mark.parametrize("command", [[], ["add"], ["list"]])
def test_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: poemsreader" in capsys.readouterr().out


def test_end_to_end_through_a_real_process(tmp_path: Path) -> None:
    pdf = make_article(tmp_path / "royer.pdf", ArticleSpec())
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n garbage")
    env = {**os.environ, "POEMSREADER_LIBRARY": str(tmp_path / "lib")}
    command = [sys.executable, "-m", "poemsreader"]
    added = subprocess.run(
        [*command, "add", str(pdf), str(broken)], capture_output=True, text=True, env=env
    )
    assert added.returncode == 1
    assert "Royer 2013: added" in added.stdout
    assert "broken.pdf" in added.stderr and "Traceback" not in added.stderr
    listed = subprocess.run([*command, "list", "--json"], capture_output=True, text=True, env=env)
    assert listed.returncode == 0
    [row] = json.loads(listed.stdout)
    assert row["title"] == "Efficacy of lenalidomide in POEMS syndrome" and row["year"] == 2013


def test_list_json_gives_the_whole_reference_the_pdfs_and_the_page_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = make_article(tmp_path / "royer.pdf", ArticleSpec())
    root = str(tmp_path / "lib")
    assert main(["--library", root, "add", str(pdf)]) == 0
    medline = tmp_path / "royer.nbib"
    medline.write_text(
        "PMID- 23345679\nTI  - Efficacy of lenalidomide in POEMS syndrome\n"
        "FAU - Royer, Bruno\nAU  - Royer B\nFAU - Merlusca, Lavinia\nAU  - Merlusca L\n"
        "DP  - 2013 Mar\nTA  - Am J Hematol\nJT  - American journal of hematology\n"
        "VI  - 88\nIP  - 3\nPG  - 207-12\nLID - 10.1002/ajh.23368 [doi]\n\n",
        encoding="utf-8",
    )
    assert main(["--library", root, "refs", "import", str(medline)]) == 0
    capsys.readouterr()
    assert main(["--library", root, "list", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    reference = row["reference"]
    assert (reference["doi"], reference["pmid"]) == ("10.1002/ajh.23368", "23345679")
    assert (reference["volume"], reference["issue"], reference["pages"]) == (
        "88",
        "3",
        "207-212",
    )  # expanded as printed
    assert reference["year"] == 2013 and reference["journal"]
    assert reference["authors"][0] == {"family": "Royer", "given": "Bruno"}
    [document] = row["documents"]
    assert document["page_count"] == 4 and len(document["sha256"]) == 64
    assert row["page_label_source"] == document["page_label_source"] == "printed page numbers"
    assert row["printed_pages"] == ["207", "210"]
    assert row["findings"] == 0 and row["key"] == "Royer 2013"
