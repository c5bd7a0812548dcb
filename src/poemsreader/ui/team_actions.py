"""The window's part of the team library: a Team menu and a status-bar indicator.

Link and Sync now run in a child process (`BackgroundJob`), like share import; the
indicator asks for the status in a child process too, every minute and after each
sync, so a slow or absent server never holds up the window. While linked, a thread
LISTENs for other members' pushes and syncs when one arrives (automatic sync).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QInputDialog, QLabel, QMainWindow, QMenuBar, QMessageBox

from poemsreader.core.changes import ChangeSet
from poemsreader.store.library import Library
from poemsreader.store.team.live import listen
from poemsreader.store.team.sync import (
    SyncReport,
    TeamStatus,
    TeamSync,
    library_status,
    link_library,
    sync_library,
)
from poemsreader.ui.background_job import BackgroundJob

REFRESH_MS = 60_000


class TeamActions(QObject):
    noticed = Signal()  # another member pushed (emitted from the listening thread)

    def __init__(
        self, window: QMainWindow, library: Library, on_change: Callable[[ChangeSet], None]
    ) -> None:
        super().__init__(window)
        self.window, self.library, self.on_change = window, library, on_change
        self.indicator = QLabel("", window)
        self.indicator.setObjectName("team-status")
        self.indicator.setAccessibleName("Team library status")
        self.indicator.setVisible(False)
        window.statusBar().addPermanentWidget(self.indicator)
        self.job: BackgroundJob | None = None
        self.status_job: BackgroundJob | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.stop_listening = threading.Event()
        self.listener: threading.Thread | None = None
        self.noticed.connect(self._auto_sync)
        if TeamSync(library).is_linked():  # an unlinked library starts no process
            self._start_following()

    def _start_following(self) -> None:
        self.timer.start()
        QTimer.singleShot(0, self.refresh)
        if self.listener is None:
            link = TeamSync(self.library).current_link()
            self.listener = threading.Thread(
                target=listen,
                args=(link.url, link.library_id, self.noticed.emit, self.stop_listening),
                daemon=True,
                name="team-listener",
            )
            self.listener.start()

    def _auto_sync(self) -> None:
        if self.job is None or not self.job.is_running():
            self.sync_now()

    def add_to_menu(self, bar: QMenuBar) -> None:
        menu = bar.addMenu("&Team")
        self.link_action = menu.addAction("Link to a team library…", self.ask_and_link)
        self.sync_action = menu.addAction("Sync now", self.sync_now)

    # -- actions ---------------------------------------------------------------------------

    def ask_and_link(self) -> None:
        url, ok = QInputDialog.getText(
            self.window, "Link to a team library", "Server address (postgresql://host/db):"
        )
        if not ok or not url.strip():
            return
        name, ok = QInputDialog.getText(self.window, "Link to a team library", "Team library:")
        if ok and name.strip():
            self.link(url.strip(), name.strip())

    def link(self, url: str, name: str) -> BackgroundJob:
        job = self._run("Linking to the team library…", link_library, url, name)
        job.succeeded.connect(lambda message: self._status(message))
        job.succeeded.connect(lambda _message: self._start_following())
        return job

    def sync_now(self) -> BackgroundJob:
        job = self._run("Syncing with the team library…", sync_library)
        job.succeeded.connect(self._synced)
        return job

    def _run(self, label: str, function: Callable[..., object], *args: object) -> BackgroundJob:
        job = BackgroundJob(self.window, label, function, str(self.library.root), *args)
        job.failed.connect(lambda message, _details: self._error(message))
        job.finished.connect(self.refresh)
        job.hold(self.link_action, self.sync_action)
        self.job = job
        job.start()
        return job

    def _synced(self, report: SyncReport) -> None:
        self._status(report.summary())
        self.on_change(ChangeSet(topics=True, message=report.summary()))

    # -- the indicator ----------------------------------------------------------------------

    def refresh(self) -> None:
        """Ask for the status in a child process (quietly: no progress dialog)."""
        if self.status_job is not None and self.status_job.is_running():
            return
        job = BackgroundJob(self.window, "", library_status, str(self.library.root))
        job.dialog.setMinimumDuration(10**9)  # never shown
        job.succeeded.connect(self.show_status)
        job.failed.connect(lambda message, _details: self._show_problem(message))
        self.status_job = job
        job.start()

    def show_status(self, status: TeamStatus) -> None:
        self.indicator.setVisible(status.linked)
        if not status.linked:
            return
        self.indicator.setText(f"Team: {status.state()}")
        when = status.last_sync or "never"
        self.indicator.setToolTip(f"Team library {status.name} — last synced {when}")

    def _show_problem(self, message: str) -> None:
        self.indicator.setText("Team: offline")
        self.indicator.setToolTip(message)

    def _status(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 10_000)

    def _error(self, message: str) -> None:
        QMessageBox.warning(self.window, "poemsreader", message)

    def shutdown(self) -> None:
        self.timer.stop()
        self.stop_listening.set()
        for job in (self.job, self.status_job):
            if job is not None and job.is_running():
                job.cancel()
