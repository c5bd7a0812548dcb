"""First run: the demo library is offered once, built in a child process, cancellable."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from poemsreader.services.library import Library
from poemsreader.ui.shell.first_run import DemoBuild, demo_offered_key, maybe_offer_demo

pytestmark = pytest.mark.gui


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_empty_library_offers_the_demo_once_and_opens_it(
    parent: QWidget, library: Library, settings: QSettings, tmp_path: Path
) -> None:
    opened: list[Path] = []
    asked: list[bool] = []

    def ask(_parent: QWidget) -> bool:
        asked.append(True)
        return True

    folder = tmp_path / "demo"
    assert maybe_offer_demo(parent, library, settings, opened.append, ask=ask, folder=folder)
    assert opened == [folder]
    with Library(folder) as demo:
        assert len(demo.articles.rows()) == 6
    assert settings.value(demo_offered_key(library), type=bool) is True
    # Offered once only.
    assert not maybe_offer_demo(parent, library, settings, opened.append, ask=ask, folder=folder)
    assert len(asked) == 1


def test_declining_builds_nothing(
    parent: QWidget, library: Library, settings: QSettings, tmp_path: Path
) -> None:
    folder = tmp_path / "demo"
    opened: list[Path] = []
    assert not maybe_offer_demo(
        parent, library, settings, opened.append, ask=lambda _p: False, folder=folder
    )
    assert opened == [] and not folder.exists()


def test_a_library_with_articles_is_not_asked(
    parent: QWidget, library: Library, settings: QSettings, article_pdf: Path
) -> None:
    from poemsreader.pdf.document import inspect_pdf

    library.articles.add_pdf(inspect_pdf(article_pdf))
    asked: list[bool] = []
    assert not maybe_offer_demo(
        parent, library, settings, print, ask=lambda _p: asked.append(True) or True
    )
    assert asked == []


def test_cancel_kills_the_build_and_removes_the_folder(parent: QWidget, tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    build = DemoBuild(folder, parent)
    QTimer.singleShot(300, lambda: build.dialog.findChild(QPushButton).click())
    assert build.run() is False
    assert build.cancelled
    assert not folder.exists()
