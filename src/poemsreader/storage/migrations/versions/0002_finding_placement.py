"""how each finding stands on this library's copy of its article

Revision ID: 0002_placement
Revises: 0001
Create Date: 2026-12-04 13:50:00

Findings that arrived from a collaborator say whether they were placed by
position, exactly, fuzzily, by hand, or are orphans. Existing findings are
"position", except those already flagged orphan.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_placement"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("finding") as batch:
        batch.add_column(
            sa.Column("placement", sa.String(), nullable=False, server_default="position")
        )
    op.execute("UPDATE finding SET placement = 'orphan' WHERE orphan = 1")


def downgrade() -> None:
    with op.batch_alter_table("finding") as batch:
        batch.drop_column("placement")
