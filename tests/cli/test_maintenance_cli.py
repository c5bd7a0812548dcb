"""`poemsreader check` and `poemsreader backup`, through `cli.main`."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from poemsreader.cli import main
from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.library import Library
from tests.librarydata import add_finding


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def root(tmp_path: Path, article_pdf: Path) -> Path:
    with Library(tmp_path / "lib") as library:
        added = library.articles.add_pdf(inspect_pdf(article_pdf))
        add_finding(library, added.article_id, "kept")
    return tmp_path / "lib"


def test_check_clean_library(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--library", str(root), "check")
    assert status == 0
    assert out.strip().splitlines()[-1].startswith("database ok; 0 file(s) missing")


def test_check_reports_missing_file_then_relinks_it(
    root: Path, tmp_path: Path, article_pdf: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    [stored] = (root / "pdfs").glob("*.pdf")
    stored.unlink()
    status, out, _ = run(capsys, "--library", str(root), "check")
    assert status == 1
    assert "Royer 2013: file missing" in out
    elsewhere = tmp_path / "moved"
    elsewhere.mkdir()
    shutil.copy(article_pdf, elsewhere / "renamed.pdf")
    status, out, _ = run(capsys, "--library", str(root), "check", "--relink", str(elsewhere))
    assert status == 0, out
    assert "Royer 2013: relinked" in out
    assert stored.exists()


def test_relink_needs_a_folder(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "--library", str(root), "check", "--relink", "/no/such/dir")
    assert status == 1
    assert err.strip() == "poemsreader: /no/such/dir: not a folder."


def test_backup_now_list_and_restore(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--library", str(root), "backup", "now")
    assert status == 0
    made = Path(out.strip().removeprefix("backup made: "))
    assert made.is_file()
    con = sqlite3.connect(root / "library.sqlite")
    with con:
        con.execute("DELETE FROM finding_anchor")
        con.execute("DELETE FROM finding_topic")
        con.execute("DELETE FROM finding")
    con.close()
    status, out, _ = run(capsys, "--library", str(root), "backup")
    assert status == 0 and made.name in out and "manual" in out
    status, out, err = run(capsys, "--library", str(root), "backup", "restore", made.name)
    assert status == 0, err
    assert "the library as it was is kept in" in out
    with Library(root) as library, library.db.reading() as session:
        count = session.connection().exec_driver_sql("SELECT count(*) FROM finding").scalar()
    assert count == 1


def test_restore_of_a_missing_file_is_one_line(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, "--library", str(root), "backup", "restore", "nope.sqlite")
    assert status == 1
    assert err.strip() == "poemsreader: nope.sqlite: no such backup file."


def test_a_damaged_database_is_one_line_and_a_backup_restores_it(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "--library", str(root), "backup", "now")
    made = Path(out.strip().removeprefix("backup made: "))
    database = root / "library.sqlite"
    database.write_bytes(database.read_bytes()[:5000])  # torn: a truncated copy
    status, _, err = run(capsys, "--library", str(root), "list")
    assert status == 1
    assert len(err.strip().splitlines()) == 1 and "is damaged" in err
    assert "poemsreader backup restore FILE" in err
    status, out, err = run(capsys, "--library", str(root), "backup", "list")
    assert status == 0 and made.name in out and "damaged" in err
    status, out, err = run(capsys, "--library", str(root), "backup", "restore", made.name)
    assert status == 0, err
    assert "the damaged database is kept in" in out
    status, out, _ = run(capsys, "--library", str(root), "check")
    assert status == 0, out
    with Library(root) as library:
        assert [r.key for r in library.articles.rows()] == ["Royer 2013"]
        damaged = [b for b in library.backups.list() if b.reason == "damaged"]
        assert len(damaged) == 1
