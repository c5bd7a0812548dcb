"""Rolling backups of the library database, and restoring one of them.

A copy is made with SQLite's online backup API (consistent even while another
process writes; the WAL is included) into `backups/`, first under a `.part` name
and then renamed, so a crash never leaves half a backup that looks whole. When
the library opens and the newest daily backup is older than a day, a new one is
made; the last `KEEP` of each kind are kept. Restoring first backs up the
current state, so a restore can itself be undone.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from poemsreader.core.errors import InvalidInput, LibraryInUse
from poemsreader.paths import LibraryPaths
from poemsreader.storage.database import (
    BUSY_TIMEOUT_MS,
    Database,
    backup_database,
    known_revisions,
    upgrade_to_head,
)

KEEP = 7
DAILY = "daily"
MANUAL = "manual"
BEFORE_RESTORE = "before-restore"
DAMAGED = "damaged"
MAX_AGE = timedelta(days=1)
NAME = re.compile(r"^library-(\d{8}T\d{6}\d{6})Z-(.+)\.sqlite$")


@dataclass(frozen=True)
class BackupFile:
    path: Path
    made: datetime
    reason: str
    size: int


def backup_time(name: str) -> datetime | None:
    """When the backup called `name` was made (from its name), or None for another file."""
    match = NAME.match(name)
    return _made(match) if match else None


def _made(match: re.Match[str]) -> datetime:
    return datetime.strptime(match.group(1), "%Y%m%dT%H%M%S%f").replace(tzinfo=UTC)


def parse_backup(path: Path) -> BackupFile | None:
    match = NAME.match(path.name)
    if match is None:
        return None
    made = _made(match)
    try:
        size = path.stat().st_size
    except OSError:
        return None
    return BackupFile(path, made, match.group(2), size)


def backup_revision(path: Path) -> str:
    """Check `path` is a whole poemsreader database; returns its schema revision."""
    name = path.name
    try:
        with path.open("rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                raise InvalidInput(f"{name}: not a poemsreader backup (not an SQLite database).")
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            verdict = con.execute("PRAGMA integrity_check").fetchone()[0]
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            con.close()
    except OSError as error:
        raise InvalidInput(f"{name}: cannot read the backup ({error.strerror}).") from error
    except sqlite3.DatabaseError as error:
        raise InvalidInput(f"{name}: not a poemsreader backup ({error}).") from error
    if verdict != "ok":
        raise InvalidInput(f"{name}: the backup is damaged ({verdict}).")
    if row is None or row[0] not in known_revisions():
        raise InvalidInput(f"{name}: the backup was made by a newer poemsreader.")
    return str(row[0])


def list_backups(backup_dir: Path) -> list[BackupFile]:
    """Every backup in `backup_dir`, newest first (works without opening the library)."""
    if not backup_dir.is_dir():
        return []
    found = (parse_backup(p) for p in backup_dir.glob("library-*.sqlite"))
    return sorted((b for b in found if b), key=lambda b: b.made, reverse=True)


def restore_damaged(paths: LibraryPaths, backup: Path, others: list[int]) -> Path:
    """Put `backup` in place of a database SQLite cannot open; returns where the old one went.

    The damaged file (and its -wal/-shm) is moved aside byte for byte, so nothing
    is thrown away; the backup is copied in under a temporary name first.
    """
    backup_revision(backup)
    if others:
        raise LibraryInUse(
            "The library is in use by another poemsreader (pid "
            + ", ".join(map(str, others))
            + "); close it before restoring a backup."
        )
    database = paths.database
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    kept = paths.backup_dir / f"library-{stamp}Z-{DAMAGED}.sqlite"
    paths.backup_dir.mkdir(parents=True, exist_ok=True)
    incoming = database.with_name(database.name + ".restoring")
    shutil.copyfile(backup, incoming)
    if database.exists():
        database.replace(kept)
    for suffix in ("-wal", "-shm"):
        side = database.with_name(database.name + suffix)
        if side.exists():  # a stale WAL would be replayed into the restored database
            side.replace(kept.with_name(kept.name + suffix))
    incoming.replace(database)
    return kept


class BackupService:
    """Daily rolling copies of one library database."""

    def __init__(self, db: Database, backup_dir: Path) -> None:
        self.db = db
        self.backup_dir = backup_dir
        # Why the daily backup at open failed (disk full, read-only folder), for the
        # window to show; the library still opens.
        self.last_error = ""

    @classmethod
    def at_open(cls, db: Database, backup_dir: Path) -> BackupService:
        """The service, after making the daily backup if the newest is a day old."""
        service = cls(db, backup_dir)
        try:
            service.ensure_daily()
        except (OSError, sqlite3.Error) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            service.last_error = f"The daily backup could not be made: {reason}."
        return service

    def list(self) -> list[BackupFile]:
        """Every backup, newest first."""
        return list_backups(self.backup_dir)

    def newest(self, reason: str = DAILY) -> BackupFile | None:
        return next((b for b in self.list() if b.reason == reason), None)

    def make(self, reason: str = MANUAL) -> BackupFile:
        path = backup_database(self.db.path, self.backup_dir, reason)
        self.prune(reason)
        made = parse_backup(path)
        assert made is not None
        return made

    def ensure_daily(self, now: datetime | None = None) -> BackupFile | None:
        """Make today's backup when the newest daily one is older than a day."""
        now = now or datetime.now(UTC)
        newest = self.newest(DAILY)
        if newest is not None and now - newest.made < MAX_AGE:
            return None
        return self.make(DAILY)

    def prune(self, reason: str, keep: int = KEEP) -> list[Path]:
        """Delete all but the newest `keep` backups of one kind (and stale .part files)."""
        removed = [b.path for b in self.list() if b.reason == reason][keep:]
        for path in removed:
            path.unlink(missing_ok=True)
        cutoff = datetime.now(UTC).timestamp() - MAX_AGE.total_seconds()
        for part in self.backup_dir.glob("library-*.part"):
            with contextlib.suppress(OSError):  # another process may finish it meanwhile
                if part.stat().st_mtime < cutoff:
                    part.unlink()
        return removed

    def restore(self, backup: Path) -> BackupFile:
        """Put `backup` back as the library database; returns the copy of what was there.

        Refused while another poemsreader has the library open: it would keep
        writing into the database being replaced.
        """
        backup_revision(backup)
        others = self.db.presence.others()
        if others:
            raise LibraryInUse(
                "The library is in use by another poemsreader (pid "
                + ", ".join(map(str, others))
                + "); close it before restoring a backup."
            )
        saved = self.make(BEFORE_RESTORE)
        self.db.close()
        source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            target = sqlite3.connect(self.db.path, timeout=BUSY_TIMEOUT_MS / 1000)
            try:
                source.backup(target)  # replaces every page in one locked step
                target.execute("PRAGMA journal_mode=WAL")
            finally:
                target.close()
        finally:
            source.close()
        upgrade_to_head(
            self.db.engine, self.db.path, self.backup_dir, reader=self.db.read_engine
        )  # an older backup
        return saved
