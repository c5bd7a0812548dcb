"""First run: an empty library offers the demo library, built in a worker process.

The demo is built by the task runner in a child process (writing PDFs is pymupdf
work, which never runs in the UI process), next to the default library rather
than inside it, so the reviewer's own library stays clean. Its steps ("Writing
…") drive a progress dialog whose Cancel kills the child and removes the
half-built folder.
"""

from __future__ import annotations

import getpass
import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from poemsreader.paths import default_library_dir
from poemsreader.services.jobs import build_demo
from poemsreader.services.library import Library
from poemsreader.ui.common.background_job import BackgroundJob
from poemsreader.ui.common.tasks import TaskRunner

DEMO_OFFERED_KEY = "firstRun/demoOffered"  # followed by the library's own part
REVIEWER_ASKED_KEY = "firstRun/reviewerAsked"


def demo_offered_key(library: Library) -> str:
    """Per library: each new, empty library offers the demo once."""
    return f"{DEMO_OFFERED_KEY}/{hashlib.sha1(str(library.root).encode('utf-8')).hexdigest()[:12]}"


def demo_library_dir() -> Path:
    """Where the demo library lives: beside the default library, never inside it."""
    default = default_library_dir()
    return default.with_name(f"{default.name}-demo")


def is_library_empty(library: Library) -> bool:
    return not library.articles.rows()


def _has_library(folder: Path) -> bool:
    return (folder / "library.sqlite").exists()


class DemoBuild:
    """One build of the demo library with a progress dialog; `run()` returns success."""

    def __init__(self, folder: Path, parent: QWidget | None) -> None:
        self.folder = folder
        self.parent = parent
        self.error = ""
        self.cancelled = False
        self._existed = folder.exists()
        self.tasks = TaskRunner(parent)
        self.job: BackgroundJob | None = None

    @property
    def dialog(self) -> QProgressDialog:
        assert self.job is not None, "run() first"
        return self.job.dialog

    def run(self) -> bool:
        """Build, keeping the window responsive, and wait for the outcome."""
        loop = QEventLoop()
        job = self.tasks.start(
            self.parent, "Building the demo library…", build_demo, self.folder, progress=True
        )
        self.job = job
        job.dialog.setWindowTitle("Demo library")
        job.dialog.setAccessibleName("Demo library progress")
        job.dialog.setMinimumDuration(0)
        job.failed.connect(lambda message, _details: setattr(self, "error", message))
        job.cancelled.connect(lambda: setattr(self, "cancelled", True))
        job.finished.connect(loop.quit)
        loop.exec()
        ok = not self.cancelled and not self.error
        if not ok and not self._existed and self.folder.exists():
            shutil.rmtree(self.folder, ignore_errors=True)
        return ok


def open_or_build_demo(parent: QWidget | None, folder: Path | None = None) -> Path | None:
    """The demo library's folder, built first if needed; None when cancelled or failed."""
    folder = folder or demo_library_dir()
    if _has_library(folder):
        return folder
    build = DemoBuild(folder, parent)
    if build.run():
        return folder
    if not build.cancelled:
        QMessageBox.warning(
            parent, "Demo library", build.error or "The demo library could not be built."
        )
    return None


def ask_about_demo(parent: QWidget | None) -> bool:
    """The welcome question; True when the reviewer wants the demo library."""
    box = QMessageBox(parent)
    box.setWindowTitle("Welcome to poemsreader")
    box.setIcon(QMessageBox.Icon.Question)
    box.setText("Your library is empty. Would you like to try the demo library first?")
    box.setInformativeText(
        "It holds six short articles about POEMS syndrome with their references, topics and "
        "findings, so every panel has something to show and the digest exports at once. "
        "It is kept apart from your own library."
    )
    demo = box.addButton("Open the &demo library", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Start with my &own PDFs", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(demo)
    box.exec()
    return box.clickedButton() is demo


def maybe_offer_demo(
    parent: QWidget,
    library: Library,
    settings: QSettings,
    open_library: Callable[[Path], object],
    ask: Callable[[QWidget], bool] = ask_about_demo,
    folder: Path | None = None,
) -> bool:
    """An empty library offers the demo once; True if it was opened (in its own window)."""
    key = demo_offered_key(library)
    if settings.value(key, False, type=bool) or not is_library_empty(library):
        return False
    settings.setValue(key, True)
    if not ask(parent):
        return False
    built = open_or_build_demo(parent, folder)
    if built is None:
        return False
    open_library(built)
    return True


def needs_reviewer_name(library: Library, settings: QSettings) -> bool:
    """True until the reviewer has said who they are: no reviewer yet, or only the login
    name taken by default (shared files would say "root")."""
    if settings.value(REVIEWER_ASKED_KEY, False, type=bool):
        return False
    me = library.reviewers.me()
    return me is None or me.name in {getpass.getuser(), "me"}


def maybe_ask_reviewer(
    parent: QWidget, library: Library, settings: QSettings, ask: Callable[[], bool]
) -> bool:
    """On the first start, `ask` (the Settings dialog, opened on the name) once; True when
    the reviewer gave their name and colour."""
    if not needs_reviewer_name(library, settings):
        return False
    answered = ask()
    if answered:
        settings.setValue(REVIEWER_ASKED_KEY, True)
    return answered
