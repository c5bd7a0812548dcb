"""The library pane: a filterable, sortable table of articles and a full-text search."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QSplitter,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from poemsreader.core.model import ReadingStatus
from poemsreader.storage.articles import ArticleService
from poemsreader.ui.library.library_model import (
    ARTICLE_ID_ROLE,
    AUTHORS,
    JOURNAL,
    KEY,
    STATUS,
    TITLE,
    LibraryFilterModel,
    LibraryTableModel,
    SearchHitsModel,
)

COLUMN_WIDTHS = {KEY: 160, AUTHORS: 230, 2: 56, JOURNAL: 140, STATUS: 90, 6: 70}


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def search_summary(query: str, pages: int, articles: int) -> str:
    """'“relapse”: 12 pages in 3 articles' (or that nothing was found)."""
    if not query:
        return ""
    if not pages:
        return f"No article text contains “{query}”."
    return f"“{query}”: {_plural(pages, 'page')} in {_plural(articles, 'article')}"


class LibraryView(QWidget):
    """Double-clicking an article (or a search hit) emits articleOpened(article id)."""

    articleOpened = Signal(int)
    searched = Signal(str)  # a one-line summary of the last full-text search
    statusChangeRequested = Signal(list, str)  # article ids, ReadingStatus value
    currentArticleChanged = Signal(object)  # the one selected article's id, or None

    def __init__(self, articles: ArticleService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.articles = articles
        self.model = LibraryTableModel(self)
        self.proxy = LibraryFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.hits = SearchHitsModel(self)
        self._current: int | None = None
        self._refreshing = False
        self._build()
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.refresh()

    # -- building -------------------------------------------------------------------------

    def _build(self) -> None:
        self.filter_edit = QLineEdit(self, placeholderText="Filter by key, author, title, journal…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.search_edit = QLineEdit(self, placeholderText="Search the articles' text (Enter)")
        self.search_edit.setClearButtonEnabled(True)
        search_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView)
        self.search_edit.addAction(search_icon, QLineEdit.ActionPosition.LeadingPosition)
        self.search_edit.returnPressed.connect(self.run_search)
        self.search_edit.textChanged.connect(lambda text: text or self.run_search())
        bar = QHBoxLayout()
        bar.addWidget(self.filter_edit, 3)
        bar.addWidget(self.search_edit, 2)

        self.table = self._make_table()
        self.hits_view = QListView(self)
        self.hits_view.setModel(self.hits)
        self.hits_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.hits_view.setWordWrap(True)
        self.hits_view.setAlternatingRowColors(True)
        self.hits_view.doubleClicked.connect(self._open_hit)
        self.hits_view.clicked.connect(
            lambda index: self.select_article(int(index.data(ARTICLE_ID_ROLE)))
        )
        self.hits_label = QLabel(self)
        hits_pane = QWidget(self)
        hits_layout = QVBoxLayout(hits_pane)
        hits_layout.setContentsMargins(0, 0, 0, 0)
        hits_layout.addWidget(self.hits_label)
        hits_layout.addWidget(self.hits_view)
        self.hits_pane = hits_pane
        hits_pane.hide()

        # the README's path: Ctrl+F filters, Tab goes to the table (then to full-text search)
        QWidget.setTabOrder(self.filter_edit, self.table)
        QWidget.setTabOrder(self.table, self.search_edit)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(hits_pane)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.empty_label = QLabel(
            "Your library is empty. Add article PDFs with File ▸ Add PDFs… "
            "or drop files and folders here.",
            self,
        )
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: palette(mid); font-size: 14pt; padding: 40px;")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.empty_label, 1)

    def _make_table(self) -> QTableView:
        table = QTableView(self)
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(KEY, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(26)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        for column, width in COLUMN_WIDTHS.items():
            table.setColumnWidth(column, width)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._context_menu)
        table.doubleClicked.connect(self._open_row)
        table.activated.connect(self._open_row)
        return table

    # -- behaviour ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the rows from the library (after adding, editing or undoing), keeping
        the selection: editing the selected article must not deselect it."""
        selected = self.selected_article_ids()
        self._refreshing = True
        try:
            self.model.set_rows(self.articles.rows())
            self._select_rows(selected)
        finally:
            self._refreshing = False
        empty = self.model.rowCount() == 0
        self.empty_label.setVisible(empty)
        self.splitter.setVisible(not empty)
        self._selection_changed()

    def _select_rows(self, article_ids: list[int]) -> None:
        selection = self.table.selectionModel()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for article_id in article_ids:
            row = self.model.row_of(article_id)
            if row >= 0:
                selection.select(self.proxy.mapFromSource(self.model.index(row, 0)), flags)

    def _selection_changed(self, *_args: object) -> None:
        if self._refreshing:
            return
        ids = self.selected_article_ids()
        current = ids[0] if len(ids) == 1 else None
        if current != self._current:
            self._current = current
            self.currentArticleChanged.emit(current)

    def run_search(self) -> None:
        query = self.search_edit.text().strip()
        hits = self.articles.search_text(query) if query else []
        self.hits.set_hits(hits)
        self.hits_pane.setVisible(bool(query))
        summary = search_summary(query, len(hits), len({h.article_id for h in hits}))
        self.hits_label.setText(summary)
        if query:
            self.searched.emit(summary)

    def select_article(self, article_id: int) -> None:
        row = self.model.row_of(article_id)
        if row >= 0:
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            self.table.selectRow(index.row())
            self.table.scrollTo(index)

    def selected_article_ids(self) -> list[int]:
        rows = self.table.selectionModel().selectedRows()
        return [int(index.data(ARTICLE_ID_ROLE)) for index in rows]

    def _open_row(self, index: QModelIndex) -> None:
        if index.isValid():
            self.articleOpened.emit(int(index.data(ARTICLE_ID_ROLE)))

    def _context_menu(self, position: QPoint) -> None:
        ids = self.selected_article_ids()
        if not ids:
            return
        menu = QMenu(self)
        open_action = menu.addAction("Open")
        open_action.triggered.connect(lambda: self.articleOpened.emit(ids[0]))
        menu.addSeparator()
        for status in ReadingStatus:
            action = menu.addAction(f"Mark as {status.value}")
            action.triggered.connect(
                lambda _checked=False, s=status.value: self.statusChangeRequested.emit(ids, s)
            )
        menu.popup(self.table.viewport().mapToGlobal(position))
        self.context_menu = menu

    def _open_hit(self, index: QModelIndex) -> None:
        if index.isValid():
            self.articleOpened.emit(int(index.data(ARTICLE_ID_ROLE)))

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("library/header", self.table.horizontalHeader().saveState())
        settings.setValue("library/splitter", self.splitter.saveState())

    def restore_state(self, settings: QSettings) -> None:
        header = settings.value("library/header")
        if header is not None:
            self.table.horizontalHeader().restoreState(header)
        splitter = settings.value("library/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
