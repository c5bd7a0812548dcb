"""Making and handling an article's findings in its window: the reader, the finding editor
and the findings panel, wired together.

Selecting text and pressing a number key (1–8) highlights it in that colour;
Ctrl+E (or the context menu) makes it a finding and puts the cursor in the
statement. Clicking a highlight edits its finding; clicking a finding in the
panel scrolls the reader to it and flashes it. Every change goes through
`push_command`, and comes back as a ChangeSet to `apply_changes`.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from poemsreader.core.anchors import anchor_from_selection, reading_order_key
from poemsreader.core.changes import ChangeSet
from poemsreader.core.commands import Command
from poemsreader.core.errors import NotFound
from poemsreader.core.finding_commands import (
    CreateFinding,
    DeleteFinding,
    PlaceFinding,
    SetFirstPage,
)
from poemsreader.core.model import FindingRecord, FindingStatus, HighlightOverlay
from poemsreader.services.library import Library
from poemsreader.storage.findings import FindingInfo
from poemsreader.ui.findings.finding_editor import HIGHLIGHT_COLOURS, FindingEditor
from poemsreader.ui.findings.findings_panel import FindingsPanel

DEFAULT_COLOUR = HIGHLIGHT_COLOURS[0]
STATUS_COLOURS = {
    FindingStatus.NEW: "#2ea8e5",
    FindingStatus.REINFORCES: "#5fb236",
    FindingStatus.CONTRADICTS: "#ff6666",
    FindingStatus.OPEN_QUESTION: "#f19837",
}


FINDINGS_DELAY_MS = 400
FEW_FINDINGS = 20  # a change set naming more findings than this re-reads the whole article


class ColourBy(StrEnum):
    FINDING = "finding"  # the colour the reviewer chose
    TOPIC = "topic"
    STATUS = "status"
    REVIEWER = "reviewer"


def _palette_colour(name: str) -> str:
    """A stable colour for a name without one of its own."""
    return HIGHLIGHT_COLOURS[zlib.crc32(name.encode("utf-8")) % len(HIGHLIGHT_COLOURS)]


def overlay_colour(info: FindingInfo, mode: ColourBy) -> str:
    if mode == ColourBy.TOPIC and info.topics:
        return (info.topic_colours[0] if info.topic_colours else "") or _palette_colour(
            info.topics[0].split("/")[0]
        )
    if mode == ColourBy.STATUS:
        return STATUS_COLOURS[info.status]
    if mode == ColourBy.REVIEWER:
        return _palette_colour(info.reviewer_id or info.reviewer_name)
    return info.colour or DEFAULT_COLOUR


def overlays_of(findings: list[FindingInfo], mode: ColourBy) -> list[HighlightOverlay]:
    """What the reader draws: one overlay per passage, the statement as the tooltip."""
    overlays = []
    for info in findings:
        tooltip = f"{info.statement or info.quote} {info.citation}".strip()
        colour = overlay_colour(info, mode)
        for anchor in info.anchors:
            if anchor.quads:
                overlays.append(
                    HighlightOverlay(
                        info.uuid, anchor.page_index, tuple(anchor.quads), colour, tooltip
                    )
                )
    return overlays


class FindingActions(QObject):
    """The actions on one article's findings (highlight, make, place, jump, delete), joining
    its ReaderWidget, FindingEditor and FindingsPanel."""

    findingCreated = Signal(str)
    message = Signal(str)  # one sentence for the window's status bar

    def __init__(
        self,
        library: Library,
        reader: Any,  # ui.reader.ReaderWidget (or anything with its interface)
        editor: FindingEditor,
        panel: FindingsPanel,
        push_command: Callable[[Command], object],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.reader = reader
        self.editor = editor
        self.panel = panel
        self.push_command = push_command
        self.article_id: int | None = None
        self.colour_by = ColourBy.FINDING
        self.findings: list[FindingInfo] = []
        self._pending_load = False
        self.actions = self._build_actions()
        reader.add_selection_actions(
            [self.make_finding_action, self.place_here_action, *self.colour_actions]
        )
        reader.highlightClicked.connect(self.select_finding)
        panel.findingActivated.connect(self.go_to_finding)
        panel.firstPageRequested.connect(self.ask_first_page)

    # ----- actions --------------------------------------------------------------------
    def _action(self, text: str, shortcut: str, slot: Callable[[], object]) -> QAction:
        owner = self.reader if isinstance(self.reader, QWidget) else None
        action = QAction(text, owner)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        if owner is not None:
            owner.addAction(action)
        return action

    def _build_actions(self) -> list[QAction]:
        self.make_finding_action = self._action("Make finding", "Ctrl+E", self.make_finding)
        self.make_finding_action.setStatusTip("Turn the selected passage into a finding")
        self.colour_actions = [
            self._action(
                f"Highlight in colour {n + 1}",
                str(n + 1),
                lambda _checked=False, c=colour: self.highlight(c),
            )
            for n, colour in enumerate(HIGHLIGHT_COLOURS)
        ]
        self.delete_action = self._action("Delete finding", "Del", self.delete_current)
        self.place_here_action = self._action("Place Here", "Ctrl+Shift+H", self.place_here)
        self.place_here_action.setStatusTip(
            "Put the finding being edited on the selected passage (an orphan placed by hand)"
        )
        return [
            self.make_finding_action,
            self.place_here_action,
            *self.colour_actions,
            self.delete_action,
        ]

    # ----- opening --------------------------------------------------------------------
    def open_article(self, article_id: int) -> bool:
        """Show the article's PDF with its printed page labels; its findings and highlights
        follow a moment later (`reload`), once the first page is being rendered."""
        self.article_id = article_id
        path = self.library.articles.pdf_path(article_id)
        labels = self.library.findings.labels(article_id).labels
        opened = path is not None and self.reader.open(path, printed_labels=labels or None)
        self.editor.set_finding("")
        self.findings = []
        self.panel.set_findings([])
        self._load_findings_after_first_paint()
        return bool(opened)

    def _load_findings_after_first_paint(self) -> None:
        """The page first, then its findings: listing hundreds of findings blocks the event
        loop the reader's render workers report through, so it waits for the first painted
        page (or FINDINGS_DELAY_MS, for a reader that paints nothing)."""
        self._pending_load = True
        self.reader.view.pagePainted.connect(
            self._first_paint, Qt.ConnectionType.SingleShotConnection
        )
        QTimer.singleShot(FINDINGS_DELAY_MS, self, self._first_paint)

    def _first_paint(self, _page: int = 0) -> None:
        if self._pending_load:
            self._pending_load = False
            QTimer.singleShot(0, self, self.reload)  # after the paint has finished

    def reload(self) -> None:
        """Read the article's findings and page labels again and show them."""
        self._pending_load = False
        if self.article_id is None:
            return
        self.findings = self.library.findings.for_article(self.article_id)
        self._show()

    def _show(self) -> None:
        assert self.article_id is not None
        pages = self.library.findings.labels(self.article_id)
        if pages.labels:
            self.panel.set_page_source(pages.labels, pages.source.value, pages.note)
            self.reader.set_printed_labels(pages.labels)  # the page box follows a correction
        self.panel.set_findings(self.findings)
        self.reader.set_highlights(overlays_of(self.findings, self.colour_by))

    def set_colour_by(self, mode: ColourBy) -> None:
        self.colour_by = ColourBy(mode)
        self.reader.set_highlights(overlays_of(self.findings, self.colour_by))

    def apply_changes(self, changes: ChangeSet) -> None:
        """Refresh what a service call changed (connected to every pushed command).

        A few changed findings (typing a statement, a new highlight) are re-read one by
        one; anything larger (a first-page correction, an import) re-reads the article.
        """
        if self.article_id is None:
            pass
        elif self._pending_load or changes.everything:  # a change before the first load: load now
            self.reload()
        elif changes.findings and len(changes.findings) <= FEW_FINDINGS:
            self._update_findings(changes.findings)
        elif self.article_id in changes.articles:
            self.reload()
        self.editor.apply_changes(changes)

    def _update_findings(self, uuids: set[str]) -> None:
        kept = {f.uuid: f for f in self.findings if f.uuid not in uuids}
        for uuid in uuids:
            try:
                info = self.library.findings.get(uuid)
            except NotFound:
                continue  # its creation was undone
            if info.article_id == self.article_id and not info.deleted:
                kept[uuid] = info
        self.findings = sorted(kept.values(), key=lambda f: reading_order_key(f.anchors))
        self._show()

    def _uuids(self) -> set[str]:
        return {f.uuid for f in self.findings}

    # ----- from the selection to a finding --------------------------------------------
    def _record_from_selection(self, colour: str) -> FindingRecord | None:
        if self.article_id is None:
            return None
        passages = self.reader.selection()
        if not passages:
            return None
        sha = self.library.findings.document_sha256(self.article_id)
        anchors = []
        for passage in passages:
            text = self.library.findings.page_text(self.article_id, passage.page_index)
            anchors.append(
                anchor_from_selection(passage, text, sha, self._page_height(passage.page_index))
            )
        quote = " ".join(a.quote for a in anchors if a.quote)
        return FindingRecord(quote=quote, colour=colour, anchors=anchors)

    def _page_height(self, page_index: int) -> float | None:
        info = self.reader.info  # None until a document is open
        geometries = info.geometries if info is not None else []
        if 0 <= page_index < len(geometries):
            return float(geometries[page_index].height)
        return None

    def highlight(self, colour: str = DEFAULT_COLOUR) -> str:
        """Keep the selection as a highlight of that colour (a finding without a statement)."""
        record = self._record_from_selection(colour)
        if record is None or self.article_id is None:
            return ""
        self.push_command(CreateFinding(self.article_id, record, text="Highlight"))
        self._clear_selection()
        self.select_finding(record.uuid)
        self.findingCreated.emit(record.uuid)
        return record.uuid

    def place_here(self) -> bool:
        """Put the finding being edited on the selected passage: one undoable step."""
        uuid = self.editor.uuid
        record = self._record_from_selection(DEFAULT_COLOUR) if uuid else None
        if record is None or not record.anchors:
            return False
        self.push_command(PlaceFinding(uuid, record.anchors))
        self._clear_selection()
        self.select_finding(uuid)
        return True

    def make_finding(self) -> str:
        """Turn the selection into a finding and start writing its statement."""
        uuid = self.highlight(DEFAULT_COLOUR)
        if uuid:
            self.editor.statement.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            self.message.emit(
                "Nothing is selected: select a passage first (Ctrl+Shift+E makes a finding "
                "about the whole article)."
            )
        return uuid

    def make_article_finding(self) -> str:
        """A finding about the whole article, with no passage."""
        if self.article_id is None:
            return ""
        record = FindingRecord()
        self.push_command(CreateFinding(self.article_id, record, text="Make article finding"))
        self.select_finding(record.uuid)
        self.editor.statement.setFocus(Qt.FocusReason.OtherFocusReason)
        return record.uuid

    def _clear_selection(self) -> None:
        self.reader.clear_selection()

    # ----- navigation -----------------------------------------------------------------
    def select_finding(self, uuid: str) -> None:
        """Edit this finding and show it selected in the panel (the reader stays put)."""
        self.editor.set_finding(uuid)
        self.panel.select(uuid)

    def go_to_finding(self, uuid: str) -> None:
        """Scroll the reader to the finding's first passage and flash it."""
        self.select_finding(uuid)
        info = next((f for f in self.findings if f.uuid == uuid), None)
        if info is None or not info.anchors:
            return
        first = min(info.anchors, key=lambda a: a.page_index)
        self.reader.scroll_to(first.page_index, tuple(first.quads), flash=True)

    def ask_first_page(self) -> None:
        """Ask for the printed number of the article's first page (blank: detect again)."""
        if self.article_id is None:
            return
        current = self.library.findings.labels(self.article_id).labels[:1]
        text, ok = QInputDialog.getText(
            self.panel,
            "First page",
            "Printed number of the article's first PDF page (blank: use the detected numbers):",
            text="".join(current),
        )
        if ok:
            self.set_first_page(text.strip())

    def set_first_page(self, first_page: str) -> None:
        if self.article_id is None:
            return
        if first_page and not first_page.isdigit():
            QMessageBox.warning(self.panel, "First page", "The first page must be a number.")
            return
        self.push_command(SetFirstPage(self.article_id, first_page))

    def delete_current(self) -> None:
        if self.editor.uuid:
            self.push_command(DeleteFinding(self.editor.uuid))
