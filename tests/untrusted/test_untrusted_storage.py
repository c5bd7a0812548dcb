"""Untrusted text goes into the store and comes back byte-exact.

Statements, quotes, comments, titles and page text can hold markup, control
characters, right-to-left text, NUL bytes and megabyte strings: all must round-trip
unchanged through SQLite (TEXT and JSON columns) and never break full-text search.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from poemsreader.core.model import ArticleRecord, Author
from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.library import Library
from poemsreader.storage.schema import Finding, FindingAnchor, PageText, Setting
from tests.librarydata import add_finding, finding_statement

NASTY = {
    "markup": '<script>alert("x")</script><b>bold</b> &amp; {{ jinja }} **md** [l](javascript:x)',
    "control": "".join(chr(c) for c in range(1, 32)) + "\x7f\x85\u2028\u2029",
    "nul": "before\x00after\x00\x00end",
    "rtl": "\u202eevil\u202c مرحبا بالعالم \u200f שלום \u061c",
    "combining": "e\u0301 n\u0303 \ufb01 \U0001f9ea \ufeff zero\u200bwidth",
    "crlf": "line one\r\nline two\rline three\n",
    "megabyte": "x" * (1 << 20) + "\x00" + "é" * 1000,
}


@pytest.fixture
def article_id(library: Library, article_pdf: Path) -> int:
    return library.articles.add_pdf(inspect_pdf(article_pdf)).article_id


@pytest.mark.parametrize("name", sorted(NASTY))
def test_finding_text_round_trips_exactly(library: Library, article_id: int, name: str) -> None:
    value = NASTY[name]
    finding = add_finding(library, article_id, value, quote=value, topics=(f"T {name}",))
    with library.db.reading() as session:
        stored = session.get(Finding, finding)
        assert stored is not None
        assert stored.statement == value
        assert stored.quote == value
        assert [a.quote for a in stored.anchors] == [f"{value} 0"]
    # and through a second, fresh connection (nothing cached)
    library.close()
    with Library(library.root) as again:
        assert finding_statement(again, finding) == value


@pytest.mark.parametrize("name", sorted(NASTY))
def test_json_columns_and_settings_round_trip(library: Library, name: str) -> None:
    value = NASTY[name]
    with library.db.transaction() as session:
        session.add(Setting(key=f"k {value[:100]}", value={"v": value, "list": [value]}))
    with library.db.reading() as session:
        stored = session.scalar(select(Setting).where(Setting.key == f"k {value[:100]}"))
        assert stored is not None and stored.value == {"v": value, "list": [value]}


def test_article_record_round_trips(library: Library) -> None:
    record = ArticleRecord(
        title=NASTY["markup"] + NASTY["rtl"],
        authors=[Author(NASTY["rtl"], NASTY["nul"]), Author("O'Brien", "<i>x</i>")],
        year=2013,
        journal=NASTY["control"],
        abstract=NASTY["megabyte"],
    )
    created = library.references.import_records([record]).created
    assert library.articles.record(created[0]).title == record.title
    stored = library.articles.record(created[0])
    assert stored.authors == record.authors
    assert stored.journal == record.journal
    assert stored.abstract == record.abstract


def test_full_text_search_survives_hostile_page_text(library: Library, article_id: int) -> None:
    with library.db.transaction() as session:
        for value in NASTY.values():
            session.execute(
                update(PageText)
                .where(PageText.page_index == 0)
                .values(text=value + " lenalidomide")
            )
            session.flush()
    for query in [*NASTY.values(), "lenalidomide", '"', "NEAR(", "*", "a OR"]:
        library.articles.search_text(query[:200])  # no exception, whatever it finds
    assert library.articles.search_text("lenalidomide")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=300))
def test_any_text_round_trips(library: Library, article_id: int, text: str) -> None:
    finding = add_finding(library, article_id, text, quote=text)
    with library.db.reading() as session:
        stored = session.get(Finding, finding)
        assert stored is not None
        assert (stored.statement, stored.quote) == (text, text)
        anchor = session.scalar(select(FindingAnchor).where(FindingAnchor.finding_id == finding))
        assert anchor is not None and anchor.quote == f"{text} 0"
