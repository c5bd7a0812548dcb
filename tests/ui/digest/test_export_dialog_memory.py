"""The export dialog remembers its file, format and options per library, and asks before
replacing a file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from poemsreader.digest.model import DigestFilter, DigestOptions
from poemsreader.services.demo import build_demo_library
from poemsreader.services.library import Library
from poemsreader.ui.digest.digest_export_dialog import ExportDigestDialog

pytestmark = pytest.mark.gui
WAIT = 60_000


def dialog_for(library: Library, settings: QSettings, qtbot: QtBot) -> ExportDigestDialog:
    dialog = ExportDigestDialog(
        library, DigestFilter(), DigestOptions(), settings=settings, default_format="md"
    )
    OPEN.append(dialog)
    return dialog


OPEN: list[ExportDigestDialog] = []


@pytest.fixture(autouse=True)
def _close_dialogs(qtbot: QtBot):
    yield
    while OPEN:
        dialog = OPEN.pop()
        dialog.close()
        dialog.deleteLater()
    qtbot.wait(10)


def write(qtbot: QtBot, dialog: ExportDigestDialog) -> None:
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT):
        assert dialog.export() is not None


def test_file_format_and_options_come_back_per_library(qtbot: QtBot, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    with Library(tmp_path / "demo") as demo, Library(tmp_path / "other") as other:
        build_demo_library(demo)
        first = dialog_for(demo, settings, qtbot)
        assert first.path.text() == str(Path.home() / "digest.md")
        first.format.setCurrentIndex(first.format.findData("html"))
        first.path.setText(str(tmp_path / "out" / "poems.html"))
        (tmp_path / "out").mkdir()
        first.links.setChecked(True)
        write(qtbot, first)

        again = dialog_for(demo, settings, qtbot)
        assert again.path.text() == str(tmp_path / "out" / "poems.html")
        assert again.chosen_format() == "html" and again.links.isChecked()
        elsewhere = dialog_for(other, settings, qtbot)
        assert elsewhere.chosen_format() == "md" and not elsewhere.links.isChecked()
        qtbot.wait(100)  # the writing job's last word arrives before the libraries close


def test_replacing_a_file_asks_first(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    target = tmp_path / "digest.md"
    target.write_text("the reviewer's own notes", encoding="utf-8")
    answers: list[str] = []

    def answer(reply: QMessageBox.StandardButton):
        def ask(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
            answers.append(str(args[2]))
            return reply

        return ask

    with Library(tmp_path / "demo") as demo:
        build_demo_library(demo)
        dialog = dialog_for(demo, settings, qtbot)
        dialog.path.setText(str(target))
        monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
        assert dialog.export() is None
        assert target.read_text(encoding="utf-8") == "the reviewer's own notes"
        assert "digest.md already exists" in answers[0]
        monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
        write(qtbot, dialog)
        assert "Humeniuk" in target.read_text(encoding="utf-8")
        qtbot.wait(100)
