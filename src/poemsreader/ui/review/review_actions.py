"""The Review menu: screening a search, the evidence table, quote drift, new since the digest.

Each opens its own `ReviewWindow` over the library, built on first use and
raised (and re-read) after; the windows take the library window's change bus
and task runner.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from poemsreader.services.library import Library
from poemsreader.ui.common.change_bus import ChangeBus
from poemsreader.ui.common.tasks import TaskRunner
from poemsreader.ui.review.evidence_view import EvidenceWindow
from poemsreader.ui.review.quote_drift_view import QuoteDriftWindow
from poemsreader.ui.review.review_window import ReviewWindow
from poemsreader.ui.review.screening_view import ScreeningWindow
from poemsreader.ui.review.since_digest_view import SinceDigestWindow

W = TypeVar("W", bound=ReviewWindow)


class ReviewActions:
    def __init__(
        self, parent: QWidget, library: Library, bus: ChangeBus, tasks: TaskRunner
    ) -> None:
        self.parent, self.library, self.bus, self.tasks = parent, library, bus, tasks
        self.windows: dict[str, ReviewWindow] = {}
        self.screening_action = self._action(
            "&Screen a Search…",
            "Include or exclude the records of a PubMed search",
            self.open_screening,
        )
        self.evidence_action = self._action(
            "&Evidence Table…",
            "Study facts per article and findings per topic",
            self.open_evidence,
        )
        self.quotes_action = self._action(
            "Check &Quotes…",
            "Findings whose quote is no longer on its page of the PDF",
            self.open_quote_drift,
        )
        self.since_action = self._action(
            "&New Since the Last Digest…",
            "Findings new or changed since the last digest export",
            self.open_since_digest,
        )
        self.actions = [
            self.screening_action,
            self.evidence_action,
            self.quotes_action,
            self.since_action,
        ]

    def _action(self, text: str, tip: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.parent)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def add_to_menu(self, menu: QMenu) -> None:
        menu.addActions(self.actions)

    def _show(self, name: str, kind: type[W]) -> W:
        window = self.windows.get(name)
        if isinstance(window, kind):
            window.refresh()
        else:
            window = kind(self.library, self.bus, self.tasks, self.parent)
            self.windows[name] = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def open_screening(self) -> ScreeningWindow:
        return self._show("screening", ScreeningWindow)

    def open_evidence(self) -> EvidenceWindow:
        return self._show("evidence", EvidenceWindow)

    def open_quote_drift(self) -> QuoteDriftWindow:
        return self._show("quotes", QuoteDriftWindow)

    def open_since_digest(self) -> SinceDigestWindow:
        return self._show("since", SinceDigestWindow)

    def digest_exported(self) -> None:
        """A digest written from the window is the new 'last digest': an open list of
        what is new since then re-reads."""
        since = self.windows.get("since")
        if since is not None:
            since.refresh()

    def close_all(self) -> None:
        for window in self.windows.values():
            window.close()
