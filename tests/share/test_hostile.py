"""Hostile annotation files: each refused with a clear message, or imported safely.
Nothing of a refused file is written."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from poemsreader.services.library import Library
from poemsreader.share.reading import read_annotations
from poemsreader.share.validate import InvalidShareFile, load_share_file
from tests.share.builders import findings

U = "urn:uuid:12345678-1234-4234-8234-123456789abc"
T = "2026-03-01T10:00:00Z"


def valid_file(**finding_changes: object) -> dict:
    finding = {
        "id": "urn:uuid:22222222-1234-4234-8234-123456789abc",
        "type": "Annotation",
        "creator": {"id": U, "name": "Alice"},
        "created": T,
        "modified": T,
        "body": [{"type": "TextualBody", "purpose": "describing", "value": "A statement"}],
        "target": [
            {
                "source": U,
                "selector": [
                    {"type": "FragmentSelector", "value": "page=1"},
                    {"type": "TextQuoteSelector", "exact": "quote", "prefix": "", "suffix": ""},
                ],
            }
        ],
    }
    finding.update(finding_changes)
    return {
        "poemsreader_annotations": 1,
        "exported": T,
        "articles": [{"id": U, "csl": {"id": "Royer 2013", "title": "Efficacy"}}],
        "findings": [finding],
    }


def refused(raw: bytes) -> InvalidShareFile:
    with pytest.raises(InvalidShareFile) as caught:
        read_annotations(raw, "hostile.json")
    error = caught.value
    assert str(error).startswith("hostile.json cannot be imported: ")
    assert "\n" not in str(error) and error.problems
    return error


def test_malformed_json_names_line_and_column() -> None:
    error = refused(b'{"poemsreader_annotations": 1,\n "findings": [}')
    assert "not valid JSON at line 2 column" in error.problems[0]


def test_not_utf8_and_deeply_nested() -> None:
    assert "not UTF-8" in refused(b"\xff\xfe\x00junk").problems[0]
    assert "(file)" in refused(b"[" * 100_000 + b"]" * 100_000).problems[0]


def test_wrong_types_are_named_with_their_path() -> None:
    data = valid_file(
        created=5, body=[{"type": "TextualBody", "purpose": "describing", "value": 7}]
    )
    data["articles"][0]["csl"]["author"] = "not a list"
    problems = refused(json.dumps(data).encode()).problems
    assert "findings[0].created: Input should be a valid datetime" in problems
    assert "findings[0].body[0].value: Input should be a valid string" in problems
    assert any(p.startswith("articles[0].csl.author:") for p in problems)


def test_a_missing_quote_names_its_place() -> None:
    data = valid_file()
    del data["findings"][0]["target"][0]["selector"][1]["exact"]
    assert (
        "findings[0].target[0].selector[1]: missing exact"
        in refused(json.dumps(data).encode()).problems
    )


def test_a_finding_on_an_article_not_in_the_file_is_refused() -> None:
    data = valid_file()
    data["articles"][0]["id"] = "urn:uuid:99999999-1234-4234-8234-123456789abc"
    assert any(
        "not one of the file's articles" in p for p in refused(json.dumps(data).encode()).problems
    )


def test_a_newer_version_asks_for_an_update() -> None:
    data = valid_file()
    data["poemsreader_annotations"] = 2
    assert "newer poemsreader" in refused(json.dumps(data).encode()).problems[0]


def test_huge_strings_are_refused() -> None:
    data = valid_file(
        body=[{"type": "TextualBody", "purpose": "describing", "value": "x" * 200_000}]
    )
    problems = refused(json.dumps(data).encode()).problems
    assert problems == ["findings[0].body[0].value: String should have at most 100000 characters"]


def test_a_file_larger_than_the_limit_is_refused_before_parsing() -> None:
    raw = b'{"poemsreader_annotations": 1, "pad": "' + b"x" * (33 * 1024 * 1024) + b'"}'
    started = time.perf_counter()
    assert "MB is larger than" in refused(raw).problems[0]
    assert time.perf_counter() - started < 1.0


def test_a_million_findings_are_refused_fast() -> None:
    raw = b'{"poemsreader_annotations": 1, "exported": "' + T.encode() + b'", "findings": ['
    raw += b",".join([b"{}"] * 1_000_000) + b"]}"
    started = time.perf_counter()
    error = refused(raw)
    assert time.perf_counter() - started < 3.0
    assert error.problems == ["findings: 1000000 entries, more than the 20000 allowed"]


@pytest.mark.parametrize(
    "hostile",
    [
        "/etc/passwd",
        "C:\\Users\\alice\\secret.pdf",
        "file:///home/alice/.ssh/id_rsa",
        "../../../../tmp/evil",
        "<script>alert('x')</script>",
        "<img src=x onerror=alert(1)>",
        "**bold** _it_ [link](javascript:alert(1)) # heading | table",
        '=HYPERLINK("http://evil")',
        "nul\x00byte and escape \x1b[31m",
    ],
)
def test_paths_and_markup_in_every_text_field_are_kept_as_plain_text(
    tmp_path: Path, hostile: str
) -> None:
    data = valid_file(
        body=[
            {"type": "TextualBody", "purpose": "describing", "value": hostile},
            {"type": "TextualBody", "purpose": "tagging", "value": hostile},
        ],
        creator={"id": U, "name": hostile},
        poemsreader={"comment": hostile, "quote": hostile, "topics": [{"path": hostile + "x"}]},
    )
    data["findings"][0]["target"][0]["selector"][1].update(
        exact=hostile, prefix=hostile, suffix=hostile
    )
    csl = data["articles"][0]["csl"]
    csl.update(id=hostile, title=hostile, URL=hostile, abstract=hostile)
    csl["author"] = [{"family": hostile, "given": hostile}]
    csl["container-title"] = hostile
    with Library(tmp_path / "lib") as library:
        library.sharing.import_bytes(json.dumps(data).encode(), "hostile.json")
        (finding,) = findings(library).values()
        rows = library.articles.rows()
    expected = hostile.replace("\x00", "").replace("\x1b", "")
    assert finding.record.statement == expected and finding.record.comment == expected
    assert finding.record.tags == [expected] and finding.record.reviewer_name != ""
    # the reference reader may strip markup from titles; it never keeps it half-way
    assert rows[0].title == expected or "<" not in rows[0].title
    assert not (tmp_path / "lib" / "tmp").exists()
    assert {p.name for p in (tmp_path / "lib").iterdir()} <= {
        "library.sqlite",
        "library.sqlite-wal",
        "library.sqlite-shm",
        "pdfs",
        "backups",
        "library.lock",
    }


def test_a_refused_file_writes_nothing(tmp_path: Path) -> None:
    data = valid_file()
    data["findings"].append(dict(data["findings"][0], id="not-a-urn"))
    with Library(tmp_path / "lib") as library:
        with pytest.raises(InvalidShareFile):
            library.sharing.import_bytes(json.dumps(data).encode(), "half.json")
        assert findings(library) == {} and library.articles.rows() == []


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


def _mutations(draw: st.DrawFn) -> bytes:
    data = valid_file()
    finding = data["findings"][0]
    spots = [
        (data, "exported"),
        (data, "articles"),
        (finding, "id"),
        (finding, "body"),
        (finding, "target"),
        (finding["target"][0], "selector"),
        (finding, "creator"),
        (finding, "poemsreader"),
        (data["articles"][0], "csl"),
        (finding, "created"),
    ]
    for _ in range(draw(st.integers(1, 3))):
        container, key = draw(st.sampled_from(spots))
        container[key] = draw(JSON_VALUES)
    return json.dumps(data).encode()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=200),
        st.composite(_mutations)(),
        JSON_VALUES.map(lambda v: json.dumps(v).encode()),
    )
)
def test_fuzz_any_input_is_read_or_refused_with_a_sentence(raw: bytes) -> None:
    try:
        parsed = read_annotations(raw, "fuzz.json")
    except InvalidShareFile as error:
        assert str(error).startswith("fuzz.json cannot be imported: ") and error.problems
    else:
        assert parsed.document.poemsreader_annotations == 1


def test_the_shipped_schema_is_the_generated_one() -> None:
    from poemsreader.share.schema import SCHEMA_FILE, generate

    assert SCHEMA_FILE.read_text(encoding="utf-8") == generate(), (
        "share/schema.json is stale: run python -m poemsreader.share.schema"
    )


def test_a_valid_file_loads() -> None:
    assert load_share_file(json.dumps(valid_file()).encode()).findings[0].statement == "A statement"
