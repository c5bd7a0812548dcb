"""The team library: counter rows and synced objects.

Revision ID: t0001
Revises:
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "t0001"
down_revision = None
branch_labels = None
depends_on = None

SCHEMA = "poemsreader_team"


def upgrade() -> None:
    op.create_table(
        "team_library",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False, unique=True),
        sa.Column("version", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column(
            "created", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        schema=SCHEMA,
    )
    op.create_table(
        "team_object",
        sa.Column(
            "library_id",
            sa.Integer,
            sa.ForeignKey(f"{SCHEMA}.team_library.id", ondelete="CASCADE"),
        ),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("uuid", sa.Text, nullable=False),
        sa.Column("version", sa.BigInteger, nullable=False),
        sa.Column("author", sa.Text, nullable=False, server_default=""),
        sa.Column("db_user", sa.Text, nullable=False, server_default=sa.text("current_user")),
        sa.Column("deleted", sa.Boolean, nullable=False, server_default="false"),
        sa.Column("data", JSONB, nullable=False),
        sa.Column(
            "changed", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.PrimaryKeyConstraint("library_id", "kind", "uuid"),
        schema=SCHEMA,
    )
    op.create_index(
        "team_object_by_version", "team_object", ["library_id", "version"], schema=SCHEMA
    )


def downgrade() -> None:
    op.drop_table("team_object", schema=SCHEMA)
    op.drop_table("team_library", schema=SCHEMA)
