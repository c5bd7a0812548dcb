"""Importing reference files from the window, and reviewing proposed changes.

`record_imports` puts the imports File > Import References… ran (in a child
process, see ui/reference_actions) on the undo stack; the `ProposalsDialog`
lists the values an import wanted to put into fields the reviewer had edited by
hand, to accept or reject one by one, each an undoable command.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from poemsreader.core.changes import ChangeSet
from poemsreader.core.commands import Command
from poemsreader.core.reference_commands import ImportReferences, ResolveProposal
from poemsreader.services.jobs import ImportedReferences
from poemsreader.storage.references import ProposedChange, format_value

PushCommand = Callable[[Command], object]
AnyIndex = QModelIndex | QPersistentModelIndex
FILE_FILTER = (
    "Reference files (*.bib *.biblatex *.ris *.nbib *.txt *.json);;"
    "BibTeX (*.bib *.biblatex);;RIS (*.ris);;PubMed MEDLINE (*.nbib *.txt);;"
    "CSL-JSON (*.json);;All files (*)"
)


def record_imports(
    parent: QWidget | None,
    imported: list[ImportedReferences],
    push_applied: Callable[[Command, ChangeSet], object],
) -> list[str]:
    """Put each file's import (already done) on the undo stack as one step, and show
    what it merged into articles already there (by key, so a wrong merge is seen and
    undone) and the entries that were skipped. Returns those problems."""
    problems: list[str] = []
    merges: list[str] = []
    for item in imported:
        command = ImportReferences(item.parsed, item.source)
        command.report = item.report
        push_applied(command, item.report.changes())
        problems.extend(item.report.problems)
        merges.extend(f"{item.source}: {line}" for line in item.report.merges)
    if problems or merges:
        _show_import_outcome(parent, merges, problems)
    return problems


def _show_import_outcome(parent: QWidget | None, merges: list[str], problems: list[str]) -> None:
    icon = QMessageBox.Icon.Warning if problems else QMessageBox.Icon.Information
    box = QMessageBox(icon, "Import references", "", parent=parent)
    sentences = []
    if merges:
        sentences.append(
            f"{len(merges)} merged into articles of the library (Undo takes the import back):"
        )
        sentences.extend(line.partition(": ")[2] for line in merges[:5])
    if problems:
        sentences.append(f"{len(problems)} entries were skipped or had problems.")
    box.setText("\n".join(sentences))
    box.setDetailedText("\n".join(merges + problems))
    box.setObjectName("importOutcome")
    box.open()


class ProposalsModel(QAbstractTableModel):
    HEADERS = ("Article", "Field", "Current value", "Proposed value", "From")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ProposedChange] = []

    def set_proposals(self, proposals: list[ProposedChange]) -> None:
        self.beginResetModel()
        self._rows = list(proposals)
        self.endResetModel()

    def proposal(self, row: int) -> ProposedChange:
        return self._rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        change = self._rows[index.row()]
        values = (
            change.key,
            change.field,
            format_value(change.field, change.current),
            format_value(change.field, change.proposed),
            change.source,
        )
        return values[index.column()]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return None


class ProposalsDialog(QDialog):
    """Proposed changes from imports, accepted or rejected one by one (undoable)."""

    def __init__(self, library: Any, push_command: PushCommand, parent: QWidget | None = None):
        super().__init__(parent)
        self.library = library
        self.push_command = push_command
        self.setWindowTitle("Proposed changes to references")
        self.resize(820, 360)
        self.model = ProposalsModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.accept_button = QPushButton("Accept")
        self.reject_button = QPushButton("Keep mine")
        buttons.addButton(self.accept_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.reject_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        self.accept_button.clicked.connect(lambda: self.resolve(True))
        self.reject_button.clicked.connect(lambda: self.resolve(False))
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        proposals = self.library.references.proposals()
        self.model.set_proposals(proposals)
        self.summary.setText(
            f"{len(proposals)} imported values disagree with fields you edited by hand."
            if proposals
            else "No proposed changes."
        )
        if proposals:
            self.view.selectRow(0)
            self.view.resizeColumnsToContents()
        self.accept_button.setEnabled(bool(proposals))
        self.reject_button.setEnabled(bool(proposals))

    def resolve(self, accept: bool) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return
        self.push_command(ResolveProposal(self.model.proposal(rows[0].row()), accept))
        self.refresh()
