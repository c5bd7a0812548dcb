"""Opening a library database: pragmas, automatic migrations, backups first.

Every connection runs in WAL mode with foreign keys on. At start the schema is
brought to the newest Alembic revision; before any upgrade of an existing
database a copy is made beside it (`backups/`), and a database written by a
newer poemsreader is refused rather than damaged.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from poemsreader.core.errors import LibraryInUse, LibraryTooNew, PoemsReaderError

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 10_000


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def _disable_pysqlite_begin(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    dbapi_connection.isolation_level = None


def make_engine(database: Path, *, writer: bool = True) -> Engine:
    """An engine whose transactions SQLAlchemy begins itself.

    A writer begins with BEGIN IMMEDIATE: pysqlite's deferred BEGIN would upgrade
    to a write lock mid-transaction and fail with "database is locked" without
    waiting for the busy timeout. Readers begin deferred and never block writers.
    """
    engine = create_engine(f"sqlite:///{database}")
    event.listen(engine, "connect", _set_pragmas)
    event.listen(engine, "connect", _disable_pysqlite_begin)
    begin_sql = "BEGIN IMMEDIATE" if writer else "BEGIN"
    event.listen(engine, "begin", lambda conn: conn.exec_driver_sql(begin_sql))
    return engine


def fts5_available() -> bool:
    try:
        con = sqlite3.connect(":memory:")
        con.execute("CREATE VIRTUAL TABLE probe USING fts5(x)")
        con.close()
        return True
    except sqlite3.OperationalError:
        return False


def _alembic_config(connection: object) -> object:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    config = _alembic_config(None)
    return ScriptDirectory.from_config(config).get_current_head()  # type: ignore[arg-type]


def stored_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        has_table = conn.execute(
            text("SELECT name FROM sqlite_master WHERE type='table' AND name='alembic_version'")
        ).first()
        if not has_table:
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return row[0] if row else None


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config(None))  # type: ignore[arg-type]
    return {rev.revision for rev in script.walk_revisions()}


def backup_database(database: Path, backup_dir: Path, reason: str) -> Path:
    """A consistent copy of the database (SQLite's online backup, WAL included)."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = backup_dir / f"library-{stamp}-{reason}.sqlite"
    source = sqlite3.connect(database)
    try:
        dest = sqlite3.connect(target)
        with dest:
            source.backup(dest)
        dest.close()
    finally:
        source.close()
    return target


def upgrade_to_head(engine: Engine, database: Path, backup_dir: Path) -> str | None:
    """Bring the schema to the newest revision; returns the backup made, if any."""
    if not fts5_available():
        raise PoemsReaderError(
            "This Python's SQLite has no FTS5 full-text search; poemsreader needs it."
        )
    current = stored_revision(engine)
    head = head_revision()
    if current == head:
        return None  # the common case: skip importing alembic's command machinery
    if current is not None and current not in known_revisions():
        raise LibraryTooNew(
            f"The library at {database.parent} was written by a newer poemsreader "
            f"(schema {current}); update poemsreader to open it."
        )
    backup = None
    if current is not None:
        backup = backup_database(database, backup_dir, f"before-{head}")
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "head")  # type: ignore[arg-type]
    return str(backup) if backup else None


class Database:
    """The engine and session factory of one library file."""

    def __init__(self, database: Path, backup_dir: Path) -> None:
        self.path = database
        self.engine = make_engine(database)
        try:
            self.last_backup = upgrade_to_head(self.engine, database, backup_dir)
        except sqlite3.OperationalError as error:  # pragma: no cover - depends on timing
            raise LibraryInUse(f"The library is in use by another program: {error}") from error
        self.read_engine = make_engine(database, writer=False)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(self.read_engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action: everything inside commits together or not at all."""
        session = self._sessions()
        try:
            with session.begin():
                yield session
        finally:
            session.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session (no write lock taken)."""
        session = self._read_sessions()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    def close(self) -> None:
        self.engine.dispose()
        self.read_engine.dispose()
