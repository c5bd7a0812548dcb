"""Permissions live in the database: raw SQL as a reader, an editor and the owner."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from tests.team.conftest import cli, new_login

pytestmark = pytest.mark.postgres

S = "poemsreader_team"


@pytest.fixture
def roles(pg_url: str) -> Iterator[dict[str, str]]:
    """Three login-less roles in the user group (dropped afterwards): owner, editor, reader."""
    suffix = uuid.uuid4().hex[:8]
    names = {kind: f"{kind}_{suffix}" for kind in ("owner", "editor", "reader")}
    with psycopg.connect(pg_url, autocommit=True) as connection:
        for name in names.values():
            connection.execute(sql.SQL("CREATE ROLE {}").format(sql.Identifier(name)))
    yield names
    with psycopg.connect(pg_url, autocommit=True) as connection:
        for name in names.values():
            connection.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(name)))
            connection.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))


def _as(connection: psycopg.Connection, role: str) -> None:
    connection.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(role)))


@pytest.fixture
def library(tmp_path: Path, pg_url: str, roles: dict[str, str]) -> int:
    """A team library created by the owner role, with an editor and a reader, and one
    finding the owner wrote."""
    assert cli(tmp_path / "admin", "team", "create", pg_url, "setup") == 0  # makes the schema
    with psycopg.connect(pg_url, autocommit=True) as connection:
        for name in roles.values():
            connection.execute(
                sql.SQL("GRANT poemsreader_team_user TO {}").format(sql.Identifier(name))
            )
        _as(connection, roles["owner"])
        row = connection.execute(f"SELECT {S}.create_library('pnp', current_user)").fetchone()
        assert row is not None
        library_id = int(row[0])
        for kind in ("editor", "reader"):
            connection.execute(
                f"INSERT INTO {S}.team_member VALUES (%s, %s, %s)",
                (library_id, roles[kind], kind),
            )
        connection.execute(
            f"INSERT INTO {S}.team_object (library_id, kind, uuid, version, data) "
            "VALUES (%s, 'finding', 'owned-by-owner', 1, '{}')",
            (library_id,),
        )
    return library_id


def _update(pg_url: str, role: str, library_id: int, uuid_: str = "owned-by-owner") -> int:
    with psycopg.connect(pg_url, autocommit=True) as connection:
        _as(connection, role)
        cursor = connection.execute(
            f"UPDATE {S}.team_object SET deleted = true WHERE library_id = %s AND uuid = %s",
            (library_id, uuid_),
        )
        return cursor.rowcount


def _insert(pg_url: str, role: str, library_id: int, uuid_: str) -> None:
    with psycopg.connect(pg_url, autocommit=True) as connection:
        _as(connection, role)
        connection.execute(
            f"INSERT INTO {S}.team_object (library_id, kind, uuid, version, data) "
            "VALUES (%s, 'finding', %s, 2, '{}')",
            (library_id, uuid_),
        )


def test_a_reader_writes_nothing(pg_url: str, roles: dict[str, str], library: int) -> None:
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        _insert(pg_url, roles["reader"], library, "by-reader")
    assert _update(pg_url, roles["reader"], library) == 0
    with psycopg.connect(pg_url, autocommit=True) as connection:
        _as(connection, roles["reader"])
        rows = connection.execute(f"SELECT uuid FROM {S}.team_object").fetchall()
        assert rows == [("owned-by-owner",)]  # but reads everything
        bumped = connection.execute(f"UPDATE {S}.team_library SET version = version + 1")
        assert bumped.rowcount == 0


def test_an_editor_changes_only_their_own_findings(
    pg_url: str, roles: dict[str, str], library: int
) -> None:
    assert _update(pg_url, roles["editor"], library) == 0
    _insert(pg_url, roles["editor"], library, "by-editor")
    assert _update(pg_url, roles["editor"], library, "by-editor") == 1
    with (
        psycopg.connect(pg_url, autocommit=True) as connection,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        _as(connection, roles["editor"])
        connection.execute(
            f"INSERT INTO {S}.team_member VALUES (%s, %s, 'owner')", (library, roles["editor"])
        )


def test_the_owner_changes_anything(pg_url: str, roles: dict[str, str], library: int) -> None:
    _insert(pg_url, roles["editor"], library, "by-editor")
    assert _update(pg_url, roles["owner"], library) == 1
    assert _update(pg_url, roles["owner"], library, "by-editor") == 1


def test_a_non_member_sees_nothing(pg_url: str, roles: dict[str, str], library: int) -> None:
    with psycopg.connect(pg_url, autocommit=True) as connection:
        connection.execute(f"DELETE FROM {S}.team_member WHERE member = %s", (roles["reader"],))
        _as(connection, roles["reader"])
        assert connection.execute(f"SELECT count(*) FROM {S}.team_object").fetchone() == (0,)
        assert connection.execute(f"SELECT count(*) FROM {S}.team_library").fetchone() == (0,)


def test_members_commands(
    tmp_path: Path, pg_url: str, roles: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "owner"
    assert cli(root, "team", "create", pg_url, "pnp") == 0  # as the server's superuser
    capsys.readouterr()
    assert cli(root, "team", "members", "add", roles["editor"], "editor") == 0
    assert capsys.readouterr().out.strip() == f"Team library pnp: {roles['editor']} is now editor."
    assert cli(root, "team", "members", "role", roles["editor"], "reader") == 0
    assert cli(root, "team", "members") == 0
    assert f"{roles['editor']} (reader)" in capsys.readouterr().out
    assert cli(root, "team", "members", "remove", roles["editor"]) == 0
    assert cli(root, "team", "members", "remove", roles["editor"]) == 1
    assert "is not a member" in capsys.readouterr().err
    assert cli(root, "team", "members", "add", "nobody_at_all", "editor") == 1
    assert "no database role" in capsys.readouterr().err


def test_a_reader_keeps_their_edits_here_marked_not_sent(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from poemsreader.services.library import Library
    from tests.share.builders import add_reference, add_reviewer, put_finding
    from tests.team.conftest import ANN

    owner_root, reader_root = tmp_path / "owner", tmp_path / "reader"
    assert cli(owner_root, "team", "create", pg_url, "pnp") == 0
    login, secret = new_login(pg_url, "rita")
    try:
        assert cli(owner_root, "team", "members", "add", login, "reader") == 0
        monkeypatch.setenv("PGUSER", login)  # libpq's own places carry the credentials
        monkeypatch.setenv("PGPASSWORD", secret)
        with Library(reader_root) as library:
            add_reviewer(library, ANN, "Rita")
            from poemsreader.core.model import FindingRecord

            put_finding(library, FindingRecord(statement="mine"), add_reference(library, "X 1"))
        assert cli(reader_root, "team", "link", pg_url, "pnp") == 0
        capsys.readouterr()
        assert cli(reader_root, "team", "sync") == 0
        out = capsys.readouterr().out
        # Rita, her article and finding, and the 8 starter topics of a new library
        assert "pushed 0" in out and "11 not sent (no right to change them)" in out
        assert cli(reader_root, "team", "status", "--offline") == 0
        assert "11 to send" in capsys.readouterr().out
        assert secret not in (reader_root / "library.sqlite").read_bytes().decode("latin-1")
    finally:
        monkeypatch.undo()
        with psycopg.connect(pg_url, autocommit=True) as connection:
            connection.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(login)))
            connection.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(login)))


def _object(pg_url: str, role: str, library_id: int, kind: str, uuid_: str) -> None:
    with psycopg.connect(pg_url, autocommit=True) as connection:
        _as(connection, role)
        connection.execute(
            f"INSERT INTO {S}.team_object (library_id, kind, uuid, version, data) "
            "VALUES (%s, %s, %s, 3, '{}')",
            (library_id, kind, uuid_),
        )


@pytest.mark.parametrize("kind", ["screening", "evidence_field", "evidence"])
def test_decisions_and_evidence_are_their_authors_as_findings_are(
    pg_url: str, roles: dict[str, str], library: int, kind: str
) -> None:
    _object(pg_url, roles["owner"], library, kind, f"{kind}-by-owner")
    _object(pg_url, roles["editor"], library, kind, f"{kind}-by-editor")
    assert _update(pg_url, roles["editor"], library, f"{kind}-by-owner") == 0
    assert _update(pg_url, roles["editor"], library, f"{kind}-by-editor") == 1
    assert _update(pg_url, roles["owner"], library, f"{kind}-by-editor") == 1
    assert _update(pg_url, roles["reader"], library, f"{kind}-by-editor") == 0
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        _object(pg_url, roles["reader"], library, kind, f"{kind}-by-reader")


def test_either_reviewer_marks_a_conflict_resolved(
    pg_url: str, roles: dict[str, str], library: int
) -> None:
    _object(pg_url, roles["owner"], library, "conflict", "found-by-owner")
    assert _update(pg_url, roles["editor"], library, "found-by-owner") == 1
    assert _update(pg_url, roles["reader"], library, "found-by-owner") == 0


def test_a_server_made_before_the_rule_gets_it_on_the_next_sync(
    tmp_path: Path, pg_url: str, roles: dict[str, str], library: int
) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    from poemsreader.storage.team import server

    engine = create_engine("postgresql+psycopg://" + pg_url.split("://", 1)[1])
    with engine.begin() as connection:
        command.downgrade(server._alembic_config(connection), "t0002")
    engine.dispose()
    _object(pg_url, roles["owner"], library, "screening", "decided-by-owner")
    assert _update(pg_url, roles["editor"], library, "decided-by-owner") == 1  # the old rule
    assert cli(tmp_path / "admin", "team", "sync") == 0  # brings the schema up to date
    assert _update(pg_url, roles["editor"], library, "decided-by-owner") == 0


def test_an_editor_keeps_a_changed_decision_of_anothers_here_marked_not_sent(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.searchgen import make_search

    owner_root, editor_root = tmp_path / "owner", tmp_path / "editor"
    search = make_search(tmp_path / "pubmed.txt", unique=5, duplicates=0)
    assert cli(owner_root, "team", "create", pg_url, "pnp") == 0
    assert cli(owner_root, "screen", "import", str(search.path)) == 0
    assert cli(owner_root, "screen", "decide", "1", "include") == 0
    assert cli(owner_root, "team", "sync") == 0
    login, secret = new_login(pg_url, "eddie")
    try:
        assert cli(owner_root, "team", "members", "add", login, "editor") == 0
        monkeypatch.setenv("PGUSER", login)
        monkeypatch.setenv("PGPASSWORD", secret)
        assert cli(editor_root, "team", "link", pg_url, "pnp") == 0
        assert cli(editor_root, "team", "sync") == 0
        assert cli(editor_root, "screen", "import", str(search.path)) == 0
        capsys.readouterr()
        assert cli(editor_root, "screen", "list", "--json") == 0
        import json

        rows = {r["decision"]: r["id"] for r in json.loads(capsys.readouterr().out)}
        assert cli(editor_root, "screen", "decide", str(rows["include"]), "exclude") == 0
        assert cli(editor_root, "screen", "decide", str(rows[""]), "maybe") == 0  # a new one
        capsys.readouterr()
        assert cli(editor_root, "team", "sync") == 0
        out = capsys.readouterr().out
        assert "pushed 1," in out and "1 not sent (no right to change them)" in out, out
        assert cli(editor_root, "team", "status", "--offline") == 0
        assert "1 to send" in capsys.readouterr().out
    finally:
        monkeypatch.undo()
        with psycopg.connect(pg_url, autocommit=True) as connection:
            connection.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(login)))
            connection.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(login)))
