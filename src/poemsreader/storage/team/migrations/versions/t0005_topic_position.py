"""A topic's data carries its position among its siblings.

Revision ID: t0005
Revises: t0004

No table changes: a live topic's `data` gains `position`, the place its author's
library gave it among its siblings, merged like its name and parent. The revision is
the contract. A poemsreader from before it would hash a pulled topic with its
position differently from its own topic without one, and send every topic back on each
sync; once any member's poemsreader has brought the schema here, an older one is
refused with the "update poemsreader" sentence instead. Topic rows written before
keep no position: a member's next sync sends its order with them.
"""

revision = "t0005"
down_revision = "t0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change in the tables: see the module's docstring."""


def downgrade() -> None:
    """Nothing to undo in the tables."""
