"""Screening decisions and evidence are their authors', as findings are.

Revision ID: t0004
Revises: t0003

The team library also holds screening decisions (`screening`), evidence fields
(`evidence_field`) and values (`evidence`), and the conflicts a merge found
(`conflict`). An editor changes only the findings, decisions, fields and values they
created; a conflict is about two reviewers' edits, so either may mark it resolved.
The owner changes anything; a reader still writes nothing.
"""

from alembic import op

revision = "t0004"
down_revision = "t0003"
branch_labels = None
depends_on = None

S = "poemsreader_team"


def _writer_changes(own_kinds: str) -> str:
    return f"""
DROP POLICY writer_changes ON {S}.team_object;
CREATE POLICY writer_changes ON {S}.team_object FOR UPDATE
  USING ({S}.role_in(library_id, current_user) = 'owner'
         OR ({S}.role_in(library_id, current_user) = 'editor'
             AND (kind NOT IN ({own_kinds}) OR db_user = current_user)))
  WITH CHECK ({S}.role_in(library_id, current_user) IN ('owner', 'editor'));
"""


def upgrade() -> None:
    op.execute(_writer_changes("'finding', 'screening', 'evidence_field', 'evidence'"))


def downgrade() -> None:
    op.execute(_writer_changes("'finding'"))
