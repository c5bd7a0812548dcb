"""First run: an empty library offers the demo library, built in a worker process.

The demo is built by `poemsreader demo` in a child process (writing PDFs is
pymupdf work, which never runs in the UI process), next to the default library
rather than inside it, so the reviewer's own library stays clean. Its progress
lines ("(2/7) Writing …") drive a progress dialog whose Cancel kills the child
and removes the half-built folder.
"""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QProcess, QSettings
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from poemsreader.paths import default_library_dir
from poemsreader.store.library import Library

DEMO_OFFERED_KEY = "firstRun/demoOffered"
PROGRESS_LINE = re.compile(r"^\((\d+)/(\d+)\) (.*)$")


def demo_library_dir() -> Path:
    """Where the demo library lives: beside the default library, never inside it."""
    default = default_library_dir()
    return default.with_name(f"{default.name}-demo")


def demo_command(folder: Path) -> tuple[str, list[str]]:
    """The program and arguments of `poemsreader --library FOLDER demo` (frozen or not)."""
    arguments = ["--library", str(folder), "demo"]
    if getattr(sys, "frozen", False):
        return sys.executable, arguments
    return sys.executable, ["-m", "poemsreader", *arguments]


def is_library_empty(library: Library) -> bool:
    return not library.articles.rows()


def _has_library(folder: Path) -> bool:
    return (folder / "library.sqlite").exists()


class DemoBuild:
    """One run of `poemsreader demo` with a progress dialog; `run()` returns success."""

    def __init__(self, folder: Path, parent: QWidget | None) -> None:
        self.folder = folder
        self.error = ""
        self.cancelled = False
        self._existed = folder.exists()
        self.dialog = QProgressDialog("Building the demo library…", "Cancel", 0, 0, parent)
        self.dialog.setWindowTitle("Demo library")
        self.dialog.setAccessibleName("Demo library progress")
        self.dialog.setMinimumDuration(0)
        self.process = QProcess(parent)
        self.process.readyReadStandardOutput.connect(self._read_progress)
        self._loop = QEventLoop()
        self.process.finished.connect(self._loop.quit)
        self.process.errorOccurred.connect(self._loop.quit)
        self.dialog.canceled.connect(self._cancel)

    def run(self) -> bool:
        program, arguments = demo_command(self.folder)
        self.dialog.show()
        self.process.start(program, arguments)
        if (
            self.process.state() != QProcess.ProcessState.NotRunning
            or self.process.waitForStarted()
        ):
            self._loop.exec()
        self.dialog.reset()
        self.dialog.hide()
        ok = (
            not self.cancelled
            and self.process.exitStatus() == QProcess.ExitStatus.NormalExit
            and self.process.exitCode() == 0
        )
        if not ok:
            stderr = bytes(self.process.readAllStandardError().data()).decode(errors="replace")
            self.error = stderr.strip().splitlines()[-1] if stderr.strip() else ""
            self._clean_up()
        return ok

    def _read_progress(self) -> None:
        while self.process.canReadLine():
            line = bytes(self.process.readLine().data()).decode(errors="replace").strip()
            match = PROGRESS_LINE.match(line)
            if match:
                step, total, what = int(match[1]), int(match[2]), match[3]
                self.dialog.setMaximum(total)
                self.dialog.setValue(step - 1)
                self.dialog.setLabelText(what)

    def _cancel(self) -> None:
        self.cancelled = True
        self.process.kill()

    def _clean_up(self) -> None:
        """Remove what a failed or cancelled build left (only a folder this run created)."""
        self.process.waitForFinished(5000)
        if not self._existed and self.folder.exists():
            shutil.rmtree(self.folder, ignore_errors=True)


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
    open_library: Callable[[Path], None],
    ask: Callable[[QWidget], bool] = ask_about_demo,
    folder: Path | None = None,
) -> bool:
    """On the first run with an empty library, offer the demo once; True if it was opened."""
    if settings.value(DEMO_OFFERED_KEY, False, type=bool) or not is_library_empty(library):
        return False
    settings.setValue(DEMO_OFFERED_KEY, True)
    if not ask(parent):
        return False
    built = open_or_build_demo(parent, folder)
    if built is None:
        return False
    open_library(built)
    return True
