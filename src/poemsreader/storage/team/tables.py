"""The team library's tables in PostgreSQL (SQLAlchemy Core).

One counter row per team library orders every change: a push takes the next version
from it under its row lock, so commit order equals version order. Every synced object
(reviewer, article, finding, topic, screening decision, evidence field and value,
conflict) is one row carrying its uuid, the version of its last change, its author and a
tombstone flag; `data` is the object (a finding as a share file carries it). A live
topic's data also holds `key`, its casefolded name: from t0003 on, no two live topics of
one library share a parent and a key (a deferred exclusion constraint, so a push may swap
two names). From t0005 on it also holds `position`, its place among its siblings.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB

SCHEMA = "poemsreader_team"
VERSION_TABLE = "alembic_version"
NOTIFY_CHANNEL = "poemsreader_team"
KINDS = (
    "reviewer",
    "article",
    "finding",
    "topic",
    "screening",
    "evidence_field",
    "evidence",
    "conflict",
)
# What an editor changes only when they created it (the row-level security says the same).
OWN_KINDS = ("finding", "screening", "evidence_field", "evidence")
ROLES = ("owner", "editor", "reader")
USER_GROUP = "poemsreader_team_user"

metadata = MetaData(schema=SCHEMA)

team_library = Table(
    "team_library",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("version", BigInteger, nullable=False, server_default="0"),
    Column("created", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

team_object = Table(
    "team_object",
    metadata,
    Column("library_id", Integer, ForeignKey("team_library.id", ondelete="CASCADE")),
    Column("kind", Text, nullable=False),
    Column("uuid", Text, nullable=False),
    Column("version", BigInteger, nullable=False),
    Column("author", Text, nullable=False, server_default=""),
    Column("db_user", Text, nullable=False, server_default=func.current_user()),
    Column("deleted", Boolean, nullable=False, server_default="false"),
    Column("data", JSONB, nullable=False),
    Column("changed", DateTime(timezone=True), nullable=False, server_default=func.now()),
    PrimaryKeyConstraint("library_id", "kind", "uuid"),
    Index("team_object_by_version", "library_id", "version"),
)

team_member = Table(
    "team_member",
    metadata,
    Column("library_id", Integer, ForeignKey("team_library.id", ondelete="CASCADE")),
    Column("member", Text, nullable=False),
    Column("role", Text, nullable=False),
    PrimaryKeyConstraint("library_id", "member"),
)
