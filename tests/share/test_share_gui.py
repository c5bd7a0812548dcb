"""The conflicts window and the File menu's sharing actions, driven like a reviewer would."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox, QPushButton

from poemsreader.core.changes import ChangeSet
from poemsreader.services.library import Library
from poemsreader.ui.common.change_bus import ChangeBus
from poemsreader.ui.common.tasks import TaskRunner
from poemsreader.ui.sharing.conflicts_view import ConflictsView
from poemsreader.ui.sharing.share_dialogs import ShareActions
from tests.share.builders import findings, put_finding
from tests.share.test_convergence import ALICE, BOB, a_to_b_then_back, at, record

pytestmark = pytest.mark.gui


@pytest.fixture
def conflicted(tmp_path: Path):
    """Alice's library after both edited finding 1 (Bob later): one conflict to resolve."""
    from tests.share.builders import add_reference, add_reviewer

    with Library(tmp_path / "a") as a, Library(tmp_path / "b") as b:
        add_reviewer(a, ALICE, "Alice")
        add_reviewer(b, BOB, "Bob")
        article = add_reference(a, "Royer 2013")
        first = record(1)
        put_finding(a, first, article)
        a_to_b_then_back(a, b, tmp_path)
        put_finding(a, replace(first, statement="Alice's words", modified=at(10)), article)
        put_finding(b, replace(first, statement="Bob's words", modified=at(11)), article)
        b.sharing.export(tmp_path / "bob.json")
        a.sharing.import_file(tmp_path / "bob.json")
        yield a, first.uuid


def statements(library: Library) -> set[str]:
    return {f.record.statement for f in findings(library).values()}


def test_keep_mine_then_undo(qtbot, qtmodeltester, conflicted, tmp_path: Path) -> None:
    library, _uuid = conflicted
    bus = ChangeBus(library)
    stack = bus.undo_stack
    view = ConflictsView(library, bus)
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    qtmodeltester.check(view.model)
    assert view.model.rowCount() == 1
    assert "Alice's words" in view.mine.toPlainText()
    assert "Bob's words" in view.theirs.toPlainText()
    assert [label.text() for label, _title in view.titles] == [
        "<b>Mine</b> — made by Alice",
        "<b>Theirs</b> — made by Bob",
    ]
    assert "(statement)" in view.model.index(0).data()
    view.grab().save(str(tmp_path / "conflicts.png"))
    assert statements(library) == {"Bob's words"}  # the newer stays live until chosen

    qtbot.mouseClick(view.keep_mine, Qt.MouseButton.LeftButton)
    assert statements(library) == {"Alice's words"}
    assert view.model.rowCount() == 0 and not view.keep_mine.isEnabled()

    stack.undo()
    assert statements(library) == {"Bob's words"} and view.model.rowCount() == 1
    stack.redo()
    assert statements(library) == {"Alice's words"}


def test_keep_both_makes_a_second_finding_with_its_author(qtbot, conflicted) -> None:
    library, uuid = conflicted
    bus = ChangeBus(library)
    stack = bus.undo_stack
    view = ConflictsView(library, bus)
    qtbot.addWidget(view)
    qtbot.mouseClick(view.keep_both, Qt.MouseButton.LeftButton)
    live = findings(library)
    assert {f.record.statement for f in live.values()} == {"Alice's words", "Bob's words"}
    assert live[uuid].record.statement == "Alice's words"
    stack.undo()
    assert statements(library) == {"Bob's words"}


def test_menu_actions_share_import_and_export_pdf(qtbot, tmp_path: Path, article_pdf: Path) -> None:
    from poemsreader.pdf.document import inspect_pdf

    window = QMainWindow()
    qtbot.addWidget(window)
    with Library(tmp_path / "lib") as library, Library(tmp_path / "other") as other:
        added = library.articles.add_pdf(inspect_pdf(article_pdf))
        library.findings.create(added.article_id, statement="Shared in a file", topics=["VEGF"])
        actions = ShareActions(window, library, ChangeBus(library), TaskRunner())
        menu = QMenu()
        actions.add_to_menu(menu)
        assert [a.text() for a in menu.actions() if a.text()] == [
            "&Share…",
            "&Import shared annotations…",
            "Export annotated &PDF…",
            "Import annotated PD&Fs…",
            "Sharing &conflicts…",
        ]
        with qtbot.waitSignal(actions.share_to(tmp_path / "mine.json").succeeded, timeout=60_000):
            assert not actions.import_shared.isEnabled()  # one job at a time
        assert "1 finding(s)" in window.statusBar().currentMessage()
        assert actions.import_shared.isEnabled()
        changes: list[ChangeSet] = []
        their_bus = ChangeBus(other)
        their_bus.changed.connect(changes.append)
        theirs = ShareActions(window, other, their_bus, TaskRunner())
        with qtbot.waitSignal(theirs.import_from(tmp_path / "mine.json").succeeded, timeout=60_000):
            pass
        assert [f.statement for f in other.findings.all()] == ["Shared in a file"]
        assert changes and changes[-1].findings == {f.uuid for f in other.findings.all()}

        (tmp_path / "bad.json").write_text("{", encoding="utf-8")
        with qtbot.waitSignal(actions.import_from(tmp_path / "bad.json").failed, timeout=60_000):
            pass
        box = window.findChild(QMessageBox)
        assert box is not None and "cannot be imported" in box.text()
        box.close()

        key = library.sharing.pdf_keys()[0]
        future = actions.export_pdf_to(key, tmp_path / "annotated.pdf")
        assert future is not None and future.result(timeout=60) == 0
        qtbot.waitUntil(lambda: "highlight(s) written" in window.statusBar().currentMessage())
        actions.shutdown()
        assert (tmp_path / "annotated.pdf").exists()


def _many_findings(source: Path, target: Path, copies: int) -> Path:
    """The file with each finding repeated under new ids: a merge that takes seconds."""
    document = json.loads(source.read_text(encoding="utf-8"))
    document["findings"] = [
        {**finding, "id": f"urn:uuid:{uuid.uuid4()}"}
        for finding in document["findings"]
        for _ in range(copies)
    ]
    target.write_text(json.dumps(document), encoding="utf-8")
    return target


def test_cancelling_a_merge_changes_nothing(qtbot, tmp_path: Path, article_pdf: Path) -> None:
    from poemsreader.pdf.document import inspect_pdf

    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    with Library(tmp_path / "lib") as library, Library(tmp_path / "other") as other:
        added = library.articles.add_pdf(inspect_pdf(article_pdf))
        library.findings.create(added.article_id, statement="Not merged", topics=["VEGF"])
        library.sharing.export(tmp_path / "one.json")
        big = _many_findings(tmp_path / "one.json", tmp_path / "big.json", 6000)
        before = other.findings.all(), other.articles.rows()
        actions = ShareActions(window, other, ChangeBus(other), TaskRunner())
        job = actions.import_from(big)
        assert job.is_running() and not actions.import_shared.isEnabled()
        qtbot.waitUntil(job.dialog.isVisible, timeout=10_000)  # shown after half a second
        [cancel] = job.dialog.findChildren(QPushButton)
        with qtbot.waitSignal(job.cancelled, timeout=10_000):
            qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        assert job.process is not None and not job.process.is_alive()
        assert (other.findings.all(), other.articles.rows()) == before
        assert "nothing was changed" in window.statusBar().currentMessage()
        assert actions.import_shared.isEnabled()


def test_closing_the_window_during_a_merge_asks_first(
    qtbot, tmp_path: Path, article_pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QSettings

    from poemsreader.pdf.document import inspect_pdf
    from poemsreader.ui.shell.main_window import MainWindow

    with Library(tmp_path / "lib") as library, Library(tmp_path / "other") as other:
        added = library.articles.add_pdf(inspect_pdf(article_pdf))
        library.findings.create(added.article_id, statement="Not merged", topics=["VEGF"])
        library.sharing.export(tmp_path / "one.json")
        big = _many_findings(tmp_path / "one.json", tmp_path / "big.json", 6000)
        settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
        window = MainWindow(other, settings)
        qtbot.addWidget(window)
        window.show()
        job = window.share_actions.import_from(big)
        asked: list[str] = []
        answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])

        def question(_parent, _title, text, *_args):
            asked.append(text)
            return next(answers)

        monkeypatch.setattr(QMessageBox, "question", question)
        window.close()
        assert window.isVisible() and job.is_running()  # "No": keep working
        assert "Merging big.json is still running" in asked[0]
        window.close()
        assert not window.isVisible() and not job.is_running()
        assert job.process is not None and not job.process.is_alive()
        assert other.findings.all() == []


def test_import_annotated_pdfs_from_the_menu(qtbot, tmp_path: Path) -> None:
    from tests.conftest import corpus_path

    zotero = corpus_path("annotated", "tracemonkey-zotero.pdf")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF")
    window = QMainWindow()
    qtbot.addWidget(window)
    heard: list[ChangeSet] = []
    with Library(tmp_path / "lib") as library:
        bus = ChangeBus(library)
        bus.changed.connect(heard.append)
        actions = ShareActions(window, library, bus, TaskRunner())
        job = actions.import_pdfs_from([zotero, broken])
        with qtbot.waitSignal(job.succeeded, timeout=60_000):
            pass
        assert len(library.findings.all()) == 12  # 10 highlights and 2 notes
        assert heard and len(heard[-1].findings) == 12
        box = window.findChild(QMessageBox)
        assert box is not None and box.text() == "1 PDF(s) imported, 1 refused"
        assert "broken.pdf" in box.detailedText()
        box.close()
