"""The Review menu: screening a search, the evidence table, quote drift, new since the digest.

Each opens its own window over the library; edits go onto the main window's
undo stack and their changes back to the main window (`on_change`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import QMenu, QWidget

from poemsreader.core.changes import ChangeSet
from poemsreader.store.library import Library


class ReviewActions:
    def __init__(
        self,
        parent: QWidget,
        library: Library,
        undo_stack: QUndoStack,
        on_change: Callable[[ChangeSet], None],
    ) -> None:
        self.parent, self.library = parent, library
        self.undo_stack, self.on_change = undo_stack, on_change
        self.windows: dict[str, QWidget] = {}
        self.screening_action = QAction("&Screen a Search…", parent)
        self.screening_action.setStatusTip("Include or exclude the records of a PubMed search")
        self.screening_action.triggered.connect(self.open_screening)
        self.quotes_action = QAction("Check &Quotes…", parent)
        self.quotes_action.setStatusTip("Findings whose quote is no longer on its page of the PDF")
        self.quotes_action.triggered.connect(self.open_quote_drift)
        self.since_action = QAction("&New Since the Last Digest…", parent)
        self.since_action.setStatusTip("Findings new or changed since the last digest export")
        self.since_action.triggered.connect(self.open_since_digest)
        self.evidence_action = QAction("&Evidence Table…", parent)
        self.evidence_action.setStatusTip("Study facts per article and findings per topic")
        self.evidence_action.triggered.connect(self.open_evidence)
        self.actions = [
            self.screening_action,
            self.evidence_action,
            self.quotes_action,
            self.since_action,
        ]

    def add_to_menu(self, menu: QMenu) -> None:
        menu.addActions(self.actions)

    def _show(self, name: str, make: Callable[[], QWidget]) -> QWidget:
        window = self.windows.get(name)
        if window is None:
            window = self.windows[name] = make()
        elif hasattr(window, "refresh"):
            window.refresh()
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def open_screening(self) -> QWidget:
        from poemsreader.ui.screening_view import ScreeningWindow

        return self._show(
            "screening",
            lambda: ScreeningWindow(self.library, self.undo_stack, self.on_change, self.parent),
        )

    def open_quote_drift(self) -> QWidget:
        from poemsreader.ui.quote_drift_view import QuoteDriftWindow

        return self._show(
            "quotes",
            lambda: QuoteDriftWindow(self.library, self.undo_stack, self.on_change, self.parent),
        )

    def open_evidence(self) -> QWidget:
        from poemsreader.ui.evidence_view import EvidenceWindow

        return self._show(
            "evidence",
            lambda: EvidenceWindow(self.library, self.undo_stack, self.on_change, self.parent),
        )

    def open_since_digest(self) -> QWidget:
        from poemsreader.ui.since_digest_view import SinceDigestWindow

        return self._show("since", lambda: SinceDigestWindow(self.library, self.parent))

    def apply_changes(self, changes: ChangeSet) -> None:
        """Open review windows follow the library's changes."""
        for window in self.windows.values():
            follow = getattr(window, "apply_changes", None)
            if follow is not None:
                follow(changes)
