"""The evidence table and the article × topic matrix, in one window with two tabs.

A value typed into the table is checked against its field's type before it is
stored (one undoable step); a refused value leaves the cell as it was and says
why. Clicking a matrix cell lists that article's findings under that topic.
Edits go through the change bus; the window re-reads on every change it hears.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from poemsreader.core.errors import PoemsReaderError
from poemsreader.core.evidence import (
    AddEvidenceField,
    FieldDef,
    FieldKind,
    Matrix,
    SetEvidenceValue,
    Value,
    shown,
)
from poemsreader.digest.tables import TABLE_FORMATS
from poemsreader.services.library import Library
from poemsreader.ui.common.change_bus import ChangeBus
from poemsreader.ui.common.tasks import TaskRunner
from poemsreader.ui.review.review_window import ListTableModel, ModelIndex, ReviewWindow

OVERLAP_COLOUR = QColor("#fff0c0")


ArticleRow = tuple[int, str]  # article id, citation key


class EvidenceModel(ListTableModel[ArticleRow]):
    """Articles × fields; `edited` carries (article id, field id, typed text) to the window.

    Its columns are the article, one per evidence field, and the possible overlap."""

    edited = Signal(int, int, str)
    roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields: list[FieldDef] = []
        self.values: dict[tuple[int, int], Value] = {}
        self.overlaps: dict[int, list[str]] = {}

    def reset_table(
        self,
        articles: list[ArticleRow],
        fields: list[FieldDef],
        values: dict[tuple[int, int], Value],
        overlaps: dict[int, list[str]],
    ) -> None:
        self.beginResetModel()
        self.rows, self.fields, self.values, self.overlaps = articles, fields, values, overlaps
        self.columns = (
            "Article",
            *(f"{f.name} ({f.kind.value})" for f in fields),
            "Possible overlap",
        )
        self.endResetModel()

    def _field(self, column: int) -> FieldDef | None:
        return self.fields[column - 1] if 1 <= column <= len(self.fields) else None

    def cell(self, row: ArticleRow, column: int) -> object:
        article_id, key = row
        if column == 0:
            return key
        definition = self._field(column)
        if definition is None:
            return "; ".join(self.overlaps.get(article_id, []))
        return shown(self.values.get((article_id, definition.id)))

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid():
            article_id, _key = self.rows[index.row()]
            return QBrush(OVERLAP_COLOUR) if self.overlaps.get(article_id) else None
        return super().data(index, role)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if self._field(index.column()) is not None:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(
        self, index: ModelIndex, value: object, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        definition = self._field(index.column())
        if definition is None or role != Qt.ItemDataRole.EditRole:
            return False
        self.edited.emit(self.rows[index.row()][0], definition.id, str(value))
        return False  # the window stores it; the model shows it after the reload


class MatrixModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.matrix = Matrix([], [])

    def reset(self, matrix: Matrix) -> None:
        self.beginResetModel()
        self.matrix = matrix
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.matrix.articles)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.matrix.topics)

    def cell(self, index: ModelIndex) -> tuple[int, int]:
        return self.matrix.articles[index.row()][0], self.matrix.topics[index.column()][0]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        count = self.matrix.count(*self.cell(index))
        return str(count) if count else ""

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.matrix.topics[section][1]
        return self.matrix.articles[section][1]


class AddFieldDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add Evidence Field")
        self.name = QLineEdit(self)
        self.kind = QComboBox(self)
        self.kind.addItems([k.value for k in FieldKind])
        self.choices = QLineEdit(self)
        self.choices.setPlaceholderText("for a choice: retrospective, prospective, case report")
        self.population = QCheckBox("Articles sharing a value may report the same patients", self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Name", self.name)
        form.addRow("&Type", self.kind)
        form.addRow("&Choices", self.choices)
        form.addRow("", self.population)
        form.addRow(buttons)

    def command(self) -> AddEvidenceField:
        choices = [c.strip() for c in self.choices.text().split(",") if c.strip()]
        kind = FieldKind(self.kind.currentText())
        return AddEvidenceField(self.name.text(), kind, choices, self.population.isChecked())


class EvidenceWindow(ReviewWindow):
    title = "Evidence Table"
    object_name = "evidence-window"

    def __init__(
        self,
        library: Library,
        bus: ChangeBus,
        tasks: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(library, bus, tasks, parent)
        self.evidence_model = EvidenceModel(self)
        # queued: storing reloads the model, which must not happen while the editor commits
        self.evidence_model.edited.connect(self.set_value, Qt.ConnectionType.QueuedConnection)
        self.matrix_model = MatrixModel(self)
        self._build()
        self.refresh()

    def _build(self) -> None:
        self.table = QTableView(self)
        self.table.setModel(self.evidence_model)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.matrix = QTableView(self)
        self.matrix.setModel(self.matrix_model)
        self.matrix.clicked.connect(self.show_cell)
        self.cell_findings = QListWidget(self)
        self.cell_findings.setAccessibleName("Findings of the chosen cell")
        self.message = QLabel(self)
        self.add_field_button = QPushButton("&Add Field…", self)
        self.add_field_button.clicked.connect(self.choose_new_field)
        export_table = QPushButton("Export &Table…", self)
        export_table.clicked.connect(lambda: self.choose_export("evidence"))
        export_matrix = QPushButton("Export &Matrix…", self)
        export_matrix.clicked.connect(lambda: self.choose_export("matrix"))
        matrix_page = QWidget(self)
        matrix_layout = QVBoxLayout(matrix_page)
        matrix_layout.addWidget(self.matrix, 3)
        matrix_layout.addWidget(self.cell_findings, 1)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.table, "&Evidence")
        self.tabs.addTab(matrix_page, "Article × &Topic")
        buttons = QHBoxLayout()
        for button in (self.add_field_button, export_table, export_matrix):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        self.resize(1000, 600)

    def refresh(self) -> None:
        evidence = self.library.evidence
        fields, values = evidence.fields(), evidence.values()
        self.evidence_model.reset_table(evidence.articles(), fields, values, evidence.overlaps())
        self.matrix_model.reset(evidence.matrix())
        self.table.resizeColumnsToContents()
        self.matrix.resizeColumnsToContents()

    def set_value(self, article_id: int, field_id: int, text: str) -> None:
        try:
            value = self.library.evidence.parse(field_id, text)
            self.bus.push(SetEvidenceValue(article_id, field_id, value))
        except PoemsReaderError as error:
            self.message.setText(str(error))
            return
        self.message.setText("")

    def choose_new_field(self) -> None:
        dialog = AddFieldDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.add_field(dialog.command())

    def add_field(self, command: AddEvidenceField) -> None:
        try:
            self.bus.push(command)
        except PoemsReaderError as error:
            self.message.setText(str(error))

    def show_cell(self, index: QModelIndex) -> None:
        article_id, topic_id = self.matrix_model.cell(index)
        self.cell_findings.clear()
        for uuid in self.matrix_model.matrix.findings(article_id, topic_id):
            info = self.library.findings.get(uuid)
            self.cell_findings.addItem(f"{info.statement or info.quote} {info.citation}")

    def choose_export(self, what: str) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Export", f"{what}.xlsx", "Spreadsheet (*.xlsx);;CSV (*.csv);;Markdown (*.md)"
        )
        if name:
            self.export(Path(name), what)

    def export(self, path: Path, what: str) -> None:
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in TABLE_FORMATS:
            self.message.setText(f"Give the file a .csv, .md or .xlsx name: {path.name}")
            return
        self.library.evidence.export(path, fmt, what)
        self.message.setText(f"Written: {path}")
