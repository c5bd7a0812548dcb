"""Page thumbnails, rendered by the same worker pipeline as the view, at a small size."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QImage, QPixmap
from PySide6.QtWidgets import QListView, QWidget

from poemsreader.pdf.render_geometry import PageGeometry
from poemsreader.ui.reader.render_queue import RenderQueue, RenderRequest

THUMB_WIDTH = 120  # logical px
CLIENT = "thumbnails"

Index = QModelIndex | QPersistentModelIndex


class ThumbnailModel(QAbstractListModel):
    """One row per page: the label as text, the thumbnail (or a blank page) as decoration."""

    def __init__(self, queue: RenderQueue, dpr: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.queue = queue
        self.dpr = dpr
        self.geometries: list[PageGeometry] = []
        self.labels: list[str] = []
        self.pixmaps: dict[int, QPixmap] = {}
        self._wanted: dict[int, RenderRequest] = {}
        self.active = False  # only a visible panel asks for renders
        self._flush = QTimer(self, singleShot=True, interval=0)
        self._flush.timeout.connect(self._ask)
        queue.imageReady.connect(self._arrived)

    def set_pages(self, geometries: Sequence[PageGeometry], labels: Sequence[str]) -> None:
        self.beginResetModel()
        self.geometries, self.labels = list(geometries), list(labels)
        self.pixmaps.clear()
        self._wanted.clear()
        self.endResetModel()

    def set_labels(self, labels: Sequence[str]) -> None:
        """New captions for the same pages (rendered thumbnails are kept)."""
        self.labels = list(labels)
        if self.geometries:
            last = self.index(len(self.geometries) - 1, 0)
            self.dataChanged.emit(self.index(0, 0), last, [Qt.ItemDataRole.DisplayRole])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.geometries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.geometries):
            return None
        row = index.row()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.labels[row] if row < len(self.labels) else str(row + 1)
        if role == Qt.ItemDataRole.DecorationRole:
            return self.pixmaps.get(row) or self._placeholder(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Page {row + 1}"
        return None

    def request_for(self, row: int) -> RenderRequest:
        geometry = self.geometries[row]
        scale = round(THUMB_WIDTH * self.dpr / geometry.width, 4)
        size = (round(geometry.width * scale), round(geometry.height * scale))
        return RenderRequest(row, scale, (0, 0, *size))

    def _placeholder(self, row: int) -> QPixmap:
        request = self.request_for(row)
        self._wanted[row] = request
        self._flush.start()
        pixmap = QPixmap(request.pixels[2], request.pixels[3])
        pixmap.fill(QColor("white"))
        pixmap.setDevicePixelRatio(self.dpr)
        return pixmap

    def _ask(self) -> None:
        self.queue.want(CLIENT, list(self._wanted.values()) if self.active else [])
        self._wanted.clear()

    def set_active(self, active: bool) -> None:
        self.active = active
        if active:
            self.layoutChanged.emit()  # the view asks again for what it shows
        else:
            self._ask()

    def _arrived(self, request: RenderRequest, image: QImage) -> None:
        row = request.page
        if row >= len(self.geometries) or request != self.request_for(row):
            return
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self.dpr)
        self.pixmaps[row] = pixmap
        index = self.index(row)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])


class ThumbnailPanel(QListView):
    pageActivated = Signal(int)

    def __init__(self, queue: RenderQueue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.thumbnails = ThumbnailModel(queue, self.devicePixelRatioF(), self)
        self.setModel(self.thumbnails)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.TopToBottom)
        self.setWrapping(False)
        self.setMovement(QListView.Movement.Static)
        self.setIconSize(QSize(THUMB_WIDTH, round(THUMB_WIDTH * 1.5)))
        self.setUniformItemSizes(False)
        self.setSpacing(6)
        self.clicked.connect(lambda index: self.pageActivated.emit(index.row()))
        self.activated.connect(lambda index: self.pageActivated.emit(index.row()))

    def set_pages(self, geometries: Sequence[PageGeometry], labels: Sequence[str]) -> None:
        self.thumbnails.set_pages(geometries, labels)

    def set_labels(self, labels: Sequence[str]) -> None:
        self.thumbnails.set_labels(labels)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.thumbnails.set_active(True)

    def hideEvent(self, event) -> None:
        self.thumbnails.set_active(False)
        super().hideEvent(event)

    def show_page(self, page: int) -> None:
        index = self.thumbnails.index(page)
        if index.isValid() and self.isVisible():
            self.setCurrentIndex(index)
            self.scrollTo(index)
