"""Action icons: the desktop theme's icon when it has one, else our own small SVG.

Theme icons follow the system (light or dark, the reviewer's icon set); the
SVGs in resources/icons/actions use a mid grey that reads on both palettes.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QWidget

from poemsreader.ui.common.shortcuts_help import plain_text

# Action text (without mnemonic and dots) -> freedesktop icon name.
ICON_FOR_ACTION = {
    "Zoom in": "zoom-in",
    "Zoom out": "zoom-out",
    "Fit width": "zoom-fit-width",
    "Fit page": "zoom-fit-best",
    "Find": "edit-find",
    "Back": "go-previous",
    "Forward": "go-next",
    "Side panel": "view-sidebar",
    "Add PDFs": "document-open",
    "Add Folder": "folder-open",
    "Settings": "preferences-system",
    "Undo": "edit-undo",
    "Redo": "edit-redo",
    "Make finding": "finding-new",
    "New finding": "finding-new",
    "Export digest": "document-export",
    "Export Digest": "document-export",
}


def icon_path(name: str) -> str:
    return str(resources.files("poemsreader") / "resources" / "icons" / "actions" / f"{name}.svg")


@cache
def action_icon(name: str) -> QIcon:
    return QIcon.fromTheme(name, QIcon(icon_path(name)))


def app_icon() -> QIcon:
    """The application icon in every size we ship."""
    folder = resources.files("poemsreader") / "resources" / "icons"
    icon = QIcon(str(folder / "org.poemsreader.PoemsReader.svg"))
    for size in (16, 24, 32, 48, 64, 128, 256):
        icon.addFile(str(folder / f"org.poemsreader.PoemsReader-{size}.png"))
    return icon


def give_actions_icons(root: QWidget) -> int:
    """Set an icon on every action under `root` that has none and a known name."""
    count = 0
    for action in root.findChildren(QAction):
        name = ICON_FOR_ACTION.get(plain_text(action.text()).rstrip(".…").strip())
        if name and action.icon().isNull():
            action.setIcon(action_icon(name))
            count += 1
    return count
