"""A finished background job lets go of its slots before Qt deletes it."""

from __future__ import annotations

import operator
import weakref

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from poemsreader.ui.common.tasks import TaskRunner

pytestmark = pytest.mark.gui
WAIT = 30_000


class Token:
    """Something a slot holds, to see when the slot is dropped."""


def test_a_window_held_only_by_a_slot_of_its_job_is_freed_cleanly(qtbot: QtBot) -> None:
    """A dialog whose last reference is a lambda connected to its own job (as the digest
    export dialog's is once its caller returns) must not be freed from inside the job's
    destructor: freeing it deletes its children, the job among them, a second time and
    corrupts the heap. The job drops its slots before it is deleted."""
    runner = TaskRunner()
    window = QDialog()  # owned by Python: the lambda below ends up its only reference
    token = Token()
    window_ref, token_ref = weakref.ref(window), weakref.ref(token)
    job = runner.start(window, "Adding…", operator.add, 2, 3)
    answers: list[int] = []
    slot_held_when_job_deleted: list[bool] = []
    job.succeeded.connect(
        lambda value, w=window, t=token: answers.append(value) or w.setResult(value)
    )
    job.destroyed.connect(lambda: slot_held_when_job_deleted.append(token_ref() is not None))
    del window, token, job
    qtbot.waitUntil(lambda: answers == [5], timeout=WAIT)
    qtbot.waitUntil(lambda: window_ref() is None, timeout=WAIT)
    assert slot_held_when_job_deleted == [False]
    assert runner.jobs == []
