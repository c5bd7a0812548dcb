"""Inspecting a PDF (hash, text of every page) in a worker process.

PyMuPDF holds the GIL while it extracts text, so the window would freeze if
this ran in the UI process or a thread. One spawned worker process does it and
a timer brings the result back to the main thread as a signal.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from poemsreader.core.errors import PoemsReaderError
from poemsreader.pdf.document import inspect_pdf

POLL_MS = 40


class PdfInspector(QObject):
    finished = Signal(object)  # PdfFacts
    failed = Signal(str)  # one sentence for the reviewer

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool: ProcessPoolExecutor | None = None
        self._pending: list[Future] = []
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    def inspect(self, path: Path, password: str | None = None) -> None:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        self._pending.append(self._pool.submit(inspect_pdf, Path(path), password))
        self._timer.start()

    def busy(self) -> bool:
        return bool(self._pending)

    def _poll(self) -> None:
        done = [f for f in self._pending if f.done()]
        self._pending = [f for f in self._pending if not f.done()]
        for future in done:
            try:
                self.finished.emit(future.result())
            except PoemsReaderError as error:
                self.failed.emit(str(error))
            except Exception as error:  # the worker died or the file vanished
                self.failed.emit(f"The PDF could not be read ({error}).")
        if not self._pending:
            self._timer.stop()

    def close(self) -> None:
        self._timer.stop()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._pending.clear()
