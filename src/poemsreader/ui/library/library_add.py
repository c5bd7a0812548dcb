"""Adding PDFs from the window: a progress dialog with Cancel, a password prompt, no freezing.

The PDFs are read by the worker processes of `AddJob`. A waiting thread blocks until a
worker answers (or the slowest one runs out of time), and the task runner's notifier
(ui/tasks) wakes the UI thread to store what is ready: nothing polls, and the event
loop keeps running while a batch is read. Only the database writes (a few
milliseconds per file) happen in this process.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from functools import partial
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QInputDialog, QLineEdit, QProgressDialog, QWidget

from poemsreader.services.add_job import AddJob, BatchReport, FileOutcome
from poemsreader.storage.articles import ArticleService
from poemsreader.ui.common.tasks import shared_notifier


class AddBatch(QObject):
    """One batch of files being added; emits `finished(report)` once, at the end."""

    finished = Signal(object)  # BatchReport (password retries included)
    progressed = Signal(int, int)

    def __init__(
        self,
        articles: ArticleService,
        paths: Iterable[str | Path],
        parent: QWidget,
        *,
        workers: int | None = None,
        timeout: float | None = None,
    ) -> None:
        super().__init__(parent)
        self.articles = articles
        self.window = parent
        self._options: dict[str, Any] = {"workers": workers}
        if timeout:
            self._options["timeout"] = timeout
        self.job = AddJob(articles, paths, **self._options)
        self.report = BatchReport()
        self.dialog = self._progress_dialog(self.job.total)
        self._started = False
        self._waits = 0  # which wait is current (a new job or a cancel makes older ones moot)
        self._done = False
        self._locked: list[FileOutcome] = []  # encrypted files waiting for a password
        self._retrying: FileOutcome | None = None

    def start(self) -> None:
        self.job.start()
        self._started = True
        self._poll()

    def cancel(self) -> None:
        self.job.cancel()
        self._finish()

    @property
    def running(self) -> bool:
        return self._started and not self._done

    def _wait_for_workers(self) -> None:
        """Block in a thread until a worker answers or times out, then `_poll` here."""
        self._waits += 1
        pipes, seconds = self.job.readiness()
        wake = partial(shared_notifier().handle(self._woken), self._waits)
        threading.Thread(target=_wait_then_wake, args=(pipes, seconds, wake), daemon=True).start()

    def _woken(self, wait_number: int) -> None:
        if wait_number == self._waits and not self._done:
            self._poll()

    def ask_password(self, path: Path, wrong: bool) -> str | None:
        """Ask the reviewer for the password of `path` (None: skip this file)."""
        prompt = "That password is wrong. Try again" if wrong else "This PDF is encrypted. Password"
        text, ok = QInputDialog.getText(
            self.window, f"Password for {path.name}", f"{prompt}:", QLineEdit.EchoMode.Password
        )
        return text if ok and text else None

    # -- inside ---------------------------------------------------------------------------

    def _progress_dialog(self, total: int) -> QProgressDialog:
        dialog = QProgressDialog("Adding PDFs…", "Cancel", 0, max(total, 1), self.window)
        dialog.setWindowTitle("Adding PDFs")
        # wide enough for the title bar to show the whole title beside its buttons
        dialog.setMinimumWidth(max(420, dialog.fontMetrics().horizontalAdvance("Adding PDFs") * 3))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)  # a single quick file shows no dialog
        dialog.setAutoReset(False)
        dialog.setAutoClose(False)
        dialog.canceled.connect(self.cancel)
        return dialog

    def _poll(self) -> None:
        outcomes = self.job.poll(0.0)
        if outcomes and self._retrying is None:
            self.dialog.setValue(self.job.done)
            last = outcomes[-1].path.name
            self.dialog.setLabelText(f"Adding PDFs… {self.job.done} of {self.job.total}\n{last}")
            self.progressed.emit(self.job.done, self.job.total)
        if not self.job.finished:
            self._wait_for_workers()
            return
        if self._retrying is not None:
            self._retry_finished()
        elif not self.job.report.cancelled:
            self.report.outcomes.extend(o for o in self.job.report.outcomes if not o.needs_password)
            self._locked = [o for o in self.job.report.outcomes if o.needs_password]
            self._next_locked(wrong=False)
        else:
            self._finish()

    def _next_locked(self, wrong: bool) -> None:
        """Ask for the next encrypted file's password and read it again (in a worker)."""
        while self._locked:
            outcome = self._locked[0]
            password = self.ask_password(outcome.path, wrong)
            if password is not None:
                self._retrying = outcome
                self.job = AddJob(self.articles, [outcome.path], password=password, workers=1)
                self.job.start()
                self._poll()
                return
            self.report.outcomes.append(self._locked.pop(0))
            wrong = False
        self._finish()

    def _retry_finished(self) -> None:
        [retried] = self.job.report.outcomes
        self._retrying = None
        if retried.needs_password:  # wrong password: ask again
            self._next_locked(wrong=True)
            return
        self._locked.pop(0)
        self.report.outcomes.append(retried)
        self._next_locked(wrong=False)

    def _finish(self) -> None:
        if self._done:
            return
        self._done = True
        self._waits += 1
        self.job.close()
        self.dialog.reset()
        self.dialog.hide()
        if self.job.report.cancelled:
            self.report.cancelled = True
            self.report.outcomes.extend(self.job.report.outcomes)
        self.report.outcomes.extend(self._locked)  # still locked when cancelled
        self._locked = []
        self.finished.emit(self.report)


def _wait_then_wake(
    pipes: list[Connection], seconds: float | None, wake: Callable[[], None]
) -> None:
    """In a waiting thread: block on the worker pipes, then wake the UI thread."""
    try:
        if pipes:
            wait(pipes, timeout=seconds)
    except (OSError, ValueError):  # a pipe closed by Cancel: wake up and see
        pass
    wake()
