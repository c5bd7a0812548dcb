"""The render worker's start-up path: its pipe, the early describe and the prerendered page 1."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from poemsreader.paths import first_page_hint_file
from poemsreader.pdf.first_page import FirstPageHint, first_page_render, load_hint, save_hint
from poemsreader.pdf.outline import describe_document
from poemsreader.pdf.render_worker import EARLY_GENERATION, EARLY_JOB, WorkerProcess
from poemsreader.pdf.worker_channel import Channel
from poemsreader.pdf.worker_channel_posix import readable_now
from tests.pdfgen import ArticleSpec, make_article


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user cache folder (where the first-page hint lives), in tmp for workers too."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


def test_a_channel_carries_messages_larger_than_the_pipe_and_reports_the_end() -> None:
    read_fd, write_fd = os.pipe()
    reader, writer = Channel(read_fd), Channel(write_fd)
    message = ("info", b"x" * 10_000, list(range(1000)))
    assert not readable_now(read_fd)
    writer.send(message)
    assert readable_now(read_fd)
    assert reader.recv() == message
    writer.close()
    with pytest.raises(EOFError):
        reader.recv()
    reader.close()


def test_the_hint_survives_a_round_trip_and_a_broken_file_is_no_hint(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "first-page.json"
    assert load_hint(path) is None
    save_hint(path, FirstPageHint(946.0, 2.0))
    assert load_hint(path) == FirstPageHint(946.0, 2.0)
    path.write_text("{not json", encoding="utf-8")
    assert load_hint(path) is None


def _render(worker: WorkerProcess, job_id: int, scale: float, pixels: tuple) -> bytes:
    worker.send(("render", job_id, EARLY_GENERATION, 0, scale, pixels))
    answer_id, kind, payload = worker.receive()
    assert (answer_id, kind) == (job_id, "image")
    width, height, stride, _channels, data = payload
    assert (width, height) == (pixels[2] - pixels[0], pixels[3] - pixels[1])
    return bytes(data[: height * stride])


def test_the_prerendered_first_page_is_the_page_the_window_asks_for(
    tmp_path: Path, cache_home: Path
) -> None:
    path = make_article(tmp_path / "a.pdf", ArticleSpec(page_count=2))
    hint = FirstPageHint(946.0, 1.0)
    save_hint(first_page_hint_file(), hint)
    assert first_page_hint_file().is_relative_to(cache_home)
    guess = first_page_render(describe_document(path).geometries, hint)
    assert guess is not None
    scale, pixels = guess
    early = WorkerProcess(urgent=True)
    plain = WorkerProcess()
    try:
        early.open_early(str(path))
        answer_id, kind, _info = early.receive()
        assert (answer_id, kind) == (EARLY_JOB, "info")
        plain.send(("open", EARLY_GENERATION, str(path), None))
        prerendered = _render(early, 1, scale, pixels)
        rendered = _render(plain, 1, scale, pixels)
        assert prerendered == rendered
        # Anything else is rendered as asked (the guess is gone from the buffer).
        smaller = (0, 0, pixels[2] // 2, pixels[3] // 2)
        assert _render(early, 2, scale, smaller) == _render(plain, 2, scale, smaller)
        assert _render(early, 3, scale, pixels) == prerendered
    finally:
        early.close()
        plain.close()
    assert early.process.poll() is not None and plain.process.poll() is not None


def test_without_a_hint_the_worker_only_describes(tmp_path: Path, cache_home: Path) -> None:
    path = make_article(tmp_path / "a.pdf", ArticleSpec(page_count=1))
    worker = WorkerProcess(urgent=True)
    try:
        worker.open_early(str(path))
        answer_id, kind, info = worker.receive()
        assert (answer_id, kind, info.page_count) == (EARLY_JOB, "info", 1)
        worker.send(("words", 5, EARLY_GENERATION, 0))
        assert worker.receive()[:2] == (5, "words")
    finally:
        worker.close()
    assert not (cache_home / "poemsreader").exists()
