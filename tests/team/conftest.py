"""A throwaway PostgreSQL database per test, or a skip saying why there is none.

A server is configured by POEMSREADER_TEST_PG (a postgresql:// address without a
password) or by the PG* variables `pg_virtualenv` sets (PGHOST and PGPORT).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from poemsreader.cli import main
from poemsreader.services.library import Library
from tests.share.builders import add_reviewer


def server_address() -> str | None:
    explicit = os.environ.get("POEMSREADER_TEST_PG")
    if explicit:
        return explicit
    if os.environ.get("PGHOST") and os.environ.get("PGPORT"):
        return "postgresql:///" + os.environ.get("PGDATABASE", "postgres")
    return None


def _skip_reason() -> str | None:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -e '.[team]')"
    if server_address() is None:
        return "no PostgreSQL server: set POEMSREADER_TEST_PG or run under pg_virtualenv"
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    reason = _skip_reason()
    if reason is None:
        return
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(pytest.mark.skip(reason=reason))


def _with_database(address: str, database: str) -> str:
    head, _, tail = address.partition("://")
    rest = tail.split("/", 1)[0]
    query = tail.split("?", 1)[1] if "?" in tail else ""
    return f"{head}://{rest}/{database}" + (f"?{query}" if query else "")


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A database of its own, dropped afterwards."""
    import psycopg

    address = server_address()
    assert address is not None
    name = f"poemsreader_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(address, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(address, name)
    finally:
        with psycopg.connect(address, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def new_login(pg_url: str, prefix: str) -> tuple[str, str]:
    """A new login role of the team's user group, with a random password: (login, secret).
    The test drops it when done."""
    import psycopg
    from psycopg import sql

    login, secret = f"{prefix}_{uuid.uuid4().hex[:8]}", uuid.uuid4().hex
    with psycopg.connect(pg_url, autocommit=True) as connection:
        connection.execute(
            sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE poemsreader_team_user").format(
                sql.Identifier(login), sql.Literal(secret)
            )
        )
    return login, secret


def cli(library: Path, *args: str) -> int:
    return main(["--library", str(library), *args])


@pytest.fixture
def pair(tmp_path: Path, pg_url: str) -> tuple[Path, Path]:
    """Two libraries, Ann's and Ben's, linked to one team library."""
    a, b = tmp_path / "a", tmp_path / "b"
    for root, reviewer, name in ((a, ANN, "Ann"), (b, BEN, "Ben")):
        with Library(root) as library:
            add_reviewer(library, reviewer, name)
    assert cli(a, "team", "create", pg_url, "pnp") == 0
    assert cli(b, "team", "link", pg_url, "pnp") == 0
    return a, b


ANN = "aaaaaaaa-0000-4000-8000-000000000001"
BEN = "bbbbbbbb-0000-4000-8000-000000000002"
