"""The digest view: every finding grouped by topic, in the reviewer's order.

Findings are dragged to reorder them within a topic or to move them to another
topic; the title, date and introduction are edited here; filters narrow what is
shown and exported; a preview shows what the export will contain. File > Export
digest… opens `ExportDigestDialog`. Every edit is an undoable core command.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QDate,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from poemsreader.core.changes import ChangeSet
from poemsreader.core.citations import Citation
from poemsreader.core.commands import Command
from poemsreader.core.model import FindingStatus
from poemsreader.core.topic_commands import SetDigestText, place_finding
from poemsreader.digest.assemble import build_digest
from poemsreader.digest.html import render_html
from poemsreader.digest.model import (
    STYLE_LABELS,
    STYLES,
    DigestData,
    DigestFilter,
    DigestOptions,
    FindingEntry,
    TopicGroup,
)
from poemsreader.services.library import Library
from poemsreader.ui.common.change_bus import ChangeBus

FINDING_MIME = "application/x-poemsreader-digest-finding"
AnyIndex = QModelIndex | QPersistentModelIndex
NO_INDEX = QModelIndex()
GROUP = 0xFFFFFFFF  # internalId of a topic row; finding rows carry their group's row
PREVIEW_DELAY_MS = 250
ANY = "All statuses"


class DigestModel(QAbstractItemModel):
    """Topics (top level) and their findings (children), from `DigestData`."""

    def __init__(self, library: Library, run: Callable[[Command], bool]) -> None:
        super().__init__()
        self.library = library
        self.run = run
        self.data_: DigestData | None = None
        self.groups: list[TopicGroup] = []

    def load(self, data: DigestData) -> None:
        self.beginResetModel()
        self.data_ = data
        self.groups = data.groups
        self.endResetModel()

    # -- structure ----------------------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = NO_INDEX) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, GROUP) if row < len(self.groups) else QModelIndex()
        if parent.internalId() != GROUP:
            return QModelIndex()
        group = self.groups[parent.row()]
        if row >= len(group.findings):
            return QModelIndex()
        return self.createIndex(row, 0, parent.row())

    def parent(self, index: AnyIndex = NO_INDEX) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == GROUP:
            return QModelIndex()
        return self.createIndex(index.internalId(), 0, GROUP)

    def rowCount(self, parent: AnyIndex = NO_INDEX) -> int:
        if not parent.isValid():
            return len(self.groups)
        if parent.internalId() == GROUP and parent.column() == 0:
            return len(self.groups[parent.row()].findings)
        return 0

    def columnCount(self, parent: AnyIndex = NO_INDEX) -> int:
        return 1

    def group_of(self, index: AnyIndex) -> TopicGroup | None:
        if not index.isValid():
            return None
        row = index.row() if index.internalId() == GROUP else index.internalId()
        return self.groups[row]

    def finding(self, index: AnyIndex) -> FindingEntry | None:
        if not index.isValid() or index.internalId() == GROUP:
            return None
        return self.groups[index.internalId()].findings[index.row()]

    # -- data ---------------------------------------------------------------------------

    def citation(self, finding: FindingEntry) -> str:
        assert self.data_ is not None
        key = self.data_.articles[finding.article_id].key
        return Citation(key, finding.pages).render()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        finding = self.finding(index)
        if finding is None:
            group = self.groups[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{'    ' * group.depth}{group.name} ({len(group.findings)})"
            if role == Qt.ItemDataRole.ToolTipRole:
                return group.path
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            statement = " ".join(finding.statement.split()) or f"‘{finding.quote}’"
            return f"{statement} {self.citation(finding)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{finding.status} · {finding.reviewer or 'me'}\n{finding.quote}"
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        group = self.group_of(index)
        if group is None or group.topic_id is None:
            return flags  # findings filed under no topic have no place to keep
        if index.internalId() == GROUP:
            return flags | Qt.ItemFlag.ItemIsDropEnabled
        return flags | Qt.ItemFlag.ItemIsDragEnabled

    # -- drag and drop ------------------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [FINDING_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        rows = []
        for index in indexes:
            finding, group = self.finding(index), self.group_of(index)
            if finding is not None and group is not None:
                rows.append([finding.uuid, group.topic_id, index.row()])
        data = QMimeData()
        data.setData(FINDING_MIME, QByteArray(json.dumps(rows).encode()))
        return data

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        group = self.group_of(parent)
        return (
            data.hasFormat(FINDING_MIME)
            and action == Qt.DropAction.MoveAction
            and group is not None
            and group.topic_id is not None
        )

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        """Place the dragged finding in the topic of `parent` at `row` (one undo step).

        Returns False so the view leaves the rows alone: the model reloads once the
        new order is stored.
        """
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        group = self.group_of(parent)
        assert group is not None and group.topic_id is not None
        if parent.internalId() != GROUP:  # dropped onto a finding: before it
            row = parent.row()
        rows = json.loads(bytes(data.data(FINDING_MIME).data()).decode())
        if len(rows) != 1:
            return False
        uuid, from_topic, from_row = rows[0]
        index = len(group.findings) if row < 0 else row
        if from_topic == group.topic_id:
            if from_row < index:
                index -= 1
            if index == from_row:
                return False
        self.run(place_finding(uuid, from_topic, group.topic_id, index))
        return False


class FilterBar(QWidget):
    """Article, topic, status, tag, reviewer and date filters."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.article = QComboBox(self)
        self.topic = QComboBox(self)
        self.status = QComboBox(self)
        self.status.addItems([ANY, *(s.value for s in FindingStatus)])
        self.status.setToolTip("Status")
        self.reviewer = QComboBox(self)
        self.tag = QLineEdit(self)
        self.tag.setPlaceholderText("tag")
        self.tag.setClearButtonEnabled(True)
        self.since_on, self.until_on = QCheckBox("From", self), QCheckBox("To", self)
        self.since, self.until = QDateEdit(self), QDateEdit(self)
        for check, edit in ((self.since_on, self.since), (self.until_on, self.until)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(QDate.currentDate())
            edit.setEnabled(False)
            check.toggled.connect(edit.setEnabled)
        # two rows, combos sized to a few characters: the Digest tab fits beside both
        # docks on a 1366-pixel screen (long article or topic names show in the list)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for column, combo in enumerate((self.article, self.topic, self.status, self.reviewer)):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(10)
            layout.addWidget(combo, 0, column)
        dates = QHBoxLayout()
        for widget in (self.since_on, self.since, self.until_on, self.until):
            dates.addWidget(widget)
        dates.addStretch(1)
        layout.addWidget(self.tag, 1, 0)
        layout.addLayout(dates, 1, 1, 1, 3)
        for combo in (self.article, self.topic, self.status, self.reviewer):
            combo.currentIndexChanged.connect(self.changed)
        self.tag.textChanged.connect(self.changed)
        for check in (self.since_on, self.until_on):
            check.toggled.connect(self.changed)
        for edit in (self.since, self.until):
            edit.dateChanged.connect(self.changed)

    def set_choices(self, articles: list[str], topics: list[str], reviewers: list[str]) -> None:
        for combo, values, label in (
            (self.article, articles, "All articles"),
            (self.topic, topics, "All topics"),
            (self.reviewer, reviewers, "All reviewers"),
        ):
            current = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItems([label, *values])
            combo.setCurrentIndex(max(0, combo.findText(current)))
            combo.blockSignals(False)

    def value(self) -> DigestFilter:
        def chosen(combo: QComboBox) -> tuple[str, ...]:
            return (combo.currentText(),) if combo.currentIndex() > 0 else ()

        def day(check: QCheckBox, edit: QDateEdit) -> date | None:
            return edit.date().toPython() if check.isChecked() else None  # type: ignore[return-value]

        return DigestFilter(
            articles=chosen(self.article),
            topics=chosen(self.topic),
            statuses=chosen(self.status),
            reviewers=chosen(self.reviewer),
            tags=(self.tag.text().strip(),) if self.tag.text().strip() else (),
            since=day(self.since_on, self.since),
            until=day(self.until_on, self.until),
        )


class DigestView(QWidget):
    """Findings by topic (drag to reorder), the digest's texts, filters and a preview."""

    message = Signal(str)  # a change refused, in one sentence

    def __init__(self, library: Library, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.bus = bus
        self.model = DigestModel(library, self.run)
        self._texts: dict[str, str] = {}
        self._build_widgets()
        self._stale = False  # a change arrived while hidden: refreshed when shown
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.update_preview)
        self.refresh()

    def _build_widgets(self) -> None:
        self.title = QLineEdit(self)
        self.date = QLineEdit(self)
        self.date.setPlaceholderText("today's date")
        self.introduction = QPlainTextEdit(self)
        self.introduction.setMaximumHeight(110)
        self.introduction.setPlaceholderText("Introduction (blank lines separate paragraphs)")
        form = QFormLayout()
        form.addRow("Title", self.title)
        form.addRow("Date", self.date)
        form.addRow("Introduction", self.introduction)
        self.title.editingFinished.connect(lambda: self._edit_text("title", self.title.text()))
        self.date.editingFinished.connect(lambda: self._edit_text("date", self.date.text()))
        self.introduction.textChanged.connect(
            lambda: self._edit_text("introduction", self.introduction.toPlainText())
        )
        self.filters = FilterBar(self)
        self.filters.changed.connect(self.refresh)
        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # keep the citation visible
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setDropIndicatorShown(True)
        self.tree.setAccessibleName("Digest findings")
        self.preview = QTextBrowser(self)
        self.preview.setOpenLinks(False)
        self.preview.setAccessibleName("Digest preview")
        self.options = self._option_row()
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.preview)
        splitter.setSizes([500, 500])
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.filters)
        layout.addWidget(self.options)
        layout.addWidget(splitter, 1)

    def _option_row(self) -> QWidget:
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        self.quotes = QCheckBox("Quotes", row)
        self.comments = QCheckBox("Private comments", row)
        self.by_article = QCheckBox("Group by article", row)
        self.style_choice = QComboBox(row)
        for style in STYLES:
            self.style_choice.addItem(STYLE_LABELS[style], style)
        for widget in (self.quotes, self.comments, self.by_article):
            layout.addWidget(widget)
            widget.toggled.connect(self.schedule_preview)
        layout.addWidget(self.style_choice)
        layout.addStretch(1)
        self.style_choice.currentIndexChanged.connect(self.schedule_preview)
        return row

    # -- state --------------------------------------------------------------------------

    def current_filter(self) -> DigestFilter:
        return self.filters.value()

    def current_options(self) -> DigestOptions:
        return DigestOptions(
            quotes=self.quotes.isChecked(),
            comments=self.comments.isChecked(),
            by_article=self.by_article.isChecked(),
            style=str(self.style_choice.currentData()),
        )

    def refresh(self) -> None:
        """Reload findings, texts and filter choices from the library."""
        data = self.library.digest.data(self.current_filter())
        self.model.load(data)
        self.tree.expandAll()
        self._texts = self.library.digest.texts()
        for field, widget in (("title", self.title), ("date", self.date)):
            if widget.text() != self._texts[field] and not widget.hasFocus():
                widget.setText(self._texts[field])
        if self.introduction.toPlainText() != self._texts["introduction"]:
            self.introduction.blockSignals(True)
            self.introduction.setPlainText(self._texts["introduction"])
            self.introduction.blockSignals(False)
        reviewers = sorted({f.reviewer for g in data.groups for f in g.findings if f.reviewer})
        self.filters.set_choices(
            sorted(a.key for a in data.articles.values()),
            [n.path for n in self.library.topics.flat()],
            reviewers,
        )
        self.schedule_preview()

    def schedule_preview(self) -> None:
        self._preview_timer.start()

    def update_preview(self) -> None:
        assert self.model.data_ is not None
        digest = build_digest(self.model.data_, self.current_options())
        self.preview.setHtml(render_html(digest))

    def _edit_text(self, field: str, value: str) -> None:
        old = self._texts.get(field, "")
        if value == old:
            return
        self._texts[field] = value
        self.run(SetDigestText(field, old, value))

    def run(self, command: Command) -> bool:
        """Push `command` on the bus; a refusal becomes `message`."""
        return self.bus.try_push(command, self.message.emit)

    def apply_changes(self, changes: ChangeSet) -> None:
        """Refresh from what changed (the bus calls this for every change)."""
        if changes.topics or changes.findings or changes.settings or changes.everything:
            if self.isVisible():
                self.refresh()
            else:  # behind the Library tab: reading the whole digest can wait
                self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self._stale = False
            self.refresh()
        super().showEvent(event)
