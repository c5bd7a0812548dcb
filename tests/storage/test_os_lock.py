"""The lock and the process probe of storage/os_lock.py, across real processes."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from poemsreader.storage.os_lock import exclusive_lock, process_running

HOLDER = textwrap.dedent(
    """
    import sys, time
    from poemsreader.storage.os_lock import exclusive_lock
    with open(sys.argv[1], "a+", encoding="ascii") as handle, exclusive_lock(handle):
        print("held", flush=True)
        time.sleep(0.6)
        handle.write("child\\n")
        handle.flush()  # before the lock is let go, not when the file closes after it
    """
)


def test_the_lock_makes_another_process_wait(tmp_path: Path) -> None:
    path = tmp_path / "library.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        start = time.monotonic()
        with path.open("a+", encoding="ascii") as handle, exclusive_lock(handle):
            waited = time.monotonic() - start
            handle.seek(0)
            assert handle.read() == "child\n"  # the holder had finished its write
    finally:
        holder.wait(10)
        holder.stdout.close()  # type: ignore[union-attr]
    assert waited > 0.2


def test_the_probe_tells_running_processes_from_ended_ones() -> None:
    assert process_running(os.getpid())
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait(10)
    assert not process_running(ended.pid)
    assert not process_running(0) and not process_running(-1)
