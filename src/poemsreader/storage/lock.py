"""Several poemsreader processes on one library: who is there, and busy writes.

The policy: every process keeps working. A window and any number of CLI commands
may have the same library open at once. SQLite in WAL mode lets readers run
beside the one writer; every write transaction begins with BEGIN IMMEDIATE and
waits up to the busy timeout for the writer before it. A write that still cannot
get the lock is rolled back whole and reported as `LibraryInUse`, one sentence
naming the other process — never a "database is locked" traceback, and never a
half-saved edit: the reviewer's change is either committed or visibly not.

An exchange with the team library (a pull, a whole sync) holds `team.lock` from
reading the cursor to its last local commit, so a second process on the library (the
window's follower pulling while "Sync now" or a `team sync` runs) waits and then starts
from where the first left off, instead of merging the same rows a second time.

`library.lock` lists the pids of the processes that have the library open, so
the sentence can say which program holds it. The list is advisory: a process
that was killed leaves its pid behind, and dead pids are ignored when read.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from sqlalchemy.exc import OperationalError

from poemsreader.core.errors import LibraryInUse
from poemsreader.storage.os_lock import exclusive_lock, process_running

T = TypeVar("T")

BUSY_MARKERS = ("database is locked", "database is busy", "database table is locked")
WRITE_ATTEMPTS = 3
RETRY_PAUSE_S = 0.2


def is_busy_error(error: BaseException) -> bool:
    """True for SQLite's "locked"/"busy" errors, raw or wrapped by SQLAlchemy."""
    if isinstance(error, OperationalError):
        error = error.orig or error
    if not isinstance(error, sqlite3.OperationalError):
        return False
    message = str(error).lower()
    return any(marker in message for marker in BUSY_MARKERS)


def pid_alive(pid: int) -> bool:
    """True when process `pid` runs (see os_lock: the probe differs between systems)."""
    return process_running(pid)


class LibraryPresence:
    """This process's entry in `library.lock`, and the other processes listed there."""

    def __init__(self, lock_file: Path) -> None:
        self.lock_file = lock_file
        self.pid = os.getpid()

    def _rewrite(self, change: Callable[[set[int]], set[int]]) -> set[int]:
        self.lock_file.parent.mkdir(parents=True, exist_ok=True)
        with self.lock_file.open("a+", encoding="ascii") as handle, exclusive_lock(handle):
            handle.seek(0)
            pids = {int(w) for w in handle.read().split() if w.isdigit()}
            pids = {p for p in change(pids) if p == self.pid or pid_alive(p)}
            handle.seek(0)
            handle.truncate()
            handle.write("".join(f"{p}\n" for p in sorted(pids)))
            handle.flush()
        return pids

    def register(self) -> None:
        with contextlib.suppress(OSError):  # a read-only folder: nothing to announce
            self._rewrite(lambda pids: pids | {self.pid})

    def unregister(self) -> None:
        with contextlib.suppress(OSError):
            self._rewrite(lambda pids: pids - {self.pid})

    def others(self) -> list[int]:
        """Live pids of the other processes that have this library open."""
        try:  # under the lock: on Windows a file being rewritten cannot be read meanwhile
            with self.lock_file.open(encoding="ascii") as handle, exclusive_lock(handle):
                words = handle.read().split()
        except OSError:
            return []
        pids = {int(w) for w in words if w.isdigit()}
        return sorted(p for p in pids if p != self.pid and pid_alive(p))

    def busy_message(self) -> str:
        others = self.others()
        if not others:
            holder = "another program"
        else:
            holder = "another poemsreader (pid " + ", ".join(map(str, others)) + ")"
        return (
            f"The library is in use by {holder} and stayed busy; "
            "the change was not saved — try again."
        )


@contextlib.contextmanager
def one_process_at_a_time(lock_file: Path) -> Iterator[None]:
    """Hold the OS lock on `lock_file` while the block runs, waiting for whichever
    process holds it first (however long its work takes)."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("a+", encoding="ascii") as handle, contextlib.ExitStack() as held:
        while True:
            try:
                held.enter_context(exclusive_lock(handle))
                break
            except OSError:
                if os.name != "nt":
                    raise
                # msvcrt gives up after some 10 s; the holder may need longer
        yield


def retry_busy(
    action: Callable[[], T],
    busy_message: Callable[[], str],
    attempts: int = WRITE_ATTEMPTS,
) -> T:
    """Run a whole write `action` again while SQLite reports the database busy.

    `action` must be a complete transaction (it rolls back when it fails), so
    running it again never applies anything twice.
    """
    for attempt in range(1, attempts + 1):
        try:
            return action()
        except LibraryInUse:
            if attempt == attempts:
                raise
        except (OperationalError, sqlite3.OperationalError) as error:
            if not is_busy_error(error):
                raise
            if attempt == attempts:
                raise LibraryInUse(busy_message()) from error
        time.sleep(RETRY_PAUSE_S * attempt)
    raise AssertionError("unreachable")  # pragma: no cover
