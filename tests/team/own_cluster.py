"""A PostgreSQL cluster of a test's own, which the test may crash and restart.

The tests that stop the server in the middle of a push cannot use the shared server
that `pg_virtualenv` runs, so they make a private cluster with `initdb` and drive it with
`pg_ctl`, listening on a free loopback port with trust authentication for its one
superuser. `initdb` refuses to run as root; there the cluster belongs to the `postgres`
system user (as Debian's own clusters and pg_virtualenv's do) and every command runs
through `runuser`.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

SUPERUSER = "team_admin"


def _binaries() -> Path | None:
    """The directory holding initdb, pg_ctl and postgres (newest Debian version first)."""
    found = shutil.which("initdb")
    candidates = [Path(found).resolve().parent] if found else []
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    for directory in candidates:
        if all((directory / tool).exists() for tool in ("initdb", "pg_ctl", "postgres")):
            return directory
    return None


def _system_owner() -> str | None:
    """Who runs the cluster: this user, or `postgres` when this user is root."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return "missing"
    return "postgres"


def why_not() -> str | None:
    """Why no private cluster can be made here, or None."""
    if _binaries() is None:
        return "no PostgreSQL server binaries (initdb, pg_ctl) on this machine"
    if _system_owner() == "missing":
        return "running as root without a `postgres` system user to own a private cluster"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser to start a private cluster"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class OwnCluster:
    """initdb once, then start, crash (`pg_ctl -m immediate`) and restart at will."""

    def __init__(self) -> None:
        binaries = _binaries()
        assert binaries is not None, why_not()
        self.bin = binaries
        self.owner = _system_owner()
        # Under /tmp itself: pytest's own temporary folders are closed to other users.
        self.root = Path(tempfile.mkdtemp(prefix="poemsreader-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        if self.owner:
            shutil.chown(self.root, self.owner)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}?sslmode=disable"

    def _run(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin / tool), *args]
        if self.owner:
            command = ["runuser", "-u", self.owner, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=check, timeout=120)

    def init(self) -> None:
        self._run(
            "initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust",
            "-E", "UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip

    def start(self) -> float:
        """Start (after a crash: recover) and wait until it accepts connections;
        returns the seconds that took."""
        began = time.perf_counter()
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={self.root} -c max_connections=40"
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"),
            "-o", options, "-w", "-t", "60", "start",
        )  # fmt: skip
        return time.perf_counter() - began

    def crash(self) -> None:
        """Stop at once, as a power cut would for PostgreSQL: no checkpoint, clients cut
        off; the next start replays the write-ahead log."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def is_up(self) -> bool:
        return self._run("pg_ctl", "-D", str(self.data), "status", check=False).returncode == 0

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)

    def log(self) -> str:
        path = self.root / "server.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


def running_cluster() -> Iterator[OwnCluster]:
    """A fixture's body: a cluster of its own, started, removed afterwards (a skip
    saying why when this machine cannot make one)."""
    import pytest

    reason = why_not()
    if reason:
        pytest.skip(reason)
    own = OwnCluster()
    own.init()
    own.start()
    yield own
    own.remove()
