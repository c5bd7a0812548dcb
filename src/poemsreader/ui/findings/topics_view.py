"""The topic tree: create, rename, recolour, reorder by drag and drop, merge, delete.

`TopicTreeModel` adapts `library.topics.tree()`; every edit is a core command
(core/topic_commands.py) pushed on the window's QUndoStack, so Edit > Undo
reverts it. The model never touches storage: it reads the service and pushes
commands, then refreshes from what changed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QHeaderView,
    QInputDialog,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from poemsreader.core.changes import ChangeSet
from poemsreader.core.commands import Command
from poemsreader.core.topic_commands import (
    CreateTopic,
    delete_topic,
    merge_topics,
    move_topic,
    recolour_topic,
    rename_topic,
)
from poemsreader.services.library import Library
from poemsreader.storage.topics import TopicNode
from poemsreader.ui.common.change_bus import ChangeBus

TOPIC_MIME = "application/x-poemsreader-topic"
AnyIndex = QModelIndex | QPersistentModelIndex
NO_INDEX = QModelIndex()
TOPIC_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class TopicTreeModel(QAbstractItemModel):
    """Topics as a tree: column 0 the name (editable, coloured), column 1 the count."""

    HEADERS = ("Topic", "Findings")

    def __init__(self, library: Library, run: Callable[[Command], bool]) -> None:
        super().__init__()
        self.library = library
        self.run = run
        self._roots: list[TopicNode] = []
        self._nodes: dict[int, TopicNode] = {}
        self._parent_of: dict[int, int | None] = {}
        self._row_of: dict[int, int] = {}
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self._roots = self.library.topics.tree()
        self._nodes.clear()
        self._parent_of.clear()
        self._row_of.clear()

        def walk(nodes: tuple[TopicNode, ...] | list[TopicNode], parent: int | None) -> None:
            for row, node in enumerate(nodes):
                self._nodes[node.id] = node
                self._parent_of[node.id] = parent
                self._row_of[node.id] = row
                walk(node.children, node.id)

        walk(self._roots, None)
        self.endResetModel()

    # -- structure ----------------------------------------------------------------------

    def node(self, index: AnyIndex) -> TopicNode | None:
        return self._nodes.get(index.internalId()) if index.isValid() else None

    def _children(self, parent: AnyIndex) -> tuple[TopicNode, ...] | list[TopicNode]:
        node = self.node(parent)
        return node.children if node else self._roots

    def index(self, row: int, column: int, parent: AnyIndex = NO_INDEX) -> QModelIndex:
        children = self._children(parent)
        if not (0 <= row < len(children) and 0 <= column < len(self.HEADERS)):
            return QModelIndex()
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        return self.createIndex(row, column, children[row].id)

    def parent(self, index: AnyIndex = NO_INDEX) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        parent_id = self._parent_of.get(index.internalId())
        if parent_id is None:
            return QModelIndex()
        return self.createIndex(self._row_of[parent_id], 0, parent_id)

    def rowCount(self, parent: AnyIndex = NO_INDEX) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children(parent))

    def columnCount(self, parent: AnyIndex = NO_INDEX) -> int:
        return len(self.HEADERS)

    def index_of(self, topic_id: int, column: int = 0) -> QModelIndex:
        if topic_id not in self._nodes:
            return QModelIndex()
        return self.createIndex(self._row_of[topic_id], column, topic_id)

    # -- data ---------------------------------------------------------------------------

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        node = self.node(index)
        if node is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if index.column() == 0:
                return node.name
            return node.findings if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0 and node.colour:
            return QColor(node.colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            noun = "finding" if node.findings == 1 else "findings"
            return f"{node.path} — {node.findings} {noun}"
        if role == TOPIC_ID_ROLE:
            return node.id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        flags = base | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        flags |= Qt.ItemFlag.ItemIsDragEnabled
        if index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: AnyIndex, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        node = self.node(index)
        if node is None or role != Qt.ItemDataRole.EditRole or index.column() != 0:
            return False
        name = str(value)
        if " ".join(name.split()) == node.name:
            return False
        return self.run(rename_topic(node.id, name))

    # -- drag and drop ------------------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [TOPIC_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        data = QMimeData()
        ids = sorted({i.internalId() for i in indexes if i.isValid()})
        data.setData(TOPIC_MIME, QByteArray(",".join(map(str, ids)).encode()))
        return data

    def canDropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: AnyIndex,
    ) -> bool:
        return data.hasFormat(TOPIC_MIME) and action == Qt.DropAction.MoveAction

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: AnyIndex,
    ) -> bool:
        """Move the dragged topic under `parent` at `row` (one undoable step).

        Returns False so the view does not also remove the dragged rows: the model
        is rebuilt from the service once the move is stored.
        """
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        raw = bytes(data.data(TOPIC_MIME).data()).decode()
        ids = [int(part) for part in raw.split(",") if part]
        if len(ids) != 1 or ids[0] not in self._nodes:
            return False
        topic_id = ids[0]
        target = self.node(parent)  # any column of a row: its internal id is the topic's
        parent_id = target.id if target else None
        siblings = self._children(parent)
        index = len(siblings) if row < 0 else row
        if self._parent_of.get(topic_id) == parent_id and self._row_of[topic_id] < index:
            index -= 1  # the row counted the dragged topic, which leaves its place
        if parent_id == self._parent_of.get(topic_id) and index == self._row_of[topic_id]:
            return False
        self.run(move_topic(topic_id, parent_id, index))
        return False


MAX_WIDTH = 320  # a longer name is elided rather than squeezing the table


class TopicsView(QWidget):
    """The topic tree with its actions; it refreshes from the change bus, like every view."""

    message = Signal(str)  # a change refused, in one sentence

    def __init__(self, library: Library, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.bus = bus
        self.model = TopicTreeModel(library, self.run)
        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(False)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.tree.setAccessibleName("Topics")
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.tree.expandAll()
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self._fit_names()
        self.toolbar = QToolBar("Topics", self)
        self._make_actions()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.tree)

    def _make_actions(self) -> None:
        def action(
            text: str, slot: Callable[[], None], shortcut: QKeySequence | None = None
        ) -> QAction:
            act = QAction(text, self)
            if shortcut is not None:
                act.setShortcut(shortcut)
                act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(slot)
            self.toolbar.addAction(act)
            self.tree.addAction(act)  # also the tree's context menu
            return act

        self.new_action = action("New Topic", self.new_topic, QKeySequence("Ctrl+Shift+N"))
        self.new_sub_action = action("New Sub-topic", self.new_sub_topic)
        self.rename_action = action("Rename", self.rename_current, QKeySequence(Qt.Key.Key_F2))
        self.colour_action = action("Colour…", self.recolour_current)
        self.merge_action = action("Merge Into…", self.merge_current)
        self.delete_action = action(
            "Delete", self.delete_current, QKeySequence(QKeySequence.StandardKey.Delete)
        )

    # -- helpers ------------------------------------------------------------------------

    def run(self, command: Command) -> bool:
        """Push `command` on the bus; a refusal becomes `message`."""
        return self.bus.try_push(command, self.message.emit)

    def apply_changes(self, changes: ChangeSet) -> None:
        """Refresh from what changed (the bus calls this for every change)."""
        if changes.topics or changes.findings or changes.everything:
            current = self.current_topic()
            self.model.refresh()
            self.tree.expandAll()
            self._fit_names()
            if current is not None:
                self.select(current.id)

    def _fit_names(self) -> None:
        """Wide enough for every topic's whole name (and its count), up to MAX_WIDTH: the
        dock beside the table never shows a name as "Sympto…"."""
        names = self.tree.sizeHintForColumn(0)
        counts = max(self.tree.sizeHintForColumn(1), self.tree.header().sectionSizeHint(1))
        chrome = 2 * self.tree.frameWidth() + self.tree.verticalScrollBar().sizeHint().width()
        self.tree.setMinimumWidth(min(MAX_WIDTH, names + counts + chrome + 8))

    def current_topic(self) -> TopicNode | None:
        return self.model.node(self.tree.currentIndex())

    def select(self, topic_id: int) -> None:
        index = self.model.index_of(topic_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)

    def choose_target(self, title: str, exclude: set[int]) -> int | None:
        """Ask which topic findings go to (tests replace this)."""
        choices = [n for n in self.library.topics.flat() if n.id not in exclude]
        if not choices:
            return None
        labels = [n.path for n in choices]
        label, ok = QInputDialog.getItem(self, title, "Topic:", labels, 0, False)
        return choices[labels.index(label)].id if ok else None

    def ask_name(self, title: str) -> str | None:
        name, ok = QInputDialog.getText(self, title, "Name:")
        return name if ok and name.strip() else None

    def ask_colour(self, current: str) -> str | None:
        colour = QColorDialog.getColor(QColor(current or "#e0a000"), self, "Topic colour")
        return colour.name() if colour.isValid() else None

    # -- actions ------------------------------------------------------------------------

    def new_topic(self, parent_id: int | None = None) -> None:
        name = self.ask_name("New topic")
        if name is None:
            return
        command = CreateTopic(name, parent_id)
        if self.run(command) and command.topic_id is not None:
            self.select(command.topic_id)

    def new_sub_topic(self) -> None:
        current = self.current_topic()
        self.new_topic(current.id if current else None)

    def rename_current(self) -> None:
        index = self.tree.currentIndex()
        if index.isValid():
            self.tree.edit(index.siblingAtColumn(0))

    def recolour_current(self) -> None:
        current = self.current_topic()
        if current is None:
            return
        colour = self.ask_colour(current.colour)
        if colour is not None:
            self.run(recolour_topic(current.id, colour))

    def merge_current(self) -> None:
        current = self.current_topic()
        if current is None:
            return
        target = self.choose_target(
            f"Merge {current.name} into", self.library.topics.subtree(current.id)
        )
        if target is not None:
            self.run(merge_topics(current.id, target))

    def delete_current(self) -> None:
        current = self.current_topic()
        if current is None:
            return
        doomed = self.library.topics.subtree(current.id)
        has_findings = any(n.findings for n in self.library.topics.flat() if n.id in doomed)
        target = None
        if has_findings:
            target = self.choose_target(f"Move the findings of {current.name} to", doomed)
            if target is None:
                return
        self.run(delete_topic(current.id, target))
