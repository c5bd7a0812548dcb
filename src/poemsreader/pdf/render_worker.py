"""Render and text-extraction worker processes, and the client that drives one.

PyMuPDF holds the GIL while it renders, so the window's process never renders:
each worker is a separate Python process (`python -m poemsreader.pdf.render_worker`)
that opens the document itself and answers one job at a time over a pipe.
Pixels come back through a shared-memory buffer (one per worker, mapped by both
sides); the pipe carries only a small header, so the window never waits on a
half-written image. The buffer is reused: a worker holds one job at a time and
gets the next only after the window has copied the previous image out.

The worker is started as `python -m` rather than with multiprocessing so that it
does not re-import the parent's main module (the CLI, the store) before it can
start: its own imports are pymupdf and this package. The process, the pipes and
the buffer are a worker_channel link (posix or portable, one interface), which
imports nothing heavy.

Messages to a worker (pickled tuples):
  ("open", generation, path, password)
  ("render", job_id, generation, page_index, scale, (x0, y0, x1, y1) device pixels)
  ("words", job_id, generation, page_index)
  ("search", job_id, generation, query, first_page, end_page)
  ("describe", job_id, generation): page sizes, labels, outline (pdf.outline.DocumentInfo)
  ("prerender", generation): after a describe, render page 1 as first_page.py guesses the
      window will want it, and keep it unsent until a render job asks for exactly that
  None: quit.
Job id 0 is the describe a worker is sent when it is prestarted with the
document to open (`prestart_workers(1, path)`): it opens the document,
describes it and prerenders page 1 while the window is still being built, as
generation 1.
Answers: (job_id, "image", (width, height, stride, channels)) with the pixels in the
shared buffer (4 channels: B, G, R, 255; 3: R, G, B);
(job_id, "words", PageText); (job_id, "search", [SearchHit]); (job_id, "error", sentence);
(job_id, "info", DocumentInfo) or (job_id, "open-error", (error class name, sentence)).
"""

from __future__ import annotations

import sys
from collections import OrderedDict

from poemsreader.pdf.worker_channel import Channel, lower_priority, start_worker, worker_end

TYPE_CHECKING = False  # (typing.TYPE_CHECKING: this module starts workers, so imports little)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

DISPLAY_LIST_CACHE = 6  # pages whose display list a worker keeps (tiles reuse it)
TEXT_CACHE = 64  # pages whose laid-out words a worker keeps (search reuses them)
EARLY_GENERATION = 1  # the generation of the first document a RenderQueue opens
EARLY_JOB = 0  # the job id of a prestarted worker's describe (a RenderQueue counts from 1)
QUIT_TIMEOUT = 2.0  # seconds a worker gets to leave before it is killed
# The largest image a job returns: a page or tile of MAX_TILE_PIXELS, 4 bytes a pixel, and slack.
PIXEL_BUFFER_BYTES = 4_200_000 * 4


class _Worker:
    """The worker side: one open document, small caches, one job at a time."""

    def __init__(self, jobs: Channel, results: Channel, pixels: Any, niced: bool = True) -> None:
        self.niced = niced
        self.jobs = jobs
        self.results = results
        self.pixels = pixels
        self.generation = -1
        self.doc: Any = None
        self.display_lists: OrderedDict[int, Any] = OrderedDict()
        self.surface: Any = None  # pdf.render.DrawingSurface, made at the first render
        self.texts: OrderedDict[int, Any] = OrderedDict()
        self.path = ""
        self.open_error: Exception | None = None
        self.info: Any = None  # the open document's DocumentInfo, once described
        self.held: tuple | None = None  # (generation, page, scale, pixels, header) in the buffer

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
        if kind == "prerender":
            self.prerender(message[1])
            return
        job_id, generation = message[1], message[2]
        if kind == "describe":
            self.results.send((job_id, *self.describe(generation)))
            return
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
        from pathlib import Path

        from poemsreader.pdf.opening import open_document

        if self.doc is not None:
            self.doc.close()
        self.display_lists.clear()
        self.texts.clear()
        self.generation = generation
        self.path = path
        self.open_error = None
        self.info = None
        self.held = None
        try:
            self.doc = open_document(Path(path), password)
        except Exception as error:
            self.doc = None
            self.open_error = error

    def describe(self, generation: int) -> tuple[str, Any]:
        """("info", DocumentInfo) or ("open-error", (error class name, sentence))."""
        from pathlib import Path

        from poemsreader.pdf.outline import describe_open_document

        if generation != self.generation:
            return "open-error", ("PdfUnreadable", "the document is not open in the render worker.")
        if self.doc is None:
            error = self.open_error or RuntimeError("the document could not be opened.")
            return "open-error", (type(error).__name__, _sentence(error))
        try:
            self.info = describe_open_document(Path(self.path), self.doc)
            return "info", self.info
        except Exception as error:
            return "open-error", (type(error).__name__, _sentence(error))

    def render(self, job_id: int, page_index: int, scale: float, pixels: tuple) -> None:
        held, self.held = self.held, None
        if held is not None and held[:4] == (self.generation, page_index, scale, tuple(pixels)):
            header = held[4]  # rendered ahead by prerender: the pixels are in the buffer
        else:
            header = self.draw(page_index, scale, pixels)
        self.results.send((job_id, "image", header))
        if not self.niced:  # the first page is out: from now on the window comes first
            self.niced = True
            lower_priority()

    def draw(self, page_index: int, scale: float, pixels: tuple) -> tuple[int, int, int, int]:
        """Render into the shared buffer; the image's (width, height, stride, channels)."""
        from poemsreader.pdf.render import DrawingSurface, render_region, tile_grid

        x0, y0, x1, y1 = pixels
        whole_page = x0 == 0 and y0 == 0 and len(tile_grid(x1, y1)) == 1
        source = self.doc[page_index] if whole_page else self.display_list(page_index)
        if self.surface is None:
            self.surface = DrawingSurface()
        image = render_region(source, scale, pixels, self.surface)  # copied out below
        size = image.height * image.stride
        if size > len(self.pixels):
            raise RuntimeError("the image is larger than the shared pixel buffer.")
        self.pixels[:size] = image.samples
        return (image.width, image.height, image.stride, image.channels)

    def prerender(self, generation: int) -> None:
        """Render page 1 as the window asked for it last time (see first_page.py) and
        keep it in the buffer, unsent, for the render job that names it."""
        from poemsreader.paths import first_page_hint_file
        from poemsreader.pdf.first_page import first_page_render, load_hint

        hint = load_hint(first_page_hint_file())
        if hint is None or generation != self.generation or self.info is None:
            return
        guess = first_page_render(self.info.geometries, hint)
        if guess is None:
            return
        scale, pixels = guess
        try:
            header = self.draw(0, scale, pixels)
        except Exception:
            return  # the window will ask, and hear of the error then
        self.held = (generation, 0, scale, pixels, header)

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


_PRESTARTED: list[WorkerProcess] = []


def prestart_workers(count: int, path: str | None = None) -> None:
    """Start workers now (they take ~0.2 s to import pymupdf) for a reader made later.

    With `path`, the first of them also opens and describes that document at
    once, so that its page sizes are known by the time the window asks. These
    workers run at normal priority until they have sent their first image: at
    start-up the first page is what everyone waits for.
    """
    while len(_PRESTARTED) < count:
        worker = WorkerProcess(urgent=True)
        if path is not None and not _PRESTARTED:
            worker.open_early(path)
        _PRESTARTED.append(worker)


class WorkerProcess:
    """The parent's handle on one worker: send jobs, read answers, shut it down."""

    @classmethod
    def take(cls) -> WorkerProcess:
        """A prestarted worker when one is waiting, else a new one."""
        while _PRESTARTED:
            worker = _PRESTARTED.pop()
            if worker.process.poll() is None:
                return worker
        return cls()

    def __init__(self, urgent: bool = False) -> None:
        self.link = start_worker(
            "poemsreader.pdf.render_worker", ["urgent" if urgent else "niced"], PIXEL_BUFFER_BYTES
        )
        self.process = self.link.process
        self.busy_with: int | None = None  # the job id in flight
        self.early_path: str | None = None  # the document opened before any RenderQueue asked

    def open_early(self, path: str) -> None:
        """Open and describe `path` as generation EARLY_GENERATION, answered as EARLY_JOB."""
        from pathlib import Path

        path = str(Path(path))  # as a RenderQueue spells it
        self.send(("open", EARLY_GENERATION, path, None))
        self.send(("describe", EARLY_JOB, EARLY_GENERATION))
        self.send(("prerender", EARLY_GENERATION))
        self.early_path = path
        self.busy_with = EARLY_JOB

    def opened_early(self, path: str, password: str | None, generation: int) -> bool:
        """True when this worker was already told to open `path` as `generation`."""
        return self.early_path == path and password is None and generation == EARLY_GENERATION

    @property
    def watch_fd(self) -> int | None:
        """A descriptor readable when answers wait, or None: then see `announce_answers`."""
        return self.link.watch_fd

    def announce_answers(self, callback: Callable[[], None] | None) -> None:
        """Have `callback` called, from another thread, whenever an answer arrives."""
        self.link.announce_answers(callback)

    def send(self, message: tuple) -> None:
        self.link.send(message)

    def receive(self) -> tuple[int, str, Any]:
        """One answer; an image's payload is (width, height, stride, channels, pixels).

        `pixels` is a view of the shared buffer: valid until the next job is sent.
        """
        job_id, kind, payload = self.link.receive()
        if kind == "image":
            width, height, stride, channels = payload
            pixels = memoryview(self.link.pixels)[: height * stride]
            payload = (width, height, stride, channels, pixels)
        return job_id, kind, payload

    def has_answer(self) -> bool:
        return self.link.has_answer()

    def close(self) -> None:
        """Ask the worker to quit (killing it if it does not) and wait for it."""
        self.link.close(QUIT_TIMEOUT)


def main(argv: list[str]) -> int:
    jobs, results, pixels, args = worker_end(argv[1:], PIXEL_BUFFER_BYTES)
    urgent = args[:1] == ["urgent"]
    if not urgent:
        lower_priority()
    import pymupdf

    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    _Worker(jobs, results, pixels, niced=not urgent).serve()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
