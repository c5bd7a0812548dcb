"""Settings: typed into the real dialog, kept in QSettings and the library's reviewer table."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from poemsreader.services.library import Library
from poemsreader.ui.shell.settings_dialog import Preferences, SettingsDialog, saved_library_dir

pytestmark = pytest.mark.gui


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def test_values_typed_in_are_saved(
    qtbot: QtBot, library: Library, settings: QSettings, tmp_path: Path
) -> None:
    dialog = SettingsDialog(library, settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.library_edit, str(tmp_path / "elsewhere"))
    qtbot.keyClicks(dialog.reviewer_edit, "Ada Reviewer")
    dialog.colour_button.set_colour("#2f9e44")
    dialog.style_combo.setFocus()
    qtbot.keyClick(dialog.style_combo, Qt.Key.Key_Down)  # house -> vancouver
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("docx"))
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.result() == SettingsDialog.DialogCode.Accepted

    me = library.reviewers.me()
    assert me is not None and (me.name, me.colour) == ("Ada Reviewer", "#2f9e44")
    reloaded = Preferences.load(QSettings(settings.fileName(), QSettings.Format.IniFormat))
    assert reloaded == Preferences(str(tmp_path / "elsewhere"), "vancouver", "docx")
    assert saved_library_dir(settings) == str(tmp_path / "elsewhere")
    assert "Ada Reviewer" in dialog.status_message


def test_dialog_shows_the_stored_values(
    qtbot: QtBot, library: Library, settings: QSettings
) -> None:
    library.reviewers.set_me("Bo", "#e03131")
    Preferences("", "vancouver", "html").save(settings)
    dialog = SettingsDialog(library, settings)
    qtbot.addWidget(dialog)
    assert dialog.reviewer_edit.text() == "Bo"
    assert dialog.colour_button.colour() == "#e03131"
    assert dialog.style_combo.currentData() == "vancouver"
    assert dialog.format_combo.currentData() == "html"
    assert saved_library_dir(settings) is None


def test_an_empty_name_keeps_the_dialog_open(
    qtbot: QtBot, library: Library, settings: QSettings
) -> None:
    dialog = SettingsDialog(library, settings)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()
    assert dialog.isVisible()
    assert "needs a name" in dialog.error_label.text()
    assert library.reviewers.me() is None


def test_every_field_has_an_accessible_name(
    qtbot: QtBot, library: Library, settings: QSettings
) -> None:
    dialog = SettingsDialog(library, settings)
    qtbot.addWidget(dialog)
    for field in (
        dialog.library_edit,
        dialog.reviewer_edit,
        dialog.colour_button,
        dialog.style_combo,
        dialog.format_combo,
    ):
        assert field.accessibleName()
