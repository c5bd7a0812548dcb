"""The table model the review windows share: rows from a list, columns by name."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from poemsreader.ui.review.review_window import ListTableModel

pytestmark = pytest.mark.gui
DISPLAY, TOOLTIP = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole


@dataclass(frozen=True)
class Article:
    id: int
    key: str
    year: int


class ArticleModel(ListTableModel[Article]):
    columns = ("Article", "Year")

    def __init__(self) -> None:
        super().__init__()
        self.by_id: dict[int, int] = {}

    def cells(self, row: Article) -> tuple[object, ...]:
        return (row.key, str(row.year))

    def rows_replaced(self) -> None:
        self.by_id = {article.id: row for row, article in enumerate(self.rows)}


ROWS = [Article(1, "Dispenzieri 2003", 2003), Article(2, "Li 2013", 2013)]


def cell(model: ListTableModel, row: int, column: int, role: int = DISPLAY) -> object:
    return model.data(model.index(row, column), role)


def test_counts_header_and_cells_come_from_the_rows_and_columns(qtmodeltester) -> None:
    model = ArticleModel()
    assert (model.rowCount(), model.columnCount(), model.row_count()) == (0, 2, 0)
    model.reset(iter(ROWS))  # any iterable; the model keeps its own list
    qtmodeltester.check(model)
    assert (model.rowCount(), model.columnCount(), model.row_count()) == (2, 2, 2)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in (0, 1)] == ["Article", "Year"]
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    assert [cell(model, 1, c) for c in (0, 1)] == ["Li 2013", "2013"]
    assert cell(model, 0, 0, TOOLTIP) is None  # only the roles the model names
    assert model.rowCount(model.index(0, 0)) == 0  # a table: no row has children
    assert cell(model, 0, 0) == "Dispenzieri 2003" and model.data(QModelIndex()) is None


def test_row_at_is_none_past_either_end() -> None:
    model = ArticleModel()
    model.reset(ROWS)
    assert model.row_at(1) == ROWS[1]
    assert model.row_at(-1) is None and model.row_at(2) is None


def test_a_reset_rebuilds_what_the_model_derives_before_the_views_hear(qtbot: QtBot) -> None:
    model = ArticleModel()
    seen: list[dict[int, int]] = []
    model.modelReset.connect(lambda: seen.append(dict(model.by_id)))
    with qtbot.waitSignals([model.modelAboutToBeReset, model.modelReset], timeout=1000):
        model.reset(ROWS)
    assert seen == [{1: 0, 2: 1}]


def test_a_replaced_row_tells_the_views_every_cell_changed(qtbot: QtBot) -> None:
    model = ArticleModel()
    model.reset(ROWS)
    model.rows[1] = Article(2, "Li 2014", 2014)
    with qtbot.waitSignal(model.dataChanged, timeout=1000) as changed:
        model.row_changed(1)
    top_left, bottom_right = changed.args[:2]
    assert (top_left.row(), top_left.column()) == (1, 0)
    assert (bottom_right.row(), bottom_right.column()) == (1, 1)
    assert cell(model, 1, 0) == "Li 2014"


class QuoteModel(ListTableModel[str]):
    columns = ("Quote",)
    roles = (DISPLAY, TOOLTIP)

    def cells(self, row: str) -> tuple[object, ...]:
        return (row,)


def test_a_model_may_answer_more_roles_with_the_same_value(qtmodeltester) -> None:
    model = QuoteModel()
    model.reset(["Sclerotic bone lesions were present in 97% of patients."])
    qtmodeltester.check(model)
    assert cell(model, 0, 0, TOOLTIP) == cell(model, 0, 0)


class WideModel(ListTableModel[int]):
    """Answers one cell at a time, as a table with a column per evidence field does."""

    columns = ("Article", "Field 1", "Field 2")

    def cell(self, row: int, column: int) -> object:
        return f"{row}:{column}"


def test_a_model_may_answer_one_cell_at_a_time(qtmodeltester) -> None:
    model = WideModel()
    model.reset([7, 8])
    qtmodeltester.check(model)
    assert [cell(model, 1, c) for c in range(3)] == ["8:0", "8:1", "8:2"]
