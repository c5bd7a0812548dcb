"""Help > Keyboard shortcuts: a table made from the window's own QActions.

Nothing here is written by hand: every action in the menu bar (and every action
added to the window itself) that has a shortcut appears, with its menu path, so
the page can never disagree with the shortcuts that actually work.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

COLUMNS = ("Action", "Menu", "Shortcut")
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class ShortcutRow:
    action: str
    menu: str
    shortcut: str
    tooltip: str


def plain_text(text: str) -> str:
    """'&Open…' -> 'Open…' ('&&' stays a literal '&')."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _shortcut_text(action: QAction) -> str:
    keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
    return ", ".join(k for k in keys if k)


def _menu_rows(menu: QMenu, path: str) -> list[ShortcutRow]:
    rows = []
    for action in menu.actions():
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            rows += _menu_rows(submenu, f"{path} > {plain_text(submenu.title())}")
        elif not action.isSeparator() and _shortcut_text(action):
            rows.append(_row(action, path))
    return rows


def _row(action: QAction, menu: str) -> ShortcutRow:
    return ShortcutRow(
        plain_text(action.text()).rstrip("."), menu, _shortcut_text(action), action.toolTip()
    )


def collect_shortcuts(window: QMainWindow) -> list[ShortcutRow]:
    """Every action of the window that has a shortcut, menus first, in menu order; then
    those of its open article windows. An action is listed once, however many article
    windows have it."""
    rows = _window_rows(window, "")
    for other in window.findChildren(QMainWindow):
        if other.isWindow() and other is not window:
            rows += _window_rows(other, "Article window > ")
    unique: dict[tuple[str, str], ShortcutRow] = {}
    for row in rows:
        unique.setdefault((row.action, row.shortcut), row)
    return list(unique.values())


def _window_rows(window: QMainWindow, prefix: str) -> list[ShortcutRow]:
    rows: list[ShortcutRow] = []
    seen: set[int] = set()
    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            rows += _menu_rows(menu, prefix + plain_text(menu.title()))
            seen.update(id(a) for a in _all_actions(menu))
    for action in window.findChildren(QAction):
        owner = action.parent()
        if isinstance(owner, QWidget) and owner.window() is not window:
            continue  # another window's (an open article's): listed with that window
        if id(action) not in seen and _shortcut_text(action) and action.text():
            rows.append(_row(action, prefix + "Window"))
            seen.add(id(action))
    return rows


def _all_actions(menu: QMenu) -> list[QAction]:
    actions = []
    for action in menu.actions():
        actions.append(action)
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            actions += _all_actions(submenu)
    return actions


class ShortcutsModel(QAbstractTableModel):
    def __init__(self, rows: list[ShortcutRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows = rows

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (row.action, row.menu, row.shortcut)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tooltip or None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None


class ShortcutsDialog(QDialog):
    """The shortcuts table with a filter field (type to narrow, Esc closes)."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(560, 520)
        self.model = ShortcutsModel(collect_shortcuts(window), self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter_edit = QLineEdit(placeholderText="Filter shortcuts")
        self.filter_edit.setAccessibleName("Filter shortcuts")
        self.filter_edit.setAccessibleDescription("Type part of an action, menu or key")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setAccessibleDescription("Every action that has a shortcut, with its menu")
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setSortingEnabled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.table.resizeColumnsToContents()


def add_shortcuts_help(window: QMainWindow, help_menu: QMenu) -> QAction:
    """Put 'Keyboard shortcuts' in `help_menu` (Ctrl+/ or F1 is left to the window)."""
    action = QAction("&Keyboard shortcuts", window)
    action.setShortcut(QKeySequence("Ctrl+/"))
    action.setStatusTip("List every keyboard shortcut")
    action.triggered.connect(lambda: ShortcutsDialog(window).exec())
    help_menu.addAction(action)
    return action
