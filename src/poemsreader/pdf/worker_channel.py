"""The plumbing between the window and its render workers, with nothing heavy imported.

Both ends load this module before anything else (the worker before pymupdf, the
window before Qt). A worker is reached through a *link*: the child process, a
pipe of jobs to it, its answers, and a shared pixel buffer. Messages are
pickles framed by their length (`Channel`). There are two kinds of link, one
interface:

- "posix" (worker_channel_posix.py): the worker starts with os.posix_spawn, its
  answers come on a pipe the window's event loop watches (`watch_fd`), pixels
  travel in an unlinked memfd/`/dev/shm` file. Nothing but built-in modules:
  subprocess and multiprocessing would cost some 12 ms of imports, which at
  start-up is time the first page waits for.
- "portable" (worker_channel_portable.py): the worker starts with subprocess
  (its standard input and output are the pipes), a reader thread takes its
  answers and announces each one (`announce_answers`), pixels travel in
  multiprocessing.shared_memory. This runs wherever Python does: Windows, where
  pipes cannot be watched by an event loop nor shared by number, and macOS,
  which has no memfd and no /dev/shm.

The posix link is chosen when the system offers everything it needs (checked by
capability, not by the platform's name); POEMSREADER_WORKER_CHANNEL=portable
forces the portable one, so that it runs in the tests on any system.
Platform-specific calls live in these three modules only (a test checks it).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import struct
import sys

TYPE_CHECKING = False  # (typing.TYPE_CHECKING, without importing typing)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, Protocol

    class ChildProcess(Protocol):
        pid: int

        def poll(self) -> int | None: ...

    class WorkerLink(Protocol):
        """The window's end of one worker (see the module docstring)."""

        @property
        def process(self) -> ChildProcess: ...

        pixels: Any  # a writable buffer shared with the worker (mmap or memoryview)
        watch_fd: int | None  # readable when answers wait; None: see announce_answers

        def send(self, message: Any) -> None: ...

        def receive(self) -> Any:
            """The next answer, waiting for it; EOFError once the worker has gone."""

        def has_answer(self) -> bool:
            """True when an answer (or the end) can be received without waiting."""

        def announce_answers(self, callback: Callable[[], None] | None) -> None:
            """Call `callback` (from another thread) whenever an answer arrives."""

        def close(self, timeout: float) -> None:
            """Ask the worker to quit, kill it after `timeout` s, and free the buffer."""


CHANNEL_ENV = "POEMSREADER_WORKER_CHANNEL"
POSIX, PORTABLE = "posix", "portable"
_HEADER = struct.Struct("!I")
WORKER_NICENESS = 10
_BELOW_NORMAL_PRIORITY_CLASS = 0x4000  # Windows' SetPriorityClass


class Channel:
    """One end of a pipe carrying pickled messages (a 4-byte length, then the pickle)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def fileno(self) -> int:
        return self.fd

    def send(self, message: Any) -> None:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(_HEADER.pack(len(data)) + data)
        while view:
            view = view[os.write(self.fd, view) :]

    def recv(self) -> Any:
        """The next message; raises EOFError when the other end has closed."""
        (size,) = _HEADER.unpack(self._read_exactly(_HEADER.size))
        return pickle.loads(self._read_exactly(size))

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def _read_exactly(self, size: int) -> bytes:
        parts, missing = [], size
        while missing:
            chunk = os.read(self.fd, missing)
            if not chunk:
                raise EOFError("the other end of the pipe is closed")
            parts.append(chunk)
            missing -= len(chunk)
        return b"".join(parts)


def posix_link_possible() -> bool:
    """True when this system has what the posix link needs: posix_spawn, pipes an
    event loop can watch (select.poll), and anonymous shared memory by descriptor."""
    import select

    return (
        hasattr(os, "posix_spawn")
        and hasattr(select, "poll")
        and (hasattr(os, "memfd_create") or os.path.isdir("/dev/shm"))
    )


def chosen_kind() -> str:
    """PORTABLE when asked for in the environment or when the posix link is not
    possible here; else POSIX."""
    if os.environ.get(CHANNEL_ENV, "").strip().lower() == PORTABLE:
        return PORTABLE
    return POSIX if posix_link_possible() else PORTABLE


def start_worker(module: str, args: list[str], buffer_bytes: int) -> WorkerLink:
    """Run `python -m module KIND LINK-ARGS… args…` with a pixel buffer of `buffer_bytes`.

    The worker calls `worker_end` with its arguments to reach the other end.
    """
    if chosen_kind() == POSIX:
        from poemsreader.pdf.worker_channel_posix import PosixLink

        return PosixLink(module, args, buffer_bytes)
    from poemsreader.pdf.worker_channel_portable import PortableLink

    return PortableLink(module, args, buffer_bytes)


def worker_end(argv: list[str], buffer_bytes: int) -> tuple[Channel, Channel, Any, list[str]]:
    """In the worker: (jobs, results, pixel buffer, the caller's own args) from its
    arguments (`argv` without the program name)."""
    if argv and argv[0] == POSIX:
        from poemsreader.pdf.worker_channel_posix import attach_posix

        return attach_posix(argv[1:], buffer_bytes)
    if argv and argv[0] == PORTABLE:
        from poemsreader.pdf.worker_channel_portable import attach_portable

        return attach_portable(argv[1:], buffer_bytes)
    raise SystemExit(f"{sys.argv[0]}: a render worker is started by poemsreader itself.")


def lower_priority() -> None:
    """Let the window's own thread win the CPU over this process's rendering ahead."""
    if hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(WORKER_NICENESS)
        return
    with contextlib.suppress(ImportError, AttributeError, OSError):  # pragma: no cover - Windows
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        kernel32.SetPriorityClass(kernel32.GetCurrentProcess(), _BELOW_NORMAL_PRIORITY_CLASS)
