"""The team sync state moves from a JSON setting into its own table, unchanged."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from alembic import command

from poemsreader.paths import LibraryPaths
from poemsreader.services.library import Library
from poemsreader.storage.database import _alembic_config, make_engine
from poemsreader.storage.team.state import (
    Synced,
    forget_synced,
    read_objects,
    save_synced,
    synced_versions,
)

OLD = "0004_merge_base"
STATE = {
    "finding:6f1c0c2e-0000-4000-8000-000000000001": [7, "a" * 64, "2026-03-01T09:00:00+00:00"],
    "article:6f1c0c2e-0000-4000-8000-000000000002": [3, "b" * 64, "2026-03-01T09:00:01+00:00"],
    "reviewer:6f1c0c2e-0000-4000-8000-000000000003": [1, "c" * 64, "2026-03-01T09:00:02+00:00"],
}


def _library_at(root: Path, revision: str) -> Path:
    paths = LibraryPaths(root)
    paths.ensure()
    engine = make_engine(paths.database)
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), revision)  # type: ignore[arg-type]
    engine.dispose()
    return paths.database


def test_the_json_state_of_a_linked_library_becomes_rows(tmp_path: Path) -> None:
    database = _library_at(tmp_path / "lib", OLD)
    con = sqlite3.connect(database)
    with con:
        con.execute(
            "INSERT INTO setting (key, value) VALUES ('team.objects', ?)", [json.dumps(STATE)]
        )
    con.close()
    with Library(tmp_path / "lib") as library, library.db.reading() as session:
        objects = read_objects(session)
        assert objects == {key: Synced(*value) for key, value in STATE.items()}
        left = session.connection().exec_driver_sql(
            "SELECT count(*) FROM setting WHERE key = 'team.objects'"
        )
        assert left.scalar() == 0


def test_going_back_writes_the_json_state_again(tmp_path: Path) -> None:
    with Library(tmp_path / "lib") as library, library.db.transaction() as session:
        save_synced(session, {key: Synced(*value) for key, value in STATE.items()})
    engine = make_engine(LibraryPaths(tmp_path / "lib").database)
    with engine.begin() as conn:
        command.downgrade(_alembic_config(conn), OLD)  # type: ignore[arg-type]
    engine.dispose()
    con = sqlite3.connect(LibraryPaths(tmp_path / "lib").database)
    (value,) = con.execute("SELECT value FROM setting WHERE key = 'team.objects'").fetchone()
    con.close()
    assert json.loads(value) == STATE


def test_saving_touches_only_the_objects_given(tmp_path: Path) -> None:
    with Library(tmp_path / "lib") as library:
        with library.db.transaction() as session:
            save_synced(session, {key: Synced(*value) for key, value in STATE.items()})
        key = next(iter(STATE))
        with library.db.transaction() as session:
            save_synced(session, {key: Synced(8, "d" * 64, "2026-03-02T09:00:00+00:00")})
            forget_synced(session, [k for k in STATE if k.startswith("reviewer:")])
        with library.db.reading() as session:
            objects = read_objects(session)
            versions = synced_versions(session)
    assert objects[key] == Synced(8, "d" * 64, "2026-03-02T09:00:00+00:00")
    assert len(objects) == 2 and sorted(versions.values()) == [3, 8]
