"""Conflicts from shared files, side by side: keep mine, keep theirs, keep both.

The list is a QAbstractListModel over `library.sharing.conflicts.open_conflicts()`;
each choice is a ResolveConflict command pushed on the undo stack.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from poemsreader.core.changes import ChangeSet
from poemsreader.core.conflict_commands import ResolveConflict
from poemsreader.services.library import Library
from poemsreader.services.share_conflicts import ConflictItem
from poemsreader.share.convert import SharedFinding
from poemsreader.ui.common.change_bus import ChangeBus

Index = QModelIndex | QPersistentModelIndex


class ConflictListModel(QAbstractListModel):
    ItemRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, items: list[ConflictItem] | None = None) -> None:
        super().__init__()
        self._items = items or []

    def set_items(self, items: list[ConflictItem]) -> None:
        self.beginResetModel()
        self._items = items
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            either = item.mine or item.theirs
            text = either.record.statement if either else "(deleted on both sides)"
            text = item.label or text
            text = (text[:60] + "…") if len(text) > 60 else text or "(no statement)"
            fields = f" ({', '.join(item.fields)})" if item.fields else ""
            return f"{text}{fields}  —  {item.source}"
        if role == Qt.ItemDataRole.ToolTipRole:
            people = f": {item.mine_by} and {item.theirs_by}" if item.mine_by else ""
            when = f", {item.created:%Y-%m-%d %H:%M} UTC" if item.created else ""
            return f"From {item.source}{people}{when}"
        if role == self.ItemRole:
            return item
        return None


def _rows(version: SharedFinding) -> list[tuple[str, str]]:
    r = version.record
    return [
        ("Statement", r.statement),
        ("Quote", r.quote),
        ("Topics", ", ".join(r.topics)),
        ("Tags", ", ".join(r.tags)),
        ("Status", r.status.value),
        ("Comment", r.comment),
        ("Author", r.reviewer_name),
        ("Modified", r.modified.strftime("%Y-%m-%d %H:%M UTC")),
    ]


def describe(version: SharedFinding | None, other: SharedFinding | None = None) -> str:
    """One side of the comparison as HTML (every value escaped; what differs from the
    other side is marked)."""
    if version is None:
        return "<p><i>Deleted.</i></p>"
    theirs = dict(_rows(other)) if other is not None else {}
    cells = ""
    for name, value in _rows(version):
        differs = other is None or theirs.get(name) != value
        style = " style='background-color:#fff1a8'" if differs and name != "Modified" else ""
        cells += (
            f"<tr><th align=left valign=top>{name}</th><td{style}>{html.escape(value)}</td></tr>"
        )
    return f"<table cellspacing=4>{cells}</table>"


def describe_values(values: dict[str, object]) -> str:
    """One side of a conflict on a screening decision or an evidence value, as HTML."""
    cells = ""
    for name, value in values.items():
        if isinstance(value, list):
            shown = " — ".join(str(part) for part in value if part) or "(undecided)"
        else:
            shown = "(none)" if value is None else str(value)
        cells += (
            f"<tr><th align=left valign=top>{html.escape(name.capitalize())}</th>"
            f"<td style='background-color:#fff1a8'>{html.escape(shown)}</td></tr>"
        )
    return f"<table cellspacing=4>{cells}</table>"


def origin(item: ConflictItem) -> str:
    """Where the conflict came from, who met whom and when, as one line of HTML."""
    text = f"From <b>{html.escape(item.source)}</b>"
    if item.theirs_by:
        text += f": {html.escape(item.theirs_by)}'s edit met yours"
    if item.created:
        text += f", {item.created:%d %b %Y %H:%M} UTC"
    return text + "."


class ConflictsView(QWidget):
    def __init__(
        self,
        library: Library,
        bus: ChangeBus,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.bus = bus
        self.setWindowTitle("Conflicts from shared files")
        self.model = ConflictListModel()
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setWordWrap(True)  # the source (a file, a team library) stays readable
        self.origin = QLabel("")
        self.origin.setObjectName("conflict-origin")
        self.origin.setWordWrap(True)
        self.mine = QTextBrowser()
        self.theirs = QTextBrowser()
        self.keep_mine = QPushButton("Keep &mine")
        self.keep_theirs = QPushButton("Keep &theirs")
        self.keep_both = QPushButton("Keep &both")
        self.titles: list[tuple[QLabel, str]] = []
        self._layout()
        self.list.selectionModel().currentChanged.connect(self._show)
        self.keep_mine.clicked.connect(lambda: self._resolve("mine"))
        self.keep_theirs.clicked.connect(lambda: self._resolve("theirs"))
        self.keep_both.clicked.connect(lambda: self._resolve("both"))
        self.refresh()
        bus.changed.connect(self.apply_changes)

    def _layout(self) -> None:
        sides = QWidget()
        grid = QHBoxLayout(sides)
        for title, browser in (("Mine", self.mine), ("Theirs", self.theirs)):
            column = QVBoxLayout()
            label = QLabel(f"<b>{title}</b>")
            self.titles.append((label, title))
            column.addWidget(label)
            column.addWidget(browser)
            grid.addLayout(column)
        buttons = QHBoxLayout()
        buttons.addStretch()
        for button in (self.keep_mine, self.keep_theirs, self.keep_both):
            buttons.addWidget(button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.origin)
        right_layout.addWidget(sides)
        right_layout.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def refresh(self) -> None:
        self.model.set_items(self.library.sharing.conflicts.open_conflicts())
        if self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(0))
        else:
            self._show(QModelIndex())

    def current(self) -> ConflictItem | None:
        return self.list.currentIndex().data(ConflictListModel.ItemRole)

    def _show(self, index: QModelIndex) -> None:
        item = index.data(ConflictListModel.ItemRole) if index.isValid() else None
        if item is not None and item.kind != "finding":
            self.mine.setHtml(describe_values(item.mine_values))
            self.theirs.setHtml(describe_values(item.theirs_values))
        else:
            self.mine.setHtml(describe(item.mine, item.theirs) if item else "<p>No conflicts.</p>")
            self.theirs.setHtml(describe(item.theirs, item.mine) if item else "")
        self.origin.setText(origin(item) if item else "")
        people = (item.mine_by, item.theirs_by) if item else ("", "")
        for (label, title), who in zip(self.titles, people, strict=True):
            label.setText(f"<b>{title}</b>" + (f" — made by {html.escape(who)}" if who else ""))
        for button in (self.keep_mine, self.keep_theirs, self.keep_both):
            button.setEnabled(item is not None)
        self.keep_both.setEnabled(bool(item and item.mine and item.theirs))

    def _resolve(self, choice: str) -> None:
        item = self.current()
        if item is None:
            return
        self.bus.push(ResolveConflict(item.id, choice))

    def apply_changes(self, changes: ChangeSet) -> None:
        """The bus calls this for every change: a resolution (here or undone), a merge."""
        if changes.findings or changes.articles or changes.everything:
            self.refresh()
