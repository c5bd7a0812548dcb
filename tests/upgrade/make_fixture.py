"""Build a small library database at a given schema revision, for the upgrade tests.

    python -m tests.upgrade.make_fixture 0001

writes tests/upgrade/fixtures/library-0001.sqlite and library-0001.json (what the
library holds: every finding with its anchors and topics, to compare after the
upgrade). The rows are written with plain SQL valid at that revision, so a
fixture stays what an old poemsreader wrote even after the models change. When a
new revision is released, add its rows here (if its tables differ) and commit
the fixture it builds; never regenerate an old one.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import unicodedata
from pathlib import Path

from sqlalchemy import create_engine

from poemsreader.storage.database import _alembic_config

FIXTURES = Path(__file__).with_name("fixtures")
NOW = "2024-03-01 10:00:00.000000"

ARTICLES = [
    ("Humeniuk 2013", "Humeniuk", "Martha S", 2013, "Blood", "10.1182/blood-2013-humeniuk"),
    ("Royer 2013", "Royer", "Bruno", 2013, "Am J Hematol", "10.1002/ajh.23368"),
    ("Li 2013", "Li", "Jian", 2013, "Blood", ""),
]
TOPICS = ["Treatment", "Treatment/Radiation", "Symptoms", "VEGF"]
# (article index, statement, quote, [(page_index, quote)], [topic paths], deleted)
FINDINGS = [
    (
        0,
        "Radiation controls isolated lesions.",
        "radiation therapy",
        [(1, "radiation")],
        ["Treatment/Radiation"],
        False,
    ),
    (
        0,
        "VEGF tracks activity <b>&amp;</b> relapse.",
        "VEGF levels",
        [(2, "VEGF"), (3, "relapse")],
        ["VEGF", "Symptoms"],
        False,
    ),
    (
        1,
        "Lenalidomide works after ASCT — ≥ 50 % respond.",
        "lenalidomide",
        [(0, "len")],
        ["Treatment"],
        False,
    ),
    (1, "Right-to-left: مرحبا, NUL-free, tab\there.", "", [(1, "مرحبا")], ["Symptoms"], False),
    (2, "A deleted finding stays in the trash.", "trash", [(0, "trash")], ["Treatment"], True),
    (2, "An area finding on a figure.", "", [(2, "")], ["VEGF"], False),
]


def create_schema(database: Path, revision: str) -> None:
    from alembic import command

    engine = create_engine(f"sqlite:///{database}")
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), revision)  # type: ignore[arg-type]
    engine.dispose()


def fill_0001(con: sqlite3.Connection, *, name_keys: bool = False) -> None:
    """Rows as revision 0001 stores them (`name_keys`: with the topic key of 0005)."""
    con.execute(
        "INSERT INTO reviewer (id, name, colour, is_me) VALUES (?, ?, ?, 1)",
        ("00000000-0000-4000-8000-000000000001", "Reviewer One", "#e0a000"),
    )
    for n, (key, family, given, year, journal, doi) in enumerate(ARTICLES, start=1):
        con.execute(
            "INSERT INTO article (id, uuid, citekey, key_locked, title, year, journal, volume, "
            "issue, pages, published, doi, pmid, abstract, url, reading_status, edited_fields, "
            "first_page_override, last_page_index, last_offset, created, modified) VALUES "
            "(?, ?, ?, 1, ?, ?, ?, '', '', '', '', ?, '', '', '', 'reading', '[]', '', 0, 0.0, "
            "?, ?)",
            (
                n,
                f"10000000-0000-4000-8000-{n:012d}",
                key,
                f"Title of {key}",
                year,
                journal,
                doi,
                NOW,
                NOW,
            ),
        )
        con.execute(
            "INSERT INTO article_author (article_id, position, family, given) VALUES (?, 0, ?, ?)",
            (n, family, given),
        )
        con.execute(
            "INSERT INTO document (id, article_id, path, linked, sha256, pdf_id0, pdf_id1, "
            "page_count, page_labels, printed_labels, label_source, label_note, "
            "page_text_hashes, has_text, added) VALUES (?, ?, ?, 0, ?, '', '', 4, "
            "'[\"207\", \"208\", \"209\", \"210\"]', '[]', '', '', '[]', 1, ?)",
            (n, n, f"pdfs/{n:016x}.pdf", f"{n:064x}", NOW),
        )
        for page in range(4):
            con.execute(
                "INSERT INTO page_text (document_id, page_index, text) VALUES (?, ?, ?)",
                (n, page, f"{key} page {page + 1}: POEMS syndrome text."),
            )
    for n, path in enumerate(TOPICS, start=1):
        parent = TOPICS.index(path.rsplit("/", 1)[0]) + 1 if "/" in path else None
        name = path.rsplit("/", 1)[-1]
        con.execute(
            "INSERT INTO topic (id, uuid, name, parent_id, position, colour) "
            "VALUES (?, ?, ?, ?, ?, '')",
            (n, f"20000000-0000-4000-8000-{n:012d}", name, parent, n),
        )
        if name_keys:
            con.execute("UPDATE topic SET name_key = ? WHERE id = ?", (name_key(name), n))
    for n, (article, statement, quote, anchors, topics, deleted) in enumerate(FINDINGS, 1):
        con.execute(
            "INSERT INTO finding (id, uuid, article_id, statement, quote, status, comment, "
            "colour, reviewer_id, created, modified, deleted, orphan) VALUES "
            "(?, ?, ?, ?, ?, 'new', '', '', ?, ?, ?, ?, 0)",
            (
                n,
                f"30000000-0000-4000-8000-{n:012d}",
                article + 1,
                statement,
                quote,
                "00000000-0000-4000-8000-000000000001",
                NOW,
                NOW,
                NOW if deleted else None,
            ),
        )
        for seq, (page, text) in enumerate(anchors):
            con.execute(
                "INSERT INTO finding_anchor (finding_id, seq, page_index, quads, quote, prefix, "
                "suffix, start, end, document_sha256, is_area) VALUES "
                "(?, ?, ?, ?, ?, 'before ', ' after', ?, ?, ?, ?)",
                (
                    n,
                    seq,
                    page,
                    json.dumps([[72.0, 100.0 + seq, 300.0, 112.0 + seq]]),
                    text,
                    10 * seq,
                    10 * seq + len(text),
                    f"{article + 1:064x}",
                    int(not text),
                ),
            )
        for rank, path in enumerate(topics):
            con.execute(
                "INSERT INTO finding_topic (finding_id, topic_id, rank, position) "
                "VALUES (?, ?, ?, ?)",
                (n, TOPICS.index(path) + 1, rank, float(n)),
            )
    con.execute("INSERT INTO tag (id, name) VALUES (1, 'check')")
    con.execute("INSERT INTO finding_tag (finding_id, tag_id) VALUES (1, 1)")
    con.execute("INSERT INTO setting (key, value) VALUES ('digest.title', '\"POEMS 2013\"')")


def name_key(name: str) -> str:
    """The topic key as revision 0005 defines it (casefolded NFC name)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold())


def fill_0005(con: sqlite3.Connection) -> None:
    """From 0005 on, each topic row carries its name key."""
    fill_0001(con, name_keys=True)


FILLERS = {"0001": fill_0001, "0005_topic_name_key": fill_0005}


def filler(revision: str) -> object:
    """The rows of `revision`, else those of the newest earlier revision that has some."""
    from poemsreader.storage.database import known_revisions

    if revision not in known_revisions():
        raise SystemExit(f"unknown revision {revision}")
    earlier = sorted(r for r in FILLERS if r <= revision)
    return FILLERS[earlier[-1]]


def manifest() -> dict[str, object]:
    """What every upgrade must keep, finding by finding."""
    return {
        "findings": [
            {
                "uuid": f"30000000-0000-4000-8000-{n:012d}",
                "article": ARTICLES[article][0],
                "statement": statement,
                "quote": quote,
                "anchors": [[page, text] for page, text in anchors],
                "topics": topics,
                "deleted": deleted,
            }
            for n, (article, statement, quote, anchors, topics, deleted) in enumerate(FINDINGS, 1)
        ]
    }


def build(revision: str, folder: Path = FIXTURES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / f"library-{revision}.sqlite"
    database.unlink(missing_ok=True)
    create_schema(database, revision)
    con = sqlite3.connect(database)
    with con:
        filler(revision)(con)
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("VACUUM")
    con.close()
    (folder / f"library-{revision}.json").write_text(
        json.dumps(manifest(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return database


if __name__ == "__main__":
    print(build(sys.argv[1] if len(sys.argv) > 1 else "0001"))
