"""Inspecting a PDF (hash, text of every page) in a worker process.

PyMuPDF holds the GIL while it extracts text, so the window would freeze if
this ran in the UI process or a thread. One spawned worker process does it and
the task runner's notifier (ui/tasks) brings the result back to the UI thread,
where it is emitted as a signal; nothing polls.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from shiboken6 import isValid

from poemsreader.core.errors import PoemsReaderError
from poemsreader.pdf.document import inspect_pdf
from poemsreader.ui.common.tasks import shared_notifier


class PdfInspector(QObject):
    finished = Signal(object)  # PdfFacts
    failed = Signal(str)  # one sentence for the reviewer

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool: ProcessPoolExecutor | None = None
        self._pending: list[Future] = []
        self._notifier = shared_notifier()

    def inspect(self, path: Path, password: str | None = None) -> None:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        future = self._pool.submit(inspect_pdf, Path(path), password)
        self._pending.append(future)
        future.add_done_callback(self._notifier.handle(self._done))  # nothing of Qt crosses

    def busy(self) -> bool:
        return bool(self._pending)

    def _done(self, future: Future) -> None:
        """On the UI thread, once the worker has answered (or died)."""
        if not isValid(self) or future not in self._pending:
            return  # closed (or its editor gone) meanwhile
        self._pending.remove(future)
        if future.cancelled():
            return
        try:
            self.finished.emit(future.result())
        except PoemsReaderError as error:
            self.failed.emit(str(error))
        except Exception as error:  # the worker died or the file vanished
            self.failed.emit(f"The PDF could not be read ({error}).")

    def close(self) -> None:
        self._pending.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._pending.clear()
