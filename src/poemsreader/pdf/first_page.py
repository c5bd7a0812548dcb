"""The first page at start-up, rendered by the worker before the window asks for it.

`poemsreader FILE.pdf` starts its render worker before the window exists. The
worker cannot know the zoom the window will ask for, but the window always
opens at fit width, and the room a page gets there (and the screen's device
pixel ratio) only change when the window or the screen does. So the window
saves them after its first page (`save_hint`), and the next start-up's worker
renders page 1 for them while the window is still being built (`first_page_render`):
when the window then asks for exactly that render, the pixels are waiting. When
it asks for anything else, the guess is dropped and the page rendered as usual.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from poemsreader.pdf.render_geometry import (
    PageGeometry,
    clamp_scale,
    device_scale,
    device_size,
    fit_width_scale,
    tile_grid,
)

Pixels = tuple[int, int, int, int]


@dataclass(frozen=True)
class FirstPageHint:
    room: float  # logical pixels the widest page was fitted into
    device_pixel_ratio: float


def first_page_render(
    pages: Sequence[PageGeometry], hint: FirstPageHint
) -> tuple[float, Pixels] | None:
    """(device scale, device-pixel rectangle) the window will ask for first: page 1 at
    fit width; None when that page is cut in tiles (then the view decides which first)."""
    if not pages or hint.room <= 0 or hint.device_pixel_ratio <= 0:
        return None
    scale = device_scale(clamp_scale(fit_width_scale(pages, hint.room)), hint.device_pixel_ratio)
    tiles = tile_grid(*device_size(pages[0], scale))
    return (scale, tiles[0]) if len(tiles) == 1 else None


def load_hint(path: Path) -> FirstPageHint | None:
    """The saved hint, or None when there is none or it cannot be read."""
    import json

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return FirstPageHint(float(data["room"]), float(data["device_pixel_ratio"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_hint(path: Path, hint: FirstPageHint) -> None:
    """Keep `hint` for the next start-up (quietly nothing when the folder is not writable)."""
    import json

    if load_hint(path) == hint:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(
            json.dumps({"room": hint.room, "device_pixel_ratio": hint.device_pixel_ratio}),
            encoding="utf-8",
        )
        temporary.replace(path)
    except OSError:
        pass
