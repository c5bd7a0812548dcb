"""The reference editor: an article's authors, title, journal, pages, ids and status.

Every change is committed at once as an undoable command (no Save button): the
widget builds the new record and hands an `EditArticleRecord` to the
`push_command` callable it was given (the main window's undo stack). The
citation key shown at the top is read back from the library after each change,
so it follows the first author and year as the reviewer types.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRegularExpression,
    Qt,
)
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from poemsreader.core.changes import ChangeSet
from poemsreader.core.commands import Command
from poemsreader.core.errors import PoemsReaderError
from poemsreader.core.model import ArticleRecord, Author, ReadingStatus
from poemsreader.core.reference_commands import AttachPdf, EditArticleRecord
from poemsreader.ui.library.pdf_inspection import PdfInspector

PushCommand = Callable[[Command], object]
AnyIndex = QModelIndex | QPersistentModelIndex
TEXT_FIELDS = (
    ("title", "Title"),
    ("journal", "Journal"),
    ("volume", "Volume"),
    ("issue", "Issue"),
    ("pages", "Pages"),
    ("published", "Date"),
    ("doi", "DOI"),
    ("pmid", "PMID"),
)


class AuthorsModel(QAbstractTableModel):
    """The ordered authors of one article: family and given names, editable."""

    HEADERS = ("Family name", "Given names")

    def __init__(self, on_edit: Callable[[list[Author]], None], parent: Any = None) -> None:
        super().__init__(parent)
        self._authors: list[Author] = []
        self._on_edit = on_edit

    def authors(self) -> list[Author]:
        return list(self._authors)

    def set_authors(self, authors: list[Author]) -> None:
        if authors == self._authors:
            return
        self.beginResetModel()
        self._authors = list(authors)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._authors)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.EditRole,
        ):
            return None
        author = self._authors[index.row()]
        return author.family if index.column() == 0 else author.given

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < 2:
            return self.HEADERS[section]
        return str(section + 1) if orientation == Qt.Orientation.Vertical else None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        text = " ".join(str(value).split())
        old = self._authors[index.row()]
        new = replace(old, family=text) if index.column() == 0 else replace(old, given=text)
        if new == old:
            return False
        self._authors[index.row()] = new
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])
        self._on_edit(self.authors())
        return True


class ArticleEditor(QWidget):
    """Edit one article's reference; every change goes through `push_command`."""

    def __init__(
        self,
        library: Any,
        push_command: PushCommand,
        parent: QWidget | None = None,
        publish: Callable[[ChangeSet], object] = lambda _changes: None,
    ):
        """`publish` hears changes that are not undoable steps (relinking a moved PDF)."""
        super().__init__(parent)
        self.library = library
        self.push_command = push_command
        self.publish = publish
        self.article_id: int | None = None
        self.key_label = QLabel()
        self.key_label.setObjectName("citekey")
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setWordWrap(True)
        self.authors = AuthorsModel(self._authors_edited, self)
        self.authors_view = QTableView()
        self.fields: dict[str, QLineEdit] = {}
        self.year = QLineEdit()
        self.status = QComboBox()
        self.pdf_label = QLabel()
        self.proposals_label = QLabel()
        self.review_button = QPushButton("Review proposed changes…")
        self.relink_button = QPushButton("Locate moved PDF…")
        self.inspector: PdfInspector | None = None
        self._build()

    # -- layout -------------------------------------------------------------------------

    def _build(self) -> None:
        self.key_label.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.authors_view.setModel(self.authors)
        self.authors_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.authors_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.authors_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # empty is a valid year: an article not yet dated ("n.d."), so it can be cleared
        self.year.setValidator(QRegularExpressionValidator(QRegularExpression(r"|[12]\d{3}"), self))
        self.year.editingFinished.connect(self._commit_fields)
        for status in ReadingStatus:
            self.status.addItem(status.value.capitalize(), status)
        self.status.activated.connect(self._commit_fields)
        form = QFormLayout()
        for name, label in TEXT_FIELDS[:1]:
            form.addRow(label, self._line(name))
        form.addRow("Year", self.year)
        for name, label in TEXT_FIELDS[1:]:
            form.addRow(label, self._line(name))
        form.addRow("Reading status", self.status)
        layout = QVBoxLayout(self)
        layout.addWidget(self.key_label)
        layout.addWidget(QLabel("Authors (in order)"))
        layout.addWidget(self.authors_view, 1)
        layout.addLayout(self._author_buttons())
        layout.addLayout(form)
        layout.addLayout(self._pdf_row())
        self.setEnabled(False)

    def _line(self, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.editingFinished.connect(self._commit_fields)
        self.fields[name] = edit
        return edit

    def _author_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for text, tip, slot in (
            ("Add", "Add an author at the end", self.add_author),
            ("Remove", "Remove the selected author", self.remove_author),
            ("Up", "Move the selected author up", lambda: self.move_author(-1)),
            ("Down", "Move the selected author down", lambda: self.move_author(1)),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.setAccessibleName(tip)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _pdf_row(self) -> QVBoxLayout:
        rows = QVBoxLayout()
        self.pdf_label.setWordWrap(True)
        rows.addWidget(self.pdf_label)
        pdf = QHBoxLayout()
        attach = QPushButton("Attach PDF…")
        attach.clicked.connect(self._attach_dialog)
        self.relink_button.clicked.connect(self._relink_dialog)
        pdf.addWidget(attach)
        pdf.addWidget(self.relink_button)
        pdf.addStretch(1)
        proposals = QHBoxLayout()
        proposals.addWidget(self.proposals_label, 1)
        self.review_button.clicked.connect(self._review_proposals)
        proposals.addWidget(self.review_button)
        rows.addLayout(pdf)
        rows.addLayout(proposals)
        return rows

    # -- showing an article -------------------------------------------------------------

    def set_article(self, article_id: int | None) -> None:
        self.article_id = article_id
        self.refresh()

    def on_changes(self, changes: ChangeSet) -> None:
        """Refresh when the undo stack (or anything else) changed this article."""
        if self.article_id is not None and changes.touches_article(self.article_id):
            self.refresh()

    def refresh(self) -> None:
        self.setEnabled(self.article_id is not None)
        if self.article_id is None:
            self.key_label.setText("No article selected")
            self.authors.set_authors([])
            for edit in (*self.fields.values(), self.year):
                edit.clear()
            self.pdf_label.clear()
            return
        meta = self.library.references.metadata(self.article_id)
        record = meta.record
        self.key_label.setText(meta.citekey)
        self.key_label.setToolTip(
            "Cited by findings: the key stays as it is when the reference changes."
            if meta.key_locked
            else "The key follows the first author and year."
        )
        self.authors.set_authors(record.authors)
        for name, edit in self.fields.items():
            if edit.text() != getattr(record, name):
                edit.setText(getattr(record, name))
                edit.setCursorPosition(0)  # a long title shows its beginning
        self.year.setText(str(record.year) if record.year else "")
        self.status.setCurrentIndex(self.status.findData(meta.reading_status))
        self._show_pdf()
        pending = len(self.library.references.proposals(self.article_id))
        self.proposals_label.setText(
            f"An import proposes {pending} change{'s' if pending != 1 else ''} "
            "to fields you edited."
            if pending
            else ""
        )
        self.review_button.setVisible(bool(pending))

    def _show_pdf(self) -> None:
        assert self.article_id is not None
        paths = self.library.references.document_paths(self.article_id)
        missing = [p for p in paths if not p.exists()]
        self.relink_button.setEnabled(bool(missing))
        if not paths:
            self.pdf_label.setText("No PDF attached.")
            return
        note = " (missing: locate it)" if missing else ""
        stored = paths[0].is_relative_to(self.library.root)
        where = "kept in the library" if stored else paths[0].name
        self.pdf_label.setText(f"PDF: {where}{note}")
        self.pdf_label.setToolTip(str(paths[0]))

    # -- edits --------------------------------------------------------------------------

    def _form_record(self, authors: list[Author] | None = None) -> ArticleRecord:
        assert self.article_id is not None
        stored = self.library.references.metadata(self.article_id).record
        year_text = self.year.text().strip()
        values = {name: " ".join(edit.text().split()) for name, edit in self.fields.items()}
        return replace(
            stored,
            authors=list(self.authors.authors() if authors is None else authors),
            year=int(year_text) if year_text.isdigit() else None,
            **values,
        )

    def _push(self, record: ArticleRecord, text: str) -> None:
        assert self.article_id is not None
        meta = self.library.references.metadata(self.article_id)
        status = self.status.currentData() or meta.reading_status
        if record == meta.record and status == meta.reading_status:
            return
        self.push_command(EditArticleRecord(self.article_id, record, status, text))
        self.refresh()

    def _commit_fields(self) -> None:
        if self.article_id is not None:
            self._push(self._form_record(), "Edit reference")

    def _authors_edited(self, authors: list[Author]) -> None:
        if self.article_id is not None:
            self._push(self._form_record(authors), "Edit authors")

    def add_author(self) -> None:
        authors = [*self.authors.authors(), Author("New author", "")]
        self.authors.set_authors(authors)
        self._authors_edited(authors)
        self.authors_view.edit(self.authors.index(len(authors) - 1, 0))

    def _selected_row(self) -> int | None:
        rows = self.authors_view.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def remove_author(self) -> None:
        row = self._selected_row()
        if row is None:
            return
        authors = self.authors.authors()
        del authors[row]
        self.authors.set_authors(authors)
        self._authors_edited(authors)

    def move_author(self, step: int) -> None:
        row = self._selected_row()
        authors = self.authors.authors()
        if row is None or not 0 <= row + step < len(authors):
            return
        authors[row], authors[row + step] = authors[row + step], authors[row]
        self.authors.set_authors(authors)
        self._authors_edited(authors)
        self.authors_view.selectRow(row + step)

    def _review_proposals(self) -> None:
        from poemsreader.ui.references.reference_dialogs import ProposalsDialog

        dialog = ProposalsDialog(self.library, self.push_command, self)
        dialog.finished.connect(self.refresh)
        dialog.open()

    def _attach_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Attach the article's PDF", "", "PDF (*.pdf)")
        if name:
            self.attach_pdf(Path(name))

    def attach_pdf(self, path: Path) -> None:
        """Inspect `path` in a worker process, then attach it (one undoable step)."""
        if self.article_id is None:
            return
        if self.inspector is None:
            self.inspector = PdfInspector(self)
            self.inspector.finished.connect(self._attach_inspected)
            self.inspector.failed.connect(lambda text: QMessageBox.warning(self, "PDF", text))
        self.pdf_label.setText(f"Reading {path.name}…")
        self.inspector.inspect(path)

    def _attach_inspected(self, facts: Any) -> None:
        if self.article_id is None:
            return
        owner = self.library.articles.find_by_sha256(facts.sha256)
        if owner is not None and owner != self.article_id:
            key = self.library.articles.key(owner)
            QMessageBox.warning(self, "PDF", f"{facts.path.name} is already the PDF of {key}.")
        elif owner is None:
            self.push_command(AttachPdf(self.article_id, facts))
        self.refresh()

    def close_workers(self) -> None:
        if self.inspector is not None:
            self.inspector.close()

    def _relink_dialog(self) -> None:
        if self.article_id is None:
            return
        name, _ = QFileDialog.getOpenFileName(self, "Locate the moved PDF", "", "PDF (*.pdf)")
        if not name:
            return
        try:
            self.library.references.relink_pdf(self.article_id, Path(name))
        except PoemsReaderError as error:
            QMessageBox.warning(self, "poemsreader", str(error))
        else:
            self.publish(ChangeSet(articles={self.article_id}))
        self.refresh()
