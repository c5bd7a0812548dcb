"""The one task runner for the window's background work.

Every slow step (reading and merging annotation files, importing references,
reading annotated PDFs, writing an annotated PDF or the digest, inspecting a
PDF) runs outside the UI thread: in a spawned child process
(`TaskRunner.start`, see ui/background_job) or in a process pool
(`TaskRunner.watch`). Nothing polls: a waiting thread blocks until the work
ends and the `Notifier` hands the outcome to the UI thread through a queued
signal, where the task's signals fire.

The runner knows which tasks are still running, so closing the window can ask
whether to stop them, and cancels them all at once.
"""

from __future__ import annotations

import itertools
import queue
from collections.abc import Callable
from concurrent.futures import Future
from contextlib import suppress
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from poemsreader.ui.common.background_job import BackgroundJob

T = TypeVar("T")
NEVER_MS = 2**31 - 1  # a quiet job's progress dialog waits this long: it never shows


class Notifier(QObject):
    """Calls a callback on the thread this object lives in (the UI thread), whichever
    thread asks for it.

    `handle(callback)` (on the UI thread) keeps the callback here and gives back a
    `Delivery`: a plain callable holding only a number, for another thread to call
    with a value. Nothing of the window crosses the threads: a waiting thread never
    holds (and so never frees) a Python wrapper of a Qt object, which would free it
    outside the UI thread; and only an argument-free signal wakes the UI thread.
    """

    _wake = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._waiting: queue.SimpleQueue[tuple[int, object]] = queue.SimpleQueue()
        self._callbacks: dict[int, tuple[Callable[[Any], object], bool]] = {}
        self._tokens = itertools.count()
        self._wake.connect(self._drain, Qt.ConnectionType.QueuedConnection)

    def handle(self, callback: Callable[[Any], object], *, once: bool = True) -> Delivery:
        """On the UI thread: a Delivery that runs `callback(value)` here; with `once`, its
        first call releases it, else `release` does."""
        token = next(self._tokens)
        self._callbacks[token] = (callback, once)
        return Delivery(token, self._waiting, self._wake_up)

    def release(self, delivery: Delivery) -> None:
        """On the UI thread: later calls of `delivery` do nothing."""
        self._callbacks.pop(delivery.token, None)

    def _wake_up(self) -> None:
        with suppress(RuntimeError):  # the application is shutting down: nobody to tell
            self._wake.emit()

    def _drain(self) -> None:
        while True:
            try:
                token, value = self._waiting.get_nowait()
            except queue.Empty:
                return
            entry = self._callbacks.get(token)
            if entry is None:
                continue  # released: its window is gone
            callback, once = entry
            if once:
                del self._callbacks[token]
            callback(value)


class Delivery:
    """Hands a value to the UI thread for the callback it stands for (see Notifier).

    Holds a number, a queue and the never-deleted notifier's wake-up: safe to keep,
    call and drop in any thread."""

    __slots__ = ("_waiting", "_wake", "token")

    def __init__(
        self, token: int, waiting: queue.SimpleQueue[tuple[int, object]], wake: Callable[[], None]
    ) -> None:
        self.token, self._waiting, self._wake = token, waiting, wake

    def __call__(self, value: object = None) -> None:
        self._waiting.put((self.token, value))
        self._wake()


_shared: Notifier | None = None


def shared_notifier() -> Notifier:
    """One notifier for the application, made on the UI thread by the first runner and
    never deleted: an answer arriving after its window closed still has a way in."""
    global _shared
    if _shared is None:
        _shared = Notifier()
    return _shared


class TaskRunner(QObject):
    """Starts background work and brings its results back to the UI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.notifier = shared_notifier()
        self.jobs: list[BackgroundJob] = []
        self.quiet_jobs: list[BackgroundJob] = []

    def start(
        self,
        window: QWidget | None,
        label: str,
        function: Callable[..., Any],
        *args: object,
        progress: bool = False,
        quiet: bool = False,
    ) -> BackgroundJob:
        """Run `function(*args)` (top level, picklable) in a child process, with a
        progress dialog on `window` after half a second and Cancel; connect to the
        job's signals before control returns to the event loop. With `progress`,
        the function reports its steps (see BackgroundJob). A `quiet` job (a status
        query, a sync nobody asked for) shows no dialog and does not hold up closing
        the window: `running` skips it, `cancel_all` still stops it."""
        job = BackgroundJob(
            window, label, function, *args, notifier=self.notifier, progress=progress
        )
        jobs = self.quiet_jobs if quiet else self.jobs
        if quiet:
            job.dialog.setMinimumDuration(NEVER_MS)
        jobs.append(job)
        job.finished.connect(lambda: jobs.remove(job) if job in jobs else None)
        job.start()
        return job

    def watch(self, future: Future[T], on_done: Callable[[Future[T]], object]) -> None:
        """Call `on_done(future)` on the UI thread once `future` has finished."""
        delivery = self.notifier.handle(on_done)  # the pool's thread touches no Qt object
        future.add_done_callback(delivery)

    def running(self) -> BackgroundJob | None:
        """A job still running (closing the window would cancel it), if any."""
        return next((job for job in self.jobs if job.is_running()), None)

    def cancel_all(self) -> None:
        for job in [*self.jobs, *self.quiet_jobs]:
            job.cancel()
