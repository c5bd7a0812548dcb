"""What differs between systems about other processes: locking a file, and asking
whether a process still runs.

Where fcntl is importable (Linux, macOS): fcntl.flock, and os.kill(pid, 0) as a
probe. Without it (Windows): msvcrt.locking on the file's first byte, and the
process's exit code from OpenProcess/GetExitCodeProcess — os.kill there does not
probe, it ends the process. The choice is made by what the interpreter offers.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import IO

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

_PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
_STILL_ACTIVE = 259
_ERROR_ACCESS_DENIED = 5


@contextlib.contextmanager
def exclusive_lock(handle: IO[str]) -> Iterator[None]:
    """Hold an exclusive OS lock on the open file while the block runs (waits for it)."""
    if fcntl is None:  # pragma: no cover - Windows
        with _first_byte_locked(handle):
            yield
        return
    fcntl.flock(handle, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def _first_byte_locked(handle: IO[str]) -> Iterator[None]:  # pragma: no cover - Windows
    """msvcrt's lock on byte 0 (it retries for some 10 s, then raises OSError)."""
    import msvcrt

    handle.seek(0)
    msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        handle.flush()
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]


def process_running(pid: int) -> bool:
    """True when process `pid` exists (also when it belongs to another user)."""
    if pid <= 0:
        return False
    if fcntl is None:  # pragma: no cover - Windows
        return _windows_process_running(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _windows_process_running(pid: int) -> bool:  # pragma: no cover - Windows
    import ctypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(_PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
    if not handle:
        return ctypes.get_last_error() == _ERROR_ACCESS_DENIED  # type: ignore[attr-defined]
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == _STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)
