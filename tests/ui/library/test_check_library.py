from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.library import Library
from poemsreader.ui.library.check_library import CheckLibraryDialog


@pytest.mark.gui
def test_dialog_lists_missing_file_and_relinks_it(
    qtbot: QtBot,
    library: Library,
    article_pdf: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    added = library.articles.add_pdf(inspect_pdf(article_pdf))
    stored = library.articles.pdf_path(added.article_id)
    assert stored is not None
    stored.unlink()
    dialog = CheckLibraryDialog(library)
    qtbot.addWidget(dialog)
    dialog.show()
    lines = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert lines == [f"{added.key}: file missing (pdfs/{stored.name})"]
    assert "1 PDF file missing" in dialog.summary.text()
    moved = tmp_path / "moved"
    moved.mkdir()
    shutil.copy(article_pdf, moved / "x.pdf")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(moved))
    qtbot.mouseClick(dialog.relink_button, Qt.MouseButton.LeftButton)
    assert dialog.problems.count() == 0
    assert "1 PDF file found again" in dialog.summary.text()
    assert "sound" in dialog.summary.text()
    assert stored.exists()
    assert not dialog.relink_button.isEnabled()
    dialog.grab().save(str(tmp_path / "check.png"))
