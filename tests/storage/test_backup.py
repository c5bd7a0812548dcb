from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from poemsreader.core.errors import InvalidInput, LibraryInUse
from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.library import Library
from poemsreader.storage.backup import DAILY, KEEP, BackupService
from tests.librarydata import add_finding, finding_statement


def test_opening_makes_one_daily_backup(tmp_path: Path) -> None:
    with Library(tmp_path / "lib") as library:
        assert [b.reason for b in library.backups.list()] == [DAILY]
    with Library(tmp_path / "lib") as library:  # the same day: no second one
        assert len(library.backups.list()) == 1


def test_a_day_later_a_new_backup_and_only_seven_kept(library: Library) -> None:
    now = datetime.now(UTC)
    for day in range(1, 10):
        made = library.backups.ensure_daily(now + timedelta(days=day))
        assert made is not None
        # file names carry the real time: age the newest by renaming it a day back
        older = made.made - timedelta(days=10 - day)
        stamp = older.strftime("%Y%m%dT%H%M%S%f")
        made.path.rename(made.path.with_name(f"library-{stamp}Z-{DAILY}.sqlite"))
    dailies = [b for b in library.backups.list() if b.reason == DAILY]
    assert len(dailies) <= KEEP + 1
    library.backups.prune(DAILY)
    assert len([b for b in library.backups.list() if b.reason == DAILY]) == KEEP


def test_backup_is_a_whole_single_file_database(library: Library, article_pdf: Path) -> None:
    article = library.articles.add_pdf(inspect_pdf(article_pdf))
    add_finding(library, article.article_id, "Lenalidomide works")
    made = library.backups.make()
    assert not made.path.with_name(made.path.name + "-wal").exists()
    con = sqlite3.connect(made.path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT statement FROM finding").fetchall() == [("Lenalidomide works",)]
    con.close()


def test_restore_brings_back_the_old_state_and_keeps_the_current(
    library: Library, article_pdf: Path
) -> None:
    article = library.articles.add_pdf(inspect_pdf(article_pdf))
    finding = add_finding(library, article.article_id, "before")
    backup = library.backups.make()
    add_finding(library, article.article_id, "after")
    saved = library.backups.restore(backup.path)
    assert finding_statement(library, finding) == "before"
    with library.db.reading() as session:
        count = session.connection().exec_driver_sql("SELECT count(*) FROM finding").scalar()
    assert count == 1
    con = sqlite3.connect(saved.path)
    assert con.execute("SELECT count(*) FROM finding").fetchone()[0] == 2
    con.close()


def test_restore_refuses_a_file_that_is_not_a_backup(library: Library, tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 10)
    with pytest.raises(InvalidInput, match="not a poemsreader backup"):
        library.backups.restore(junk)
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE x(y)").connection.close()
    with pytest.raises(InvalidInput):
        library.backups.restore(other)


def test_restore_refused_while_another_process_has_the_library(
    library: Library, tmp_path: Path
) -> None:
    backup = library.backups.make()
    library.paths.lock_file.write_text(f"{library.db.presence.pid}\n1\n")  # pid 1 is alive
    with pytest.raises(LibraryInUse, match=r"pid 1\b"):
        library.backups.restore(backup.path)


def test_at_open_after_a_day(library: Library) -> None:
    service = BackupService(library.db, library.paths.backup_dir)
    assert service.ensure_daily() is None
    assert service.ensure_daily(datetime.now(UTC) + timedelta(days=1, minutes=1)) is not None


def test_a_failing_daily_backup_does_not_stop_the_library_opening(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(*_args: object) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("poemsreader.storage.backup.backup_database", disk_full)
    with Library(tmp_path / "lib") as library:
        assert "No space left on device" in library.backups.last_error
        assert library.articles.rows() == []
