"""Opening libraries written by older (and newer) schemas: data kept, backup first, refusal."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic import command

from poemsreader.core.errors import LibraryTooNew
from poemsreader.paths import LibraryPaths
from poemsreader.services.library import Library
from poemsreader.storage import database
from poemsreader.storage.database import _alembic_config, head_revision, make_engine

EXTRA_REVISION = '''"""a later schema step (test only)"""
revision = "9999"
down_revision = "{down}"
branch_labels = None
depends_on = None

from alembic import op


def upgrade() -> None:
    op.execute("CREATE TABLE upgrade_probe (id INTEGER PRIMARY KEY)")


def downgrade() -> None:
    op.execute("DROP TABLE upgrade_probe")
'''


def _library_at_first_schema(root: Path) -> Path:
    """A library folder whose database is at revision 0001, with one article in it."""
    paths = LibraryPaths(root)
    paths.ensure()
    engine = make_engine(paths.database)
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "0001")  # type: ignore[arg-type]
    engine.dispose()
    con = sqlite3.connect(paths.database)
    with con:
        con.execute(
            "INSERT INTO article (uuid, citekey, key_locked, title, year, journal, volume, issue,"
            " pages, published, doi, pmid, abstract, url, reading_status, edited_fields,"
            " first_page_override, last_page_index, last_offset, created, modified) VALUES"
            " ('6f1c0c2e-0000-4000-8000-000000000001', 'Humeniuk 2013', 1, 'POEMS syndrome',"
            " 2013, 'Am J Hematol', '88', '1', '68-73', '2013', '10.1002/ajh.23340', '', '', '',"
            " 'read', '[]', '', 0, 0.0, '2013-01-01 00:00:00', '2013-01-01 00:00:00')"
        )
    con.close()
    return paths.database


def _with_extra_revision(tmp_path: Path) -> Path:
    migrations = tmp_path / "migrations"
    shutil.copytree(
        database.MIGRATIONS_DIR, migrations, ignore=shutil.ignore_patterns("__pycache__")
    )
    (migrations / "versions" / "9999_probe.py").write_text(
        EXTRA_REVISION.format(down=head_revision())
    )
    return migrations


def test_first_schema_library_opens_with_its_data(tmp_path: Path) -> None:
    _library_at_first_schema(tmp_path / "lib")
    with Library(tmp_path / "lib") as library:
        [row] = library.articles.rows()
        assert (row.key, row.title, row.reading_status) == (
            "Humeniuk 2013",
            "POEMS syndrome",
            "read",
        )
        backups = list(library.paths.backup_dir.glob("*-before-*.sqlite"))
        assert bool(backups) == (head_revision() != "0001")


def test_upgrade_copies_the_database_aside_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_file = _library_at_first_schema(tmp_path / "lib")
    monkeypatch.setattr(database, "MIGRATIONS_DIR", _with_extra_revision(tmp_path))
    with Library(tmp_path / "lib") as library:
        assert library.articles.rows()[0].key == "Humeniuk 2013"
        [backup] = library.paths.backup_dir.glob("*-before-*.sqlite")
        assert library.db.last_backup == str(backup)
    old = sqlite3.connect(backup)
    assert old.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert old.execute("SELECT citekey FROM article").fetchall() == [("Humeniuk 2013",)]
    old.close()
    new = sqlite3.connect(db_file)
    assert new.execute("SELECT version_num FROM alembic_version").fetchone() == ("9999",)
    new.close()


def test_newer_schema_is_refused_untouched(tmp_path: Path) -> None:
    db_file = _library_at_first_schema(tmp_path / "lib")
    con = sqlite3.connect(db_file)
    with con:
        con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.close()
    before = db_file.read_bytes()
    with pytest.raises(LibraryTooNew, match="newer poemsreader"):
        Library(tmp_path / "lib")
    assert db_file.read_bytes() == before
