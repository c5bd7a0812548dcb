"""Mouse selection for the PDF view: drag in reading order, double/triple click, Alt-drag.

A mixin of PdfView (it uses the view's layout, texts and scroll bars: what it needs
of its host is `SelectionHost`); kept apart so that the view's painting and the
reviewer's gestures each read on their own.
While a drag goes past the top or bottom edge the view scrolls on its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Protocol

from PySide6.QtCore import QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QContextMenuEvent, QKeySequence, QMouseEvent
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QMenu

from poemsreader.ui.reader.pdf_view_selection import (
    AreaSelection,
    Selection,
    TextSelection,
    copied_text,
    passages,
)

if TYPE_CHECKING:
    from poemsreader.core.model import HighlightOverlay, SelectedPassage
    from poemsreader.pdf.text_layout import PageText
    from poemsreader.ui.reader.pdf_view_layout import PageLayout

AUTOSCROLL_MS = 30
AUTOSCROLL_SPEED = 0.5  # scrolled pixels per tick, per pixel the pointer is past the edge


class SelectionHost(Protocol):
    """What the mixin uses of the view it is mixed into, beyond a QAbstractScrollArea's
    own viewport and scroll bars: the page layout, the pages' texts, the actions offered
    on a selection and the signals it emits."""

    layout_: PageLayout
    texts: dict[int, PageText]
    selection_actions: list[QAction]
    _request_timer: QTimer  # asks for the texts of the visible pages
    selectionChanged: ClassVar[Signal]
    highlightClicked: ClassVar[Signal]  # (finding uuid)

    def _to_content(self, point: QPointF) -> QPointF:
        """A viewport point in the coordinates of the laid-out pages."""
        ...

    def highlight_at(self, point: QPointF) -> HighlightOverlay | None:
        """The highlight drawn under a viewport point, if any."""
        ...


if TYPE_CHECKING:

    class _SelectionView(QAbstractScrollArea, SelectionHost):
        """The mixin as the type checker sees it: inside a scroll area that is a host."""

else:
    _SelectionView = object  # at run time the scroll area comes from PdfView's bases


class SelectionMouseMixin(_SelectionView):
    """Selection state and mouse handlers (see module docstring)."""

    def _init_selection(self) -> None:
        self.selection: Selection | None = None
        self._press: QPointF | None = None
        self._pointer = QPointF()
        self._dragging = False
        self._area_mode = False
        self._click_count = 0
        self._last_click = QTimer(self, singleShot=True)
        self._autoscroll = QTimer(self, interval=AUTOSCROLL_MS)
        self._autoscroll.timeout.connect(self._autoscroll_step)

    def selected_passages(self) -> list[SelectedPassage]:
        return passages(self.selection, self.texts, self.layout_.pages)

    def selected_text(self) -> str:
        return copied_text(self.selection, self.texts)

    def set_selection(self, selection: Selection | None) -> None:
        if selection != self.selection:
            self.selection = selection
            self.viewport().update()
            self.selectionChanged.emit()

    def copy_selection(self) -> None:
        text = self.selected_text()
        if text:
            QApplication.clipboard().setText(text)

    def _word_at(self, point: QPointF, nearest: bool) -> tuple[int, int] | None:
        content = self._to_content(point)
        page = self.layout_.page_at_y(content.y())
        if not self.layout_.boxes:
            return None
        x, y = self.layout_.clamp_to_page(page, content.x(), content.y())
        text = self.texts.get(page)
        if text is None:
            self._request_timer.start()
            return None
        index = text.nearest_word(x, y) if nearest else text.word_at(x, y, slack=1.5)
        return None if index is None else (page, index)

    def _page_point(self, point: QPointF) -> tuple[int, float, float] | None:
        content = self._to_content(point)
        if not self.layout_.boxes:
            return None
        page = self.layout_.page_at_y(content.y())
        return (page, *self.layout_.clamp_to_page(page, content.x(), content.y()))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        self._press = event.position()
        self._dragging = False
        self._area_mode = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        self._click_count = self._click_count + 1 if self._last_click.isActive() else 1
        self._last_click.start(QApplication.doubleClickInterval())
        if self._click_count >= 3:
            self._select_line(event.position())
        return None

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        self._click_count = 2
        self._last_click.start(QApplication.doubleClickInterval())
        word = self._word_at(event.position(), nearest=False)
        self.set_selection(TextSelection(word, word) if word else None)

    def _select_line(self, point: QPointF) -> None:
        word = self._word_at(point, nearest=False)
        if word is None:
            return
        page, index = word
        line = self.texts[page].lines[self.texts[page].words[index].line]
        self.set_selection(TextSelection((page, line.first), (page, line.end - 1)))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None or not event.buttons() & Qt.MouseButton.LeftButton:
            overlay = self.highlight_at(event.position())
            self.viewport().setCursor(
                Qt.CursorShape.PointingHandCursor if overlay else Qt.CursorShape.IBeamCursor
            )
            return
        moved = (event.position() - self._press).manhattanLength()
        if not self._dragging and moved < QApplication.startDragDistance():
            return
        self._dragging = True
        self._pointer = event.position()
        self._drag_to(self._pointer)
        outside = not 0 <= self._pointer.y() <= self.viewport().height()
        if outside and not self._autoscroll.isActive():
            self._autoscroll.start()

    def _drag_to(self, point: QPointF) -> None:
        if self._area_mode:
            self._drag_area(point)
        else:
            self._drag_text(point)

    def _autoscroll_step(self) -> None:
        y, height = self._pointer.y(), self.viewport().height()
        past = y if y < 0 else y - height if y > height else 0
        if not past or self._press is None:
            self._autoscroll.stop()
            return
        bar = self.verticalScrollBar()
        before = bar.value()
        step = round(past * AUTOSCROLL_SPEED) or (1 if past > 0 else -1)
        bar.setValue(before + step)
        moved = bar.value() - before
        self._press -= QPointF(0, moved)  # the press point moves with the page
        self._drag_to(self._pointer)

    def _drag_text(self, point: QPointF) -> None:
        assert self._press is not None
        start = self._word_at(self._press, nearest=True)
        end = self._word_at(point, nearest=True)
        if start and end:
            self.set_selection(TextSelection(start, end))

    def _drag_area(self, point: QPointF) -> None:
        assert self._press is not None
        start = self._page_point(self._press)
        if start is None:
            return
        page = start[0]
        content = self._to_content(point)
        x, y = self.layout_.clamp_to_page(page, content.x(), content.y())
        self.set_selection(AreaSelection(page, (start[1], start[2], x, y)))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if not self._dragging and self._click_count == 1:
            overlay = self.highlight_at(event.position())
            if overlay is not None:
                self.highlightClicked.emit(overlay.finding_uuid)
            elif self.selection is not None:
                self.set_selection(None)
        self._press = None
        self._dragging = False
        self._autoscroll.stop()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if self.selection is None:
            return
        menu = QMenu(self)
        copy = menu.addAction("&Copy", self.copy_selection)
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        if self.selection_actions:
            menu.addSeparator()
            menu.addActions(self.selection_actions)
        menu.exec(event.globalPos())
