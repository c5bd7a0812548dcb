"""The reader driven like a reviewer would: real PDFs, real worker processes, mouse and keys."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from poemsreader.core.model import HighlightOverlay, Quad
from poemsreader.ui.reader.pdf_view_selection import TextSelection
from poemsreader.ui.reader.reader import ReaderPosition, ReaderWidget
from poemsreader.ui.reader.render_queue import RenderRequest
from tests.conftest import corpus_path
from tests.pdfgen import ArticleSpec, make_article

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("each_worker_channel")]
WAIT = 20_000


@pytest.fixture
def reader(qtbot, each_worker_channel: str) -> Iterator[ReaderWidget]:
    widget = ReaderWidget()
    # the link asked for is the one in use: a watched pipe, or a reader thread
    assert (widget.queue._workers[0].watch_fd is None) == (each_worker_channel == "portable")
    qtbot.addWidget(widget)
    widget.resize(900, 1000)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.close()
    assert not widget.queue.workers_running(), "render workers outlived the reader"


def wait_text(qtbot, reader: ReaderWidget, page: int) -> None:
    qtbot.waitUntil(lambda: page in reader.view.texts, timeout=WAIT)


def wait_rendered(qtbot, reader: ReaderWidget, page: int) -> None:
    view = reader.view

    def rendered() -> bool:
        scale = view.device_scale()
        return any(key.scale == scale for key, _ in view.cache.of_page(page))

    qtbot.waitUntil(rendered, timeout=WAIT)


def word_point(reader: ReaderWidget, page: int, index: int) -> QPoint:
    word = reader.view.texts[page].words[index]
    return reader.view.viewport_point_of(page, (word.x0 + word.x1) / 2, (word.y0 + word.y1) / 2)


def find_word(reader: ReaderWidget, page: int, text: str, column: int = 0) -> int:
    page_text = reader.view.texts[page]
    for index, word in enumerate(page_text.words):
        if word.text == text and page_text.lines[word.line].column == column:
            return index
    raise AssertionError(f"{text!r} not on page {page}")


def test_drag_selects_down_one_column_only(qtbot, reader: ReaderWidget, article_pdf: Path) -> None:
    assert reader.open(article_pdf)
    reader.scroll_to(1)
    wait_text(qtbot, reader, 1)
    start = word_point(reader, 1, find_word(reader, 1, "Page"))
    end = word_point(reader, 1, find_word(reader, 1, "criteria"))
    viewport = reader.view.viewport()
    with qtbot.waitSignal(reader.selectionChanged, timeout=WAIT):
        qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
        qtbot.mouseMove(viewport, start + QPoint(20, 0))
        qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    (passage,) = reader.selection()
    assert passage.page_index == 1
    assert passage.text == (
        "Page 2 left column. POEMS syndrome is a rare paraneoplastic disorder caused by "
        "an underlying plasma cell neoplasm. The major criteria"
    )
    assert len(passage.quads) == 3  # one per line, all in the left column
    assert all(q.x1 < 300 for q in passage.quads)
    reader.copy_action.trigger()
    assert QApplication.clipboard().text() == passage.text


def test_double_click_selects_a_word_and_triple_click_its_line(
    qtbot, reader: ReaderWidget, article_pdf: Path
) -> None:
    assert reader.open(article_pdf)
    wait_text(qtbot, reader, 0)
    index = find_word(reader, 0, "paraneoplastic")
    point = word_point(reader, 0, index)
    viewport = reader.view.viewport()
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=point)
    assert [p.text for p in reader.selection()] == ["paraneoplastic"]
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=point)
    assert reader.selection()[0].text == "paraneoplastic disorder caused by an underlying"


def test_alt_drag_selects_an_area(qtbot, reader: ReaderWidget, article_pdf: Path) -> None:
    assert reader.open(article_pdf)
    wait_text(qtbot, reader, 0)
    view = reader.view
    start = view.viewport_point_of(0, 40, 40)
    end = view.viewport_point_of(0, 300, 120)
    alt = Qt.KeyboardModifier.AltModifier
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, alt, start)
    qtbot.mouseMove(view.viewport(), start + QPoint(30, 30))
    qtbot.mouseMove(view.viewport(), end)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, alt, end)
    (passage,) = reader.selection()
    assert passage.is_area
    assert passage.text == (
        "Efficacy of lenalidomide in POEMS Page 1 left column. POEMS syndrome is a rare "
        "paraneoplastic disorder caused by an underlying"
    )


def test_find_counts_every_hit(qtbot, reader: ReaderWidget, article_pdf: Path) -> None:
    assert reader.open(article_pdf)
    reader.find_action.trigger()
    assert reader.find_bar.isVisible()
    with qtbot.waitSignal(reader.find_bar.finished, timeout=WAIT) as finished:
        qtbot.keyClicks(reader.find_bar.edit, "LENALIDOMIDE")
        qtbot.keyClick(reader.find_bar.edit, Qt.Key.Key_Return)
    # 1 per paragraph, 3 paragraphs per column, 2 columns, 4 pages; plus the title.
    assert finished.args == [25]
    assert reader.find_bar.status.text() == "1 of 25"
    reader.find_bar.next_hit()
    assert reader.find_bar.status.text() == "2 of 25"
    reader.find_bar.previous_hit()
    reader.find_bar.previous_hit()
    assert reader.find_bar.status.text() == "25 of 25"
    assert reader.current_page() == 3


def test_page_box_accepts_printed_labels_and_pdf_indexes(
    qtbot, reader: ReaderWidget, article_pdf: Path
) -> None:
    assert reader.open(article_pdf, printed_labels=["207", "208", "209", "210"])
    assert reader.page_box.text() == "207"
    reader.page_box.clear()
    qtbot.keyClicks(reader.page_box, "209")
    with qtbot.waitSignal(reader.currentPageChanged, timeout=WAIT):
        qtbot.keyClick(reader.page_box, Qt.Key.Key_Return)
    assert reader.current_page() == 2
    assert reader.page_box.text() == "209"
    assert reader.go_to_label("#2")
    assert reader.current_page() == 1
    reader.go_back()
    assert reader.current_page() == 2
    reader.go_forward()
    assert reader.current_page() == 1

    # the reviewer's correction ("the first page is 68") reaches the page box and thumbnails
    assert not reader.set_printed_labels(["68"])  # one label for four pages: refused
    assert reader.set_printed_labels(["68", "69", "70", "71"])
    assert reader.page_box.text() == "69"
    model = reader.thumbnails.thumbnails
    assert [model.index(r, 0).data() for r in range(4)] == ["68", "69", "70", "71"]
    reader.page_box.clear()
    qtbot.keyClicks(reader.page_box, "71")
    with qtbot.waitSignal(reader.currentPageChanged, timeout=WAIT):
        qtbot.keyClick(reader.page_box, Qt.Key.Key_Return)
    assert reader.current_page() == 3


def test_corpus_article_selection_and_highlights(qtbot, reader: ReaderWidget) -> None:
    path = corpus_path("articles", "plosone-2014-0115884.pdf")
    assert reader.open(path)
    wait_rendered(qtbot, reader, 0)
    wait_text(qtbot, reader, 0)
    reader.view.selection = None
    overlay = HighlightOverlay("uuid-1", 0, (Quad(290, 370, 600, 400),), "#ff0000", "A finding")
    reader.set_highlights([overlay])
    point = reader.view.viewport_point_of(0, 400, 385)
    with qtbot.waitSignal(reader.highlightClicked, timeout=WAIT) as clicked:
        qtbot.mouseClick(reader.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert clicked.args == ["uuid-1"]
    action = QAction("Make finding…", reader)
    reader.add_selection_actions([action])
    assert action in reader.view.selection_actions


def test_a_rotated_page_is_shown_upright(qtbot, reader: ReaderWidget) -> None:
    path = corpus_path("articles", "bmc-2011-healthcare-quality-rotated.pdf")
    assert reader.open(path)
    geometry = reader.info.geometries[4]
    assert geometry.rotation == 90 and geometry.width > geometry.height
    reader.scroll_to(4)
    wait_rendered(qtbot, reader, 4)
    wait_text(qtbot, reader, 4)
    tiles = reader.view.cache.of_page(4)
    assert all(pixmap.width() > pixmap.height() for _, pixmap in tiles)
    words = reader.view.texts[4].words
    long_words = [w for w in words if len(w.text) > 4]
    assert sum(w.x1 - w.x0 > w.y1 - w.y0 for w in long_words) > 0.9 * len(long_words)
    # A quad handed out is in unrotated page space: it fits the unrotated page (portrait).
    index = next(i for i, w in enumerate(words) if len(w.text) > 4)
    reader.view.set_selection(TextSelection((4, index), (4, index)))
    (passage,) = reader.selection()
    quad = passage.quads[0]
    assert quad.x1 <= geometry.height + 1 and quad.y1 <= geometry.width + 1
    assert quad.y1 - quad.y0 > quad.x1 - quad.x0  # the word runs up the unrotated page


def test_an_encrypted_pdf_opens_with_its_password(qtbot, reader: ReaderWidget) -> None:
    path = corpus_path("hostile", "enc-novapdf-rc4-userpw-test.pdf")
    asked: list[str] = []

    def provider(message: str) -> str | None:
        asked.append(message)
        return None if len(asked) > 1 else "wrong"

    reader.password_provider = provider
    with qtbot.waitSignal(reader.openFailed, timeout=WAIT):
        assert not reader.open(path)
    assert "password" in asked[1]
    assert reader.open(path, password="test")
    wait_rendered(qtbot, reader, 0)
    reader.password_provider = lambda _message: "test"
    assert reader.open(path)


@pytest.mark.parametrize(
    "name",
    ["unopenable-fuzzed.pdf", "not-a-pdf-html-saved-as-fulltext.pdf", "empty-zero-bytes.pdf"],
)
def test_a_broken_pdf_shows_an_error(
    qtbot, reader: ReaderWidget, name: str, tmp_path: Path
) -> None:
    path = corpus_path("hostile", name)
    with qtbot.waitSignal(reader.openFailed, timeout=WAIT) as failed:
        reader.open(path)
    assert failed.args[0].startswith(name)
    assert reader.view.document_error == failed.args[0]
    assert reader.selection() == []
    reader.view.grab()  # paints the message without raising
    article = make_article(tmp_path / "after.pdf", ArticleSpec())
    assert reader.open(article)  # the reader still works afterwards
    assert reader.view.document_error == ""


def test_a_page_that_fails_shows_its_error_and_the_rest_works(
    qtbot, reader: ReaderWidget, article_pdf: Path
) -> None:
    assert reader.open(article_pdf)
    wait_rendered(qtbot, reader, 0)
    request = RenderRequest(1, reader.view.device_scale(), (0, 0, 10, 10))
    reader.queue.failed.emit(request, "the page content is damaged.")
    assert reader.view.page_errors == {1: "the page content is damaged."}
    reader.scroll_to(1)
    image = reader.view.grab()
    assert not image.isNull()
    reader.scroll_to(2)
    wait_rendered(qtbot, reader, 2)


def test_position_round_trips(qtbot, reader: ReaderWidget, article_pdf: Path) -> None:
    assert reader.open(article_pdf)
    reader.set_zoom_percent(150)
    reader.scroll_to(2)
    position = reader.position()
    assert position.page_index == 2 and position.scale is not None
    reader.scroll_to(0)
    reader.set_position(ReaderPosition.from_dict(position.as_dict()))
    assert reader.current_page() == 2
    assert reader.view.scale == pytest.approx(position.scale)


def test_zoom_keys_and_fit(qtbot, reader: ReaderWidget, article_pdf: Path) -> None:
    assert reader.open(article_pdf)
    wait_rendered(qtbot, reader, 0)
    fit = reader.view.scale
    reader.zoom_in_action.trigger()
    assert reader.view.scale == pytest.approx(fit * 1.2)
    reader.fit_page_action.trigger()
    box = reader.view.layout_.boxes[0]
    assert box.height <= reader.view.viewport().height()
    reader.fit_width_action.trigger()
    assert reader.view.scale == pytest.approx(fit)


def test_thumbnails_and_outline_jump_to_pages(qtbot, reader: ReaderWidget, tmp_path: Path) -> None:
    import pymupdf

    path = make_article(tmp_path / "toc.pdf", ArticleSpec())
    doc = pymupdf.open(path)
    doc.set_toc([[1, "Introduction", 1], [1, "Results", 3], [2, "Adverse events", 4]])
    doc.save(tmp_path / "with-toc.pdf")
    doc.close()
    assert reader.open(tmp_path / "with-toc.pdf")
    reader.sidebar_action.trigger()
    model = reader.outline.model()
    assert model.rowCount() == 2
    results = model.index(1, 0)
    assert results.data() == "Results"
    reader.outline.clicked.emit(results)
    assert reader.current_page() == 2
    reader.side.setCurrentWidget(reader.thumbnails)
    thumbnails = reader.thumbnails.thumbnails
    qtbot.waitUntil(lambda: 0 in thumbnails.pixmaps, timeout=WAIT)
    assert thumbnails.pixmaps[0].width() > 0
    reader.thumbnails.clicked.emit(thumbnails.index(3))
    assert reader.current_page() == 3
    reader.go_back()
    assert reader.current_page() == 2


def test_dragging_past_the_bottom_edge_scrolls_and_extends_the_selection(
    qtbot, reader: ReaderWidget, article_pdf: Path
) -> None:
    assert reader.open(article_pdf)
    wait_text(qtbot, reader, 0)
    viewport = reader.view.viewport()
    start = word_point(reader, 0, find_word(reader, 0, "Page"))
    below = QPoint(start.x(), viewport.height() + 60)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, start + QPoint(30, 30))
    qtbot.mouseMove(viewport, below)
    qtbot.waitUntil(lambda: reader.view.verticalScrollBar().value() > 300, timeout=WAIT)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=below)
    passages = reader.selection()
    assert passages[0].text.startswith("Page 1 left column. POEMS syndrome")
    assert len(reader.selected_text()) > 1000
