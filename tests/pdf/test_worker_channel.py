"""The two worker links behind one interface: chosen by capability, forced by the
environment, the same answers and pixels, a clean end, and the bundle as its own worker."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest

from poemsreader.pdf.render_worker import WorkerProcess
from poemsreader.pdf.worker_channel import (
    CHANNEL_ENV,
    PORTABLE,
    POSIX,
    chosen_kind,
    posix_link_possible,
    start_worker,
)
from tests.pdf.echo_worker import BUFFER_BYTES
from tests.pdfgen import ArticleSpec, make_article

REPO = Path(__file__).resolve().parents[2]
WAIT_S = 20.0
pytestmark = pytest.mark.timeout(120)  # a broken link blocks on a read: fail, do not hang


@pytest.fixture
def importable_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers started from the tests can import tests.pdf.echo_worker."""
    path = os.environ.get("PYTHONPATH")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in (str(REPO), path) if p))


def test_the_link_is_chosen_by_capability_and_the_portable_one_on_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(CHANNEL_ENV, raising=False)
    assert chosen_kind() == (POSIX if posix_link_possible() else PORTABLE)
    monkeypatch.setenv(CHANNEL_ENV, "Portable")
    assert chosen_kind() == PORTABLE
    monkeypatch.setenv(CHANNEL_ENV, POSIX)
    if posix_link_possible():
        assert chosen_kind() == POSIX
        monkeypatch.delattr(os, "posix_spawn")  # as on Windows
        assert not posix_link_possible() and chosen_kind() == PORTABLE


@pytest.mark.usefixtures("importable_tests")
def test_a_link_carries_jobs_answers_and_pixels_past_stray_output(each_worker_channel: str) -> None:
    link = start_worker("tests.pdf.echo_worker", ["hello"], BUFFER_BYTES)
    try:
        assert (link.watch_fd is None) == (each_worker_channel == PORTABLE)
        assert link.receive() == ("ready", ["hello"])
        for fill in (7, 200):
            link.send(("fill", fill, b"x" * 100_000))  # larger than a pipe's buffer
            assert link.receive() == ("filled", ("fill", fill, b"x" * 100_000))
            assert bytes(link.pixels[:1000]) == bytes([fill]) * 1000
    finally:
        link.close(5.0)
    assert link.process.poll() == 0
    link.close(5.0)  # a second close does nothing (and writes to no descriptor)


@pytest.mark.usefixtures("importable_tests")
def test_a_worker_that_dies_ends_its_answers_and_says_so(each_worker_channel: str) -> None:
    link = start_worker("tests.pdf.echo_worker", [], BUFFER_BYTES)
    announced = threading.Event()
    link.announce_answers(announced.set)
    try:
        assert link.receive()[0] == "ready"
        announced.clear()
        link.process.kill()  # type: ignore[attr-defined]
        with pytest.raises(EOFError):
            link.receive()
        assert link.has_answer()  # the end is readable without waiting, again and again
        with pytest.raises(EOFError):
            link.receive()
        if each_worker_channel == PORTABLE:
            assert announced.wait(WAIT_S)  # the reader thread said so: nothing polled
    finally:
        link.close(5.0)


def test_both_links_render_the_same_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_article(tmp_path / "a.pdf", ArticleSpec(page_count=2))
    images = {}
    for kind in [POSIX, PORTABLE] if posix_link_possible() else [PORTABLE]:
        monkeypatch.setenv(CHANNEL_ENV, kind)
        worker = WorkerProcess()
        try:
            worker.send(("open", 1, str(path), None))
            worker.send(("render", 3, 1, 1, 1.5, (0, 0, 600, 700)))
            job_id, kind_of_answer, (width, height, stride, _channels, data) = worker.receive()
            assert (job_id, kind_of_answer, width, height) == (3, "image", 600, 700)
            images[kind] = bytes(data[: height * stride])
            del data
        finally:
            worker.close()
    assert len(set(images.values())) == 1
    assert len(next(iter(images.values()))) >= 600 * 700 * 3


def test_the_portable_buffer_keeps_no_name_and_starts_no_tracker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CHANNEL_ENV, PORTABLE)
    path = make_article(tmp_path / "a.pdf", ArticleSpec(page_count=1))
    worker = WorkerProcess()
    try:
        worker.send(("open", 1, str(path), None))
        worker.send(("words", 4, 1, 0))
        assert worker.receive()[:2] == (4, "words")  # the worker has mapped the buffer
        name = worker.link._block.name  # type: ignore[attr-defined]
        if Path("/dev/shm").is_dir():
            assert not (Path("/dev/shm") / name.lstrip("/")).exists()
        children = Path(f"/proc/{worker.process.pid}/task/{worker.process.pid}/children")
        if children.exists():  # no resource tracker process beside the worker
            assert children.read_text().split() == []
    finally:
        worker.close()


@pytest.mark.skipif(not hasattr(os, "posix_spawn"), reason="the stand-in bundle is a sh script")
def test_the_bundle_entry_point_serves_as_its_own_worker_on_each_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, each_worker_channel: str
) -> None:
    """A frozen program's sys.executable is the program: it gets `-m MODULE ARGS…`."""
    program = tmp_path / "poemsreader"
    program.write_text(
        f'#!/bin/sh\nexec "{sys.executable}" "{REPO / "packaging" / "entry_point.py"}" "$@"\n',
        encoding="utf-8",
    )
    program.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(program))
    path = make_article(tmp_path / "a.pdf", ArticleSpec(page_count=1))
    worker = WorkerProcess()
    try:
        worker.send(("open", 1, str(path), None))
        worker.send(("render", 2, 1, 0, 1.0, (0, 0, 100, 100)))
        assert worker.receive()[:2] == (2, "image")
    finally:
        worker.close()
    assert worker.process.poll() == 0
