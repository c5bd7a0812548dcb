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
_CHUNK = 1 << 16


class Channel:
    """One end of a pipe carrying pickled messages (a 4-byte length, then the pickle).

    `poll` reads what has arrived without waiting and says whether a whole message
    is in; `recv` then returns it at once. (A big message arrives in several writes:
    reading it as soon as its first bytes are in would leave the window waiting for
    a worker the scheduler has not run yet.)
    """

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._buffer = bytearray()
        self._ended = False

    def fileno(self) -> int:
        return self.fd

    def send(self, message: Any) -> None:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(_HEADER.pack(len(data)) + data)
        while view:
            view = view[os.write(self.fd, view) :]

    def recv(self) -> Any:
        """The next message (waiting for it); raises EOFError when the other end has closed."""
        while not self._whole_message():
            chunk = os.read(self.fd, _CHUNK)
            if not chunk:
                raise EOFError("the other end of the pipe is closed")
            self._buffer += chunk
        (size,) = _HEADER.unpack_from(self._buffer)
        end = _HEADER.size + size
        data = bytes(self._buffer[_HEADER.size : end])
        del self._buffer[:end]
        return pickle.loads(data)

    def poll(self) -> bool:
        """True when a whole message (or the end of the pipe) can be read without waiting."""
        while not self._whole_message() and not self._ended:
            readable, _, _ = select.select([self.fd], [], [], 0)
            if not readable:
                return False
            chunk = os.read(self.fd, _CHUNK)
            if not chunk:
                self._ended = True
            self._buffer += chunk
        return True

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def _whole_message(self) -> bool:
        if len(self._buffer) < _HEADER.size:
            return False
        (size,) = _HEADER.unpack_from(self._buffer)
        return len(self._buffer) >= _HEADER.size + size


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
