"""A finished background job lets go of its slots before Qt deletes it."""

from __future__ import annotations

import operator
import weakref

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from poemsreader.ui.tasks import TaskRunner

pytestmark = pytest.mark.gui
WAIT = 30_000


def test_a_window_held_only_by_a_slot_is_freed_before_its_job_is_deleted(qtbot: QtBot) -> None:
    """A dialog whose last reference is a lambda connected to its own job (as the digest
    export dialog's is once its caller returns) is freed when the job lets go of the
    lambda, deleting the job as its child; freed from inside the job's destructor it
    would delete the job a second time and corrupt the heap."""
    runner = TaskRunner()
    window = QDialog()  # owned by Python: the lambda below ends up its only reference
    held = weakref.ref(window)
    job = runner.start(window, "Adding…", operator.add, 2, 3)
    answers: list[int] = []
    window_alive_when_job_deleted: list[bool] = []
    job.succeeded.connect(lambda value, w=window: answers.append(value) or w.setResult(value))
    job.destroyed.connect(lambda: window_alive_when_job_deleted.append(held() is not None))
    del window, job
    qtbot.waitUntil(lambda: answers == [5], timeout=WAIT)
    qtbot.waitUntil(lambda: held() is None, timeout=WAIT)
    assert window_alive_when_job_deleted == [False]
    assert runner.jobs == []
