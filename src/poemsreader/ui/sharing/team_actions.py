"""The window's part of the team library: a Team menu and a status-bar indicator.

Link and Sync now run in a child process through the window's task runner (ui/tasks),
like share import; what a sync pulled is published on the change bus, so every open
window shows it. While linked, a warm child process (ui/common/warm_child) keeps the
library open for the session: it answers the indicator's status query, every minute
and after each sync, and pulls what other members push, so a slow or absent server
never holds up the window. A thread LISTENs for those pushes (blocking in psycopg,
never polling); it touches no Qt object: each notice goes through the task runner's
notifier to the UI thread, which asks the warm child to pull, and publishes what it
brought in: another member's change shows within a second or two.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QInputDialog, QLabel, QMainWindow, QMenuBar, QMessageBox
from shiboken6 import isValid

from poemsreader.services.library import Library
from poemsreader.services.team.sync import (
    Follower,
    SyncReport,
    TeamStatus,
    TeamSync,
    link_library,
    sync_library,
)
from poemsreader.storage.team.live import listen
from poemsreader.ui.common.background_job import BackgroundJob
from poemsreader.ui.common.change_bus import ChangeBus
from poemsreader.ui.common.tasks import Delivery, TaskRunner
from poemsreader.ui.common.warm_child import Answer, WarmChild

REFRESH_MS = 60_000


class TeamActions(QObject):
    """The Team menu (link, sync now), the indicator, and automatic sync while linked."""

    def __init__(
        self, window: QMainWindow, library: Library, bus: ChangeBus, tasks: TaskRunner
    ) -> None:
        super().__init__(window)
        self.window, self.library, self.bus, self.tasks = window, library, bus, tasks
        self.indicator = QLabel("", window)
        self.indicator.setObjectName("team-status")
        self.indicator.setAccessibleName("Team library status")
        self.indicator.setVisible(False)
        window.statusBar().addPermanentWidget(self.indicator)
        self.job: BackgroundJob | None = None
        self.follower = WarmChild(tasks.notifier, Follower, str(library.root))
        self.asking_status = False
        self.pulling = False
        self.pull_again = False  # a notice came while a pull or a sync was running
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.stop_listening = threading.Event()
        self.listening = threading.Event()  # set while the listener's LISTEN is in place
        self.listener: threading.Thread | None = None
        self.notices: Delivery | None = None  # the listener's way to the UI thread
        if TeamSync(library).is_linked():  # an unlinked library starts no process
            self._start_following()

    def add_to_menu(self, bar: QMenuBar) -> None:
        menu = bar.addMenu("&Team")
        self.link_action = menu.addAction("Link to a team library…", self.ask_and_link)
        self.sync_action = menu.addAction("Sync now", self.sync_now)

    # -- following the team library ------------------------------------------------------------

    def _start_following(self) -> None:
        self.follower.start()
        self.timer.start()
        QTimer.singleShot(0, self.refresh)
        if self.listener is not None:
            return
        link = TeamSync(self.library).current_link()
        self.listener = threading.Thread(
            target=listen,
            args=(link.url, link.library_id, self._notice_callback(), self.stop_listening),
            kwargs={"on_state": _flag(self.listening)},
            daemon=True,
            name="team-listener",
        )
        self.listener.start()

    def _notice_callback(self) -> Callable[[], None]:
        """What the listening thread calls for each notice: a Delivery (ui/tasks), which
        queues the notice for the UI thread and holds nothing of the window."""
        self.notices = self.tasks.notifier.handle(self._noticed, once=False)
        return self.notices

    def _noticed(self, _value: object) -> None:
        """On the UI thread: another member pushed; pull it in."""
        if not isValid(self) or self.stop_listening.is_set():
            return  # the window closed while the notice was on its way
        self.pull_now()

    def pull_now(self) -> None:
        """Ask the warm child to pull; one pull at a time, never beside a sync (a notice
        meanwhile pulls again when it ends)."""
        if (self.job is not None and self.job.is_running()) or self.pulling:
            self.pull_again = True
            return
        self.pulling, self.pull_again = True, False
        self.follower.call("pull", done=self._pulled)

    def _pulled(self, answer: Answer) -> None:
        self.pulling = False
        if not isValid(self):
            return
        if answer[0] == "ok":
            report: SyncReport = answer[1]
            if report.pulled:
                self.bus.publish(report.changes())
            self.refresh()
        else:
            self._status(answer[1])
            self._show_problem(answer[1])
        if self.pull_again:
            self.pull_now()

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
        job.succeeded.connect(self._linked)
        return job

    def sync_now(self, *, quiet: bool = False) -> BackgroundJob:
        """Sync in a child process; `quiet` (a sync nobody asked for) shows no progress
        dialog and reports a failure in the status bar only."""
        job = self._run("Syncing with the team library…", sync_library, quiet=quiet)
        job.succeeded.connect(self._synced)
        return job

    def _run(
        self, label: str, function: Callable[..., object], *args: object, quiet: bool = False
    ) -> BackgroundJob:
        job = self.tasks.start(
            self.window, label, function, str(self.library.root), *args, quiet=quiet
        )
        job.failed.connect(lambda message, _details: self._error(message, quiet))
        job.finished.connect(self.refresh)
        job.finished.connect(lambda: self.pull_now() if self.pull_again else None)
        job.hold(self.link_action, self.sync_action)
        self.job = job
        return job

    def _linked(self, message: str) -> None:
        self._status(message)
        self._start_following()

    def _synced(self, report: SyncReport) -> None:
        self.bus.publish(report.changes())

    # -- the indicator ----------------------------------------------------------------------

    def refresh(self) -> None:
        """Ask the warm child for the status (one question at a time)."""
        if self.asking_status or self.stop_listening.is_set():
            return
        self.asking_status = True
        self.follower.call("status", done=self._status_answered)

    def _status_answered(self, answer: Answer) -> None:
        self.asking_status = False
        if not isValid(self):
            return
        if answer[0] == "ok":
            self.show_status(answer[1])
        else:
            self._show_problem(answer[1])

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

    def _error(self, message: str, quiet: bool) -> None:
        """A sync the reviewer asked for says why it failed in a message box; an automatic
        one only in the status bar (the indicator says offline)."""
        if quiet:
            self._status(message)
        else:
            QMessageBox.warning(self.window, "poemsreader", message)

    def shutdown(self) -> None:
        self.timer.stop()
        self.stop_listening.set()
        if self.notices is not None:
            self.tasks.notifier.release(self.notices)
        self.follower.stop()
        if self.job is not None and self.job.is_running():
            self.job.cancel()


def _flag(event: threading.Event) -> Callable[[bool], None]:
    """The listener's `on_state`: holds the event alone, nothing of the window."""

    def set_state(up: bool) -> None:
        if up:
            event.set()
        else:
            event.clear()

    return set_state
