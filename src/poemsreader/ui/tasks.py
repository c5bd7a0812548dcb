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

import queue
from collections.abc import Callable
from concurrent.futures import Future
from contextlib import suppress
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from poemsreader.ui.background_job import BackgroundJob

T = TypeVar("T")
NEVER_MS = 2**31 - 1  # a quiet job's progress dialog waits this long: it never shows


class Notifier(QObject):
    """Calls `callback(value)` on the thread this object lives in (the UI thread),
    whichever thread `deliver` is called from.

    The pair waits in a thread-safe queue and only an argument-free signal crosses
    the threads: no Python object is handed to Qt's queued-event machinery from a
    thread that is not Qt's.
    """

    _wake = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._waiting: queue.SimpleQueue[tuple[Callable[[Any], object], object]] = (
            queue.SimpleQueue()
        )
        self._wake.connect(self._drain, Qt.ConnectionType.QueuedConnection)

    def deliver(self, callback: Callable[[Any], object], value: object) -> None:
        self._waiting.put((callback, value))
        with suppress(RuntimeError):  # the application is shutting down: nobody to tell
            self._wake.emit()

    def _drain(self) -> None:
        while True:
            try:
                callback, value = self._waiting.get_nowait()
            except queue.Empty:
                return
            callback(value)


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
        deliver = self.notifier.deliver  # the pool's thread touches no Qt object
        future.add_done_callback(lambda done: deliver(on_done, done))

    def running(self) -> BackgroundJob | None:
        """A job still running (closing the window would cancel it), if any."""
        return next((job for job in self.jobs if job.is_running()), None)

    def cancel_all(self) -> None:
        for job in [*self.jobs, *self.quiet_jobs]:
            job.cancel()
