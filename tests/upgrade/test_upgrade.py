"""Libraries written by every released schema revision open with every finding intact."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from poemsreader.core.errors import LibraryTooNew
from poemsreader.services.library import Library
from poemsreader.storage.database import head_revision, known_revisions
from poemsreader.storage.schema import Finding
from poemsreader.storage.topics import topic_path

FIXTURES = Path(__file__).with_name("fixtures")
REVISIONS = sorted(p.stem.removeprefix("library-") for p in FIXTURES.glob("library-*.sqlite"))


def _library_from(fixture: str, tmp_path: Path) -> Path:
    root = tmp_path / "library"
    root.mkdir()
    shutil.copyfile(FIXTURES / f"library-{fixture}.sqlite", root / "library.sqlite")
    return root


def _findings(library: Library) -> list[dict[str, object]]:
    with library.db.reading() as session:
        return [
            {
                "uuid": f.uuid,
                "article": f.article.citekey,
                "statement": f.statement,
                "quote": f.quote,
                "anchors": [[a.page_index, a.quote] for a in f.anchors],
                "topics": [topic_path(session, link.topic) for link in f.topic_links],
                "deleted": f.deleted is not None,
            }
            for f in session.scalars(select(Finding).order_by(Finding.id))
        ]


def test_every_released_revision_has_a_fixture() -> None:
    missing = known_revisions() - set(REVISIONS)
    assert not missing, (
        f"no upgrade fixture for revision(s) {sorted(missing)}: run "
        "`python -m tests.upgrade.make_fixture REVISION` and commit the files it writes"
    )


@pytest.mark.parametrize("revision", REVISIONS)
def test_upgrade_keeps_every_finding(revision: str, tmp_path: Path) -> None:
    root = _library_from(revision, tmp_path)
    expected = json.loads((FIXTURES / f"library-{revision}.json").read_text(encoding="utf-8"))
    with Library(root) as library:
        assert _findings(library) == expected["findings"]
        with library.db.reading() as session:
            version = session.connection().exec_driver_sql(
                "SELECT version_num FROM alembic_version"
            )
            assert version.scalar() == head_revision()
        report = library.integrity.check()
        assert report.database_ok, report.lines()
        # the fixtures hold no PDFs: every document is "file missing", nothing else is lost
        assert len(report.missing_files) == 3
        assert report.orphan_anchors == []
        hits = library.articles.search_text("POEMS syndrome")
        assert {h.key for h in hits} == {"Humeniuk 2013", "Royer 2013", "Li 2013"}
    if revision != head_revision():
        assert any(b.reason == f"before-{head_revision()}" for b in library.backups.list())


def test_a_library_from_a_newer_poemsreader_is_refused_untouched(tmp_path: Path) -> None:
    root = _library_from(REVISIONS[-1], tmp_path)
    con = sqlite3.connect(root / "library.sqlite")
    with con:
        con.execute("UPDATE alembic_version SET version_num = 'ffff'")
    con.close()
    before = _dump(root / "library.sqlite")
    with pytest.raises(LibraryTooNew, match="newer poemsreader"):
        Library(root)
    assert _dump(root / "library.sqlite") == before


def _dump(database: Path) -> list[str]:
    con = sqlite3.connect(database)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def test_the_quick_head_agrees_with_alembic() -> None:
    from alembic.script import ScriptDirectory

    from poemsreader.storage.database import _alembic_config

    script = ScriptDirectory.from_config(_alembic_config(None))  # type: ignore[arg-type]
    assert head_revision() == script.get_current_head()


def test_findings_flagged_orphan_before_placements_were_kept_read_as_orphans(
    tmp_path: Path,
) -> None:
    root = _library_from("0001", tmp_path)
    con = sqlite3.connect(root / "library.sqlite")
    with con:
        con.execute("UPDATE finding SET orphan = 1 WHERE id = 2")
    con.close()
    with Library(root) as library:
        placements = {f.statement: f.placement for f in library.findings.all()}
    assert placements.pop("VEGF tracks activity <b>&amp;</b> relapse.") == "orphan"
    assert set(placements.values()) == {"position"}
