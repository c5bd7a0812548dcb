"""The Team menu, the indicator and the Conflicts view used as a reviewer uses them:
linking through the form, syncing through the menu, a conflict resolved through the
view and sent without asking, a reader's refused edits shown as not sent."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from poemsreader.core.finding_commands import EditFinding
from poemsreader.services.library import Library
from poemsreader.services.team.sync import TeamSync
from poemsreader.ui.shell.main_window import MainWindow
from tests.share.builders import add_reviewer, findings
from tests.team.conftest import ANN, BEN, cli, new_login
from tests.team.test_team_robustness import _make
from tests.team.test_team_sync import _edit, _open_conflicts, _sync
from tests.ui.windows import open_main_window

pytestmark = [pytest.mark.postgres, pytest.mark.gui]
SLOW_MS = 60_000


@pytest.fixture
def window(qtbot: QtBot, pair: tuple[Path, Path], tmp_path: Path) -> Iterator[MainWindow]:
    """Ben's library window (linked, nothing synced yet)."""
    with Library(pair[1]) as library:
        main = open_main_window(qtbot, library, tmp_path)
        yield main
        main.close()


def _digest(window: MainWindow) -> set[str]:
    return {f.uuid for group in window.digest_view.model.groups for f in group.findings}


def _sync_through_the_menu(qtbot: QtBot, window: MainWindow) -> None:
    team = window.team_actions
    assert team.sync_action.isEnabled()
    team.sync_action.trigger()
    assert team.job is not None
    qtbot.waitUntil(lambda: not team.job.is_running(), timeout=SLOW_MS)  # type: ignore[union-attr]


def test_linking_through_the_form_then_sync_now_shows_anothers_findings(
    qtbot: QtBot, tmp_path: Path, pg_url: str
) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    with Library(a) as library:
        add_reviewer(library, ANN, "Ann")
    assert cli(a, "team", "create", pg_url, "pnp") == 0
    made = _make(a, ANN, "Li 2013", 3)
    assert cli(a, "team", "sync") == 0
    with Library(b) as library:
        add_reviewer(library, BEN, "Ben")
        window = open_main_window(qtbot, library, tmp_path)
        team = window.team_actions
        assert not team.sync_action.isEnabled()  # nothing to sync with yet
        team.link_action.trigger()
        dialog = team.link_dialog
        qtbot.keyClicks(dialog.address, pg_url)
        qtbot.keyClicks(dialog.name, "pnp")
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: team.linked, timeout=SLOW_MS)
        assert TeamSync(library).current_link().name == "pnp"
        assert not team.link_action.isEnabled()  # one team library per library
        window.tabs.setCurrentWidget(window.digest_view)
        _sync_through_the_menu(qtbot, window)
        qtbot.waitUntil(lambda: made <= _digest(window), timeout=SLOW_MS)
        qtbot.waitUntil(lambda: team.indicator.text() == "Team: up to date", timeout=SLOW_MS)
        tip = team.indicator.toolTip()
        assert "Team library pnp" in tip and "Last synced today at" in tip, tip
        assert "T" not in tip.split("at", 1)[1].split("(")[0]  # a time, not an ISO stamp
        window.close()


def test_a_conflict_from_a_sync_is_resolved_in_the_view_and_sent_without_asking(
    qtbot: QtBot, pair: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = pair
    (first,) = _make(a, ANN, "Li 2013", 1)
    _sync(a, capsys)
    _sync(b, capsys)
    _edit(a, first, statement="Ann's wording.")
    _edit(b, first, statement="Ben's wording.")
    _sync(a, capsys)
    with Library(b) as library:
        window = open_main_window(qtbot, library, tmp_path)
        team = window.team_actions
        _sync_through_the_menu(qtbot, window)
        qtbot.waitUntil(lambda: team.indicator.text() == "Team: 1 conflict", timeout=SLOW_MS)
        assert "1 conflict with other members" in team.indicator.toolTip()
        qtbot.mouseClick(team.indicator, Qt.MouseButton.LeftButton)
        view = window.share_actions.conflicts_view
        assert view is not None and view.isVisible()
        origin = view.origin.text()
        assert "team library pnp" in origin and "Ann's edit met yours" in origin, origin
        assert " UTC" in origin
        qtbot.mouseClick(view.keep_theirs, Qt.MouseButton.LeftButton)  # Ann's wording
        assert findings(library)[first].record.statement == "Ann's wording."
        # sent a few seconds after the choice, without Sync now
        qtbot.waitUntil(lambda: team.indicator.text() == "Team: up to date", timeout=SLOW_MS)
        window.close()
    _sync(a, capsys)
    with Library(a) as library:
        assert findings(library)[first].record.statement == "Ann's wording."
    assert _open_conflicts(a, capsys) == [] and _open_conflicts(b, capsys) == []


def test_a_members_edit_in_the_window_reaches_the_team_without_sync_now(
    qtbot: QtBot, pair: tuple[Path, Path], window: MainWindow, capsys: pytest.CaptureFixture[str]
) -> None:
    a, _ = pair
    (first,) = _make(a, ANN, "Li 2013", 1)
    _sync(a, capsys)
    team = window.team_actions
    qtbot.waitUntil(lambda: first in findings(window.library), timeout=SLOW_MS)  # heard, pulled
    window.bus.push(EditFinding(first, "comment", "Checked against table 2."))
    qtbot.waitUntil(lambda: team.indicator.text() == "Team: up to date", timeout=SLOW_MS)
    _sync(a, capsys)
    with Library(a) as library:
        assert findings(library)[first].record.comment == "Checked against table 2."


def test_edits_refused_after_being_made_reader_show_as_not_sent(
    qtbot: QtBot,
    tmp_path: Path,
    pg_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    owner, rita = tmp_path / "owner", tmp_path / "rita"
    with Library(owner) as library:
        add_reviewer(library, ANN, "Ann")
    assert cli(owner, "team", "create", pg_url, "pnp") == 0  # as the server's superuser
    login, secret = new_login(pg_url, "rita")
    with psycopg.connect(pg_url, autocommit=True) as admin:
        try:
            assert cli(owner, "team", "members", "add", login, "editor") == 0
            with Library(rita) as library:
                add_reviewer(library, BEN, "Rita")
            (mine,) = _make(rita, BEN, "Royer 2013", 1)
            monkeypatch.setenv("PGUSER", login)  # Rita's processes connect as her
            monkeypatch.setenv("PGPASSWORD", secret)
            assert cli(rita, "team", "link", pg_url, "pnp") == 0
            _sync(rita, capsys)  # sent while an editor
            admin.execute(  # the owner takes her right to edit away
                "UPDATE poemsreader_team.team_member SET role = 'reader' WHERE member = %s",
                (login,),
            )
            with Library(rita) as library:
                window = open_main_window(qtbot, library, tmp_path)
                team = window.team_actions
                window.bus.push(EditFinding(mine, "comment", "Rechecked offline."))
                qtbot.waitUntil(lambda: "1 not sent" in team.indicator.text(), timeout=SLOW_MS)
                tip = team.indicator.toolTip()
                assert "1 change not sent: your role in this team library does not allow it" in tip
                assert findings(library)[mine].record.comment == "Rechecked offline."  # kept
                assert secret not in tip + window.statusBar().currentMessage()
                window.close()
        finally:
            monkeypatch.undo()
            admin.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(login)))
            admin.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(login)))
