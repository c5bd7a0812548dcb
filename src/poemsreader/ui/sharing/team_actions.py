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

Automatic sync while connected: a few seconds after the reviewer's last edit (every
edit, a conflict's resolution too, is a step on the undo stack), when the connection
comes back after being lost, and every minute while something waits to be sent, the
warm child syncs quietly (never a dialog); a failure only turns the indicator offline.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMenuBar, QMessageBox, QWidget
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
from poemsreader.ui.sharing.team_link_dialog import LinkDialog
from poemsreader.ui.sharing.team_status import indicator_text, tooltip

REFRESH_MS = 60_000
AFTER_EDIT_MS = 4_000  # the quiet sync after the last edit waits this long for the next
LOST = "the connection to the team server was lost; changes wait here until it is back."


class Indicator(QLabel):
    """The status-bar indicator; a click opens the conflicts when there are some."""

    clicked = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class TeamActions(QObject):
    """The Team menu (link, sync now), the indicator, and automatic sync while linked."""

    def __init__(
        self,
        window: QMainWindow,
        library: Library,
        bus: ChangeBus,
        tasks: TaskRunner,
        open_conflicts: Callable[[], object] = lambda: None,
    ) -> None:
        super().__init__(window)
        self.window, self.library, self.bus, self.tasks = window, library, bus, tasks
        self.open_conflicts = open_conflicts
        self.status: TeamStatus | None = None  # the last answer to the status query
        self.problem = ""  # why the server is out of reach, while it is
        self.indicator = Indicator("", window)
        self.indicator.clicked.connect(self._indicator_clicked)
        self.indicator.setObjectName("team-status")
        self.indicator.setAccessibleName("Team library status")
        self.indicator.setVisible(False)
        window.statusBar().addPermanentWidget(self.indicator)
        self.job: BackgroundJob | None = None
        self.follower = WarmChild(tasks.notifier, Follower, str(library.root))
        self.asking_status = False
        self.pulling = False
        self.pull_again = False  # a notice came while a pull or a sync was running
        self.sync_again = False  # an edit was made while one was running
        self.after_edit = QTimer(self)
        self.after_edit.setSingleShot(True)
        self.after_edit.setInterval(AFTER_EDIT_MS)
        self.after_edit.timeout.connect(self.sync_quietly)
        bus.undo_stack.indexChanged.connect(self._edited)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self._every_minute)
        self.send_waiting = False  # the next status answer syncs if something waits
        self.stop_listening = threading.Event()
        self.listening = threading.Event()  # set while the listener's LISTEN is in place
        self.listener: threading.Thread | None = None
        self.notices: Delivery | None = None  # the listener's way to the UI thread
        self.states: Delivery | None = None  # the listener's connection state, likewise
        self.linked = TeamSync(library).is_linked()
        if self.linked:  # an unlinked library starts no process
            self._start_following()

    def add_to_menu(self, bar: QMenuBar) -> None:
        menu = bar.addMenu("&Team")
        self.link_action = menu.addAction("Link to a team library…", self.ask_and_link)
        self.sync_action = menu.addAction("Sync now", self.sync_now)
        self.conflicts_action = menu.addAction("Conflicts…", self.open_conflicts)
        self._enable_actions()

    def _enable_actions(self) -> None:
        """Link while unlinked, sync while linked (never both, never during a job)."""
        if not hasattr(self, "link_action"):
            return
        running = self.job is not None and self.job.is_running()
        self.link_action.setEnabled(not self.linked and not running)
        self.sync_action.setEnabled(self.linked and not running)

    # -- following the team library ------------------------------------------------------------

    def _start_following(self) -> None:
        self.follower.start()
        self.timer.start()
        QTimer.singleShot(0, self.refresh)
        if self.listener is not None:
            return
        link = TeamSync(self.library).current_link()
        self.states = self.tasks.notifier.handle(self._connection_changed, once=False)
        self.listener = threading.Thread(
            target=listen,
            args=(link.url, link.library_id, self._notice_callback(), self.stop_listening),
            kwargs={"on_state": _flag(self.listening, self.states)},
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

    def _connection_changed(self, up: object) -> None:
        """On the UI thread: the listener lost the server, or has it again (then what
        waited here is sent at once, without waiting for the next minute)."""
        if not isValid(self) or self.stop_listening.is_set():
            return
        if not up:
            self._show_problem(LOST)
        elif self.problem:
            self.problem = ""
            self.sync_quietly()

    def pull_now(self) -> None:
        """Ask the warm child to pull; one pull at a time, never beside a sync (a notice
        meanwhile pulls again when it ends)."""
        self._follow("pull")

    def sync_quietly(self) -> None:
        """Sync in the warm child: no dialog, a failure shows as offline."""
        if self.linked:
            self._follow("sync")

    def _follow(self, request: str) -> None:
        if (self.job is not None and self.job.is_running()) or self.pulling:
            if request == "sync":
                self.sync_again = True
            else:
                self.pull_again = True
            return
        self.pulling = True
        if request == "sync":
            self.sync_again = self.pull_again = False  # a sync pulls too
        else:
            self.pull_again = False
        self.follower.call(request, done=self._pulled)

    def _edited(self, _index: int) -> None:
        """An edit here (or its undo): sync once the reviewer pauses."""
        if self.linked:
            self.after_edit.start()

    def _pulled(self, answer: Answer) -> None:
        self.pulling = False
        if not isValid(self):
            return
        if answer[0] == "ok":
            report: SyncReport = answer[1]
            self.problem = ""
            if report.pulled:
                self.bus.publish(report.changes())
            self.refresh()
        else:
            self._show_problem(answer[1])
            self.refresh()  # the counts still change while offline (status works without)
        self._follow_up()

    def _follow_up(self) -> None:
        """What came in while a pull, a sync or a job ran."""
        if self.sync_again:
            self.sync_quietly()
        elif self.pull_again:
            self.pull_now()

    # -- actions ---------------------------------------------------------------------------

    def ask_and_link(self) -> None:
        """The link form, opened window-modal; linking starts when it is accepted."""
        dialog = LinkDialog(self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.link(*dialog.values()))
        self.link_dialog: QWidget = dialog
        dialog.open()

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
        job.finished.connect(self._follow_up)
        job.hold(self.link_action, self.sync_action)
        job.finished.connect(self._enable_actions)
        self.job = job
        return job

    def _linked(self, message: str) -> None:
        self._status(message)
        self.linked = True
        self._enable_actions()
        self._start_following()

    def _synced(self, report: SyncReport) -> None:
        self.problem = ""
        self._status(report.summary())
        self.bus.publish(report.changes())

    # -- the indicator ----------------------------------------------------------------------

    def _every_minute(self) -> None:
        self.send_waiting = True
        self.refresh()

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
            status: TeamStatus = answer[1]
            self.problem = "" if status.online else (self.problem or LOST)
            self.show_status(status)
            waiting = status.to_send - status.not_sent
            if self.send_waiting and status.online and waiting and not self.after_edit.isActive():
                self.sync_quietly()  # what waited while offline, or was edited meanwhile
            self.send_waiting = False
        else:
            self._show_problem(answer[1])

    def show_status(self, status: TeamStatus) -> None:
        self.status = status
        self.indicator.setVisible(status.linked)
        if not status.linked:
            return
        self.indicator.setText(indicator_text(status, offline=bool(self.problem)))
        self.indicator.setToolTip(tooltip(status, self.problem))

    def _show_problem(self, message: str) -> None:
        """Offline (or refused): the last known counts stay, with why."""
        self.problem = message
        if self.status is not None:
            self.show_status(self.status)
        else:
            self.indicator.setVisible(True)
            self.indicator.setText("Team: offline")
            self.indicator.setToolTip(f"Offline: {message}")

    def _indicator_clicked(self) -> None:
        if self.status is not None and self.status.conflicts:
            self.open_conflicts()

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
        self.after_edit.stop()
        self.stop_listening.set()
        for delivery in (self.notices, self.states):
            if delivery is not None:
                self.tasks.notifier.release(delivery)
        self.follower.stop()
        if self.job is not None and self.job.is_running():
            self.job.cancel()


def _flag(event: threading.Event, tell: Callable[[object], None]) -> Callable[[bool], None]:
    """The listener's `on_state`: sets the event, and tells the UI thread (through a
    Delivery) when the state changes; holds nothing of the window."""

    def set_state(up: bool) -> None:
        if up == event.is_set():
            return  # another failed attempt while down: nothing new to say
        if up:
            event.set()
        else:
            event.clear()
        tell(up)

    return set_state
