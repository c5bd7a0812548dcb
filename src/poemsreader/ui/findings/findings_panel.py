"""The findings panel: an article's findings in reading order, filterable, click to jump.

`FindingsModel` only adapts the `FindingInfo` snapshots the service returns;
the panel reloads it from the service when a change set names this article.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from poemsreader.core.model import FindingStatus, Placing
from poemsreader.storage.findings import FindingInfo

UuidRole = Qt.ItemDataRole.UserRole + 1
ANY = ""
AnyIndex = QModelIndex | QPersistentModelIndex
ORPHAN_COLOUR = "#c0392b"
PLACING_TIPS = {
    Placing.ORPHAN.value: "A collaborator's finding not found in this copy: select its passage "
    "and choose Place Here (its page is the collaborator's).",
    Placing.FUZZY.value: "A collaborator's finding placed on slightly different wording here.",
    Placing.EXACT.value: "A collaborator's finding found again here, word for word.",
    Placing.BY_HAND.value: "Placed here by hand.",
}


class FindingsModel(QAbstractTableModel):
    """Rows: findings in reading order. Columns: page, finding, topics, status."""

    HEADERS = ("Page", "Finding", "Topics", "Status")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[FindingInfo] = []

    def set_findings(self, findings: Sequence[FindingInfo]) -> None:
        self.beginResetModel()
        self._rows = list(findings)
        self.endResetModel()

    def finding(self, row: int) -> FindingInfo:
        return self._rows[row]

    def orphans(self) -> int:
        return sum(f.placement == Placing.ORPHAN for f in self._rows)

    def row_of(self, uuid: str) -> int:
        return next((i for i, f in enumerate(self._rows) if f.uuid == uuid), -1)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        info = self._rows[index.row()]
        if role == UuidRole:
            return info.uuid
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(info, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return PLACING_TIPS.get(info.placement, "")
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 1:
            return f"{info.statement}\n\n“{info.quote}” {info.citation}".strip()
        if role == Qt.ItemDataRole.ForegroundRole and info.placement == Placing.ORPHAN:
            return QColor(ORPHAN_COLOUR)
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0 and info.colour:
            return QColor(info.colour)
        return None

    @staticmethod
    def _display(info: FindingInfo, column: int) -> str:
        if column == 0 and info.placement == Placing.ORPHAN:
            return "not found"
        if column == 0:
            return ", ".join(dict.fromkeys(info.page_labels)) or "article"
        if column == 1:
            return info.statement or f"“{info.quote}”" if info.quote else info.statement
        if column == 2:
            return "; ".join(info.topics)
        return info.status.value


class FindingsFilter(QSortFilterProxyModel):
    """Keeps the rows matching the chosen topic (or a sub-topic), tag and status."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.topic = ANY
        self.tag = ANY
        self.status = ANY

    def set_filter(self, topic: str = ANY, tag: str = ANY, status: str = ANY) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+: invalidateFilter is deprecated
            self.beginFilterChange()
            self.topic, self.tag, self.status = topic, tag, status
            self.endFilterChange()
        else:
            self.topic, self.tag, self.status = topic, tag, status
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, FindingsModel):
            return True
        info = model.finding(source_row)
        if self.topic and not any(
            t == self.topic or t.startswith(self.topic + "/") for t in info.topics
        ):
            return False
        if self.tag and self.tag not in info.tags:
            return False
        return not (self.status and info.status.value != self.status)


class FindingsPanel(QWidget):
    """The list of one article's findings with its filter row."""

    findingActivated = Signal(str)  # clicked or Enter: jump to it and edit it
    firstPageRequested = Signal()  # the reviewer wants to correct the printed page numbers

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = FindingsModel(self)
        self.proxy = FindingsFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTreeView(self)
        self.view.setModel(self.proxy)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.view.clicked.connect(self._activated)
        self.view.activated.connect(self._activated)
        self.topic_box = self._combo("All topics")
        self.tag_box = self._combo("All tags")
        self.status_box = self._combo("Any status")
        self.status_box.addItems([s.value for s in FindingStatus])
        self.count_label = QLabel(self)
        self.pages_label = QLabel(self)
        self.pages_label.setWordWrap(True)
        self.first_page_button = QToolButton(self)
        self.first_page_button.setText("First page…")
        self.first_page_button.setToolTip("Correct the printed page numbers of the whole article")
        self.first_page_button.clicked.connect(self.firstPageRequested)
        pages = QHBoxLayout()
        pages.setContentsMargins(0, 0, 0, 0)
        pages.addWidget(self.pages_label, 1)
        pages.addWidget(self.first_page_button)
        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        for box in (self.topic_box, self.tag_box, self.status_box):
            filters.addWidget(box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(pages)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)

    def set_page_source(self, labels: Sequence[str], source: str, note: str = "") -> None:
        """Show which printed page numbers the citations use, and any doubt about them."""
        span = f"{labels[0]}–{labels[-1]}" if len(labels) > 1 else "".join(labels)
        warning = " ⚠" if note else ""
        self.pages_label.setText(f"Pages {span} ({source}){warning}")
        self.pages_label.setToolTip(note)

    def _combo(self, everything: str) -> QComboBox:
        box = QComboBox(self)
        box.addItem(everything, ANY)
        box.currentIndexChanged.connect(self._filter_changed)
        return box

    def set_findings(self, findings: Sequence[FindingInfo]) -> None:
        """Show these findings (in the order given); filters and selection are kept."""
        current = self.selected_uuid()
        self.model.set_findings(findings)
        self._refill(self.topic_box, sorted({t for f in findings for t in f.topics}))
        self._refill(self.tag_box, sorted({t for f in findings for t in f.tags}))
        if current:
            self.select(current)
        self._update_count()

    def _refill(self, box: QComboBox, values: list[str]) -> None:
        chosen = box.currentData()
        box.blockSignals(True)
        while box.count() > 1:
            box.removeItem(1)
        for value in values:
            box.addItem(value, value)
        box.setCurrentIndex(max(0, box.findData(chosen)))
        box.blockSignals(False)
        self._filter_changed()

    def _filter_changed(self) -> None:
        status = self.status_box.currentText() if self.status_box.currentIndex() > 0 else ANY
        self.proxy.set_filter(
            self.topic_box.currentData() or ANY, self.tag_box.currentData() or ANY, status
        )
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        noun = "finding" if total == 1 else "findings"
        text = f"{total} {noun}" if shown == total else f"{shown} of {total} {noun}"
        orphans = self.model.orphans()
        if orphans:
            text += f", {orphans} not found in this copy (select the passage, Place Here)"
        self.count_label.setText(text)

    def _activated(self, index: QModelIndex) -> None:
        uuid = index.data(UuidRole)
        if uuid:
            self.findingActivated.emit(uuid)

    def selected_uuid(self) -> str:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        return rows[0].data(UuidRole) if rows else ""

    def select(self, uuid: str) -> bool:
        """Select (without activating) the finding's row, if it passes the filter."""
        row = self.model.row_of(uuid)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    def visual_rect_of(self, uuid: str) -> object:
        """Where the finding's row is drawn (for tests and tools), or None."""
        row = self.model.row_of(uuid)
        index = self.proxy.mapFromSource(self.model.index(row, 1)) if row >= 0 else QModelIndex()
        return self.view.visualRect(index) if index.isValid() else None
