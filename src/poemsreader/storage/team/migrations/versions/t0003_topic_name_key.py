"""Topics by id, one casefolded key per topic name among siblings and roots.

Revision ID: t0003
Revises: t0002

Topics become synced objects of their own (kind 'topic'), so a rename travels by id.
Each live topic's data carries `key`, its casefolded NFC name written by the client
(PostgreSQL's lower() is no more the rule than SQLite's): no two live topics of one
library share a parent (none: a root) and a key. The constraint is deferred to the
commit, so one push may swap two names.
"""

from alembic import op

revision = "t0003"
down_revision = "t0002"
branch_labels = None
depends_on = None

S = "poemsreader_team"

UPGRADE = f"""
ALTER TABLE {S}.team_object
  ADD CONSTRAINT team_topic_has_key
  CHECK (kind <> 'topic' OR deleted OR coalesce(data->>'key', '') <> '');

ALTER TABLE {S}.team_object
  ADD CONSTRAINT team_topic_name_key
  EXCLUDE USING btree (
    library_id WITH =,
    (coalesce(data->>'parent', '')) WITH =,
    (data->>'key') WITH =
  ) WHERE (kind = 'topic' AND NOT deleted)
  DEFERRABLE INITIALLY DEFERRED;
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(
        f"""
        ALTER TABLE {S}.team_object DROP CONSTRAINT team_topic_name_key;
        ALTER TABLE {S}.team_object DROP CONSTRAINT team_topic_has_key;
        """
    )
