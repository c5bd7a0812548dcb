"""The portable link to a worker: subprocess, standard input and output, a reader thread,
and pixels in multiprocessing.shared_memory.

Runs wherever Python does. On Windows a pipe can be neither handed to a child by
number nor watched by an event loop (select and Qt's socket notifier take only
sockets), so:
- the worker's jobs come on its standard input and its answers leave on its
  standard output (it moves both aside at once and points the descriptors at
  /dev/null and stderr, so a stray print cannot break a message);
- a thread of the window's process blocks reading the answers, queues each one
  and calls the window's callback, which posts it to the window's thread (a
  queued signal): nothing polls;
- the pixel buffer is a named shared-memory block. The worker removes the name
  as soon as it has mapped the block (on Windows the block goes with its last
  handle anyway), so a crash leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from multiprocessing import resource_tracker, shared_memory

from poemsreader.pdf.worker_channel import PORTABLE, Channel

TYPE_CHECKING = False
if TYPE_CHECKING:
    import queue
    from collections.abc import Callable, Iterator
    from typing import Any

_END = ("end",)  # queued by the reader thread when the worker's output closes
_MAPPED: list[shared_memory.SharedMemory] = []  # the worker's buffer: closed when dropped


@contextlib.contextmanager
def _untracked() -> Iterator[None]:
    """Keep multiprocessing's resource tracker out of a shared-memory block's life.

    Before Python 3.13 every SharedMemory, even one merely attached, registers
    with a tracker process (started for the purpose) that unlinks the block when
    *that* process ends: the worker's exit would pull the buffer from under the
    window. The window and the worker manage the name themselves instead.
    """
    register, unregister = resource_tracker.register, resource_tracker.unregister
    resource_tracker.register = resource_tracker.unregister = _no_tracking  # type: ignore[assignment]
    try:
        yield
    finally:
        resource_tracker.register, resource_tracker.unregister = register, unregister


def _no_tracking(name: str, rtype: str) -> None:
    return None


def open_shared_memory(name: str | None, size: int) -> shared_memory.SharedMemory:
    """A new block of `size` bytes (name None), or the existing block `name`, untracked."""
    with _untracked():
        return shared_memory.SharedMemory(name, create=name is None, size=size)


def remove_name(block: shared_memory.SharedMemory) -> None:
    """Unlink the block's name (the memory stays while mapped); nothing on Windows."""
    with _untracked(), contextlib.suppress(FileNotFoundError):
        block.unlink()


class PortableLink:
    """The window's end of a worker started with subprocess (see worker_channel.WorkerLink)."""

    def __init__(self, module: str, args: list[str], buffer_bytes: int) -> None:
        import queue  # (here: the worker's end, which loads this module too, needs neither)
        import subprocess

        self._block = open_shared_memory(None, buffer_bytes)
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", module, PORTABLE, self._block.name, *args],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                # A program without a console has no stderr to lend: the worker's goes nowhere.
                stderr=subprocess.DEVNULL if sys.__stderr__ is None else None,
                bufsize=0,
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),  # no console flash
            )
        except BaseException:
            self._free_block()
            raise
        self.pixels = self._block.buf
        self.watch_fd: int | None = None
        assert self.process.stdin is not None and self.process.stdout is not None
        self.jobs = Channel(self.process.stdin.fileno())
        self._answers: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._ended = False
        self._callback: Callable[[], None] | None = None
        self._callback_lock = threading.Lock()
        self._reader = threading.Thread(
            target=self._read_answers, name="poemsreader-worker-answers", daemon=True
        )
        self._reader.start()

    def send(self, message: Any) -> None:
        self.jobs.send(message)

    def receive(self) -> Any:
        if self._ended:
            raise EOFError("the render worker has gone")
        answer = self._answers.get()
        if answer is _END:
            self._ended = True
            raise EOFError("the render worker has gone")
        return answer

    def has_answer(self) -> bool:
        return self._ended or not self._answers.empty()

    def announce_answers(self, callback: Callable[[], None] | None) -> None:
        with self._callback_lock:
            self._callback = callback
        if callback is not None and self.has_answer():
            callback()  # answers that came before anyone listened

    def close(self, timeout: float) -> None:
        import subprocess

        if self.jobs.fd < 0:
            return  # closed already (the descriptor's number may belong to another file now)
        self.announce_answers(None)
        with contextlib.suppress(OSError):
            self.jobs.send(None)
        with contextlib.suppress(OSError):
            self.process.stdin.close()  # type: ignore[union-attr]
        self.jobs.fd = -1
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._reader.join()  # its pipe ended with the worker
        self.process.stdout.close()  # type: ignore[union-attr]
        self._free_block()

    def _read_answers(self) -> None:
        """The reader thread: queue every answer, then the end; tell whoever listens."""
        results = Channel(self.process.stdout.fileno())  # type: ignore[union-attr]
        while True:
            try:
                answer = results.recv()
            except (EOFError, OSError):
                answer = _END
            self._answers.put(answer)
            with self._callback_lock:
                if self._callback is not None:
                    self._callback()
            if answer is _END:
                return

    def _free_block(self) -> None:
        with contextlib.suppress(BufferError):  # a view still held: the mapping goes with it
            self._block.close()
        remove_name(self._block)


def attach_portable(argv: list[str], buffer_bytes: int) -> tuple[Channel, Channel, Any, list[str]]:
    """The worker's end: standard input and output moved aside, the named buffer mapped."""
    jobs, results = Channel(os.dup(0)), Channel(os.dup(1))
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    try:
        os.dup2(2, 1)  # anything printed goes to stderr, not into the answers
    except OSError:  # no stderr (a program without a console)
        os.dup2(null, 1)
    os.close(null)
    block = open_shared_memory(argv[0], buffer_bytes)
    remove_name(block)
    _MAPPED.append(block)
    return jobs, results, block.buf, argv[1:]
