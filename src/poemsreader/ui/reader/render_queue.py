"""Schedules render, text and search jobs on worker processes; answers arrive on the main thread.

Views say what they want *now* (`want(client, requests)`, most urgent first);
each call replaces that client's previous wishes, so jobs for pages scrolled
past are dropped before they start. A worker holds one job at a time, so at
most one stale job per worker is ever rendered. Answers are read when the
worker says there are some, never by waiting or polling: where its pipe can be
watched, when it becomes readable (QSocketNotifier); elsewhere (Windows), when
the worker link's reader thread announces an answer with a queued signal.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap

from poemsreader.core.errors import PdfEncrypted, PdfUnreadable
from poemsreader.pdf.outline import DocumentInfo
from poemsreader.pdf.render_worker import EARLY_JOB, WorkerProcess
from poemsreader.ui.common.tasks import Delivery, shared_notifier

WORKER_COUNT = 2
MORE_WORKERS_AFTER_MS = 500
CLIENT_RANK = {"view": 0, "search": 1, "thumbnails": 2}


@dataclass(frozen=True)
class RenderRequest:
    page: int
    scale: float  # device pixels per point
    pixels: tuple[int, int, int, int]  # device-pixel rectangle of the page at that scale


@dataclass(frozen=True)
class TextRequest:
    page: int


@dataclass(frozen=True)
class SearchRequest:
    query: str
    first_page: int
    end_page: int


Request = RenderRequest | TextRequest | SearchRequest
OpenMessage = tuple[str, int, str, str | None]  # ("open", generation, path, password)


class RenderQueue(QObject):
    imageReady = Signal(object, QImage)  # RenderRequest, image (RGB32)
    textReady = Signal(int, object)  # page index, PageText
    searchReady = Signal(object, list)  # SearchRequest, [SearchHit]
    failed = Signal(object, str)  # request, sentence

    def __init__(self, parent: QObject | None = None, workers: int = WORKER_COUNT) -> None:
        super().__init__(parent)
        # One worker starts now; the others a moment after the first answer, so that
        # they do not compete with the first page for the CPU.
        self._worker_target = workers
        self._more_workers = QTimer(self, singleShot=True, interval=MORE_WORKERS_AFTER_MS)
        self._more_workers.timeout.connect(self._add_missing_workers)
        self._workers: list[WorkerProcess] = []
        self._notifiers: dict[WorkerProcess, QSocketNotifier] = {}
        self._answer_deliveries: list[Delivery] = []
        self._open_message: OpenMessage | None = None
        self._add_worker()
        self._wishes: dict[str, list[Request]] = {}
        self._in_flight: dict[int, tuple[Request, int]] = {}
        self._job_ids = itertools.count(1)
        self._generation = 0
        self._closed = False
        # Images received but not yet copied out; the timer runs from an image's
        # delivery to the next pass of the event loop.
        self._images: list[tuple[WorkerProcess, int, object]] = []
        self._image_timer = QTimer(self, singleShot=True, interval=0)
        self._image_timer.timeout.connect(self._next_pass)

    def _add_worker(self) -> None:
        worker = WorkerProcess.take()
        self._workers.append(worker)
        if worker.watch_fd is not None:
            notifier = QSocketNotifier(worker.watch_fd, QSocketNotifier.Type.Read, self)
            notifier.activated.connect(partial(self._read_answers, worker))
            self._notifiers[worker] = notifier
        else:  # posted from the reader thread, read on this one (no Qt object crosses)
            delivery = shared_notifier().handle(partial(self._read_answers, worker), once=False)
            self._answer_deliveries.append(delivery)
            worker.announce_answers(partial(delivery, None))
        if self._open_message is not None:
            worker.send(self._open_message)

    @property
    def generation(self) -> int:
        return self._generation

    def open(self, path: Path, password: str | None) -> None:
        """Every worker opens the document; answers about the previous one are ignored."""
        self._generation += 1
        self._wishes.clear()
        self._open_message = ("open", self._generation, str(path), password)
        for worker in self._workers:
            if not worker.opened_early(str(path), password, self._generation):
                worker.send(self._open_message)

    def describe(self) -> DocumentInfo:
        """The open document's page sizes, labels and outline, asked of a worker.

        Waits for the answer (opening a document is quick; at start-up this also
        waits for the worker to have loaded pymupdf, which it does while the
        window is being built). Raises PdfEncrypted / PdfUnreadable.
        """
        if self._open_message is None:
            raise PdfUnreadable("No PDF has been opened.")
        _, _, path, password = self._open_message
        worker = self._workers[0]
        if worker.opened_early(path, password, self._generation):
            job_id = EARLY_JOB  # asked when the worker was started; the answer may be in
            worker.early_path = None
        else:
            job_id = next(self._job_ids)
            worker.send(("describe", job_id, self._generation))
        try:
            while True:
                answer_id, kind, payload = worker.receive()
                if answer_id == job_id:
                    if job_id == EARLY_JOB:
                        worker.busy_with = None
                    break
                worker.busy_with = None
                self._deliver(answer_id, kind, payload)
        except (EOFError, OSError) as error:
            raise PdfUnreadable("The PDF renderer stopped unexpectedly.") from error
        finally:
            self._dispatch()
        if kind == "info":
            return payload
        error_kind, sentence = payload
        raise (PdfEncrypted if error_kind == "PdfEncrypted" else PdfUnreadable)(sentence)

    def want(self, client: str, requests: Sequence[Request]) -> None:
        """Replace `client`'s wishes with `requests` (most urgent first) and start work."""
        if self._closed:
            return
        self._wishes[client] = list(dict.fromkeys(requests))
        self._dispatch()

    def pending(self) -> int:
        return sum(len(w) for w in self._wishes.values()) + len(self._in_flight)

    def _next_request(self) -> Request | None:
        busy = {request for request, _ in self._in_flight.values()}
        for client in sorted(self._wishes, key=lambda c: CLIENT_RANK.get(c, 9)):
            for request in self._wishes[client]:
                if request not in busy:
                    return request
        return None

    def _dispatch(self) -> None:
        for worker in self._workers:
            if worker.busy_with is not None:
                continue
            request = self._next_request()
            if request is None:
                return
            job_id = next(self._job_ids)
            worker.busy_with = job_id
            self._in_flight[job_id] = (request, self._generation)
            worker.send(_message(job_id, self._generation, request))

    def _read_answers(self, worker: WorkerProcess, *_signal_args: object) -> None:
        """Take the worker's answers; a second image in one pass of the event loop
        waits for the next pass (see _next_pass)."""
        if self._closed:
            return
        try:
            while worker.has_answer():
                job_id, kind, payload = worker.receive()
                if kind == "image" and self._image_timer.isActive():
                    self._images.append((worker, job_id, payload))  # the worker stays busy
                    break
                worker.busy_with = None
                if kind == "image":
                    self._image_timer.start()
                self._deliver(job_id, kind, payload)
        except (EOFError, OSError):
            if worker in self._notifiers:
                self._notifiers[worker].setEnabled(False)
        if len(self._workers) < self._worker_target and not self._more_workers.isActive():
            self._more_workers.start()
        self._dispatch()

    def _next_pass(self) -> None:
        """Copy out one image that waited, if any.

        A page image is up to 16 MB; when both workers answer at once, copying
        both in one go would hold the window's thread twice as long. One per
        pass of the event loop, input and painting get their turn in between.
        """
        if not self._images:
            return
        worker, job_id, payload = self._images.pop(0)
        self._image_timer.start()
        try:
            self._deliver(job_id, "image", payload)
        finally:
            worker.busy_with = None
            if worker.has_answer():  # answers that came while the image waited
                self._read_answers(worker)
            else:
                self._dispatch()

    def _add_missing_workers(self) -> None:
        while len(self._workers) < self._worker_target and not self._closed:
            self._add_worker()
        self._dispatch()

    def _deliver(self, job_id: int, kind: str, payload: object) -> None:
        request, generation = self._in_flight.pop(job_id, (None, -1))
        if request is None or generation != self._generation:
            return
        for wishes in self._wishes.values():
            if request in wishes:
                wishes.remove(request)
        if kind == "image":
            self.imageReady.emit(request, _to_image(payload))  # type: ignore[arg-type]
        elif kind == "words":
            self.textReady.emit(request.page, payload)  # type: ignore[union-attr]
        elif kind == "search":
            self.searchReady.emit(request, payload)
        else:
            self.failed.emit(request, str(payload))

    def close(self) -> None:
        """Stop every worker and wait for it; safe to call twice."""
        if self._closed:
            return
        self._closed = True
        self._more_workers.stop()
        self._image_timer.stop()
        self._images.clear()
        for notifier in self._notifiers.values():
            notifier.setEnabled(False)
        for delivery in self._answer_deliveries:
            shared_notifier().release(delivery)
        for worker in self._workers:
            worker.close()

    def worker_pids(self) -> list[int]:
        return [worker.process.pid for worker in self._workers]

    def workers_running(self) -> bool:
        return any(worker.process.poll() is None for worker in self._workers)


def _message(job_id: int, generation: int, request: Request) -> tuple:
    if isinstance(request, RenderRequest):
        return ("render", job_id, generation, request.page, request.scale, request.pixels)
    if isinstance(request, TextRequest):
        return ("words", job_id, generation, request.page)
    return ("search", job_id, generation, request.query, request.first_page, request.end_page)


def _to_image(payload: tuple[int, int, int, int, memoryview]) -> QImage:
    """The worker's pixels -> an RGB32 QImage that owns them (a copy, or one conversion)."""
    width, height, stride, channels, data = payload
    if len(data) < height * stride:
        raise ValueError("the render worker sent a short image.")
    if channels == 4:
        view = QImage(data, width, height, stride, QImage.Format.Format_RGB32)
        image = view.copy()
    else:
        view = QImage(data, width, height, stride, QImage.Format.Format_RGB888)
        image = view.convertToFormat(QImage.Format.Format_RGB32)
    del view  # before `data` goes: the view borrows its buffer
    return image


class TileCache:
    """Rendered tiles, least recently used dropped first, bounded in bytes."""

    def __init__(self, budget_bytes: int) -> None:
        self.budget = budget_bytes
        self.used = 0
        self._tiles: OrderedDict[RenderRequest, QPixmap] = OrderedDict()
        self._by_page: dict[int, set[RenderRequest]] = {}

    def get(self, key: RenderRequest) -> QPixmap | None:
        pixmap = self._tiles.get(key)
        if pixmap is not None:
            self._tiles.move_to_end(key)
        return pixmap

    def __contains__(self, key: RenderRequest) -> bool:
        return key in self._tiles

    def of_page(self, page: int) -> list[tuple[RenderRequest, QPixmap]]:
        return [(key, self._tiles[key]) for key in self._by_page.get(page, ())]

    def put(self, key: RenderRequest, pixmap: QPixmap, keep: set[RenderRequest]) -> None:
        """Store a tile, then evict old ones (never those in `keep`) down to the budget."""
        if key in self._tiles:
            self._remove(key)
        self._tiles[key] = pixmap
        self._by_page.setdefault(key.page, set()).add(key)
        self.used += _bytes(pixmap)
        for old in list(self._tiles):
            if self.used <= self.budget:
                break
            if old not in keep and old != key:
                self._remove(old)

    def clear(self) -> None:
        self._tiles.clear()
        self._by_page.clear()
        self.used = 0

    def _remove(self, key: RenderRequest) -> None:
        pixmap = self._tiles.pop(key)
        self.used -= _bytes(pixmap)
        self._by_page[key.page].discard(key)


def _bytes(pixmap: QPixmap) -> int:
    return pixmap.width() * pixmap.height() * 4
