"""The posix link to a worker: posix_spawn, pipes by number, pixels in an unlinked memfd.

The fastest way where it is possible (see worker_channel.posix_link_possible):
nothing to import, the answers pipe is watched by the window's event loop, and
the pixel buffer has no name that a crash could leave behind.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import select
import signal
import sys
import time

from poemsreader.pdf.worker_channel import POSIX, Channel

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any


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
    else:
        import tempfile

        fd, path = tempfile.mkstemp(prefix="poemsreader-pixels-", dir="/dev/shm")
        os.unlink(path)
    os.ftruncate(fd, size)
    return fd


def readable_now(fd: int) -> bool:
    """True when `fd` can be read (a message or the end of the pipe) without waiting."""
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    return bool(poller.poll(0))


class PosixLink:
    """The window's end of a worker started with posix_spawn (see worker_channel.WorkerLink)."""

    def __init__(self, module: str, args: list[str], buffer_bytes: int) -> None:
        job_read, job_write = os.pipe()
        result_read, result_write = os.pipe()
        pixel_fd = shared_buffer_fd(buffer_bytes)
        try:
            ends = [str(job_read), str(result_write), str(pixel_fd)]
            self.process = spawn_module(
                module, [POSIX, *ends, *args], pass_fds=(job_read, result_write, pixel_fd)
            )
            self.pixels = mmap.mmap(pixel_fd, buffer_bytes)
        finally:
            for fd in (job_read, result_write, pixel_fd):
                os.close(fd)
        self.jobs = Channel(job_write)
        self.results = Channel(result_read)
        self.watch_fd: int | None = result_read

    def send(self, message: Any) -> None:
        self.jobs.send(message)

    def receive(self) -> Any:
        return self.results.recv()

    def has_answer(self) -> bool:
        return self.results.fd >= 0 and readable_now(self.results.fd)

    def announce_answers(self, callback: Callable[[], None] | None) -> None:
        """Not needed here: `watch_fd` is readable when an answer waits."""

    def close(self, timeout: float) -> None:
        self.results.close()  # a worker blocked writing an image gets EPIPE and leaves
        with contextlib.suppress(OSError):
            self.jobs.send(None)
        try:
            self.process.wait(timeout)
        except TimeoutError:
            self.process.kill()
            self.process.wait()
        self.jobs.close()
        with contextlib.suppress(BufferError):  # a view still held: the mapping goes with it
            self.pixels.close()


def attach_posix(argv: list[str], buffer_bytes: int) -> tuple[Channel, Channel, Any, list[str]]:
    """The worker's end: the descriptors it was given by number."""
    jobs, results = Channel(int(argv[0])), Channel(int(argv[1]))
    pixels = mmap.mmap(int(argv[2]), buffer_bytes)
    return jobs, results, pixels, argv[3:]
