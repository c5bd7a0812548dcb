"""The finding editor, docked beside the page: every change is saved, undoably.

The editor never writes itself: each edit becomes a core command handed to
`push_command` (the change bus), and the editor re-reads the finding when the
change set comes back. Typing into the statement, quote or comment is saved after
a short pause (`ui/common/text_autosave.py`), never per keystroke, as one undo step per
burst; a field holding unsaved typing is never overwritten by a refresh.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from poemsreader.core.changes import ChangeSet
from poemsreader.core.commands import Command
from poemsreader.core.errors import NotFound
from poemsreader.core.finding_commands import (
    DeleteFinding,
    EditFinding,
    RecolourFinding,
    RestoreFinding,
    SetTopics,
)
from poemsreader.core.model import FindingStatus
from poemsreader.services.library import Library
from poemsreader.storage.findings import FindingInfo
from poemsreader.ui.common.text_autosave import TextAutosave

# The highlight colours picked with the number keys 1–8 (Okular's and Zotero's palettes agree
# closely on these): yellow, green, blue, pink, orange, purple, red, grey.
HIGHLIGHT_COLOURS = (
    "#ffd400",
    "#5fb236",
    "#2ea8e5",
    "#ff6666",
    "#f19837",
    "#a28ae5",
    "#e56eee",
    "#aaaaaa",
)

PushCommand = Callable[[Command], object]


class TopicList(QWidget):
    """The finding's topics in order, with a completing line to add one (new ones too)."""

    topicsEdited = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget(self)
        self.list.setMaximumHeight(72)
        self.entry = QLineEdit(self)
        self.entry.setPlaceholderText("Add a topic (Parent/Child creates it)…")
        self.completions = QStringListModel(self)
        completer = QCompleter(self.completions, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.entry.setCompleter(completer)
        self.entry.returnPressed.connect(self._add)
        self.remove_button = QToolButton(self)
        self.remove_button.setText("Remove")
        self.remove_button.setToolTip("Remove the selected topic from this finding")
        self.remove_button.clicked.connect(self._remove)
        self.remove_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.list.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.entry, 1)
        row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(row)

    def topics(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def set_topics(self, topics: list[str]) -> None:
        if topics != self.topics():
            self.list.clear()
            self.list.addItems(topics)

    def set_known(self, paths: list[str]) -> None:
        self.completions.setStringList(paths)

    def _add(self) -> None:
        path = "/".join(p.strip() for p in self.entry.text().split("/") if p.strip())
        self.entry.clear()
        if path and path not in self.topics():
            self.topicsEdited.emit([*self.topics(), path])

    def _remove(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            topics = self.topics()
            del topics[row]
            self.topicsEdited.emit(topics)


class FindingEditor(QWidget):
    """Statement, quote, topics, tags, status, comment, colour and the citation of one finding."""

    def __init__(
        self, library: Library, push_command: PushCommand, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.push_command = push_command
        self.uuid = ""
        self.info: FindingInfo | None = None
        self.autosave = TextAutosave(self._save_text, self)
        self._build()
        self.set_finding("")

    # ----- building -------------------------------------------------------------------
    def _build(self) -> None:
        self.citation_label = QLabel(self)
        self.citation_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.citation_label.setStyleSheet("font-weight: bold")
        self.statement = QPlainTextEdit(self)
        self.statement.setPlaceholderText("The finding, in your own words")
        self.statement.setTabChangesFocus(True)
        self.autosave.watch("statement", self.statement)
        self.quote = QPlainTextEdit(self)
        self.quote.setReadOnly(True)
        self.quote.setTabChangesFocus(True)
        self.quote.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # reached only while editing it
        self.quote.setMaximumHeight(90)
        self.quote.setStyleSheet(
            'QPlainTextEdit[readOnly="true"] '
            "{ color: palette(placeholder-text); font-style: italic; }"
            'QPlainTextEdit[readOnly="false"] { border: 2px solid palette(highlight); }'
        )
        self.autosave.watch("quote", self.quote)
        self.edit_quote = QPushButton("Edit quote", self)
        self.edit_quote.setCheckable(True)
        self.edit_quote.setToolTip("The quote is the article's text: change it only on purpose")
        self.edit_quote.toggled.connect(self._quote_editing)
        self.topics = TopicList(self)
        self.topics.topicsEdited.connect(self._set_topics)
        self.tags = QLineEdit(self)
        self.tags.setPlaceholderText("tags, separated by commas")
        self.tags.editingFinished.connect(self._edit_tags)
        self.status = QComboBox(self)
        for status in FindingStatus:
            self.status.addItem(status.value, status.value)
        self.status.activated.connect(self._edit_status)
        self.comment = QPlainTextEdit(self)
        self.comment.setPlaceholderText("Private comment (not in the digest)")
        self.comment.setMaximumHeight(90)
        self.comment.setTabChangesFocus(True)
        self.autosave.watch("comment", self.comment)
        self.colour_buttons = [self._colour_button(i, c) for i, c in enumerate(HIGHLIGHT_COLOURS)]
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.clicked.connect(self._toggle_deleted)
        self._layout()

    def _colour_button(self, index: int, colour: str) -> QToolButton:
        button = QToolButton(self)
        button.setCheckable(True)
        button.setAutoRaise(True)
        button.setFixedSize(22, 22)
        button.setToolTip(f"Colour {index + 1}")
        button.setStyleSheet(
            f"QToolButton {{ background: {colour}; border: 1px solid palette(mid); "
            "border-radius: 3px; }"
            "QToolButton:checked { border: 2px solid palette(highlight); }"
        )
        button.clicked.connect(lambda _=False, c=colour: self.recolour(c))
        return button

    def _layout(self) -> None:
        quote_row = QVBoxLayout()
        quote_row.addWidget(self.quote)
        quote_row.addWidget(self.edit_quote, 0, Qt.AlignmentFlag.AlignRight)
        colours = QHBoxLayout()
        colours.setSpacing(3)
        for button in self.colour_buttons:
            colours.addWidget(button)
        colours.addStretch(1)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Citation", self.citation_label)
        form.addRow("Finding", self.statement)
        form.addRow("Quote", quote_row)
        form.addRow("Topics", self.topics)
        form.addRow("Tags", self.tags)
        form.addRow("Status", self.status)
        form.addRow("Comment", self.comment)
        form.addRow("Colour", colours)
        form.addRow("", self.delete_button)
        self._tab_order(quote=False)

    def _tab_order(self, quote: bool) -> None:
        """Statement → (the quote, while editing it) → topics → tags → status → comment."""
        chain = [self.statement, *([self.quote] if quote else []), self.topics.entry]
        chain += [self.tags, self.status, self.comment, self.edit_quote, *self.colour_buttons]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    def _quote_editing(self, on: bool) -> None:
        """Edit quote: the quote takes focus and typing, framed, and the button says so."""
        self.quote.setReadOnly(not on)
        self.quote.setFocusPolicy(Qt.FocusPolicy.StrongFocus if on else Qt.FocusPolicy.NoFocus)
        self.edit_quote.setText("Editing quote — click to stop" if on else "Edit quote")
        self.quote.style().unpolish(self.quote)
        self.quote.style().polish(self.quote)
        self._tab_order(quote=on)
        if on:
            self.quote.setFocus(Qt.FocusReason.OtherFocusReason)

    # ----- showing --------------------------------------------------------------------
    def set_finding(self, uuid: str) -> None:
        """Edit this finding ('' shows an empty, disabled editor)."""
        if uuid != self.uuid:
            self.autosave.flush()  # typing into the previous finding is saved to it
            self.edit_quote.setChecked(False)
        self.uuid = uuid
        self.refresh()

    def apply_changes(self, changes: ChangeSet) -> None:
        if self.uuid and (self.uuid in changes.findings or changes.articles or changes.everything):
            self.refresh()
        elif changes.topics:
            self.topics.set_known(self.library.findings.topic_paths())

    def refresh(self) -> None:
        try:
            self.info = self.library.findings.get(self.uuid) if self.uuid else None
        except NotFound:
            self.info, self.uuid = None, ""
        self.setEnabled(self.info is not None)
        self.topics.set_known(self.library.findings.topic_paths())
        info = self.info
        self._set_text(self.statement, info.statement if info else "")
        self._set_text(self.quote, info.quote if info else "")
        self._set_text(self.comment, info.comment if info else "")
        self.topics.set_topics(info.topics if info else [])
        if not self.tags.hasFocus():
            self.tags.setText(", ".join(info.tags) if info else "")
        self.status.setCurrentIndex(self.status.findData(info.status.value if info else "new"))
        for button, colour in zip(self.colour_buttons, HIGHLIGHT_COLOURS, strict=True):
            button.setChecked(bool(info) and QColor(colour) == QColor(info.colour))
        self.citation_label.setText(info.citation if info else "")
        deleted = bool(info and info.deleted)
        self.delete_button.setText("Restore" if deleted else "Delete")

    def flush(self) -> None:
        """Save pending typing now (focus leaving, the window closing, quitting)."""
        self.autosave.flush()

    def _set_text(self, widget: QPlainTextEdit, text: str) -> None:
        field = next(name for name, w in self.autosave.fields.items() if w is widget)
        if not self.autosave.pending(field) and widget.toPlainText() != text:
            widget.blockSignals(True)
            widget.setPlainText(text)
            widget.blockSignals(False)

    # ----- editing: each edit is a command ------------------------------------------
    def _push(self, command: Command) -> None:
        """Push `command`, after any typing not yet saved (so undo takes back in order)."""
        self.autosave.flush()
        if self.uuid:
            self.push_command(command)

    def _save_text(self, field: str, text: str, burst: int) -> None:
        if self.info is not None and getattr(self.info, field) != text:
            self._push(EditFinding(self.uuid, field, text, burst=burst))

    def _edit_tags(self) -> None:
        tags = sorted({t.strip() for t in self.tags.text().split(",") if t.strip()})
        if self.info is not None and tags != self.info.tags:
            self._push(EditFinding(self.uuid, "tags", tags, text="Change tags"))

    def _edit_status(self) -> None:
        status = FindingStatus(self.status.currentData())
        if self.info is not None and status != self.info.status:
            self._push(EditFinding(self.uuid, "status", status, text="Change status"))

    def _set_topics(self, topics: list[str]) -> None:
        self._push(SetTopics(self.uuid, topics))

    def recolour(self, colour: str) -> None:
        if self.info is not None and colour != self.info.colour:
            self._push(RecolourFinding(self.uuid, colour))
        else:
            self.refresh()

    def _toggle_deleted(self) -> None:
        if self.info is not None:
            self._push(RestoreFinding(self.uuid) if self.info.deleted else DeleteFinding(self.uuid))
