"""Opening a library database: pragmas, automatic migrations, backups first.

Every connection runs in WAL mode with foreign keys on. At start the schema is
brought to the newest Alembic revision; before any upgrade of an existing
database a copy is made beside it (`backups/`), and a database written by a
newer poemsreader is refused rather than damaged.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker  # Session: the type use cases name too

from poemsreader.core.errors import (
    LibraryDamaged,
    LibraryInUse,
    LibraryTooNew,
    PoemsReaderError,
)
from poemsreader.storage.lock import LibraryPresence, is_busy_error, retry_busy

T = TypeVar("T")

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 10_000
# FULL: a commit reported to the reviewer survives a power cut too, not only a
# crash of the process (WAL with NORMAL may lose the last commits on power loss).
SYNCHRONOUS = "FULL"


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA synchronous={SYNCHRONOUS}")
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


REVISION_LINE = re.compile(
    r"^(revision|down_revision)(?:\s*:[^=\n]+)?\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|None)", re.M
)


def _declared_head() -> str | None:
    """The head read from the revision files' own lines, without importing alembic.

    Opening a library (every CLI command does) is ~0.7 s faster this way; when the
    files are not a simple chain, alembic decides.
    """
    revisions, parents = set(), set()
    scripts = [p for p in (MIGRATIONS_DIR / "versions").glob("*.py") if p.stem != "__init__"]
    for script in scripts:
        found = {m[0]: m[1] or m[2] for m in REVISION_LINE.findall(script.read_text("utf-8"))}
        if "revision" in found:
            revisions.add(found["revision"])
            if found.get("down_revision"):
                parents.add(found["down_revision"])
    heads = revisions - parents
    simple_chain = len(revisions) == len(scripts) and parents <= revisions
    return heads.pop() if len(heads) == 1 and simple_chain else None


def head_revision() -> str:
    declared = _declared_head()
    if declared is not None:
        return declared
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
    partial = target.with_suffix(".part")
    source = sqlite3.connect(database, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        dest = sqlite3.connect(partial)
        try:
            source.backup(dest)
            # A single-file copy: the backup must not depend on a -wal file beside it.
            dest.execute("PRAGMA journal_mode=DELETE")
        finally:
            dest.close()
        partial.replace(target)  # a crash mid-copy leaves only a .part, never half a backup
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        source.close()
    return target


def upgrade_to_head(
    engine: Engine, database: Path, backup_dir: Path, reader: Engine | None = None
) -> str | None:
    """Bring the schema to the newest revision; returns the backup made, if any.

    The revision is read through `reader` (deferred BEGIN) when given, so opening a
    library another process is writing to does not wait for its write lock.
    """
    if not fts5_available():
        raise PoemsReaderError(
            "This Python's SQLite has no FTS5 full-text search; poemsreader needs it."
        )
    current = stored_revision(reader or engine)
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
    """The engine and session factory of one library file.

    Several processes may have the same library open (see `store.lock`): a write
    that stays blocked by another process past the busy timeout is rolled back
    and raised as `LibraryInUse`, one sentence naming the other process.
    """

    def __init__(
        self, database: Path, backup_dir: Path, presence: LibraryPresence | None = None
    ) -> None:
        self.path = database
        self.presence = presence or LibraryPresence(database.with_name("library.lock"))
        self.engine = make_engine(database)
        self.read_engine = make_engine(database, writer=False)
        try:
            self.last_backup = upgrade_to_head(
                self.engine, database, backup_dir, reader=self.read_engine
            )
        except BaseException as error:
            self.engine.dispose()
            self.read_engine.dispose()
            translated = self._opening_error(error)
            if translated is error:
                raise
            raise translated from error
        self.presence.register()
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(self.read_engine, expire_on_commit=False)
        self._version_probe: sqlite3.Connection | None = None
        self._closed = False

    def _opening_error(self, error: BaseException) -> BaseException:
        """The sentence for a database that cannot be opened (or `error` itself)."""
        cause = error.orig if isinstance(error, DBAPIError) else error
        if not isinstance(cause, sqlite3.DatabaseError):
            return error
        if is_busy_error(cause):
            return LibraryInUse(self.presence.busy_message())
        if isinstance(cause, sqlite3.OperationalError):
            return PoemsReaderError(f"The library database {self.path} cannot be opened ({cause}).")
        return LibraryDamaged(
            f"The library database {self.path} is damaged ({cause}); restore a backup: "
            "`poemsreader backup list`, then `poemsreader backup restore FILE`."
        )

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action: everything inside commits together or not at all."""
        session = self._sessions()
        try:
            with self._busy_means_in_use(), session.begin():
                yield session
        finally:
            session.close()

    def write(self, action: Callable[[Session], T]) -> T:
        """Run `action` in one transaction, retried whole while another process writes."""

        def attempt() -> T:
            with self.transaction() as session:
                return action(session)

        return retry_busy(attempt, self.presence.busy_message)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session (no write lock taken)."""
        session = self._read_sessions()
        try:
            with self._busy_means_in_use():
                yield session
        finally:
            session.rollback()
            session.close()

    @contextmanager
    def _busy_means_in_use(self) -> Iterator[None]:
        """SQLite's 'database is locked' becomes LibraryInUse, naming the other process."""
        try:
            yield
        except (OperationalError, sqlite3.OperationalError) as error:
            if is_busy_error(error):
                raise LibraryInUse(self.presence.busy_message()) from error
            raise

    def data_version(self) -> int:
        """SQLite's `PRAGMA data_version` on one connection kept for asking it.

        The number changes whenever a connection other than the probe commits (another
        process, or this one's own sessions): comparing two readings tells whether the
        library may have changed in between. Cheap: no table is read.
        """
        if self._closed:
            raise PoemsReaderError(f"The library {self.path.parent} is closed.")
        try:
            if self._version_probe is None:
                self._version_probe = sqlite3.connect(self.path, check_same_thread=False)
            return int(self._version_probe.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error as error:
            if is_busy_error(error):
                raise LibraryInUse(self.presence.busy_message()) from error
            raise PoemsReaderError(
                f"The library database {self.path} cannot be read ({error})."
            ) from error

    def close(self) -> None:
        self._closed = True
        if self._version_probe is not None:
            self._version_probe.close()
            self._version_probe = None
        self.engine.dispose()
        self.read_engine.dispose()
        self.presence.unregister()
