"""The window's warm child: one process for many requests, answered in order."""

from __future__ import annotations

import os
import signal
import time

from pytestqt.qtbot import QtBot

from poemsreader.core.errors import InvalidInput
from poemsreader.ui.common.tasks import shared_notifier
from poemsreader.ui.common.warm_child import DIED, Answer, WarmChild


class Counter:
    """What the child holds (top level: the spawned child imports this module)."""

    def __init__(self, start: int | str) -> None:
        self.value = int(start)

    def add(self, step: int) -> int:
        self.value += step
        return self.value

    def refuse(self) -> None:
        raise InvalidInput("No such thing.")

    def pid(self) -> int:
        return os.getpid()

    def wait(self, seconds: float) -> None:
        time.sleep(seconds)

    def close(self) -> None:
        return None


def test_one_child_answers_in_order_keeps_its_state_and_a_new_one_follows_a_death(
    qtbot: QtBot,
) -> None:
    child = WarmChild(shared_notifier(), Counter, 10)
    answers: list[Answer] = []
    try:
        for name, args in (("add", (1,)), ("add", (2,)), ("refuse", ()), ("pid", ())):
            child.call(name, *args, done=answers.append)
        qtbot.waitUntil(lambda: len(answers) == 4, timeout=60_000)
        assert answers[:3] == [("ok", 11), ("ok", 13), ("error", "No such thing.", "")]
        first = answers[3][1]
        assert first != os.getpid()

        child.call("wait", 30.0, done=answers.append)  # held when the child dies
        os.kill(first, signal.SIGKILL)
        qtbot.waitUntil(lambda: len(answers) == 5, timeout=30_000)
        assert answers[4] == ("error", DIED, "")
        assert not child.is_alive() and not child.busy()

        child.call("add", 5, done=answers.append)  # a new child, from the start again
        child.call("pid", done=answers.append)
        qtbot.waitUntil(lambda: len(answers) == 7, timeout=60_000)
        assert answers[5] == ("ok", 15)
        assert answers[6][1] not in (first, os.getpid())
    finally:
        child.stop()
    assert not child.is_alive()


def test_a_child_that_cannot_start_says_why(qtbot: QtBot) -> None:
    child = WarmChild(shared_notifier(), Counter, "not a number")
    answers: list[Answer] = []
    try:
        child.call("add", 1, done=answers.append)
        qtbot.waitUntil(lambda: bool(answers), timeout=60_000)
    finally:
        child.stop()
    assert answers[0][0] == "error"
    assert answers[0][1] != DIED
