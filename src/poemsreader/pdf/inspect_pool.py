"""Inspecting many PDFs in worker processes, each file with a time limit.

PyMuPDF holds the GIL while it works, so the extraction of a batch runs in
separate processes started with 'spawn' (never fork a process that runs Qt).
Each worker owns one pipe and handles one file at a time, so a hostile PDF
that hangs or crashes its worker is found out: the worker is terminated after
the time limit, the file is reported as an error, and a fresh worker takes its
place. The parent only waits on pipes (`poll`), so it can run inside a Qt timer.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path

from poemsreader.core.errors import PdfError, PdfTimeout, PdfUnreadable
from poemsreader.pdf.document import PdfFacts

DEFAULT_TIMEOUT = 60.0
MAX_WORKERS = 4
PREFETCH = 2  # tasks sent to a worker at once


def default_workers() -> int:
    """One worker per CPU (up to MAX_WORKERS); this process mostly waits on their pipes."""
    return max(1, min(MAX_WORKERS, os.cpu_count() or 2))


@dataclass(frozen=True)
class InspectTask:
    task_id: int
    path: Path
    password: str | None = None


@dataclass(frozen=True)
class InspectOutcome:
    """A finished task: facts, or the error that explains why there are none."""

    task: InspectTask
    facts: PdfFacts | None = None
    error: PdfError | None = None


def _worker_main(conn: Connection) -> None:
    """Loop in the worker: receive a task, send back (task_id, facts, error)."""
    from poemsreader.pdf.document import inspect_pdf

    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        try:
            conn.send((task.task_id, inspect_pdf(task.path, task.password), None))
        except PdfError as error:
            conn.send((task.task_id, None, error))
        except Exception as error:  # a library bug on a strange file: report, keep going
            message = f"{task.path.name}: the PDF could not be read ({type(error).__name__})."
            conn.send((task.task_id, None, PdfUnreadable(message)))


class _Worker:
    """One worker process and the tasks sent to it (the first is being read now).

    A second task waits in the pipe so the worker never idles while this process
    stores the previous result.
    """

    def __init__(self, context: multiprocessing.context.BaseContext) -> None:
        parent, child = context.Pipe()
        self.conn: Connection = parent
        self.process: BaseProcess = context.Process(  # type: ignore[attr-defined]
            target=_worker_main, args=(child,), daemon=True, name="poemsreader-inspect"
        )
        self.process.start()
        child.close()
        self.tasks: deque[InspectTask] = deque()
        self.started = 0.0  # when the worker began the first of `tasks`

    @property
    def task(self) -> InspectTask | None:
        return self.tasks[0] if self.tasks else None

    def give(self, task: InspectTask) -> None:
        if not self.tasks:
            self.started = time.monotonic()
        self.tasks.append(task)
        self.conn.send(task)

    def stop(self, force: bool = False) -> None:
        if force or self.tasks:
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                self.process.kill()
        self.process.join(timeout=2)
        if self.process.is_alive():  # pragma: no cover - a worker deaf to SIGKILL
            self.process.kill()
            self.process.join()
        self.conn.close()


class InspectPool:
    """Runs `inspect_pdf` on queued files in worker processes, a time limit per file."""

    def __init__(self, workers: int | None = None, timeout: float = DEFAULT_TIMEOUT) -> None:
        self._context = multiprocessing.get_context("spawn")
        self._size = workers or default_workers()
        self.timeout = timeout
        self._workers: list[_Worker] = []
        self._queue: deque[InspectTask] = deque()
        self._next_id = 0

    def submit(self, path: Path, password: str | None = None) -> InspectTask:
        task = InspectTask(self._next_id, Path(path), password)
        self._next_id += 1
        self._queue.append(task)
        self._dispatch()
        return task

    @property
    def pending(self) -> int:
        """Tasks queued or running."""
        return len(self._queue) + sum(len(w.tasks) for w in self._workers)

    def poll(self, timeout: float = 0.0) -> list[InspectOutcome]:
        """Outcomes that are ready, waiting at most `timeout` seconds for the first."""
        busy = [w for w in self._workers if w.tasks]
        if not busy:
            return []
        wait([w.conn for w in busy], timeout=timeout)
        outcomes = []
        for worker in busy:
            while worker in self._workers and worker.tasks and worker.conn.poll():
                outcomes.append(self._receive(worker))
        outcomes += self._expire_slow_workers()
        self._dispatch()
        return outcomes

    def readiness(self) -> tuple[list[Connection], float | None]:
        """What `poll` waits on: the busy workers' pipes, and the seconds until the first of
        them runs out of time (None: nothing is being read). A caller may block on these
        (`multiprocessing.connection.wait`) in another thread, then call `poll`."""
        busy = [w for w in self._workers if w.tasks]
        if not busy:
            return [], None
        now = time.monotonic()
        return [w.conn for w in busy], max(0.0, min(w.started + self.timeout for w in busy) - now)

    def cancel(self) -> None:
        """Drop queued tasks and stop running ones at once."""
        for worker in [w for w in self._workers if w.tasks]:
            self._replace(worker)
        self._queue.clear()

    def close(self) -> None:
        self._queue.clear()
        for worker in self._workers:
            worker.stop()
        self._workers.clear()

    def __enter__(self) -> InspectPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- inside ---------------------------------------------------------------------------

    def _dispatch(self) -> None:
        """Each worker gets one task to read and one to start on next."""
        while self._queue:
            idle = next((w for w in self._workers if not w.tasks), None)
            if idle is None and len(self._workers) < self._size:
                idle = _Worker(self._context)
                self._workers.append(idle)
            if idle is None:
                idle = next((w for w in self._workers if len(w.tasks) < PREFETCH), None)
            if idle is None:
                return
            idle.give(self._queue.popleft())

    def _receive(self, worker: _Worker) -> InspectOutcome:
        task = worker.tasks[0]
        try:
            task_id, facts, error = worker.conn.recv()
        except (EOFError, OSError):  # the worker died (a crash inside MuPDF)
            self._replace(worker)
            message = f"{task.path.name}: reading the PDF crashed."
            return InspectOutcome(task, error=PdfUnreadable(message))
        worker.tasks.popleft()
        worker.started = time.monotonic()  # it goes on with the next task at once
        assert task_id == task.task_id
        return InspectOutcome(task, facts=facts, error=error)

    def _expire_slow_workers(self) -> list[InspectOutcome]:
        now = time.monotonic()
        outcomes = []
        for worker in list(self._workers):
            task = worker.task
            if task is not None and now - worker.started > self.timeout:
                self._replace(worker)
                message = f"{task.path.name}: reading the PDF took longer than {self.timeout:g} s."
                outcomes.append(InspectOutcome(task, error=PdfTimeout(message)))
        return outcomes

    def _replace(self, worker: _Worker) -> None:
        """Kill a busy worker; its waiting tasks go back to the queue."""
        worker.stop(force=True)
        self._workers.remove(worker)
        waiting = list(worker.tasks)[1:]
        self._queue.extendleft(reversed(waiting))
