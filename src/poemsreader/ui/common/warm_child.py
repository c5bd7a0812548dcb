"""A child process kept warm for the window's session (the parent side of child_call.serve).

A `BackgroundJob` starts a fresh Python for each call: importing poemsreader and
opening the library take seconds before the work begins. Work that comes often and
must show soon (pulling what another member just pushed) goes to one child started
once: requests are answered in order, one at a time, outside the UI thread; a
waiting thread blocks on the answers and the notifier (ui/tasks) hands each to the
UI thread, where its callback runs. Nothing polls. A child that dies fails the
requests it held and the next request starts another.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections import deque
from collections.abc import Callable
from contextlib import suppress
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from poemsreader.child_call import serve

if TYPE_CHECKING:
    from poemsreader.ui.common.tasks import Delivery, Notifier

Answer = tuple  # ("ok", result) or ("error", one-line message, details)
DIED = "The background worker stopped unexpectedly; nothing was changed."


class WarmChild:
    """`call(name, *args, done=callback)` runs `make(*make_args).name(*args)` in the
    child; `callback(answer)` then runs on the UI thread."""

    def __init__(self, notifier: Notifier, make: Callable[..., Any], *make_args: object) -> None:
        self.notifier = notifier
        self.make, self.make_args = make, make_args
        self.process: multiprocessing.process.BaseProcess | None = None
        self.requests: Connection | None = None
        self.answers: Delivery | None = None
        self.waiting: deque[Callable[[Answer], object]] = deque()
        self.failure: Answer = ("error", DIED, "")  # what a death reports

    def is_alive(self) -> bool:
        return self.process is not None and self.requests is not None

    def busy(self) -> bool:
        """Requests sent and not answered yet."""
        return bool(self.waiting)

    def start(self) -> None:
        """Start the child now (it opens the library while the reviewer works)."""
        if self.is_alive():
            return
        context = multiprocessing.get_context("spawn")
        requests_in, requests_out = context.Pipe(duplex=False)
        answers_in, answers_out = context.Pipe(duplex=False)
        self.process = context.Process(
            target=serve,
            args=(requests_in, answers_out, self.make, self.make_args),
            daemon=True,
            name="poemsreader-warm-child",
        )
        self.process.start()
        requests_in.close()  # the child holds these ends: EOF when it dies
        answers_out.close()
        self.requests = requests_out
        self.waiting = deque([self._opened])  # the child's first answer: ready, or why not
        self.failure = ("error", DIED, "")
        self.answers = self.notifier.handle(self._answered, once=False)
        threading.Thread(target=_wait, args=(answers_in, self.answers), daemon=True).start()

    def call(self, name: str, *args: object, done: Callable[[Answer], object]) -> None:
        self.start()
        assert self.requests is not None
        self.waiting.append(done)
        try:
            self.requests.send((name, args))
        except OSError:  # the child is gone: its EOF fails what it held, this one too
            self.waiting.pop()
            done(("error", DIED, ""))

    def _answered(self, answer: Answer | None) -> None:
        """On the UI thread: the next answer (None: the child died)."""
        if answer is None:
            waiting, self.waiting = self.waiting, deque()
            self._forget()
            for done in waiting:
                done(self.failure)
            return
        if self.waiting:
            self.waiting.popleft()(answer)

    def _opened(self, answer: Answer) -> None:
        if answer[0] != "ok":  # the library could not be opened: say why, not "stopped"
            self.failure = answer

    def _forget(self) -> None:
        self._forget_answers()
        if self.requests is not None:
            with suppress(OSError):
                self.requests.close()
        self.requests = None
        if self.process is not None:
            self.process.join(timeout=1)
        self.process = None

    def stop(self) -> None:
        """Ask the child to end (it finishes the request at hand) and let it go; one that
        does not end soon is killed."""
        process, requests = self.process, self.requests
        self.waiting.clear()
        if requests is not None:
            with suppress(OSError):
                requests.send(None)
        self.requests = None
        self._forget_answers()
        if process is not None:
            process.join(timeout=2)
            if process.is_alive():
                process.kill()
                process.join(timeout=5)
        self.process = None
        if requests is not None:
            requests.close()

    def _forget_answers(self) -> None:
        if self.answers is not None:
            self.notifier.release(self.answers)
        self.answers = None


def _wait(answers: Connection, deliver: Delivery) -> None:
    """In the waiting thread: hand each answer to the UI thread, then None at EOF."""
    try:
        while True:
            deliver(answers.recv())
    except (EOFError, OSError):
        pass
    finally:
        answers.close()
    deliver(None)
