"""team sync state: one row per synced object instead of one JSON setting

Revision ID: 0006_team_sync_state
Revises: 0005_topic_name_key
Create Date: 2026-12-04 17:00:00

A linked library remembered each team object's synced version, hash and time in the
`team.objects` setting, a JSON document rewritten whole on every sync. The rows move
into `team_sync_state` unchanged, so the library keeps syncing from where it was. The
table also keeps the content last synced of the objects merged field by field against
it (screening decisions, evidence fields and values).
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0006_team_sync_state"
down_revision = "0005_topic_name_key"
branch_labels = None
depends_on = None

OBJECTS_KEY = "team.objects"

state = sa.table(
    "team_sync_state",
    sa.column("kind", sa.String),
    sa.column("uuid", sa.String),
    sa.column("version", sa.Integer),
    sa.column("hash", sa.String),
    sa.column("synced", sa.String),
)


def upgrade() -> None:
    op.create_table(
        "team_sync_state",
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("synced", sa.String(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("kind", "uuid"),
    )
    connection = op.get_bind()
    raw = connection.execute(
        sa.text("SELECT value FROM setting WHERE key = :key"), {"key": OBJECTS_KEY}
    ).scalar()
    objects = json.loads(raw) if isinstance(raw, str) else raw
    if isinstance(objects, dict):
        rows = [
            {"kind": kind, "uuid": uuid, "version": int(v[0]), "hash": v[1], "synced": v[2]}
            for key, v in objects.items()
            if ":" in key and isinstance(v, list) and len(v) == 3
            for kind, uuid in [key.split(":", 1)]
        ]
        for start in range(0, len(rows), 1000):
            op.bulk_insert(state, rows[start : start + 1000])
    connection.execute(sa.text("DELETE FROM setting WHERE key = :key"), {"key": OBJECTS_KEY})


def downgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.text("SELECT kind, uuid, version, hash, synced FROM team_sync_state")
    ).all()
    if rows:
        value = {f"{r.kind}:{r.uuid}": [r.version, r.hash, r.synced] for r in rows}
        connection.execute(
            sa.text("INSERT INTO setting (key, value) VALUES (:key, :value)"),
            {"key": OBJECTS_KEY, "value": json.dumps(value)},
        )
    op.drop_table("team_sync_state")
