"""The library window: adding PDFs (menu slot and drop), the table, filtering, searching."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QPushButton, QToolButton
from pytestqt.qtbot import QtBot

from poemsreader.core.changes import ChangeSet
from poemsreader.core.commands import CommandBase
from poemsreader.core.model import ArticleRecord, ReadingStatus
from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.add_job import BatchReport
from poemsreader.services.library import Library
from poemsreader.ui.library.library_model import LibraryTableModel, SearchHitsModel
from poemsreader.ui.shell.main_window import MainWindow
from tests.conftest import corpus_path
from tests.pdfgen import ArticleSpec, make_article
from tests.ui.windows import open_main_window

# The offscreen platform cannot size, raise or grab for dialogs and popup menus.
pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore(
        "does not support propagateSizeHints", "does not support raise", "does not support grabbing"
    ),
]
BATCH_TIMEOUT_MS = 60_000


@pytest.fixture
def window(qtbot: QtBot, library: Library, tmp_path: Path) -> MainWindow:
    win = open_main_window(qtbot, library, tmp_path)
    return win


def _add_and_wait(qtbot: QtBot, window: MainWindow, paths: list[Path]) -> BatchReport:
    with qtbot.waitSignal(window.batchFinished, timeout=BATCH_TIMEOUT_MS) as blocker:
        window.add_paths(paths, workers=2)
    return blocker.args[0]


def _table_keys(window: MainWindow) -> set[str]:
    proxy = window.library_view.proxy
    return {proxy.index(row, 0).data() for row in range(proxy.rowCount())}


@pytest.mark.corpus
def test_add_corpus_pdfs_through_the_window(qtbot: QtBot, window: MainWindow) -> None:
    names = ["plosone-2014-0115884.pdf", "trials-2014-15-511.pdf", "bctt-2016-8-109.pdf"]
    report = _add_and_wait(qtbot, window, [corpus_path("articles", n) for n in names])
    assert len(report.added) == 3
    assert _table_keys(window) == {"Iskandar 2014", "Chiarotto 2014", "Al Asiri 2016"}
    stored = {row.key: row.title for row in window.library.articles.rows()}
    assert stored["Iskandar 2014"].startswith("A Novel Reproductive Mode in Frogs")
    assert "Added 3 articles." in window.statusBar().currentMessage()
    window.grab().save(str(Path(window.library.root).parent / "window.png"))


def test_adding_the_pdf_of_a_reference_gives_it_to_that_article(
    qtbot: QtBot, window: MainWindow, article_pdf: Path
) -> None:
    guessed = inspect_pdf(article_pdf).guessed
    reference = ArticleRecord(
        title=guessed.title, authors=guessed.authors, year=guessed.year, volume="88"
    )
    [article_id] = window.library.references.import_records([reference]).created
    window.library_view.refresh()
    report = _add_and_wait(qtbot, window, [article_pdf])
    assert [o.result.article_id for o in report.attached if o.result] == [article_id]
    [row] = window.library.articles.rows()
    assert row.has_pdf and row.reading_status == ReadingStatus.TO_READ.value
    assert _table_keys(window) == {row.key}
    assert "1 attached to articles waiting for their PDF" in window.statusBar().currentMessage()


def test_drop_a_folder_adds_its_pdfs(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    folder = tmp_path / "dropped"
    folder.mkdir()
    for family in ("Adams", "Baker"):
        make_article(folder / f"{family}.pdf", ArticleSpec(authors=f"Ann {family}", title=family))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    event = QDropEvent(
        QPointF(200, 200),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.batchFinished, timeout=BATCH_TIMEOUT_MS):
        window.dropEvent(event)
    assert _table_keys(window) == {"Adams 2013", "Baker 2013"}
    assert len(window.library.articles.rows()) == 2


def test_filter_as_you_type_and_full_text_search(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    files = [
        make_article(
            tmp_path / "a.pdf",
            ArticleSpec(authors="Ann Adams", title="Thalidomide for POEMS syndrome"),
        ),
        make_article(
            tmp_path / "b.pdf",
            ArticleSpec(authors="Bob Baker", title="Radiotherapy of bone lesions"),
        ),
    ]
    _add_and_wait(qtbot, window, files)
    view = window.library_view
    qtbot.keyClicks(view.filter_edit, "radio")
    assert _table_keys(window) == {"Baker 2013"}
    view.filter_edit.clear()
    assert _table_keys(window) == {"Adams 2013", "Baker 2013"}
    qtbot.keyClicks(view.search_edit, "lenalidomide")
    qtbot.keyClick(view.search_edit, Qt.Key.Key_Return)
    assert view.hits.rowCount() > 0 and view.hits_pane.isVisible()
    with qtbot.waitSignal(view.articleOpened) as opened:
        view.hits_view.doubleClicked.emit(view.hits.index(0, 0))
    assert opened.args[0] in {r.id for r in window.library.articles.rows()}
    assert window.statusBar().currentMessage().startswith("Opened ")
    assert opened.args[0] in window.article_windows.windows


def test_bad_files_are_reported_and_good_ones_added(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    good = make_article(tmp_path / "good.pdf", ArticleSpec())
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"<html>not a pdf</html>")
    report = _add_and_wait(qtbot, window, [good, bad])
    assert [o.path.name for o in report.failed] == ["bad.pdf"]
    assert _table_keys(window) == {"Royer 2013"}
    assert window.failure_box.isVisible()
    window.failure_box.close()


@pytest.mark.corpus
def test_encrypted_pdf_asks_for_the_password(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter(["wrong", "test"])
    asked: list[bool] = []

    def answer(_self: object, _path: Path, wrong: bool) -> str:
        asked.append(wrong)
        return next(answers)

    monkeypatch.setattr("poemsreader.ui.library.library_add.AddBatch.ask_password", answer)
    report = _add_and_wait(
        qtbot, window, [corpus_path("hostile", "enc-novapdf-rc4-userpw-test.pdf")]
    )
    assert asked == [False, True]
    assert len(report.added) == 1 and not report.failed


class _MarkRead(CommandBase):
    text = "Mark as read"

    def __init__(self, article_id: int) -> None:
        self.article_id = article_id

    def apply(self, library: Library) -> ChangeSet:
        return library.articles.set_reading_status(self.article_id, ReadingStatus.READ)

    def revert(self, library: Library) -> ChangeSet:
        return library.articles.set_reading_status(self.article_id, ReadingStatus.TO_READ)


def test_undo_stack_drives_core_commands(
    qtbot: QtBot, window: MainWindow, article_pdf: Path
) -> None:
    _add_and_wait(qtbot, window, [article_pdf])
    [row] = window.library.articles.rows()
    window.bus.push(_MarkRead(row.id))
    assert window.library.articles.rows()[0].reading_status == "read"
    assert window.library_view.model.article_row(0).reading_status == "read"
    window.undo_action.trigger()
    assert window.library.articles.rows()[0].reading_status == "to read"
    window.redo_action.trigger()
    assert window.library_view.model.article_row(0).reading_status == "read"


def test_geometry_is_remembered(qtbot: QtBot, library: Library, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "geometry.ini"), QSettings.Format.IniFormat)
    first = MainWindow(library, settings)
    qtbot.addWidget(first)
    first.resize(700, 500)
    first.close()
    second = MainWindow(library, settings)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (700, 500)


def test_models_pass_the_model_tester(qtmodeltester, library: Library, article_pdf: Path) -> None:
    library.articles.add_pdf(inspect_pdf(article_pdf))
    table = LibraryTableModel()
    table.set_rows(library.articles.rows())
    qtmodeltester.check(table)
    hits = SearchHitsModel()
    hits.set_hits(library.articles.search_text("lenalidomide"))
    qtmodeltester.check(hits)


def test_opening_a_pdf_from_the_command_line_adds_and_opens_it(
    qtbot: QtBot, window: MainWindow, article_pdf: Path
) -> None:
    with qtbot.waitSignal(window.batchFinished, timeout=BATCH_TIMEOUT_MS):
        window.open_pdf_path(str(article_pdf))
    [row] = window.library.articles.rows()
    assert window.statusBar().currentMessage() == "Opened Royer 2013"
    article = window.article_windows.windows[row.id]
    assert article.windowTitle().startswith("Royer 2013")


@pytest.mark.corpus
def test_skipping_the_password_reports_the_file(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, article_pdf: Path
) -> None:
    monkeypatch.setattr(
        "poemsreader.ui.library.library_add.AddBatch.ask_password", lambda *_args: None
    )
    locked = corpus_path("hostile", "enc-aes256-r6-userpw-asdfzxcv.pdf")
    report = _add_and_wait(qtbot, window, [locked, article_pdf])
    assert [o.path.name for o in report.failed] == [locked.name]
    assert _table_keys(window) == {"Royer 2013"}
    window.failure_box.close()


def test_cancel_stops_the_batch(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    files = [
        make_article(tmp_path / f"{n}.pdf", ArticleSpec(authors=f"Ann {family}", title=family * 3))
        for n, family in enumerate(["Adams", "Baker", "Clark", "Davis", "Evans", "Fox"])
    ]
    with qtbot.waitSignal(window.batchFinished, timeout=BATCH_TIMEOUT_MS) as blocker:
        batch = window.add_paths(files, workers=1)
        assert batch is not None
        batch.dialog.findChild(QPushButton).click()  # Cancel, before the workers are done
    report = blocker.args[0]
    assert report.cancelled and "(cancelled)" in window.statusBar().currentMessage()
    assert len(window.library.articles.rows()) < 6
    assert not batch.running and batch.job.finished
    assert window.library_view.model.rowCount() == len(window.library.articles.rows())


def test_mark_as_read_from_the_table_is_undoable(
    qtbot: QtBot, window: MainWindow, article_pdf: Path
) -> None:
    _add_and_wait(qtbot, window, [article_pdf])
    view = window.library_view
    view.table.selectRow(0)
    view.table.customContextMenuRequested.emit(QPoint(10, 10))
    [mark_read] = [a for a in view.context_menu.actions() if a.text() == "Mark as read"]
    mark_read.trigger()
    view.context_menu.close()
    assert window.library.articles.rows()[0].reading_status == "read"
    assert window.undo_action.text() == "&Undo Mark as read"
    window.undo_action.trigger()
    assert window.library.articles.rows()[0].reading_status == "to read"
    assert window.statusBar().currentMessage() == "Undid: Mark as read"


def test_a_failed_daily_backup_stays_in_sight(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(*_args: object) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("poemsreader.storage.backup.backup_database", disk_full)
    with Library(tmp_path / "library") as library:
        assert "daily backup could not be made" in library.backups.last_error
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        win = MainWindow(library, settings)
        qtbot.addWidget(win)
        win.show()
        warning = win.findChild(QToolButton, "backup-warning")
        assert warning is not None and warning.isVisible()
        assert warning.text() == library.backups.last_error
        win.close()


def test_no_backup_warning_when_the_backup_was_made(window: MainWindow) -> None:
    assert window.library.backups.list()
    assert not window.backup_warning.isVisible()


def test_ctrl_q_quits_even_where_the_platform_names_no_quit_key(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible())
