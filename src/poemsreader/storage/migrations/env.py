"""Alembic environment: run from code by `store.database`, never from an ini file."""

from __future__ import annotations

from alembic import context

from poemsreader.storage.schema import Base

FTS_SHADOW_PREFIX = "page_text_fts"


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Autogenerate must not try to drop the FTS5 virtual table and its shadow tables."""
    return not (type_ == "table" and name and name.startswith(FTS_SHADOW_PREFIX))


def run_migrations() -> None:
    connection = context.config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
