"""The findings new or changed since the last digest export, in a window of their own
(re-read when a finding changes, and each time it is opened)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from poemsreader.core.changes import ChangeSet
from poemsreader.digest.model import FindingEntry
from poemsreader.services.library import Library
from poemsreader.ui.common.change_bus import ChangeBus
from poemsreader.ui.common.tasks import TaskRunner
from poemsreader.ui.review.review_window import ReviewWindow, fit_columns

ModelIndex = QModelIndex | QPersistentModelIndex
COLUMNS = ("Since", "Article", "Statement", "Quote")


class SinceDigestModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[tuple[str, str, FindingEntry]] = []

    def reset(self, items: list[tuple[str, str, FindingEntry]]) -> None:
        self.beginResetModel()
        self.items = items
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        change, key, entry = self.items[index.row()]
        return (change, key, entry.statement, entry.quote)[index.column()]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None


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
