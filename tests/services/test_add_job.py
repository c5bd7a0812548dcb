"""Adding batches through worker processes: progress, errors, passwords, time limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from poemsreader.core.errors import PdfTimeout
from poemsreader.pdf.inspect_pool import InspectPool
from poemsreader.services.add_job import AddJob
from poemsreader.services.library import Library
from tests.conftest import corpus_path
from tests.pdfgen import ArticleSpec, make_article

FAMILIES = ["Adams", "Baker", "Clark", "Davis", "Evans", "Fox"]


def _articles(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [
        make_article(
            folder / f"a{n}.pdf", ArticleSpec(authors=f"Ann {FAMILIES[n]}", title=f"Study {n}")
        )
        for n in range(count)
    ]


def test_batch_adds_good_files_and_reports_bad_ones(library: Library, tmp_path: Path) -> None:
    good = _articles(tmp_path / "in", 3)
    empty = tmp_path / "in" / "empty.pdf"
    empty.write_bytes(b"")
    truncated = tmp_path / "in" / "truncated.pdf"
    truncated.write_bytes(good[0].read_bytes()[:300])
    seen: list[tuple[int, int]] = []
    job = AddJob(library.articles, [tmp_path / "in", tmp_path / "missing.pdf"], workers=2)
    report = job.run(lambda done, total, _o: seen.append((done, total)))
    assert len(report.added) == 3
    assert {o.path.name for o in report.failed} == {"empty.pdf", "truncated.pdf", "missing.pdf"}
    assert all(o.error and "\n" not in o.error for o in report.failed)
    assert seen[-1] == (6, 6) and len(seen) == 6
    assert {r.key for r in library.articles.rows()} == {f"{FAMILIES[n]} 2013" for n in range(3)}
    assert report.summary() == "Added 3 articles; 3 could not be added."


def test_second_batch_recognises_duplicates(library: Library, tmp_path: Path) -> None:
    files = _articles(tmp_path, 2)
    AddJob(library.articles, files, workers=1).run()
    report = AddJob(library.articles, files, workers=1).run()
    assert len(report.duplicates) == 2 and not report.added
    assert len(library.articles.rows()) == 2


@pytest.mark.corpus
def test_encrypted_needs_password_then_retry_adds(library: Library) -> None:
    locked = corpus_path("hostile", "enc-novapdf-rc4-userpw-test.pdf")
    [outcome] = AddJob(library.articles, [locked], workers=1).run().outcomes
    assert outcome.needs_password and not outcome.ok
    [wrong] = AddJob(library.articles, [locked], password="nope", workers=1).run().outcomes
    assert wrong.needs_password and "wrong" in wrong.error
    [retried] = AddJob(library.articles, [locked], password="test", workers=1).run().outcomes
    assert retried.ok and retried.result is not None and retried.result.created


@pytest.mark.corpus
def test_slow_file_times_out_and_the_pool_goes_on(tmp_path: Path) -> None:
    long_pdf = corpus_path("long", "freeculture-352p.pdf")
    good = _articles(tmp_path, 1)[0]
    with InspectPool(workers=1, timeout=0.3) as pool:
        pool.submit(long_pdf)
        outcomes = []
        while pool.pending:
            outcomes += pool.poll(0.1)
        assert isinstance(outcomes[0].error, PdfTimeout)
        assert "longer than" in str(outcomes[0].error)
        pool.timeout = 60
        pool.submit(good)
        outcomes = []
        while pool.pending:
            outcomes += pool.poll(0.1)
        assert outcomes[0].facts is not None and outcomes[0].facts.page_count == 4


def test_cancel_keeps_what_was_added(library: Library, tmp_path: Path) -> None:
    files = _articles(tmp_path, 6)
    job = AddJob(library.articles, files, workers=1)
    job.start()
    while job.done == 0:
        job.poll(0.1)
    job.cancel()
    assert job.finished and job.report.cancelled
    assert 1 <= len(library.articles.rows()) < 6
    assert job.report.summary().endswith("(cancelled)")
