"""Every row of every table of a library, to assert that an operation changed nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from poemsreader.services.library import Library


def dump_tables(library: Library) -> dict[str, list[tuple[Any, ...]]]:
    """{table: sorted rows} for every table of the database (FTS shadow tables included)."""
    with library.db.reading() as session:
        names = session.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        ).scalars()
        tables = [n for n in names if not n.startswith("sqlite_")]
        return {
            name: sorted(
                (tuple(row) for row in session.execute(text(f'SELECT * FROM "{name}"'))), key=repr
            )
            for name in tables
        }
