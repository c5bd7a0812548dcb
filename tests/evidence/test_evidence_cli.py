"""The evidence table and the matrix from the command line, exported and read back."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest

from poemsreader.cli import main
from poemsreader.core.evidence import FieldKind
from poemsreader.services.library import Library
from tests.evidence.builders import evidence_library


def _run(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["--library", str(root), *args])
    out = capsys.readouterr()
    return status, out.out, out.err


@pytest.fixture
def root(tmp_path: Path) -> Path:
    evidence_library(tmp_path / "lib")
    return tmp_path / "lib"


EXPECTED_MATRIX = {
    # topic columns depth first: Treatment, Treatment / Radiation, VEGF, Symptoms
    "Humeniuk 2013": {"Treatment": 2, "Radiation": 1, "VEGF": 1, "Symptoms": 0},
    "Royer 2013": {"Treatment": 1, "Radiation": 0, "VEGF": 0, "Symptoms": 0},
    "Li 2013": {"Treatment": 0, "Radiation": 0, "VEGF": 0, "Symptoms": 2},
}


def _by_topic(headers: list[str], row: list[object]) -> dict[str, int]:
    """The counts under the topics the findings use (every other topic column holds 0)."""
    counts = {h.split("/")[-1].strip(): int(v) for h, v in zip(headers[1:], row[1:], strict=True)}
    wanted = EXPECTED_MATRIX["Humeniuk 2013"].keys()
    assert sum(counts.values()) == sum(counts[t] for t in wanted)
    return {t: counts[t] for t in wanted}


def test_matrix_in_each_format_reads_back(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(root, capsys, "matrix", "--format", "csv", "-o", str(tmp_path / "m.csv"))
    with Library(root) as library:
        topics = len(library.topics.flat())
    assert status == 0 and f"3 articles × {topics} topics" in out
    rows = list(csv.reader(io.StringIO((tmp_path / "m.csv").read_text(encoding="utf-8"))))
    assert {r[0]: _by_topic(rows[0], r) for r in rows[1:]} == EXPECTED_MATRIX

    _run(root, capsys, "matrix", "-o", str(tmp_path / "m.xlsx"))
    sheet = openpyxl.load_workbook(tmp_path / "m.xlsx").active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert all(isinstance(v, int) for row in values[1:] for v in row[1:])
    assert {r[0]: _by_topic(values[0], r) for r in values[1:]} == EXPECTED_MATRIX

    _run(root, capsys, "matrix", "--format", "md", "-o", str(tmp_path / "m.md"))
    lines = [ln for ln in (tmp_path / "m.md").read_text().splitlines() if ln.startswith("|")]
    cells = [[c.strip() for c in ln.strip("|").split("|")] for ln in lines]
    assert set(cells[1]) == {"---"} and len(cells[1]) == len(cells[0])
    assert {r[0]: _by_topic(cells[0], r) for r in cells[2:]} == EXPECTED_MATRIX


def test_typed_fields_values_and_overlap_exported(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for args in (
        ["design", "--type", "choice", "--choices", "retrospective,prospective,case report"],
        ["patients n", "--type", "integer"],
        ["centre", "--population"],
    ):
        assert _run(root, capsys, "evidence", "add-field", *args)[0] == 0
    for key, field, value in (
        ("Humeniuk 2013", "design", "Retrospective"),
        ("Humeniuk 2013", "patients n", "107"),
        ("Humeniuk 2013", "centre", "Mayo Clinic"),
        ("Royer 2013", "patients n", "20"),
        ("Royer 2013", "centre", "Saint-Louis"),
        ("Li 2013", "centre", "mayo clinic."),
    ):
        status, _, err = _run(root, capsys, "evidence", "set", key, field, value)
        assert status == 0, err

    status, _, err = _run(root, capsys, "evidence", "set", "Li 2013", "patients n", "many")
    assert status == 1 and "is not a whole number" in err and len(err.splitlines()) == 1
    status, _, err = _run(root, capsys, "evidence", "set", "Li 2013", "design", "cohort")
    assert status == 1 and "is not one of" in err

    _, out, _ = _run(root, capsys, "evidence", "list", "--json")
    rows = {r["Article"]: r for r in json.loads(out)}
    assert rows["Humeniuk 2013"]["patients n"] == 107 and rows["Li 2013"]["patients n"] is None
    assert rows["Humeniuk 2013"]["design"] == "retrospective"
    assert rows["Humeniuk 2013"]["possible overlap"] == "centre = Mayo Clinic"
    assert rows["Li 2013"]["possible overlap"] == "centre = mayo clinic."
    assert rows["Royer 2013"]["possible overlap"] == ""

    for fmt in ("csv", "md", "xlsx"):
        out_file = tmp_path / f"evidence.{fmt}"
        assert _run(root, capsys, "evidence", "export", "-o", str(out_file))[0] == 0
    table = list(csv.DictReader(io.StringIO((tmp_path / "evidence.csv").read_text("utf-8"))))
    assert [r["Article"] for r in table] == ["Humeniuk 2013", "Li 2013", "Royer 2013"]
    assert table[2]["patients n"] == "20"
    sheet = openpyxl.load_workbook(tmp_path / "evidence.xlsx").active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("Article", "design", "patients n", "centre", "possible overlap")
    assert values[1][2] == 107 and values[3][2] == 20
    markdown = (tmp_path / "evidence.md").read_text("utf-8")
    assert (
        "| Humeniuk 2013 | retrospective | 107 | Mayo Clinic | centre = Mayo Clinic |" in markdown
    )


def test_bad_output_format_and_unknown_field(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = _run(root, capsys, "matrix", "-o", str(tmp_path / "m.pdf"))
    assert status == 1 and "Cannot tell the format" in err
    assert not (tmp_path / "m.pdf").exists()
    status, _, err = _run(root, capsys, "evidence", "set", "Li 2013", "nothing", "1")
    assert status == 1 and "No evidence field" in err
    with Library(root) as library:
        assert library.evidence.values() == {}


def test_a_formula_looking_value_stays_text(root: Path, tmp_path: Path) -> None:
    with Library(root) as library:
        field_id, _ = library.evidence.add_field("centre", FieldKind.TEXT)
        article = library.articles.id_for_key("Li 2013")
        library.evidence.set_value(article, field_id, '=HYPERLINK("http://x")')
        library.evidence.export(tmp_path / "e.xlsx", "xlsx", "evidence")
    sheet = openpyxl.load_workbook(tmp_path / "e.xlsx").active
    cell = sheet.cell(row=3, column=2)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_the_evidence_table_goes_into_the_digest_when_asked(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(root, capsys, "evidence", "add-field", "patients n", "--type", "integer")
    _run(root, capsys, "evidence", "add-field", "centre", "--population")
    _run(root, capsys, "evidence", "set", "Humeniuk 2013", "patients n", "107")
    _run(root, capsys, "evidence", "set", "Humeniuk 2013", "centre", "Mayo Clinic")
    _run(root, capsys, "evidence", "set", "Li 2013", "centre", "Mayo Clinic")
    plain = tmp_path / "plain.md"
    assert _run(root, capsys, "digest", "-o", str(plain))[0] == 0
    assert "Evidence table" not in plain.read_text("utf-8")
    with_table = tmp_path / "with.md"
    assert _run(root, capsys, "digest", "--evidence", "-o", str(with_table))[0] == 0
    text = with_table.read_text("utf-8")
    section = text[text.index("Evidence table") :]
    assert "patients n: 107; centre: Mayo Clinic" in section and "(Humeniuk 2013)" in section
    assert "possibly the same patients" in section and "(Li 2013)" in section
    assert "Royer 2013)" not in section  # no values for it
