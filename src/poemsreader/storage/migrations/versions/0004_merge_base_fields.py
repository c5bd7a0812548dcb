"""merge base fields: the three-way merge compares each field with the base's

Revision ID: 0004_merge_base
Revises: 0003_screening
Create Date: 2026-12-04 14:20:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_merge_base"
down_revision = "0003_screening"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_base", schema=None) as batch_op:
        batch_op.add_column(sa.Column("fields", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_base", schema=None) as batch_op:
        batch_op.drop_column("fields")
