"""screening list, digest export log, evidence table

Revision ID: 0003_screening
Revises: 0002_placement
Create Date: 2026-12-04 14:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_screening"
down_revision = "0002_placement"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "screening_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("imported", sa.DateTime(), nullable=False),
        sa.Column("identified", sa.Integer(), nullable=False),
        sa.Column("duplicates", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "screening_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("abstract", sa.Text(), nullable=False),
        sa.Column("journal", sa.Text(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(), nullable=False),
        sa.Column("publication_types", sa.JSON(), nullable=False),
        sa.Column("doi", sa.String(), nullable=False),
        sa.Column("pmid", sa.String(), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("identity", sa.JSON(), nullable=False),
        sa.Column("decision", sa.String(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("decided", sa.DateTime(), nullable=True),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("made_article", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["import_id"], ["screening_import.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("screening_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_screening_record_doi"), ["doi"], unique=False)
        batch_op.create_index(batch_op.f("ix_screening_record_pmid"), ["pmid"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_screening_record_decision"), ["decision"], unique=False
        )
    op.create_table(
        "digest_export",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("made", sa.DateTime(), nullable=False),
        sa.Column("format", sa.String(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "evidence_field",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("population", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "evidence_value",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("field_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["field_id"], ["evidence_field.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id", "field_id"),
    )


def downgrade() -> None:
    op.drop_table("evidence_value")
    op.drop_table("evidence_field")
    op.drop_table("digest_export")
    with op.batch_alter_table("screening_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_screening_record_decision"))
        batch_op.drop_index(batch_op.f("ix_screening_record_pmid"))
        batch_op.drop_index(batch_op.f("ix_screening_record_doi"))
    op.drop_table("screening_record")
    op.drop_table("screening_import")
