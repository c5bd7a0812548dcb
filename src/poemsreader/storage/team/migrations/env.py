"""Alembic environment of the team library's schema (separate from the local one)."""

from __future__ import annotations

from alembic import context

from poemsreader.storage.team.tables import SCHEMA, VERSION_TABLE, metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    version_table=VERSION_TABLE,
    version_table_schema=SCHEMA,
)
with context.begin_transaction():
    context.run_migrations()
