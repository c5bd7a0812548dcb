"""The screening window: one record at a time, one key per decision, the counts below.

I includes, E excludes with the reason chosen in the picker, M keeps as maybe;
the next record not yet screened is shown at once. Each decision is one
undoable step pushed through the change bus (Edit > Undo in the library window,
or Ctrl+Z here); the window follows the bus, so an undo made elsewhere shows here.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from poemsreader.atomic_files import write_text_atomically
from poemsreader.core.changes import ChangeSet
from poemsreader.core.errors import NotFound
from poemsreader.core.screening import DEFAULT_REASONS, DecideRecord, Decision, ImportSearch
from poemsreader.services.library import Library
from poemsreader.services.screening_jobs import import_search
from poemsreader.storage.screening import ScreeningImportReport, ScreeningRow
from poemsreader.ui.common.background_job import BackgroundJob
from poemsreader.ui.common.change_bus import ChangeBus
from poemsreader.ui.common.tasks import TaskRunner
from poemsreader.ui.review.review_window import ListTableModel, ReviewWindow


class ScreeningModel(ListTableModel[ScreeningRow]):
    """The screening list's rows (adapted from `ScreeningService.rows`)."""

    columns = ("Decision", "Reason", "Language", "Year", "Title")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._row_of: dict[int, int] = {}

    def cells(self, record: ScreeningRow) -> tuple[object, ...]:
        return (
            record.decision.value,
            record.reason,
            record.language,
            record.year or "",
            record.title,
        )

    def rows_replaced(self) -> None:
        self._row_of = {record.id: row for row, record in enumerate(self.rows)}

    def replace(self, record: ScreeningRow) -> None:
        row = self._row_of.get(record.id)
        if row is None:
            return
        self.rows[row] = record
        self.row_changed(row)

    def row_of(self, record_id: int) -> int | None:
        return self._row_of.get(record_id)


def record_html(record: ScreeningRow) -> str:
    e = html.escape
    facts = " · ".join(x for x in (record.journal, str(record.year or ""), record.language) if x)
    types = ", ".join(record.publication_types)
    ids = " · ".join(x for x in (f"PMID {record.pmid}" if record.pmid else "", record.doi) if x)
    return (
        f"<h3>{e(record.title)}</h3><p>{e(record.authors)}</p>"
        f"<p><i>{e(facts)}</i><br>{e(types)}<br>{e(ids)}</p>"
        f"<p>{e(record.abstract) or '<i>(no abstract)</i>'}</p>"
    )


class ScreeningWindow(ReviewWindow):
    title = "Screening"
    object_name = "screening-window"

    def __init__(
        self,
        library: Library,
        bus: ChangeBus,
        tasks: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(library, bus, tasks, parent)
        self.model = ScreeningModel(self)
        self._build()
        self._build_keys()
        self.reload()

    # -- layout -------------------------------------------------------------------------

    def _build(self) -> None:
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        self.detail = QTextBrowser(self)
        self.detail.setObjectName("screening-record")
        self.reason = QComboBox(self)
        self.reason.setEditable(True)
        self.reason.setAccessibleName("Reason for excluding")
        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("screening-counts")
        self.counts_label.setWordWrap(True)
        buttons = QHBoxLayout()
        self.import_button = QPushButton("&Import Search…", self)
        self.import_button.clicked.connect(self.choose_search)
        self.export_button = QPushButton("Export &Counts…", self)
        self.export_button.clicked.connect(self.choose_counts_file)
        self.include_button = QPushButton("Include (I)", self)
        self.exclude_button = QPushButton("Exclude (E)", self)
        self.maybe_button = QPushButton("Maybe (M)", self)
        self.include_button.clicked.connect(lambda: self.decide(Decision.INCLUDE))
        self.exclude_button.clicked.connect(lambda: self.decide(Decision.EXCLUDE))
        self.maybe_button.clicked.connect(lambda: self.decide(Decision.MAYBE))
        for widget in (self.import_button, self.export_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        for part in (self.include_button, self.exclude_button, QLabel("because"), self.reason):
            buttons.addWidget(part)
        buttons.addWidget(self.maybe_button)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)
        layout.addWidget(self.counts_label)
        self.resize(900, 700)

    def _build_keys(self) -> None:
        keys = {"I": Decision.INCLUDE, "E": Decision.EXCLUDE, "M": Decision.MAYBE}
        for key, decision in keys.items():
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda d=decision: self.decide(d))
        for sequence, step in (
            (QKeySequence.StandardKey.Undo, self.bus.undo_stack.undo),
            (QKeySequence.StandardKey.Redo, self.bus.undo_stack.redo),
        ):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(step)

    # -- showing ------------------------------------------------------------------------

    def refresh(self) -> None:
        self.reload()

    def apply_changes(self, changes: ChangeSet) -> None:
        """A decision (here, by Undo elsewhere, or by the command line) changes its
        row and the counts; records added or taken off re-read the list."""
        if changes.everything:
            self.reload()
        elif changes.screening:
            try:
                self._replace_rows(changes.screening)
            except NotFound:  # taken off the list
                self.reload()
            else:
                self._fill_reasons()
                self._show_counts()

    def _replace_rows(self, record_ids: set[int]) -> None:
        if any(self.model.row_of(record_id) is None for record_id in record_ids):
            raise NotFound("a record not in the list yet")
        for record_id in record_ids:
            self.model.replace(self.library.screening.row(record_id))
        current = self.current_record()
        if current is not None and current.id in record_ids:
            self._show_current()

    def reload(self) -> None:
        current = self.current_record()
        self.model.reset(self.library.screening.rows())
        self._fit_column(0, [ScreeningModel.columns[0], *(d.value for d in Decision)])
        self.table.resizeColumnToContents(2)  # language
        self.table.resizeColumnToContents(3)  # year
        self._fill_reasons()
        self._show_counts()
        target = current.id if current else None
        row = self.model.row_of(target) if target is not None else None
        self._select(row if row is not None else self._next_undecided(-1))

    def _fill_reasons(self) -> None:
        chosen = self.reason.currentText()
        reasons = list(dict.fromkeys([*self.library.screening.reasons(), *DEFAULT_REASONS]))
        self.reason.clear()
        self.reason.addItems(reasons)
        if chosen:
            self.reason.setCurrentText(chosen)
        self._fit_column(1, [ScreeningModel.columns[1], *self.library.screening.reasons()])

    def _fit_column(self, column: int, texts: list[str]) -> None:
        """Wide enough for the longest of `texts` on one line (without reading every row)."""
        metrics = self.table.fontMetrics()
        widest = max(metrics.horizontalAdvance(text) for text in texts)
        self.table.setColumnWidth(column, widest + 24)

    def _show_counts(self) -> None:
        counts = self.library.screening.counts()
        reasons = ", ".join(f"{r}: {n}" for r, n in sorted(counts.excluded_by_reason.items()))
        self.counts_label.setText(
            f"Identified {counts.identified} · duplicates removed {counts.duplicates} · "
            f"screened {counts.screened} · included {counts.included} · "
            f"excluded {counts.excluded}{f' ({reasons})' if reasons else ''} · "
            f"maybe {counts.maybe} · to screen {counts.undecided} · read {counts.read}"
        )

    def current_record(self) -> ScreeningRow | None:
        row = self.table.currentIndex().row()
        return self.model.row_at(row)

    def _show_current(self) -> None:
        record = self.current_record()
        self.detail.setHtml(record_html(record) if record else "<p>Nothing to screen.</p>")

    def _select(self, row: int | None) -> None:
        if row is None or not 0 <= row < self.model.rowCount():
            self._show_current()
            return
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        self._show_current()

    def _next_undecided(self, after: int) -> int | None:
        records = self.model.rows
        for row in [*range(after + 1, len(records)), *range(0, after + 1)]:
            if records[row].decision == Decision.UNDECIDED:
                return row
        return None

    # -- deciding -----------------------------------------------------------------------

    def decide(self, decision: Decision) -> None:
        record = self.current_record()
        if record is None:
            return
        reason = self.reason.currentText().strip() if decision == Decision.EXCLUDE else ""
        if not self.bus.try_push(DecideRecord(record.id, decision, reason), self._failed):
            return
        row = self.model.row_of(record.id)
        assert row is not None
        following = self._next_undecided(row)
        self._select(following if following is not None else row)

    # -- importing and exporting --------------------------------------------------------

    def choose_search(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Import Search", "", "Search exports (*.nbib *.txt *.ris *.medline);;All (*)"
        )
        if name:
            self.import_search(Path(name))

    def import_search(self, path: Path) -> BackgroundJob:
        """Read the search in a child process; one undoable step when it is in."""
        job = self.tasks.start(
            self, f"Importing {path.name}…", import_search, self.library.root, path
        )
        job.hold(self.import_button)
        job.succeeded.connect(lambda report, p=path: self._imported(p, report))
        job.failed.connect(lambda message, _details: self._failed(message))
        return job

    def _imported(self, path: Path, report: ScreeningImportReport) -> None:
        self.bus.push_applied(ImportSearch(str(path), report.import_id), report.changes())
        self.counts_label.setToolTip(report.summary())

    def _failed(self, message: str) -> None:
        QMessageBox.warning(self, "Screening", message)

    def choose_counts_file(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Export Counts", "prisma-counts.json")
        if name:
            self.export_counts(Path(name))

    def export_counts(self, path: Path) -> None:
        data = self.library.screening.counts().as_dict()
        write_text_atomically(path, json.dumps(data, indent=2) + "\n")
