"""The window of findings new since the last digest follows exports and edits."""

from __future__ import annotations

from pathlib import Path

import pytest

from poemsreader.core.finding_commands import EditFinding
from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.library import Library
from poemsreader.ui.shell.main_window import MainWindow
from tests.librarydata import add_finding
from tests.pdfgen import ArticleSpec, make_article

pytestmark = pytest.mark.gui


@pytest.mark.qt_log_ignore("does not support raise")
def test_new_since_the_last_digest(qtbot, library: Library, tmp_path: Path) -> None:
    article = library.articles.add_pdf(
        inspect_pdf(make_article(tmp_path / "a.pdf", ArticleSpec()))
    ).article_id
    add_finding(library, article, "Lenalidomide works.")
    add_finding(library, article, "VEGF falls.")
    main = MainWindow(library)
    qtbot.addWidget(main)
    window = main.review_actions.open_since_digest()
    assert window.model.rowCount() == 2
    assert "No digest exported yet" in window.summary.text()

    library.digest.export(tmp_path / "d.md", "md")
    window.refresh()
    assert window.model.rowCount() == 0
    assert "d.md" in window.summary.text()

    uuid = next(f.uuid for f in library.findings.all() if f.statement == "VEGF falls.")
    main.bus.push(EditFinding(uuid, "statement", "VEGF falls after treatment."))
    assert window.model.rowCount() == 1  # followed the change without a refresh
    assert window.model.data(window.model.index(0, 0)) == "changed"
    assert window.model.data(window.model.index(0, 2)) == "VEGF falls after treatment."
    main.undo_stack.undo()
    assert window.model.rowCount() == 0
    window.close()


@pytest.mark.qt_log_ignore("does not support raise")
def test_a_digest_exported_from_the_window_empties_the_list(
    qtbot, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QSettings

    from poemsreader.ui.digest.digest_export_dialog import ExportDigestDialog

    article = library.articles.add_pdf(
        inspect_pdf(make_article(tmp_path / "a.pdf", ArticleSpec()))
    ).article_id
    add_finding(library, article, "Lenalidomide works.")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    main = MainWindow(library, settings)
    qtbot.addWidget(main)
    window = main.review_actions.open_since_digest()
    assert window.model.rowCount() == 1

    def save(dialog: ExportDigestDialog) -> int:
        dialog.path.setText(str(tmp_path / "digest.md"))
        with qtbot.waitSignal(dialog.accepted, timeout=60_000):
            dialog.export()
        return dialog.result()

    monkeypatch.setattr(ExportDigestDialog, "exec", save)
    main.export_digest_action.trigger()
    assert (tmp_path / "digest.md").exists()
    assert window.model.rowCount() == 0
    assert "digest.md" in window.summary.text()
    window.close()
