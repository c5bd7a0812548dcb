"""The continuous PDF view: pages stacked vertically, tiles rendered by worker processes.

Geometry lives in page display space (points, rotation applied); the view only
multiplies by `layout.scale` to paint. Pixels come from RenderQueue at the
screen's device pixel ratio, so text is sharp on HiDPI screens; a page whose
tiles have not arrived yet shows a lower-resolution copy when one is cached,
else a placeholder.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QHelpEvent, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip, QWidget

from poemsreader.pdf.first_page import FirstPageHint
from poemsreader.pdf.outline import DocumentInfo
from poemsreader.pdf.render_geometry import device_scale as scale_on_device
from poemsreader.pdf.render_geometry import transform_rect
from poemsreader.ui.reader.pdf_view_layout import PageBox, PageLayout, fit_width_room
from poemsreader.ui.reader.pdf_view_mouse import SelectionMouseMixin
from poemsreader.ui.reader.pdf_view_selection import (
    highlighted_rects,
)
from poemsreader.ui.reader.render_queue import RenderQueue, RenderRequest, TextRequest, TileCache

if TYPE_CHECKING:  # (text and model types arrive with the first selection, find or highlight)
    from poemsreader.core.model import HighlightOverlay, Quad
    from poemsreader.pdf.search import SearchHit
    from poemsreader.pdf.text_layout import PageText, Rect

CACHE_BUDGET = 160 * 1024 * 1024  # bytes of rendered tiles kept
PREFETCH_SCREENS = 1.0  # viewport heights rendered ahead above and below
SELECTION_COLOUR = QColor(0, 120, 215, 80)
FIND_COLOUR = QColor(255, 200, 0, 110)
CURRENT_FIND_COLOUR = QColor(255, 120, 0, 150)
FLASH_MS = 1200


class PdfView(SelectionMouseMixin, QAbstractScrollArea):
    currentPageChanged = Signal(int)
    selectionChanged = Signal()
    highlightClicked = Signal(str)
    zoomChanged = Signal(float)
    pagePainted = Signal(int)  # a page was painted with its real pixels (not a placeholder)

    def __init__(self, queue: RenderQueue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A viewport made here, so that viewport() returns a wrapper Python already has:
        # wrapping Qt's own one would first make PySide build every widget class it
        # knows (some 20 ms at start-up, before the first page can be shown).
        self.setViewport(QWidget(self))
        self.queue = queue
        self.layout_ = PageLayout()
        self.info: DocumentInfo | None = None
        self.fit_mode: str | None = "width"
        self.fit_width_hint: FirstPageHint | None = None  # the room of the last fit to width
        self.cache = TileCache(CACHE_BUDGET)
        self.texts: dict[int, PageText] = {}
        self.page_errors: dict[int, str] = {}
        self.document_error = ""
        self.find_hits: list[SearchHit] = []
        self.find_current = -1
        self.highlights: dict[int, list[tuple[HighlightOverlay, list[Rect]]]] = {}
        self.flash: tuple[int, list[Rect]] | None = None
        self.selection_actions: list[QAction] = []
        self._current_page = -1
        self._needed: set[RenderRequest] = set()
        self._init_selection()
        self._request_timer = QTimer(self, singleShot=True, interval=0)
        self._request_timer.timeout.connect(self._request_visible)
        self.viewport().setMouseTracking(True)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._painted_origin: QPointF | None = None
        self.viewport().setCursor(Qt.CursorShape.IBeamCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.horizontalScrollBar().valueChanged.connect(self._scrolled)
        queue.imageReady.connect(self._image_arrived)
        queue.textReady.connect(self._text_arrived)
        queue.failed.connect(self._job_failed)

    # ----- document -------------------------------------------------------------------
    def set_document(self, info: DocumentInfo | None, error: str = "") -> None:
        self.info = info
        self.document_error = error
        self.cache.clear()
        self.texts.clear()
        self.page_errors.clear()
        self.selection = None
        self.find_hits, self.find_current = [], -1
        self.highlights.clear()
        self.layout_ = PageLayout(info.geometries if info else ())
        self.layout_.device_pixel_ratio = self.devicePixelRatioF()
        self._current_page = -1
        self._apply_fit()
        self._update_scrollbars()
        self.verticalScrollBar().setValue(0)
        self._painted_origin = None
        self._scrolled()

    @property
    def page_count(self) -> int:
        return len(self.layout_.pages)

    # ----- zoom -----------------------------------------------------------------------
    @property
    def scale(self) -> float:
        return self.layout_.scale

    def set_scale(self, scale: float, anchor: QPointF | None = None) -> None:
        self.fit_mode = None
        self._rescale(scale, anchor)

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        self.set_scale(self.scale * factor, anchor)

    def set_fit_mode(self, mode: str | None) -> None:
        self.fit_mode = mode
        self._apply_fit()

    def _apply_fit(self, anchor: QPointF | None = None) -> None:
        if not self.layout_.pages or self.fit_mode is None:
            self.layout_.set_viewport_width(self.viewport().width())
            return
        width, height = self.viewport().width(), self.viewport().height()
        if self.fit_mode == "width":
            fit_width = width - self.verticalScrollBar().sizeHint().width()
            self.fit_width_hint = FirstPageHint(fit_width_room(fit_width), self.devicePixelRatioF())
            scale = self.layout_.fit_width_scale(fit_width)
        else:
            scale = self.layout_.fit_page_scale(width, height, max(self.current_page(), 0))
        self._rescale(scale, anchor)

    def _rescale(self, scale: float, anchor: QPointF | None) -> None:
        if anchor is None:  # (not `or`: QPointF(0, 0) is false)
            anchor = QPointF(self.viewport().width() / 2, self.viewport().height() / 2)
        content = self._to_content(anchor)
        spot = self.layout_.to_page(content.x(), content.y())
        page = spot[0] if spot else self.layout_.page_at_y(content.y())
        old_box = self.layout_.boxes[page] if self.layout_.boxes else None
        fraction_y = (content.y() - old_box.y) / old_box.height if old_box else 0.0
        fraction_x = (content.x() - old_box.x) / old_box.width if old_box else 0.0
        self.layout_.set_viewport_width(self.viewport().width())
        self.layout_.set_scale(scale)
        self._update_scrollbars()
        if old_box is not None:
            box = self.layout_.boxes[page]
            self.horizontalScrollBar().setValue(round(box.x + fraction_x * box.width - anchor.x()))
            self.verticalScrollBar().setValue(round(box.y + fraction_y * box.height - anchor.y()))
        self.zoomChanged.emit(self.layout_.scale)
        self._painted_origin = None
        self._scrolled()

    # ----- scrolling and pages --------------------------------------------------------
    def _update_scrollbars(self) -> None:
        viewport = self.viewport()
        vbar, hbar = self.verticalScrollBar(), self.horizontalScrollBar()
        vbar.setRange(0, max(0, round(self.layout_.height - viewport.height())))
        vbar.setPageStep(viewport.height())
        vbar.setSingleStep(40)
        hbar.setRange(0, max(0, round(self.layout_.width - viewport.width())))
        hbar.setPageStep(viewport.width())
        hbar.setSingleStep(40)

    def _origin(self) -> QPointF:
        return QPointF(self.horizontalScrollBar().value(), self.verticalScrollBar().value())

    def _to_content(self, point: QPointF) -> QPointF:
        return point + self._origin()

    def current_page(self) -> int:
        if not self.layout_.boxes:
            return -1
        top = self.verticalScrollBar().value()
        return self.layout_.page_at_y(top + self.viewport().height() / 3)

    def go_to_page(self, page: int) -> None:
        self.scroll_to(page)

    def go_to_start(self) -> None:
        self.verticalScrollBar().setValue(0)
        self.horizontalScrollBar().setValue(0)

    def go_to_end(self) -> None:
        self.verticalScrollBar().setValue(self.verticalScrollBar().maximum())

    def scroll_to(self, page: int, rects: Sequence[Rect] = (), flash: bool = False) -> None:
        """Bring `page` (and the display-space `rects` on it) into view."""
        if not 0 <= page < self.page_count:
            return
        box = self.layout_.boxes[page]
        y = box.y - 12
        if rects:
            top = min(r[1] for r in rects)
            y = box.y + top * self.scale - self.viewport().height() / 4
            left = min(r[0] for r in rects) * self.scale + box.x
            hbar = self.horizontalScrollBar()
            if not hbar.value() <= left <= hbar.value() + self.viewport().width() - 40:
                hbar.setValue(round(left - 40))
        self.verticalScrollBar().setValue(round(y))
        if flash and rects:
            self.flash = (page, list(rects))
            QTimer.singleShot(FLASH_MS, self._end_flash)
        self._scrolled()

    def _end_flash(self) -> None:
        self.flash = None
        self.viewport().update()

    def _scrolled(self) -> None:
        page = self.current_page()
        if page != self._current_page:
            self._current_page = page
            self.currentPageChanged.emit(page)
        self._request_timer.start()
        self._repaint_scrolled()

    def _repaint_scrolled(self) -> None:
        """Move what is already drawn (a blit) and repaint only the uncovered strip."""
        origin, before = self._origin(), self._painted_origin
        self._painted_origin = origin
        if before is None:
            self.viewport().update()
            return
        dx, dy = round(before.x() - origin.x()), round(before.y() - origin.y())
        if dx == 0 and dy == 0:
            return
        if abs(dy) < self.viewport().height() and abs(dx) < self.viewport().width():
            self.viewport().scroll(dx, dy)
        else:
            self.viewport().update()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.fit_mode is not None:
            # the line at the top stays at the top: a window shown or resized after a
            # position was set keeps that page (the centre would drift pages down)
            self._apply_fit(QPointF(0, 0))
        else:
            self.layout_.set_viewport_width(self.viewport().width())
        self._update_scrollbars()
        self._painted_origin = None
        self._scrolled()

    # ----- rendering ------------------------------------------------------------------
    def device_scale(self) -> float:
        return scale_on_device(self.scale, self.devicePixelRatioF())

    def _request_visible(self) -> None:
        if not self.layout_.boxes:
            self.queue.want("view", [])
            return
        height = self.viewport().height()
        top = self.verticalScrollBar().value()
        visible = (top, top + height)
        margin = height * PREFETCH_SCREENS
        band = (top - margin, top + height + margin)
        pages = self.layout_.pages_between(*band)
        tiles = [(self._distance(req, visible), req) for req in self._tiles_in_band(pages, band)]
        tiles.sort(key=lambda item: item[0])
        self._needed = {req for distance, req in tiles if distance == 0}
        missing_visible = [r for d, r in tiles if d == 0 and r not in self.cache]
        missing_rest = [r for d, r in tiles if d > 0 and r not in self.cache]
        visible_pages = self.layout_.pages_between(*visible)
        text = [TextRequest(p) for p in visible_pages if p not in self.texts]
        self.queue.want("view", [*missing_visible, *text, *missing_rest])

    def _tiles_in_band(self, pages: range, band: tuple[float, float]) -> list[RenderRequest]:
        device_scale = self.device_scale()
        dpr = self.devicePixelRatioF()
        requests = []
        for page in pages:
            if page in self.page_errors:
                continue
            box = self.layout_.boxes[page]
            for pixels in self.layout_.tiles(page, device_scale):
                y0 = box.y + pixels[1] / dpr
                y1 = box.y + pixels[3] / dpr
                if y1 >= band[0] and y0 <= band[1]:
                    requests.append(RenderRequest(page, device_scale, pixels))
        return requests

    def _distance(self, request: RenderRequest, visible: tuple[float, float]) -> float:
        box = self.layout_.boxes[request.page]
        dpr = self.devicePixelRatioF()
        y0 = box.y + request.pixels[1] / dpr
        y1 = box.y + request.pixels[3] / dpr
        if y1 >= visible[0] and y0 <= visible[1]:
            return 0.0
        return min(abs(y0 - visible[1]), abs(visible[0] - y1))

    def _image_arrived(self, request: RenderRequest, image: QImage) -> None:
        pixmap = QPixmap.fromImage(image)
        self.cache.put(request, pixmap, self._needed)
        self.page_errors.pop(request.page, None)
        if request.scale == self.device_scale():
            self._update_page(request.page)

    def _text_arrived(self, page: int, text: PageText) -> None:
        self.texts[page] = text
        self._update_page(page)

    def _job_failed(self, request: object, message: str) -> None:
        page = getattr(request, "page", None)
        if page is None or isinstance(request, TextRequest):
            if page is not None:
                from poemsreader.pdf.text_layout import PageText

                self.texts[page] = PageText((), (), None)
            return
        self.page_errors[page] = message
        self._update_page(page)

    def _update_page(self, page: int) -> None:
        if page < self.page_count:
            box = self.layout_.boxes[page]
            origin = self._origin()
            self.viewport().update(
                QRectF(box.x - origin.x(), box.y - origin.y(), box.width, box.height)
                .toAlignedRect()
                .adjusted(-2, -2, 2, 2)
            )

    # ----- painting -------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        painter = QPainter(self.viewport())
        painter.fillRect(event.rect(), self.palette().dark())
        if self.document_error or not self.layout_.boxes:
            self._paint_message(painter, self.document_error)
            return
        painter.translate(-self._origin())
        top = self.verticalScrollBar().value()
        for page in self.layout_.pages_between(top, top + self.viewport().height()):
            self._paint_page(painter, page)
        painter.end()

    def _paint_message(self, painter: QPainter, message: str) -> None:
        if message:
            painter.setPen(self.palette().brightText().color())
            painter.drawText(
                self.viewport().rect().adjusted(24, 24, -24, -24),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                message,
            )

    def _paint_page(self, painter: QPainter, page: int) -> None:
        box = self.layout_.boxes[page]
        target = QRectF(box.x, box.y, box.width, box.height)
        complete = self._paint_tiles(painter, page, box)
        if page in self.page_errors:
            painter.setPen(QColor(180, 0, 0))
            painter.drawText(
                target.adjusted(20, 20, -20, -20),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                f"Page {page + 1} could not be shown: {self.page_errors[page]}",
            )
        elif not complete:
            painter.setPen(QColor(150, 150, 150))
            painter.drawText(target, Qt.AlignmentFlag.AlignCenter, f"Loading page {page + 1}…")
        self._paint_overlays(painter, page)
        if complete:
            self.pagePainted.emit(page)

    def _paint_tiles(self, painter: QPainter, page: int, box: PageBox) -> bool:
        """Draw cached tiles (other zoom levels first, scaled); True when all exact ones are in."""
        device_scale = self.device_scale()
        exact: list[tuple[RenderRequest, QPixmap]] = []
        others: list[tuple[RenderRequest, QPixmap]] = []
        for request, pixmap in self.cache.of_page(page):
            (exact if request.scale == device_scale else others).append((request, pixmap))
        wanted = len(self.layout_.tiles(page, device_scale))
        drawn = others if len(exact) < wanted else []
        if len(exact) < wanted:
            painter.fillRect(QRectF(box.x, box.y, box.width, box.height), Qt.GlobalColor.white)
        # Smoothing only for other zoom levels' tiles; exact ones are drawn 1:1.
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        self._draw_tiles(painter, box, drawn, None)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        self._draw_tiles(painter, box, exact, 1 / self.devicePixelRatioF())
        return len(exact) >= wanted

    def _draw_tiles(
        self,
        painter: QPainter,
        box: PageBox,
        tiles: list[tuple[RenderRequest, QPixmap]],
        exact_factor: float | None,
    ) -> None:
        """Draw tiles at their place; `exact_factor` maps device to logical pixels 1:1."""
        for request, pixmap in tiles:
            factor = exact_factor or self.scale / request.scale
            x0, y0, x1, y1 = request.pixels
            painter.drawPixmap(
                QRectF(
                    box.x + x0 * factor, box.y + y0 * factor, (x1 - x0) * factor, (y1 - y0) * factor
                ),
                pixmap,
                QRectF(pixmap.rect()),
            )

    def _paint_overlays(self, painter: QPainter, page: int) -> None:
        for overlay, rects in self.highlights.get(page, []):
            colour = QColor(overlay.colour or "#ffeb3b")
            colour.setAlpha(90)
            self._fill_rects(painter, page, rects, colour)
        for index, hit in enumerate(self.find_hits):
            if hit.page_index == page:
                current = index == self.find_current
                self._fill_rects(
                    painter, page, hit.rects, CURRENT_FIND_COLOUR if current else FIND_COLOUR
                )
        if self.selection is not None:
            rects = highlighted_rects(self.selection, self.texts).get(page, [])
            self._fill_rects(painter, page, rects, SELECTION_COLOUR)
        if self.flash is not None and self.flash[0] == page:
            painter.setPen(QColor(255, 80, 0))
            for rect in self.flash[1]:
                painter.drawRect(self._content_rect(page, rect).adjusted(-3, -3, 3, 3))

    def _content_rect(self, page: int, rect: Rect) -> QRectF:
        box = self.layout_.to_content(page, rect)
        return QRectF(box.x, box.y, box.width, box.height)

    def _fill_rects(
        self, painter: QPainter, page: int, rects: Sequence[Rect], colour: QColor
    ) -> None:
        for rect in rects:
            painter.fillRect(self._content_rect(page, rect), colour)

    # ----- highlights, find -----------------------------------------------------------
    def set_highlights(self, overlays: Sequence[HighlightOverlay]) -> None:
        self.highlights.clear()
        for overlay in overlays:
            if 0 <= overlay.page_index < self.page_count:
                geometry = self.layout_.pages[overlay.page_index]
                rects = [
                    transform_rect((q.x0, q.y0, q.x1, q.y1), geometry.to_display)
                    for q in overlay.quads
                ]
                self.highlights.setdefault(overlay.page_index, []).append((overlay, rects))
        self.viewport().update()

    def display_rects(self, page: int, quads: Sequence[Quad]) -> list[Rect]:
        geometry = self.layout_.pages[page]
        return [transform_rect((q.x0, q.y0, q.x1, q.y1), geometry.to_display) for q in quads]

    def set_find_hits(self, hits: list[SearchHit], current: int) -> None:
        self.find_hits, self.find_current = hits, current
        self.viewport().update()

    def highlight_at(self, point: QPointF) -> HighlightOverlay | None:
        content = self._to_content(point)
        spot = self.layout_.to_page(content.x(), content.y())
        if spot is None:
            return None
        page, x, y = spot
        for overlay, rects in self.highlights.get(page, []):
            if any(r[0] <= x <= r[2] and r[1] <= y <= r[3] for r in rects):
                return overlay
        return None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.DevicePixelRatioChange:  # moved to another screen
            self.layout_.device_pixel_ratio = self.devicePixelRatioF()
            self._rescale(self.scale, None)
        return super().event(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if isinstance(event, QHelpEvent) and event.type() == QEvent.Type.ToolTip:
            overlay = self.highlight_at(QPointF(event.pos()))
            if overlay is not None and overlay.tooltip:
                QToolTip.showText(event.globalPos(), overlay.tooltip, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    # ----- zoom with the wheel ---------------------------------------------------------
    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.zoom_by(1.1**steps, event.position())
            event.accept()
            return
        super().wheelEvent(event)

    def viewport_point_of(self, page: int, x: float, y: float) -> QPoint:
        """The viewport pixel of display-space point (x, y) on `page` (for tests and tools)."""
        box = self.layout_.boxes[page]
        origin = self._origin()
        return QPoint(
            round(box.x + x * self.scale - origin.x()), round(box.y + y * self.scale - origin.y())
        )
