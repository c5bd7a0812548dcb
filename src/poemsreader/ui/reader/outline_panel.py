"""The document outline (table of contents) as a tree; a click jumps to the entry's page."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTreeView, QWidget

from poemsreader.pdf.outline import OutlineEntry

PAGE_ROLE = Qt.ItemDataRole.UserRole + 1


def outline_model(entries: Sequence[OutlineEntry], labels: Sequence[str]) -> QStandardItemModel:
    """A two-column tree (title, printed page) built from the flat, levelled outline."""
    model = QStandardItemModel()
    model.setHorizontalHeaderLabels(["Title", "Page"])
    parents: list[QStandardItem] = [model.invisibleRootItem()]
    for entry in entries:
        level = max(1, min(entry.level, len(parents)))
        del parents[level:]
        title = QStandardItem(entry.title or "(untitled)")
        label = labels[entry.page_index] if 0 <= entry.page_index < len(labels) else ""
        page = QStandardItem(label)
        for item in (title, page):
            item.setEditable(False)
            item.setData(entry.page_index, PAGE_ROLE)
        parents[-1].appendRow([title, page])
        parents.append(title)
    return model


class OutlinePanel(QTreeView):
    pageActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(QStandardItemModel(self))
        self.setUniformRowHeights(True)
        self.setHeaderHidden(True)
        self.activated.connect(self._jump)
        self.clicked.connect(self._jump)

    def set_outline(self, entries: Sequence[OutlineEntry], labels: Sequence[str]) -> None:
        model = outline_model(entries, labels)
        model.setParent(self)
        old = self.model()
        self.setModel(model)
        if old is not None:
            old.deleteLater()
        self.expandToDepth(0)
        self.resizeColumnToContents(1)
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, self.header().ResizeMode.Stretch)

    def is_empty(self) -> bool:
        return self.model().rowCount() == 0

    def _jump(self, index: QModelIndex) -> None:
        page = index.data(PAGE_ROLE)
        if isinstance(page, int) and page >= 0:
            self.pageActivated.emit(page)
