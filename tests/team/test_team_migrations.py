"""The team schema from every earlier revision upgrades to the newest with its rows intact;
a schema newer than this poemsreader is refused with one sentence, and left alone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import psycopg
import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import text

from poemsreader.services.library import Library
from poemsreader.services.team.local_objects import local_objects
from poemsreader.storage.team import server
from poemsreader.storage.team.tables import SCHEMA
from tests.share.builders import add_reference, add_reviewer, findings, put_finding
from tests.team.conftest import ANN, BEN, cli

pytestmark = pytest.mark.postgres

HEAD = "t0005"


def _revisions() -> list[str]:
    script = ScriptDirectory.from_config(server._alembic_config(None))  # type: ignore[arg-type]
    return sorted(r.revision for r in script.walk_revisions())


def test_the_head_is_the_newest_revision_and_every_earlier_one_is_tested() -> None:
    assert _revisions()[-1] == HEAD
    assert set(_revisions()) == {*OLD_REVISIONS, HEAD}


OLD_REVISIONS = ["t0001", "t0002", "t0003", "t0004"]


def _objects_of_a_library(root: Path) -> list[tuple[str, str, dict[str, Any]]]:
    """What an older poemsreader pushed: a reviewer, an article and two findings, in the
    share format the rows have always carried (no topics: those came with t0003)."""
    with Library(root) as library:
        add_reviewer(library, ANN, "Ann")
        article = add_reference(library, "Humeniuk 2013", doi="10.1/humeniuk")
        from poemsreader.core.model import FindingRecord

        for n in range(2):
            record = FindingRecord(
                statement=f"Finding {n} written before the upgrade.",
                topics=["Neuropathy"],
                reviewer_id=ANN,
            )
            put_finding(library, record, article, {"Neuropathy": float(n)})
        document = library.sharing.build()
    objects = local_objects(document)
    return [(o.kind, o.uuid, o.data) for o in objects.values() if o.kind != "topic"]


def _schema_at(pg_url: str, revision: str, rows: list[tuple[str, str, dict[str, Any]]]) -> None:
    """The team schema as `revision` made it, holding one library with `rows`, written
    with plain SQL valid at that revision."""
    with server.connected(pg_url) as engine, engine.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}"))
        command.upgrade(server._alembic_config(connection), revision)
        connection.execute(
            text(f"INSERT INTO {SCHEMA}.team_library (id, name, version) VALUES (1, 'pnp', 3)")
        )
        for version, (kind, uuid, data) in enumerate(rows, start=1):
            connection.execute(
                text(
                    f"INSERT INTO {SCHEMA}.team_object (library_id, kind, uuid, version, "
                    "author, data) VALUES (1, :kind, :uuid, :version, :author, :data)"
                ),
                {
                    "kind": kind,
                    "uuid": uuid,
                    "version": min(version, 3),
                    "author": ANN,
                    "data": json.dumps(data),
                },
            )
        if revision >= "t0002":
            connection.execute(
                text(
                    f"INSERT INTO {SCHEMA}.team_member (library_id, member, role) "
                    "VALUES (1, current_user, 'owner')"
                )
            )


def _server_rows(pg_url: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(pg_url) as connection:
        return connection.execute(
            f"SELECT kind, uuid, version, author, deleted, data FROM {SCHEMA}.team_object "
            "ORDER BY kind, uuid"
        ).fetchall()


def _server_revision(pg_url: str) -> str:
    with psycopg.connect(pg_url) as connection:
        row = connection.execute(f"SELECT version_num FROM {SCHEMA}.alembic_version").fetchone()
    assert row is not None
    return str(row[0])


@pytest.mark.parametrize("revision", OLD_REVISIONS)
def test_a_team_schema_from_an_earlier_revision_upgrades_with_its_rows_intact(
    revision: str, tmp_path: Path, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _objects_of_a_library(tmp_path / "old")
    _schema_at(pg_url, revision, rows)
    before = _server_rows(pg_url)
    assert len(before) == 4 and _server_revision(pg_url) == revision
    reader = tmp_path / "ben"
    with Library(reader) as library:
        add_reviewer(library, BEN, "Ben")
    assert cli(reader, "team", "link", pg_url, "pnp") == 0  # upgrades the schema
    assert _server_revision(pg_url) == HEAD
    assert _server_rows(pg_url) == before
    capsys.readouterr()
    assert cli(reader, "team", "sync") == 0
    line = capsys.readouterr().out
    assert "pulled 4" in line and "merged 2" in line and "check passed" in line, line
    with Library(reader) as library:
        statements = sorted(f.record.statement for f in findings(library).values())
        paths = {p for f in findings(library).values() for p in f.record.topics}
    assert statements == [f"Finding {n} written before the upgrade." for n in range(2)]
    assert paths == {"Neuropathy"}
    after = {(r[0], r[1]): r for r in _server_rows(pg_url)}
    for row in before:  # the old rows are still there as they were (Ben's are added)
        assert after[(row[0], row[1])] == row
    assert {kind for kind, _ in after} == {"reviewer", "article", "finding", "topic"}


def test_a_newer_team_schema_is_refused_in_one_sentence_and_left_alone(
    tmp_path: Path, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _objects_of_a_library(tmp_path / "old")
    _schema_at(pg_url, HEAD, rows)
    with psycopg.connect(pg_url) as connection:
        connection.execute(f"UPDATE {SCHEMA}.alembic_version SET version_num = 't9999'")
    before = _server_rows(pg_url)
    for command_line in (("team", "link", pg_url, "pnp"), ("team", "create", pg_url, "new")):
        capsys.readouterr()
        assert cli(tmp_path / "ben", *command_line) == 1
        error = capsys.readouterr().err.strip()
        assert error.count(".") == 1 and "\n" not in error, error
        assert "made by a newer poemsreader (schema t9999)" in error, error
        assert error.endswith("update poemsreader to use it.")
    assert _server_rows(pg_url) == before and _server_revision(pg_url) == "t9999"
    with Library(tmp_path / "ben") as library:
        assert not library.sharing.build().findings
