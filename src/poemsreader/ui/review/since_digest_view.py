"""The findings new or changed since the last digest export, in a window of their own
(re-read when a finding changes, and each time it is opened)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from poemsreader.core.changes import ChangeSet
from poemsreader.digest.model import FindingEntry
from poemsreader.services.library import Library
from poemsreader.ui.common.change_bus import ChangeBus
from poemsreader.ui.common.tasks import TaskRunner
from poemsreader.ui.review.review_window import ListTableModel, ReviewWindow, fit_columns

SinceRow = tuple[str, str, FindingEntry]  # what changed ("new", "changed"), article key, finding


class SinceDigestModel(ListTableModel[SinceRow]):
    columns = ("Since", "Article", "Statement", "Quote")

    def cells(self, row: SinceRow) -> tuple[object, ...]:
        change, key, entry = row
        return (change, key, entry.statement, entry.quote)


class SinceDigestWindow(ReviewWindow):
    title = "New Since the Last Digest"
    object_name = "since-digest-window"

    def __init__(
        self,
        library: Library,
        bus: ChangeBus,
        tasks: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(library, bus, tasks, parent)
        self.model = SinceDigestModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        fit_columns(self.table, stretched=(2, 3))  # statement and quote
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        refresh = QPushButton("&Refresh", self)
        refresh.clicked.connect(self.refresh)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(refresh, 0, Qt.AlignmentFlag.AlignLeft)
        self.resize(900, 450)
        self.refresh()

    def refresh(self) -> None:
        items = self.library.digest.new_since_last()
        self.model.reset(items)
        last = self.library.digest.log.last()
        if last is None:
            self.summary.setText("No digest exported yet: every finding is new.")
        else:
            made = last.made.strftime("%Y-%m-%d %H:%M UTC")
            self.summary.setText(
                f"{len(items)} finding(s) new or changed since the digest exported {made} "
                f"to {last.path}."
            )

    def apply_changes(self, changes: ChangeSet) -> None:
        if changes.findings or changes.settings or changes.everything:
            self.refresh()
