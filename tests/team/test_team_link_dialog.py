"""The link form refuses a password, in any place of the address, before anything is
sent or stored, and never repeats it (no server needed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from poemsreader.services.library import Library
from poemsreader.services.team.sync import TeamSync
from tests.share.builders import add_reviewer
from tests.team.conftest import BEN
from tests.ui.windows import open_main_window

pytestmark = pytest.mark.gui


@pytest.mark.parametrize(
    ("address", "says"),
    [
        ("postgresql://ben:hunter2@db.example.org/review", "holds a password"),
        ("postgresql://db.example.org/review?password=hunter2", "holds a password"),
        ("mysql://ben:hunter2@db.example.org/review", "is not a PostgreSQL address"),
        ("host=db.example.org password=hunter2", "is not a PostgreSQL address"),
    ],
)
def test_a_typed_password_is_refused_in_the_form_and_never_shown(
    qtbot: QtBot, tmp_path: Path, address: str, says: str
) -> None:
    with Library(tmp_path / "b") as library:
        add_reviewer(library, BEN, "Ben")
        window = open_main_window(qtbot, library, tmp_path)
        team = window.team_actions
        team.link_action.trigger()
        dialog = team.link_dialog
        qtbot.keyClicks(dialog.address, address)
        qtbot.keyClicks(dialog.name, "pnp")
        link = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert not link.isEnabled()
        assert dialog.problem.isVisible() and says in dialog.problem.text()
        assert "hunter2" not in dialog.problem.text()
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)  # Enter does not link either
        assert team.job is None and not TeamSync(library).is_linked()
        qtbot.mouseClick(
            dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton
        )
        assert not team.indicator.isVisible() and not team.sync_action.isEnabled()
        window.close()
