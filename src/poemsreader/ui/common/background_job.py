"""Long library work (merging a large annotation file, writing one) in a child process.

Parsing, validating and merging thousands of findings is pure Python, so a thread
would still share the GIL with the window. The job runs a top-level function in
a spawned process that opens the library itself; a waiting thread blocks on the
pipe and the task runner's notifier (ui/tasks) hands the result to the UI
thread: nothing polls. A progress dialog shows after half a second. Cancel kills
the child: its transaction never commits, so nothing is half-applied (the crash
harness proves SQLite keeps that promise).
"""

from __future__ import annotations

import multiprocessing
import threading
import warnings
from collections.abc import Callable
from contextlib import suppress
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QProgressDialog, QWidget
from shiboken6 import isValid

from poemsreader.child_call import run_and_send

if TYPE_CHECKING:
    from poemsreader.ui.common.tasks import Delivery

SHOW_AFTER_MS = 500


class BackgroundJob(QObject):
    """One call of a picklable top-level function in a child process."""

    succeeded = Signal(object)
    failed = Signal(str, str)  # one-line message, details
    cancelled = Signal()
    finished = Signal()  # after any of the three above
    progressed = Signal(int, int, str)  # step, total, what (from a job started with progress)

    def __init__(
        self,
        parent: QWidget | None,
        label: str,
        function: Callable[..., Any],
        *args: object,
        notifier: Any,
        progress: bool = False,
    ) -> None:
        """`notifier.handle(callback)` calls back on the UI thread (ui/tasks). With
        `progress`, `function` gets a `progress(step, total, what)` keyword argument whose
        reports move the dialog's bar."""
        super().__init__(parent)
        self.notifier = notifier
        self._steps: Delivery | None = None
        self.progress = progress
        self.function, self.args = function, args
        self.label = label.rstrip("…")  # what is being done, for messages about it
        self.dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.setAccessibleName(label)
        self.dialog.setWindowTitle(self.label)
        # wide enough for the title bar to show the whole title beside its buttons
        title_width = self.dialog.fontMetrics().horizontalAdvance(self.label)
        self.dialog.setMinimumWidth(max(420, title_width * 2 + 160))
        self.dialog.canceled.connect(self.cancel)
        self.dialog.reset()  # no dialog until start(), and then only after SHOW_AFTER_MS
        self.process: multiprocessing.process.BaseProcess | None = None
        self._running = False

    def start(self) -> None:
        context = multiprocessing.get_context("spawn")
        receiver, sender = context.Pipe(duplex=False)
        self.process = context.Process(
            target=run_and_send,
            args=(sender, self.function, self.args, self.progress),
            daemon=True,
        )
        self.process.start()
        sender.close()  # the child holds the only writing end: EOF when it dies
        self.dialog.setValue(0)  # starts the dialog's minimum-duration clock
        self._running = True
        # The waiting thread touches no Qt object (this job may be deleted meanwhile):
        # it gets Deliveries, which hold nothing of the window.
        self._steps = self.notifier.handle(self._progressed, once=False)
        answer = self.notifier.handle(self._answered)
        threading.Thread(target=_wait, args=(receiver, self._steps, answer), daemon=True).start()

    def hold(self, *actions: QAction | QWidget) -> None:
        """Disable `actions` (or buttons) until the job has ended, however it ends."""
        for action in actions:
            action.setEnabled(False)
            self.finished.connect(lambda a=action: a.setEnabled(True))

    def is_running(self) -> bool:
        return self._running

    def cancel(self) -> None:
        if not self.is_running():
            return
        self._stop(kill=True)
        self.cancelled.emit()
        self.finished.emit()
        self._let_go()

    def _progressed(self, message: tuple) -> None:
        if self._running and isValid(self):
            _, step, total, what = message
            self.dialog.setMaximum(total)
            self.dialog.setValue(step - 1)
            self.dialog.setLabelText(what)
            self.progressed.emit(step, total, what)

    def _answered(self, message: tuple | None) -> None:
        """On the UI thread: the child's answer (None: it died or was cancelled)."""
        if not self._running or not isValid(self):
            return  # cancelled (already reported), or its window is gone
        if message is None:
            message = ("error", self._died(), "")
        self._stop(kill=False)
        if message[0] == "ok":
            self.succeeded.emit(message[1])
        else:
            self.failed.emit(message[1], message[2])
        self.finished.emit()
        self._let_go()

    def _died(self) -> str:
        assert self.process is not None
        self.process.join(timeout=5)
        code = self.process.exitcode
        return f"The work stopped unexpectedly (exit code {code}); nothing was changed."

    def _stop(self, *, kill: bool) -> None:
        """End the child and let Qt delete the dialog once the signals are out."""
        self._running = False
        if self._steps is not None:
            self.notifier.release(self._steps)
        self.dialog.reset()
        self.dialog.deleteLater()
        if self.process is not None:
            if kill and self.process.is_alive():
                self.process.kill()
            self.process.join(timeout=5)

    def _let_go(self) -> None:
        """Once the signals are out: drop the slots connected to them, then let Qt delete
        this job.

        A slot (often a lambda) may hold the last reference to the job's window, which
        Python then owns. Freeing that window deletes its children, this job among them:
        done while the job is being destroyed or disconnected, that deletes the job under
        Qt's feet (a double free that corrupts the heap). So the window and its ancestors
        are held while the slots are dropped, and let go from the event loop, when nothing
        of the job (or of the dialog whose Cancel ended it) is in use: a freed window then
        deletes the job as an ordinary child.
        """
        held = _ancestors(self)
        for signal in (self.succeeded, self.failed, self.cancelled, self.finished, self.progressed):
            with warnings.catch_warnings():  # a signal nobody connected to: nothing to drop
                warnings.simplefilter("ignore", RuntimeWarning)
                with suppress(RuntimeError, TypeError):
                    signal.disconnect()
        self.deleteLater()
        QTimer.singleShot(0, held.clear)


def _ancestors(item: QObject) -> list[QObject]:
    chain = []
    parent = item.parent()
    while parent is not None:
        chain.append(parent)
        parent = parent.parent()
    return chain


def _wait(connection: Connection, progressed: Delivery, answered: Delivery) -> None:
    """In the waiting thread: block until the child answers or dies, handing each step
    and then the answer (None: it died, or Cancel killed it) to the UI thread."""
    message = None
    try:
        while True:
            message = connection.recv()
            if message[0] != "progress":
                break
            progressed(message)
            message = None
    except (EOFError, OSError):
        pass
    finally:
        connection.close()
    answered(message)
