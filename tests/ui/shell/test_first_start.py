"""The first start asks the reviewer's name and colour (shared files carry them, not the
login name); the demo opens in a window of its own, offered once per empty library."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from pytestqt.qtbot import QtBot

from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.library import Library
from poemsreader.ui.shell.first_run import maybe_offer_demo
from poemsreader.ui.shell.main_window import MainWindow
from poemsreader.ui.shell.settings_dialog import SettingsDialog

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]
WAIT = 20_000


def test_first_start_asks_the_name_and_shares_carry_it(
    qtbot: QtBot, library: Library, tmp_path: Path, article_pdf: Path
) -> None:
    article_id = library.articles.add_pdf(inspect_pdf(article_pdf)).article_id
    library.findings.create(article_id, statement="Made before saying who I am")
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(library, settings)
    qtbot.addWidget(window)
    window.show()
    seen: list[str] = []

    def answer() -> None:
        [dialog] = [w for w in window.findChildren(SettingsDialog) if w.isVisible()]
        seen.append(dialog.windowTitle())
        qtbot.keyClicks(dialog.reviewer_edit, "Ada Lovelace")  # replaces the login name
        dialog.colour_button.set_colour("#2ea8e5")
        dialog.accept()

    QTimer.singleShot(0, answer)
    window.offer_demo_on_first_run()
    assert seen and "your name" in seen[0]
    me = library.reviewers.me()
    assert me is not None and (me.name, me.colour) == ("Ada Lovelace", "#2ea8e5")
    library.sharing.export(tmp_path / "mine.poemsreader.json")
    shared = (tmp_path / "mine.poemsreader.json").read_text(encoding="utf-8")
    assert "Ada Lovelace" in shared and '"root"' not in shared

    window.offer_demo_on_first_run()  # not empty, already named: nothing is asked (no hang)
    window.close()


def test_the_demo_is_offered_once_per_empty_library(qtbot: QtBot, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    asked: list[str] = []
    with Library(tmp_path / "one") as one, Library(tmp_path / "two") as two:
        for library in (one, two, one):
            maybe_offer_demo(
                None,  # type: ignore[arg-type]
                library,
                settings,
                print,
                ask=lambda _parent, lib=library: asked.append(lib.root.name) or False,
            )
    assert asked == ["one", "two"]
