"""Adding PDFs from the window: a progress dialog with Cancel, a password prompt, no freezing.

The PDFs are read by the worker processes of `AddJob`; a QTimer polls the job
without waiting, so the event loop keeps running while a batch is read. Only the
database writes (a few milliseconds per file) happen in this process.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QInputDialog, QLineEdit, QProgressDialog, QWidget

from poemsreader.store.add_job import AddJob, BatchReport, FileOutcome
from poemsreader.store.articles import ArticleService

POLL_MS = 40


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
        self._options = {"workers": workers} | ({"timeout": timeout} if timeout else {})
        self.job = AddJob(articles, paths, **self._options)
        self.report = BatchReport()
        self.dialog = self._progress_dialog(self.job.total)
        self.timer = QTimer(self, interval=POLL_MS)
        self.timer.timeout.connect(self._poll)
        self._done = False

    def start(self) -> None:
        self.job.start()
        self.timer.start()
        self._poll()

    def cancel(self) -> None:
        self.job.cancel()
        self._finish()

    @property
    def running(self) -> bool:
        return self.timer.isActive()

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
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)  # a single quick file shows no dialog
        dialog.setAutoReset(False)
        dialog.setAutoClose(False)
        dialog.canceled.connect(self.cancel)
        return dialog

    def _poll(self) -> None:
        outcomes = self.job.poll(0.0)
        if outcomes:
            self.dialog.setValue(self.job.done)
            last = outcomes[-1].path.name
            self.dialog.setLabelText(f"Adding PDFs… {self.job.done} of {self.job.total}\n{last}")
            self.progressed.emit(self.job.done, self.job.total)
        if self.job.finished:
            self._finish()

    def _finish(self) -> None:
        if self._done:
            return
        self._done = True
        self.timer.stop()
        self.job.close()
        self.dialog.reset()
        self.dialog.hide()
        self.report.cancelled = self.job.report.cancelled
        outcomes = self.job.report.outcomes
        if not self.report.cancelled:
            outcomes = [self._retry_locked(o) if o.needs_password else o for o in outcomes]
        self.report.outcomes.extend(outcomes)
        self.finished.emit(self.report)

    def _retry_locked(self, outcome: FileOutcome) -> FileOutcome:
        """Ask for the password until it opens the file or the reviewer gives up."""
        wrong = False
        while True:
            password = self.ask_password(outcome.path, wrong)
            if password is None:
                return outcome
            job = AddJob(self.articles, [outcome.path], password=password, workers=1)
            [retried] = job.run().outcomes
            if not retried.needs_password:
                return retried
            wrong = True
