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


def test_topics_differing_only_in_case_are_merged_on_upgrade_and_no_finding_loses_one(
    tmp_path: Path,
) -> None:
    """Before 0005, "Ärzte" and "ärzte" could both be root topics (and even two roots of
    one exact name). The upgrade merges each such group into its first topic, sub-topics
    included, keeps every finding filed, and remembers the merges for collaborators."""
    from tests.upgrade.make_fixture import build

    database = build("0004_merge_base", tmp_path / "fixture")
    con = sqlite3.connect(database)
    with con:
        con.execute("PRAGMA foreign_keys=ON")
        extra = [
            (10, "treatment", None, 9),  # a root differing only in case from Treatment (1)
            (11, "RADIATION", 10, 0),  # ...whose child is Treatment/Radiation (2)
            (12, "Ärzte", None, 10),
            (13, "ärzte", None, 11),
            (14, "VEGF", None, 12),  # an exact duplicate root
            (15, "Straße", 12, 0),
            (16, "STRASSE", 13, 0),
        ]
        for topic_id, name, parent, position in extra:
            con.execute(
                "INSERT INTO topic (id, uuid, name, parent_id, position, colour) "
                "VALUES (?, ?, ?, ?, ?, '')",
                (topic_id, f"40000000-0000-4000-8000-{topic_id:012d}", name, parent, position),
            )
        for finding_id, topic_id in [(1, 11), (3, 13), (4, 12), (6, 14), (5, 16), (2, 15)]:
            con.execute(
                "INSERT INTO finding_topic (finding_id, topic_id, rank, position) "
                "VALUES (?, ?, 9, 50.0)",
                (finding_id, topic_id),
            )
        con.execute(
            "INSERT INTO setting (key, value) VALUES ('share.topic_aliases', ?)",
            (json.dumps({"their-aerzte": "40000000-0000-4000-8000-000000000013"}),),
        )
        before = {
            finding: sorted({_key_path(con, topic) for topic in topics})
            for finding, topics in _links(con).items()
        }
    con.close()
    root = tmp_path / "library"
    root.mkdir()
    shutil.copyfile(database, root / "library.sqlite")
    with Library(root) as library:
        with library.db.reading() as session:
            rows = (
                session.connection()
                .exec_driver_sql("SELECT coalesce(parent_id, 0), name_key FROM topic")
                .all()
            )
            raw = session.connection().connection.dbapi_connection
            assert raw is not None
            after = {
                finding: sorted(_key_path(raw, topic) for topic in topics)  # type: ignore[arg-type]
                for finding, topics in _links(raw).items()  # type: ignore[arg-type]
            }
            settings = dict(
                session.connection().exec_driver_sql("SELECT key, value FROM setting").all()
            )
        assert len(rows) == len(set(rows)) == 6  # the 4 of the fixture, Ärzte, Ärzte/Straße
        assert after == before
        merges = json.loads(settings["share.topic_merges"])
        assert merges == {
            "40000000-0000-4000-8000-000000000010": "20000000-0000-4000-8000-000000000001",
            "40000000-0000-4000-8000-000000000011": "20000000-0000-4000-8000-000000000002",
            "40000000-0000-4000-8000-000000000013": "40000000-0000-4000-8000-000000000012",
            "40000000-0000-4000-8000-000000000014": "20000000-0000-4000-8000-000000000004",
            "40000000-0000-4000-8000-000000000016": "40000000-0000-4000-8000-000000000015",
        }
        aliases = json.loads(settings["share.topic_aliases"])
        assert aliases == {"their-aerzte": "40000000-0000-4000-8000-000000000012"}
        assert _findings(library)[0]["topics"] == ["Treatment/Radiation"]


def _links(con: sqlite3.Connection) -> dict[int, list[int]]:
    links: dict[int, list[int]] = {}
    for finding, topic in con.execute("SELECT finding_id, topic_id FROM finding_topic"):
        links.setdefault(finding, []).append(topic)
    return links


def _key_path(con: sqlite3.Connection, topic_id: int) -> str:
    """The topic's path, casefolded: what must survive a merge of case-duplicates."""
    parts: list[str] = []
    current: int | None = topic_id
    while current is not None:
        name, current = con.execute(
            "SELECT name, parent_id FROM topic WHERE id = ?", (current,)
        ).fetchone()
        parts.append(name.casefold())
    return "/".join(reversed(parts))
