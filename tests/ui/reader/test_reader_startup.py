"""Start-up of the reader: the worker's guess at the first render is the view's own request;
asking for a document's description before opening one is refused in one sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from poemsreader.core.errors import PdfUnreadable
from poemsreader.pdf.first_page import first_page_render
from poemsreader.ui.reader.reader import ReaderWidget
from poemsreader.ui.reader.render_queue import RenderQueue, RenderRequest
from tests.pdfgen import ArticleSpec, make_article

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("each_worker_channel")]


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


def test_a_reader_adopts_the_worker_started_early_on_its_document(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from poemsreader.pdf import render_worker

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # no first-page hint

    path = make_article(tmp_path / "a.pdf", ArticleSpec(page_count=2))
    other = make_article(tmp_path / "b.pdf", ArticleSpec(page_count=3))
    render_worker.prestart_workers(1, str(path))
    early = render_worker._PRESTARTED[0]
    sent: list[tuple] = []
    send = early.send
    early.send = lambda message: (sent.append(message), send(message))[1]  # type: ignore[method-assign]
    reader = ReaderWidget()
    qtbot.addWidget(reader)
    reader.resize(800, 900)
    reader.show()
    try:
        assert reader.queue._workers[0] is early
        assert reader.open(path) and reader.info.page_count == 2
        assert not [m for m in sent if m[0] in ("open", "describe")]  # asked at start-up already
        qtbot.waitUntil(lambda: bool(reader.view.cache.of_page(0)), timeout=10_000)
        assert reader.open(other) and reader.info.page_count == 3
        qtbot.waitUntil(lambda: bool(reader.view.cache.of_page(0)), timeout=10_000)
    finally:
        reader.close()
    assert not reader.queue.workers_running()


def test_describing_before_a_pdf_is_opened_is_a_clear_error(qtbot) -> None:
    queue = RenderQueue()
    try:
        with pytest.raises(PdfUnreadable, match="No PDF has been opened"):
            queue.describe()
    finally:
        queue.close()
    assert not queue.workers_running()
