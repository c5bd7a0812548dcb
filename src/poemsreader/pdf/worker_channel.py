"""The plumbing between the window and its render workers, with nothing heavy imported.

Both ends load this module before anything else (the worker before pymupdf, the
window before Qt), so it uses only the interpreter's built-in modules: a worker
is started with os.posix_spawn, messages are pickles framed by their length on
a pipe, and pixels travel in an unlinked shared-memory file. (subprocess and
multiprocessing.connection would do the same after some 40 ms of imports, which
at start-up is time the first page waits for.)
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import struct
import sys
import time

TYPE_CHECKING = False  # (typing.TYPE_CHECKING, without importing typing)
if TYPE_CHECKING:
    from typing import Any

_HEADER = struct.Struct("!I")


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

    def poll(self) -> bool:
        """True when a message (or the end of the pipe) can be read without waiting."""
        readable, _, _ = select.select([self.fd], [], [], 0)
        return bool(readable)

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


class ChildProcess:
    """A process started by `spawn_module`: poll, wait, kill (as subprocess.Popen has)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                self.returncode = -1
            else:
                if pid:
                    self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """The exit status; raises TimeoutError when still running after `timeout` s."""
        deadline = None if timeout is None else time.monotonic() + timeout
        delay = 0.0005
        while self.poll() is None:
            if deadline is not None and time.monotonic() >= deadline:
                raise TimeoutError(f"process {self.pid} still running")
            time.sleep(delay)
            delay = min(delay * 2, 0.02)
        assert self.returncode is not None
        return self.returncode

    def kill(self) -> None:
        if self.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)


def spawn_module(module: str, args: list[str], pass_fds: tuple[int, ...]) -> ChildProcess:
    """`python -m module args…` sharing `pass_fds` (and no other descriptor of ours:
    Python's own are not inheritable), its standard input /dev/null."""
    for fd in pass_fds:
        os.set_inheritable(fd, True)
    try:
        pid = os.posix_spawn(
            sys.executable,
            [sys.executable, "-m", module, *args],
            os.environ,
            file_actions=[(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0)],
        )
    finally:
        for fd in pass_fds:
            os.set_inheritable(fd, False)
    return ChildProcess(pid)


def shared_buffer_fd(size: int) -> int:
    """A file descriptor of `size` bytes of shared memory, already unlinked."""
    if hasattr(os, "memfd_create"):
        fd = os.memfd_create("poemsreader-pixels", os.MFD_CLOEXEC)
    else:  # pragma: no cover - platforms without memfd
        import tempfile

        folder = "/dev/shm" if os.path.isdir("/dev/shm") else None
        fd, path = tempfile.mkstemp(prefix="poemsreader-pixels-", dir=folder)
        os.unlink(path)
    os.ftruncate(fd, size)
    return fd
