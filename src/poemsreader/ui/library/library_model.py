"""Qt item models over the library's rows and full-text hits (they only adapt core data)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

from poemsreader.storage.articles import ArticleRow, SearchHit

ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex

COLUMNS = ("Key", "Authors", "Year", "Title", "Journal", "Status", "Findings")
KEY, AUTHORS, YEAR, TITLE, JOURNAL, STATUS, FINDINGS = range(len(COLUMNS))
NUMERIC = {YEAR, FINDINGS}


def _cell(row: ArticleRow, column: int) -> Any:
    return (
        row.key,
        row.authors,
        row.year,
        row.title,
        row.journal,
        row.reading_status,
        row.findings,
    )[column]


class LibraryTableModel(QAbstractTableModel):
    """One row per article: key, authors, year, title, journal, status, findings."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ArticleRow] = []

    def set_rows(self, rows: list[ArticleRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def article_row(self, row: int) -> ArticleRow:
        return self._rows[row]

    def row_of(self, article_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == article_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        value = _cell(row, column)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == STATUS:
                return str(value).capitalize()
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.FontRole and column == KEY:
            font = QFont()
            font.setBold(True)
            return font
        if role == SORT_ROLE:
            return (
                (value if value is not None else -1) if column in NUMERIC else str(value).casefold()
            )
        if role == ARTICLE_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole and column in (TITLE, AUTHORS):
            return str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class LibraryFilterModel(QSortFilterProxyModel):
    """Sorts numerically where it should and filters on every column as the reviewer types."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)


class SearchHitsModel(QAbstractListModel):
    """Full-text hits: 'Key, p. N — …snippet…'."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hit(self, row: int) -> SearchHit:
        return self._hits[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            page = f"p.{hit.page_label}" if hit.page_label else f"PDF page {hit.page_index + 1}"
            return f"{hit.key} {page} — {hit.snippet}"
        if role == ARTICLE_ID_ROLE:
            return hit.article_id
        return None
