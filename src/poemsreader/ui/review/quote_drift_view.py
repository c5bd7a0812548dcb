"""The quote-drift window: findings whose quote is no longer on its page, re-anchor or keep.

Reading every PDF is PyMuPDF work: the check runs in a child process
on the library window's task runner; the list comes back to the window, and
each answer is one undoable step pushed through the change bus.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from poemsreader.core.changes import ChangeSet
from poemsreader.core.commands import Command
from poemsreader.core.errors import PoemsReaderError
from poemsreader.core.quote_drift import DriftedQuote, KeepQuote, reanchor_command
from poemsreader.services.library import Library
from poemsreader.services.quote_drift import find_drifted_quotes
from poemsreader.ui.common.background_job import BackgroundJob
from poemsreader.ui.common.change_bus import ChangeBus
from poemsreader.ui.common.tasks import TaskRunner
from poemsreader.ui.review.review_window import ListTableModel, ReviewWindow, fit_columns


class DriftModel(ListTableModel[DriftedQuote]):
    columns = ("Article", "Page", "Stored quote", "Closest text found", "Similarity")
    roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)

    def cells(self, item: DriftedQuote) -> tuple[object, ...]:
        found = item.closest
        return (
            item.article_key,
            f"p.{item.page_index + 1}",
            item.quote,
            found.text if found else "(nothing like it)",
            f"{found.score:.0f}%" if found else "",
        )

    def remove(self, uuid: str) -> None:
        rows = [i for i, item in enumerate(self.rows) if item.finding_uuid == uuid]
        for row in reversed(rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.rows[row]
            self.endRemoveRows()


class QuoteDriftWindow(ReviewWindow):
    title = "Quotes Not Found on Their Page"
    object_name = "quote-drift-window"

    def __init__(
        self,
        library: Library,
        bus: ChangeBus,
        tasks: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(library, bus, tasks, parent)
        self.model = DriftModel(self)
        self.last_checked: set[str] = set()  # the findings the last check listed
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        fit_columns(self.table, stretched=(2, 3))  # the stored quote and the text found
        self.status = QLabel("Press Check to read every PDF again.", self)
        self.check_button = QPushButton("&Check Quotes", self)
        self.reanchor_button = QPushButton("&Re-anchor to Closest Text", self)
        self.keep_button = QPushButton("&Keep Quote", self)
        self.check_button.clicked.connect(self.check)
        self.reanchor_button.clicked.connect(self.reanchor_selected)
        self.keep_button.clicked.connect(self.keep_selected)
        buttons = QHBoxLayout()
        for button in (self.check_button, self.reanchor_button, self.keep_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        self.resize(1000, 500)

    def check(self) -> BackgroundJob:
        job = self.tasks.start(self, "Checking quotes…", find_drifted_quotes, self.library.root)
        job.hold(self.check_button, self.reanchor_button, self.keep_button)
        job.succeeded.connect(self._checked)
        job.failed.connect(lambda message, _d: QMessageBox.warning(self, "Quotes", message))
        return job

    def apply_changes(self, changes: ChangeSet) -> None:
        """The list is the last check's answer: a listed finding changed since (an undo,
        an edit in its article window) is only worth a note, not a new read of every PDF."""
        if changes.everything or changes.findings & self.last_checked:
            self.status.setText(
                f"{self.model.row_count()} quote(s) not found on their page when last checked; "
                "findings have changed since: press Check to read again."
            )

    def _checked(self, items: list[DriftedQuote]) -> None:
        self.last_checked = {item.finding_uuid for item in items}
        self.model.reset(items)
        self.status.setText(f"{len(items)} quote(s) not found on their page")
        if items:
            self.table.selectRow(0)

    def selected(self) -> DriftedQuote | None:
        row = self.table.currentIndex().row()
        return self.model.row_at(row)

    def reanchor_selected(self) -> None:
        item = self.selected()
        if item is not None:
            self._answer(item, lambda: reanchor_command(item))

    def keep_selected(self) -> None:
        item = self.selected()
        if item is not None:
            self._answer(item, lambda: KeepQuote(item.finding_uuid))

    def _answer(self, item: DriftedQuote, make: Callable[[], Command]) -> None:
        try:
            self.bus.push(make())
        except PoemsReaderError as error:
            QMessageBox.warning(self, "Quotes", str(error))
            return
        self.model.remove(item.finding_uuid)
        self.status.setText(f"{self.model.row_count()} quote(s) not found on their page")
