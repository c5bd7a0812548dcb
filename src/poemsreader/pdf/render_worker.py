"""Render and text-extraction worker processes, and the client that drives one.

PyMuPDF holds the GIL while it renders, so the window's process never renders:
each worker is a separate Python process (`python -m poemsreader.pdf.render_worker`)
that opens the document itself and answers one job at a time over a pipe.
Pixels come back as one raw RGB888 message after a small header.

The worker is started with subprocess rather than multiprocessing so that it
does not re-import the parent's main module (the CLI, the store) before it can
start: its own imports are pymupdf and this package.

Messages to a worker (pickled tuples):
  ("open", generation, path, password)
  ("render", job_id, generation, page_index, scale, (x0, y0, x1, y1) device pixels)
  ("words", job_id, generation, page_index)
  ("search", job_id, generation, query, first_page, end_page)
  None: quit.
Answers: (job_id, "image", (width, height, stride)) followed by the raw pixel bytes;
(job_id, "words", PageText); (job_id, "search", [SearchHit]); (job_id, "error", sentence).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections import OrderedDict
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

DISPLAY_LIST_CACHE = 6  # pages whose display list a worker keeps (tiles reuse it)
TEXT_CACHE = 64  # pages whose laid-out words a worker keeps (search reuses them)
QUIT_TIMEOUT = 2.0  # seconds a worker gets to leave before it is killed


class _Worker:
    """The worker side: one open document, small caches, one job at a time."""

    def __init__(self, jobs: Connection, results: Connection) -> None:
        self.jobs = jobs
        self.results = results
        self.generation = -1
        self.doc: Any = None
        self.display_lists: OrderedDict[int, Any] = OrderedDict()
        self.texts: OrderedDict[int, Any] = OrderedDict()

    def serve(self) -> None:
        while True:
            try:
                message = self.jobs.recv()
            except (EOFError, OSError):
                return
            if message is None:
                return
            try:
                self.handle(message)
            except OSError:  # the parent closed its end: nobody is listening
                return

    def handle(self, message: tuple) -> None:
        kind = message[0]
        if kind == "open":
            self.open(*message[1:])
            return
        job_id, generation = message[1], message[2]
        try:
            if generation != self.generation or self.doc is None:
                raise RuntimeError("the document is not open in the render worker.")
            if kind == "render":
                self.render(job_id, *message[3:])
            elif kind == "words":
                self.results.send((job_id, "words", self.page_text(message[3])))
            elif kind == "search":
                self.results.send((job_id, "search", self.search(*message[3:])))
        except Exception as error:
            self.results.send((job_id, "error", _sentence(error)))

    def open(self, generation: int, path: str, password: str | None) -> None:
        from poemsreader.pdf.document import open_document

        if self.doc is not None:
            self.doc.close()
        self.display_lists.clear()
        self.texts.clear()
        self.generation = generation
        try:
            self.doc = open_document(Path(path), password)
        except Exception:
            self.doc = None

    def render(self, job_id: int, page_index: int, scale: float, pixels: tuple) -> None:
        from poemsreader.pdf.render import render_region

        image = render_region(self.display_list(page_index), scale, pixels)
        self.results.send((job_id, "image", (image.width, image.height, image.stride)))
        self.results.send_bytes(image.samples)

    def display_list(self, page_index: int) -> Any:
        cached = self.display_lists.pop(page_index, None)
        if cached is None:
            cached = self.doc[page_index].get_displaylist()
        self.display_lists[page_index] = cached
        while len(self.display_lists) > DISPLAY_LIST_CACHE:
            self.display_lists.popitem(last=False)
        return cached

    def page_text(self, page_index: int) -> Any:
        from poemsreader.pdf.render import extract_page_text

        cached = self.texts.pop(page_index, None)
        if cached is None:
            cached = extract_page_text(self.doc[page_index])
        self.texts[page_index] = cached
        while len(self.texts) > TEXT_CACHE:
            self.texts.popitem(last=False)
        return cached

    def search(self, query: str, first_page: int, end_page: int) -> list:
        from poemsreader.pdf.search import find_in_page

        hits = []
        for index in range(first_page, min(end_page, self.doc.page_count)):
            try:
                hits.extend(find_in_page(self.page_text(index), index, query))
            except Exception:
                continue  # a page whose text cannot be read has no hits
        return hits


def _sentence(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return text if text.endswith(".") else text + "."


class WorkerProcess:
    """The parent's handle on one worker: send jobs, read answers, shut it down."""

    def __init__(self) -> None:
        job_read, job_write = os.pipe()
        result_read, result_write = os.pipe()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "poemsreader.pdf.render_worker",
                str(job_read),
                str(result_write),
            ],
            pass_fds=(job_read, result_write),
            stdin=subprocess.DEVNULL,
            close_fds=True,
        )
        os.close(job_read)
        os.close(result_write)
        self.jobs = Connection(job_write, readable=False)
        self.results = Connection(result_read, writable=False)
        self.busy_with: int | None = None  # the job id in flight

    @property
    def result_fd(self) -> int:
        return self.results.fileno()

    def send(self, message: tuple) -> None:
        self.jobs.send(message)

    def receive(self) -> tuple[int, str, Any]:
        """One answer; an image's payload is (width, height, stride, bytes)."""
        job_id, kind, payload = self.results.recv()
        if kind == "image":
            payload = (*payload, self.results.recv_bytes())
        return job_id, kind, payload

    def has_answer(self) -> bool:
        return self.results.poll(0)

    def close(self) -> None:
        """Ask the worker to quit (killing it if it does not) and wait for it."""
        self.results.close()  # a worker blocked writing an image gets EPIPE and leaves
        with contextlib.suppress(OSError):
            self.jobs.send(None)
        try:
            self.process.wait(QUIT_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.jobs.close()


def main(argv: list[str]) -> int:
    jobs = Connection(int(argv[1]), writable=False)
    results = Connection(int(argv[2]), readable=False)
    import pymupdf

    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    _Worker(jobs, results).serve()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
