"""Start-up of the reader: the worker's guess at the first render is the view's own request."""

from __future__ import annotations

from pathlib import Path

import pytest

from poemsreader.pdf.first_page import first_page_render
from poemsreader.ui.reader import ReaderWidget
from poemsreader.ui.render_queue import RenderRequest
from tests.pdfgen import ArticleSpec, make_article

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("size", [(1000, 1100), (700, 500)])
def test_the_first_page_guess_is_what_the_view_requests_first(
    qtbot, tmp_path: Path, size: tuple[int, int]
) -> None:
    path = make_article(tmp_path / "a.pdf", ArticleSpec(page_count=3))
    reader = ReaderWidget()
    qtbot.addWidget(reader)
    reader.resize(*size)
    reader.show()
    qtbot.waitExposed(reader)
    asked: list[object] = []
    want = reader.queue.want
    reader.queue.want = lambda client, requests: (asked.extend(requests), want(client, requests))
    try:
        assert reader.open(path)
        qtbot.waitUntil(lambda: any(isinstance(r, RenderRequest) for r in asked), timeout=10_000)
        hint = reader.view.fit_width_hint
        assert hint is not None and hint.device_pixel_ratio == reader.devicePixelRatioF()
        first = next(r for r in asked if isinstance(r, RenderRequest) and r.page == 0)
        assert first_page_render(reader.info.geometries, hint) == (first.scale, first.pixels)
    finally:
        reader.close()
