"""The reader: the PDF view with its toolbar, page box, find bar, outline and thumbnails.

This is the widget the rest of the application builds on (see the public
methods and signals of ReaderWidget); it needs no database.

The find bar and the side panel (outline, thumbnails) are built the first time
they are used: opening a PDF shows its first page without waiting for them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QInputDialog,
    QLabel,
    QLineEdit,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from poemsreader.core.errors import PdfEncrypted, PdfError
from poemsreader.pdf.outline import DocumentInfo
from poemsreader.ui.reader.pdf_view import PdfView
from poemsreader.ui.reader.render_queue import RenderQueue

if TYPE_CHECKING:
    from poemsreader.core.model import HighlightOverlay, Quad, SelectedPassage
    from poemsreader.ui.reader.outline_panel import OutlinePanel
    from poemsreader.ui.reader.reader_find import FindBar
    from poemsreader.ui.reader.thumbnails import ThumbnailPanel

ZOOM_STEP = 1.2
HISTORY_LIMIT = 100

PasswordProvider = Callable[[str], "str | None"]


@dataclass(frozen=True)
class ReaderPosition:
    """Where the reviewer was: page, how far down it (0..1), zoom (None = fit width)."""

    page_index: int
    offset: float = 0.0
    scale: float | None = None

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> ReaderPosition:
        scale = data.get("scale")
        return cls(
            int(data.get("page_index", 0)),
            float(data.get("offset", 0.0)),
            None if scale is None else float(scale),
        )


def ask_password(parent: QWidget, message: str) -> str | None:
    text, ok = QInputDialog.getText(parent, "Password needed", message, QLineEdit.EchoMode.Password)
    return text if ok else None


class ReaderWidget(QWidget):
    selectionChanged = Signal()
    highlightClicked = Signal(str)
    currentPageChanged = Signal(int)
    documentOpened = Signal(str)  # path
    openFailed = Signal(str)  # one sentence

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.queue = RenderQueue(self)
        self.view = PdfView(self.queue, self)
        self.info: DocumentInfo | None = None
        self.labels: list[str] = []
        self.password_provider: PasswordProvider = lambda message: ask_password(self, message)
        self._back: list[ReaderPosition] = []
        self._forward: list[ReaderPosition] = []
        self._outline: OutlinePanel | None = None
        self._thumbnails: ThumbnailPanel | None = None
        self._find_bar: FindBar | None = None
        self._build_layout()
        self._build_actions()
        self.view.selectionChanged.connect(self.selectionChanged)
        self.view.highlightClicked.connect(self.highlightClicked)
        self.view.currentPageChanged.connect(self._page_changed)
        self.view.zoomChanged.connect(self._zoom_changed)

    # ----- building -------------------------------------------------------------------
    def _build_layout(self) -> None:
        self.toolbar = QToolBar("Reader", self)
        self.page_box = QLineEdit(self)
        self.page_box.setMaximumWidth(70)
        self.page_box.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.page_box.setToolTip("Printed page (72) or PDF page (#5)")
        self.page_box.returnPressed.connect(self._page_box_entered)
        self.page_count_label = QLabel("", self)
        self.zoom_label = QLabel("", self)
        self.side = QTabWidget(self)
        self.side.hide()
        splitter = QSplitter(self)
        splitter.addWidget(self.side)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([200, 800])
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self._layout.addWidget(self.toolbar)
        self._layout.addWidget(splitter, 1)

    @property
    def outline(self) -> OutlinePanel:
        """The table of contents in the side panel (built on first use)."""
        if self._outline is None:
            self._build_side_panel()
        assert self._outline is not None
        return self._outline

    @property
    def thumbnails(self) -> ThumbnailPanel:
        """The page thumbnails in the side panel (built on first use)."""
        if self._thumbnails is None:
            self._build_side_panel()
        assert self._thumbnails is not None
        return self._thumbnails

    def _build_side_panel(self) -> None:
        from poemsreader.ui.reader.outline_panel import OutlinePanel
        from poemsreader.ui.reader.thumbnails import ThumbnailPanel

        self._outline = OutlinePanel(self)
        self._thumbnails = ThumbnailPanel(self.queue, self)
        self.side.addTab(self._outline, "Contents")
        self.side.addTab(self._thumbnails, "Pages")
        self._outline.pageActivated.connect(self.jump_to_page)
        self._thumbnails.pageActivated.connect(self.jump_to_page)
        self._fill_side_panel()

    def _fill_side_panel(self) -> None:
        if self._outline is None or self._thumbnails is None:
            return
        if self.info is None:
            self._outline.set_outline([], [])
            self._thumbnails.set_pages([], [])
            return
        self._outline.set_outline(self.info.outline, self.labels)
        self._thumbnails.set_pages(self.info.geometries, self.labels)
        self._thumbnails.show_page(max(self.view.current_page(), 0))

    @property
    def find_bar(self) -> FindBar:
        """Find in the document, under the view (built on first use)."""
        if self._find_bar is None:
            from poemsreader.ui.reader.reader_find import FindBar

            self._find_bar = FindBar(self.queue, self.view, self)
            self._find_bar.jumped.connect(self._remember_jump)
            self._find_bar.reset(self.info.page_count if self.info else 0)
            self._layout.addWidget(self._find_bar)
        return self._find_bar

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)
        elif shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self.sidebar_action = self._action("Side panel", self.toggle_side_panel, "F9")
        self.sidebar_action.setCheckable(True)
        self.zoom_out_action = self._action("Zoom out", self.zoom_out, keys.ZoomOut)
        self.zoom_in_action = self._action("Zoom in", self.zoom_in, keys.ZoomIn)
        self.fit_width_action = self._action("Fit width", self.fit_width, "Ctrl+0")
        self.fit_page_action = self._action("Fit page", self.fit_page, "Ctrl+9")
        self.back_action = self._action("Back", self.go_back, keys.Back)
        self.forward_action = self._action("Forward", self.go_forward, keys.Forward)
        self.find_action = self._action("Find", lambda: self.find_bar.start(), keys.Find)
        self.copy_action = self._action("Copy", self.view.copy_selection, keys.Copy)
        self._action("Find next", lambda: self.find_bar.next_hit(), keys.FindNext)
        self._action("Find previous", lambda: self.find_bar.previous_hit(), keys.FindPrevious)
        self._action("Close find", self._close_find, "Escape")
        self._action("Go to page", self._focus_page_box, "Ctrl+L")  # Ctrl+G: Find next
        self.start_action = self._action("First page", self.go_to_start, "Home")
        self.start_action.setShortcuts([QKeySequence("Home"), QKeySequence("Ctrl+Home")])
        self.end_action = self._action("Last page", self.go_to_end, "End")
        self.end_action.setShortcuts([QKeySequence("End"), QKeySequence("Ctrl+End")])
        for action in (self.sidebar_action, self.back_action, self.forward_action):
            self.toolbar.addAction(action)
        self.toolbar.addWidget(self.page_box)
        self.toolbar.addWidget(self.page_count_label)
        self.toolbar.addSeparator()
        for action in (
            self.zoom_out_action,
            self.zoom_in_action,
            self.fit_width_action,
            self.fit_page_action,
        ):
            self.toolbar.addAction(action)
        self.toolbar.addWidget(self.zoom_label)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.find_action)
        self._update_history_actions()

    # ----- the interface the application builds on ---------------------------------------
    def open(
        self, path: Path, password: str | None = None, printed_labels: list[str] | None = None
    ) -> bool:
        """Show the PDF at `path`; False (and openFailed) when it cannot be opened."""
        path = Path(path)
        info = self._describe(path, password)
        if info is None:
            return False
        self.info = info
        self.labels = list(printed_labels) if printed_labels else list(info.labels)
        if len(self.labels) != info.page_count:
            self.labels = list(info.labels)
        self._back.clear()
        self._forward.clear()
        self._update_history_actions()
        self.view.set_document(info)
        self._fill_side_panel()
        if self._find_bar is not None:
            self._find_bar.reset(info.page_count)
        self.page_count_label.setText(f" of {info.page_count} ")
        self._page_changed(self.view.current_page())
        self.documentOpened.emit(str(path))
        return True

    def set_printed_labels(self, labels: Sequence[str]) -> bool:
        """Show corrected printed page labels (one per page) in the page box, outline and
        thumbnails; False, and nothing changed, when the count does not match the pages."""
        if self.info is None or len(labels) != self.info.page_count:
            return False
        self.labels = list(labels)
        self.outline.set_outline(self.info.outline, self.labels)
        self.thumbnails.set_labels(self.labels)
        self._page_changed(self.view.current_page())
        return True

    def _describe(self, path: Path, password: str | None) -> DocumentInfo | None:
        while True:
            try:
                self.queue.open(path, password)
                return self.queue.describe()
            except PdfEncrypted as error:
                password = self.password_provider(str(error))
                if password is None:
                    self._fail(str(error))
                    return None
            except PdfError as error:
                self._fail(str(error))
                return None

    def _fail(self, message: str) -> None:
        self.info = None
        self.view.set_document(None, message)
        self.openFailed.emit(message)

    def selection(self) -> list[SelectedPassage]:
        return self.view.selected_passages()

    def selected_text(self) -> str:
        return self.view.selected_text()

    def clear_selection(self) -> None:
        self.view.set_selection(None)

    def set_highlights(self, overlays: Sequence[HighlightOverlay]) -> None:
        self.view.set_highlights(overlays)

    def scroll_to(self, page_index: int, quads: Sequence[Quad] = (), flash: bool = False) -> None:
        self._remember_jump()
        rects = self.view.display_rects(page_index, quads) if quads else []
        self.view.scroll_to(page_index, rects, flash)

    def current_page(self) -> int:
        return self.view.current_page()

    def add_selection_actions(self, actions: list[QAction]) -> None:
        self.view.selection_actions.extend(actions)

    def position(self) -> ReaderPosition:
        page = max(self.view.current_page(), 0)
        if not self.view.layout_.boxes:
            return ReaderPosition(0)
        box = self.view.layout_.boxes[page]
        top = self.view.verticalScrollBar().value()
        offset = min(1.0, max(0.0, (top - box.y) / box.height))
        scale = None if self.view.fit_mode == "width" else self.view.scale
        return ReaderPosition(page, offset, scale)

    def set_position(self, position: ReaderPosition) -> None:
        if not self.view.layout_.boxes:
            return
        if position.scale is None:
            self.view.set_fit_mode("width")
        else:
            self.view.set_scale(position.scale)
        page = min(max(position.page_index, 0), self.view.page_count - 1)
        box = self.view.layout_.boxes[page]
        self.view.verticalScrollBar().setValue(round(box.y + position.offset * box.height))

    # ----- navigation -----------------------------------------------------------------
    def jump_to_page(self, page: int) -> None:
        self._remember_jump()
        self.view.go_to_page(page)

    def go_to_start(self) -> None:
        """Home, Ctrl+Home: the top of the first page."""
        self._remember_jump()
        self.view.go_to_start()

    def go_to_end(self) -> None:
        """End, Ctrl+End: the bottom of the last page."""
        self._remember_jump()
        self.view.go_to_end()

    def page_for_text(self, text: str) -> int | None:
        """'72' -> the page printed 72; '#5' -> the fifth PDF page; else a PDF page number."""
        text = text.strip()
        if not text or not self.labels:
            return None
        if text.startswith("#") and text[1:].isdigit():
            index = int(text[1:]) - 1
        elif text in self.labels:
            index = self.labels.index(text)
        elif text.casefold() in (low := [label.casefold() for label in self.labels]):
            index = low.index(text.casefold())
        elif text.isdigit():
            index = int(text) - 1
        else:
            return None
        return index if 0 <= index < len(self.labels) else None

    def go_to_label(self, text: str) -> bool:
        page = self.page_for_text(text)
        if page is None:
            return False
        self.jump_to_page(page)
        return True

    def _page_box_entered(self) -> None:
        if not self.go_to_label(self.page_box.text()):
            self._page_changed(self.view.current_page())
        self.view.setFocus()

    def _focus_page_box(self) -> None:
        self.page_box.setFocus()
        self.page_box.selectAll()

    def _page_changed(self, page: int) -> None:
        if 0 <= page < len(self.labels):
            label = self.labels[page]
            self.page_box.setText(label)
            self.page_box.setToolTip(f"Printed page {label}, PDF page #{page + 1}")
            if self._thumbnails is not None:
                self._thumbnails.show_page(page)
        self.currentPageChanged.emit(page)

    def _remember_jump(self) -> None:
        if self.view.layout_.boxes:
            self._back.append(self.position())
            del self._back[:-HISTORY_LIMIT]
            self._forward.clear()
            self._update_history_actions()

    def go_back(self) -> None:
        if self._back:
            self._forward.append(self.position())
            self.set_position(self._back.pop())
            self._update_history_actions()

    def go_forward(self) -> None:
        if self._forward:
            self._back.append(self.position())
            self.set_position(self._forward.pop())
            self._update_history_actions()

    def _update_history_actions(self) -> None:
        self.back_action.setEnabled(bool(self._back))
        self.forward_action.setEnabled(bool(self._forward))

    # ----- zoom -----------------------------------------------------------------------
    def zoom_in(self) -> None:
        self.view.zoom_by(ZOOM_STEP)

    def zoom_out(self) -> None:
        self.view.zoom_by(1 / ZOOM_STEP)

    def fit_width(self) -> None:
        self.view.set_fit_mode("width")

    def fit_page(self) -> None:
        """The whole of the current page, brought into view."""
        page = max(self.view.current_page(), 0)
        self.view.set_fit_mode("page")
        self.view.go_to_page(page)

    def set_zoom_percent(self, percent: float) -> None:
        self.view.set_scale(percent / 100 * 96 / 72)

    def _zoom_changed(self, scale: float) -> None:
        self.zoom_label.setText(f" {round(scale * 72 / 96 * 100)} % ")

    def _close_find(self) -> None:
        if self._find_bar is not None:
            self._find_bar.finish()

    def toggle_side_panel(self) -> None:
        if self._outline is None:
            self._build_side_panel()
        self.side.setVisible(not self.side.isVisible())
        self.sidebar_action.setChecked(self.side.isVisible())

    # ----- shutting down --------------------------------------------------------------
    def shutdown(self) -> None:
        """Stop the worker processes (also done when the widget closes)."""
        self.queue.close()

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)
