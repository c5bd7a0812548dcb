"""topic name key: one casefolded key per topic name, unique among siblings and roots

Revision ID: 0005_topic_name_key
Revises: 0004_merge_base
Create Date: 2026-12-04 16:45:00.000000

SQLite's lower() folds only ASCII, so "Ärzte" and "ärzte" could be two topics under one
parent, and root topics (no parent) escaped the (parent, name) uniqueness altogether.
Each topic gets `name_key` (Unicode case folding of the NFC name, computed here in
Python); topics that share a parent and a key are merged into the first of them (in the
reviewer's order), as the Merge command would: their findings and sub-topics move there,
and the merge is remembered so it reaches collaborators. No finding loses a topic.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005_topic_name_key"
down_revision = "0004_merge_base"
branch_labels = None
depends_on = None

MERGES = "share.topic_merges"
ALIASES = "share.topic_aliases"
BASES = "share.topic_base"


def name_key(name: str) -> str:
    """As `storage.schema.topic_key` is at this revision (kept here: a migration must
    not change when the code does)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold())


class Topics:
    """The topic rows, merged in memory and written back row by row."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn
        rows = conn.execute(sa.text("SELECT id, uuid, name, parent_id, position FROM topic"))
        self.rows = {r.id: dict(r._mapping) for r in rows}
        self.merges: dict[str, str] = {}

    def children(self, parent: int | None) -> list[dict[str, Any]]:
        kids = [r for r in self.rows.values() if r["parent_id"] == parent]
        return sorted(kids, key=lambda r: (r["position"], r["id"]))

    def merge_all(self) -> None:
        """Merge case-duplicates level by level, parents first (a merge may bring
        sub-topics together, which are then merged in turn)."""
        level: list[int | None] = [None]
        while level:
            below: list[int | None] = []
            for parent in level:
                kept: dict[str, dict[str, Any]] = {}
                for row in self.children(parent):
                    key = name_key(row["name"])
                    if key in kept:
                        self.merge(row, kept[key])
                    else:
                        kept[key] = row
                below += [row["id"] for row in kept.values()]
            level = below

    def merge(self, source: dict[str, Any], target: dict[str, Any]) -> None:
        for child in self.children(source["id"]):
            twin = next(
                (
                    c
                    for c in self.children(target["id"])
                    if name_key(c["name"]) == name_key(child["name"])
                ),
                None,
            )
            if twin is not None:  # both have the same sub-topic: it merges too
                self.merge(child, twin)
                continue
            last = max((c["position"] for c in self.children(target["id"])), default=-1)
            self.conn.execute(
                sa.text("UPDATE topic SET parent_id = :target, position = :at WHERE id = :id"),
                {"target": target["id"], "at": last + 1, "id": child["id"]},
            )
            child["parent_id"], child["position"] = target["id"], last + 1
        self._move_findings(source["id"], target["id"])
        self.conn.execute(sa.text("DELETE FROM topic WHERE id = :id"), {"id": source["id"]})
        del self.rows[source["id"]]
        self.merges[source["uuid"]] = target["uuid"]

    def _move_findings(self, source: int, target: int) -> None:
        """The source's findings go after the target's, in their order; a finding filed
        under both keeps its place in the target."""
        already = {
            row[0]
            for row in self.conn.execute(
                sa.text("SELECT finding_id FROM finding_topic WHERE topic_id = :t"), {"t": target}
            )
        }
        last = self.conn.scalar(
            sa.text("SELECT coalesce(max(position), -1) FROM finding_topic WHERE topic_id = :t"),
            {"t": target},
        )
        links = self.conn.execute(
            sa.text(
                "SELECT finding_id FROM finding_topic WHERE topic_id = :s "
                "ORDER BY position, finding_id"
            ),
            {"s": source},
        ).all()
        for (finding_id,) in links:
            if finding_id in already:
                self.conn.execute(
                    sa.text("DELETE FROM finding_topic WHERE finding_id = :f AND topic_id = :s"),
                    {"f": finding_id, "s": source},
                )
                continue
            last += 1
            self.conn.execute(
                sa.text(
                    "UPDATE finding_topic SET topic_id = :t, position = :p "
                    "WHERE finding_id = :f AND topic_id = :s"
                ),
                {"t": target, "p": float(last), "f": finding_id, "s": source},
            )


def _setting(conn: sa.Connection, key: str) -> dict[str, Any]:
    raw = conn.scalar(sa.text("SELECT value FROM setting WHERE key = :k"), {"k": key})
    value = json.loads(raw) if isinstance(raw, str) else raw
    return dict(value) if isinstance(value, dict) else {}


def _save(conn: sa.Connection, key: str, value: dict[str, Any]) -> None:
    conn.execute(sa.text("DELETE FROM setting WHERE key = :k"), {"k": key})
    if value:
        conn.execute(
            sa.text("INSERT INTO setting (key, value) VALUES (:k, :v)"),
            {"k": key, "v": json.dumps(value, ensure_ascii=False)},
        )


def _remember(conn: sa.Connection, merges: dict[str, str]) -> None:
    """As the Merge command does: the merge travels to collaborators, ids they gave the
    merged topic now mean its target, and merge bases file findings under the target."""
    if not merges:
        return
    _save(conn, MERGES, {**_setting(conn, MERGES), **merges})
    aliases = _setting(conn, ALIASES)
    _save(conn, ALIASES, {theirs: merges.get(ours, ours) for theirs, ours in aliases.items()})
    bases = _setting(conn, BASES)
    _save(conn, BASES, {uuid: state for uuid, state in bases.items() if uuid not in merges})
    rows = conn.execute(sa.text("SELECT uuid, fields FROM sync_base WHERE fields IS NOT NULL"))
    for uuid, raw in rows.all():
        fields = json.loads(raw) if isinstance(raw, str) else raw
        topics = fields.get("topics") if isinstance(fields, dict) else None
        if not isinstance(topics, list):
            continue
        retargeted: list[Any] = []
        for entry in topics:
            if isinstance(entry, list) and entry and entry[0] in merges:
                entry = [merges[entry[0]], *entry[1:]]
            if entry not in retargeted and all(
                not isinstance(e, list) or not isinstance(entry, list) or e[:1] != entry[:1]
                for e in retargeted
            ):
                retargeted.append(entry)
        if retargeted != topics:
            conn.execute(
                sa.text("UPDATE sync_base SET fields = :f WHERE uuid = :u"),
                {"f": json.dumps({**fields, "topics": retargeted}, ensure_ascii=False), "u": uuid},
            )


def upgrade() -> None:
    conn = op.get_bind()
    op.add_column("topic", sa.Column("name_key", sa.String(), nullable=False, server_default=""))
    topics = Topics(conn)
    topics.merge_all()
    _remember(conn, topics.merges)
    for row in topics.rows.values():
        conn.execute(
            sa.text("UPDATE topic SET name_key = :key WHERE id = :id"),
            {"key": name_key(row["name"]), "id": row["id"]},
        )
    op.create_index(
        "topic_name_key",
        "topic",
        [sa.text("coalesce(parent_id, 0)"), "name_key"],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index("topic_name_key", table_name="topic")
    op.drop_column("topic", "name_key")  # SQLite's own DROP COLUMN: the table is kept
