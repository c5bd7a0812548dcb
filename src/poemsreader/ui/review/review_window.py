"""What every window of the Review menu has in common.

A review window is a top-level window over the library: it subscribes to the
change bus itself (`apply_changes`), pushes its edits through the bus (so Edit >
Undo in the library window reverts them too), runs slow work on the library
window's task runner, and re-reads what it shows when it is opened again
(`refresh`).

Their tables are `ListTableModel`s: one object per row, fixed named columns.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget
from shiboken6 import isValid

from poemsreader.core.changes import ChangeSet
from poemsreader.services.library import Library
from poemsreader.ui.common.change_bus import ChangeBus
from poemsreader.ui.common.tasks import TaskRunner

ModelIndex = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")


class ListTableModel(QAbstractTableModel, Generic[Row]):
    """A flat table over a list of objects, one per row, under the headers `columns`.

    A subclass names its `columns` and says what a row shows in them (`cells`, or
    `cell` one at a time); the counts, the header and replacing the rows are done
    here. `roles` are the roles whose data is the cell's value (a long quote also
    wants its tooltip).
    """

    columns: tuple[str, ...] = ()
    roles: tuple[Qt.ItemDataRole, ...] = (Qt.ItemDataRole.DisplayRole,)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []

    def cells(self, row: Row) -> tuple[object, ...]:
        """What `row` shows, one value per column."""
        raise NotImplementedError

    def cell(self, row: Row, column: int) -> object:
        """What `row` shows in `column`: a model with many columns, each costly to work
        out, answers here one cell at a time instead of in `cells`."""
        return self.cells(row)[column]

    def reset(self, rows: Iterable[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.rows_replaced()
        self.endResetModel()

    def rows_replaced(self) -> None:
        """After `reset` put in new rows, before the views hear of them: a subclass
        rebuilds what it derives from them here."""

    def row_count(self) -> int:
        return len(self.rows)

    def row_at(self, row: int) -> Row | None:
        """The object shown in `row`, or None past either end (no row selected: -1)."""
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_changed(self, row: int) -> None:
        """Tell the views every cell of `row` changed (its object was replaced)."""
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role not in self.roles:
            return None
        return self.cell(self.rows[index.row()], index.column())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section]
        return None


def fit_columns(table: QTableView, stretched: tuple[int, ...]) -> None:
    """Columns sized to their text (header included); the `stretched` ones share what is
    left and wrap their text, each row as tall as its text."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    for column in range(header.count()):
        mode = QHeaderView.ResizeMode.Stretch if column in stretched else None
        header.setSectionResizeMode(column, mode or QHeaderView.ResizeMode.ResizeToContents)
    table.setWordWrap(True)
    RowFitter(table)


class RowFitter(QObject):
    """Keeps a table's rows as tall as their wrapped text: after the rows change, and
    after the table is resized (which is when stretched columns get their width)."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        model = table.model()
        model.modelReset.connect(self.fit)
        model.rowsInserted.connect(self.fit)
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self.fit)  # once the header has laid its sections out
        return False

    def fit(self) -> None:
        if isValid(self.table):
            self.table.resizeRowsToContents()


class ReviewWindow(QWidget):
    title = ""  # the window's title, and its object name (for tests and styles)
    object_name = ""

    def __init__(
        self,
        library: Library,
        bus: ChangeBus,
        tasks: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(self.title)
        self.setObjectName(self.object_name)
        self.library, self.bus, self.tasks = library, bus, tasks
        bus.changed.connect(self.apply_changes)

    def refresh(self) -> None:
        """Re-read everything the window shows."""

    def apply_changes(self, changes: ChangeSet) -> None:
        """The bus calls this for every change; by default any real change re-reads all."""
        if not changes.is_empty():
            self.refresh()
