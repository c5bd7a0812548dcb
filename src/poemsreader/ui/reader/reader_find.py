"""Find in the document: the bar under the reader, searching in worker processes.

The document is searched in chunks of pages (each one worker job) so the first
hits show while later pages are still being read. Every hit is highlighted;
next/previous walk through them in page order and "3 of 17" says where you are.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from poemsreader.pdf.search import SearchHit
from poemsreader.pdf.text_layout import Rect
from poemsreader.ui.reader.pdf_view import PdfView
from poemsreader.ui.reader.pdf_view_selection import TextSelection
from poemsreader.ui.reader.render_queue import RenderQueue, SearchRequest

CHUNK_PAGES = 16
TYPING_DELAY_MS = 250
CLIENT = "search"


class FindBar(QWidget):
    jumped = Signal()  # about to move to the first hit of a search (history remembers where from)
    finished = Signal(int)  # all pages searched: number of hits

    def __init__(self, queue: RenderQueue, view: PdfView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.queue = queue
        self.view = view
        self.page_count = 0
        self.query = ""
        self.hits_by_chunk: dict[int, list[SearchHit]] = {}
        self.hits: list[SearchHit] = []
        self.current = -1
        self._chunks: list[SearchRequest] = []
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Find in document")
        self.edit.setClearButtonEnabled(True)
        self.status = QLabel("", self)
        self.status.setMinimumWidth(110)
        previous = self._button("▲", "Previous match (Shift+F3)")
        following = self._button("▼", "Next match (F3)")
        close = self._button("✕", "Close (Esc)")
        select = self._button("Select", "Select this match (Ctrl+Return)")
        previous.clicked.connect(self.previous_hit)
        following.clicked.connect(self.next_hit)
        close.clicked.connect(self.finish)
        select.clicked.connect(self.select_current)
        # The keyboard way from "find a phrase" to "make a finding on it".
        self.select_shortcut = QShortcut(QKeySequence("Ctrl+Return"), self.edit)
        self.select_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.select_shortcut.activated.connect(self.select_current)
        self.edit.setAccessibleName("Find in document")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        for widget in (self.edit, self.status, previous, following, select, close):
            layout.addWidget(widget)
        self._typing = QTimer(self, singleShot=True, interval=TYPING_DELAY_MS)
        self._typing.timeout.connect(lambda: self.search(self.edit.text()))
        self.edit.textChanged.connect(lambda _text: self._typing.start())
        self.edit.returnPressed.connect(self._return_pressed)
        queue.searchReady.connect(self._chunk_arrived)
        queue.failed.connect(self._chunk_failed)
        self.hide()

    def _button(self, text: str, tooltip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tooltip)
        return button

    def reset(self, page_count: int) -> None:
        self.page_count = page_count
        self.search("")

    def start(self) -> None:
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def finish(self) -> None:
        if self.isVisible():
            self.hide()
            self.search("")
            self.edit.clear()
            self.view.setFocus()

    def _return_pressed(self) -> None:
        if self.edit.text() != self.query:
            self._typing.stop()
            self.search(self.edit.text())
        else:
            self.next_hit()

    def search(self, query: str) -> None:
        """Search every page for `query` (an empty query clears the hits)."""
        self.query = query.strip()
        self.hits_by_chunk.clear()
        self.hits, self.current = [], -1
        self._chunks = []
        if self.query:
            self._chunks = [
                SearchRequest(self.query, first, min(first + CHUNK_PAGES, self.page_count))
                for first in range(0, self.page_count, CHUNK_PAGES)
            ]
        self.queue.want(CLIENT, self._chunks)
        self._refresh()

    @property
    def done(self) -> bool:
        return len(self.hits_by_chunk) == len(self._chunks)

    def _chunk_arrived(self, request: SearchRequest, hits: list[SearchHit]) -> None:
        if request not in self._chunks:
            return
        self.hits_by_chunk[request.first_page] = hits
        self.hits = [
            hit for first in sorted(self.hits_by_chunk) for hit in self.hits_by_chunk[first]
        ]
        if self.current < 0 and self.hits:
            self._go_to(self._first_hit_from(max(self.view.current_page(), 0)))
        self._refresh()
        if self.done:
            self.finished.emit(len(self.hits))

    def _chunk_failed(self, request: object, _message: str) -> None:
        if isinstance(request, SearchRequest):
            self._chunk_arrived(request, [])

    def _first_hit_from(self, page: int) -> int:
        for index, hit in enumerate(self.hits):
            if hit.page_index >= page:
                return index
        return 0

    def next_hit(self) -> None:
        if self.hits:
            self._go_to((self.current + 1) % len(self.hits))

    def previous_hit(self) -> None:
        if self.hits:
            self._go_to((self.current - 1) % len(self.hits))

    def select_current(self) -> bool:
        """Select the words of the current match and close the bar (the selection stays)."""
        if not 0 <= self.current < len(self.hits):
            return False
        hit = self.hits[self.current]
        text = self.view.texts.get(hit.page_index)
        if text is None:
            return False
        words = [
            i for i, w in enumerate(text.words) if any(_centre_in(w.rect, r) for r in hit.rects)
        ]
        if not words:
            return False
        self.finish()
        page = hit.page_index
        self.view.set_selection(TextSelection((page, min(words)), (page, max(words))))
        return True

    def _go_to(self, index: int) -> None:
        if self.current < 0:
            self.jumped.emit()
        self.current = index
        hit = self.hits[index]
        self.view.scroll_to(hit.page_index, hit.rects)
        self._refresh()

    def _refresh(self) -> None:
        self.view.set_find_hits(self.hits, self.current)
        if not self.query:
            self.status.setText("")
        elif not self.hits:
            self.status.setText("No matches" if self.done else "Searching…")
        else:
            more = "" if self.done else "…"
            self.status.setText(f"{self.current + 1} of {len(self.hits)}{more}")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)


def _centre_in(word: Rect, hit: Rect) -> bool:
    """The word's centre lies in the hit (lines' boxes overlap, so overlap is not enough)."""
    x, y = (word[0] + word[2]) / 2, (word[1] + word[3]) / 2
    return hit[0] <= x <= hit[2] and hit[1] <= y <= hit[3]
