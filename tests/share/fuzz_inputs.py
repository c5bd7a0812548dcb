"""Hypothesis strategies for annotation files as they arrive: poemsreader's own file,
a W3C AnnotationPage and a Hypothesis API export, each field either well-formed, at
an edge (dates with no UTC spelling, empty topic paths) or any JSON value at all."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


def rarely(good: st.SearchStrategy[Any], bad: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly `good`, one time in about 25 `bad` (one_of would pick each branch as often)."""
    return st.integers(1, 25).flatmap(lambda n: bad if n == 13 else good)


UUIDS = [f"urn:uuid:{n:08d}-0000-4000-8000-{n:012d}" for n in range(1, 5)]
GOOD_DATES = st.sampled_from(["2026-01-01T00:00:00Z", "2013-05-01T10:00:00+02:00"])
BAD_DATES = st.sampled_from(
    [
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59-14:00",
        "0001-01-01T00:00:00Z",
        "2026-13-45T00:00:00Z",
        "yesterday",
    ]
)
DATES = rarely(GOOD_DATES, BAD_DATES)
TEXT = st.text(max_size=20)
TOPIC_PATHS = rarely(
    st.sampled_from(["Treatment", "Treatment/Radiation", "VEGF", "a//b"]),
    st.sampled_from(["/", "", " / "]),
)


def sometimes(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly the well-formed value, sometimes any JSON value at all."""
    return rarely(strategy, JSON)


def _maybe(draw: st.DrawFn, obj: dict[str, Any]) -> dict[str, Any]:
    """Drop a key now and then (a missing field)."""
    keys = list(obj)
    if keys and draw(st.integers(1, 40)) == 13:
        obj.pop(draw(st.sampled_from(keys)))
    return obj


@st.composite
def selectors(draw: st.DrawFn) -> list[Any]:
    quote = {"type": "TextQuoteSelector", "exact": draw(sometimes(TEXT))}
    if draw(st.integers(1, 20)) == 13:
        quote.pop("exact")
    page = {
        "type": "FragmentSelector",
        "value": draw(sometimes(st.sampled_from(["page=1", "page=0", "page=x"]))),
    }
    position = {
        "type": "TextPositionSelector",
        "start": draw(sometimes(st.integers(-2, 50))),
        "end": draw(sometimes(st.integers(-2, 50))),
    }
    well_formed = st.sampled_from([[], [page, quote], [page, quote, position]])
    return draw(
        st.one_of(
            well_formed, well_formed, st.lists(st.sampled_from([quote, page, position]), max_size=3)
        )
    )


@st.composite
def native_files(draw: st.DrawFn) -> bytes:
    article = draw(st.sampled_from(UUIDS))
    topics = [
        _maybe(
            draw,
            {
                "id": draw(sometimes(st.sampled_from(UUIDS))),
                "name": draw(
                    sometimes(
                        rarely(
                            st.sampled_from(["Treatment", "Therapy", "VEGF"]),
                            st.sampled_from(["a/b", ""]),
                        )
                    )
                ),
                "parent": draw(st.none() | st.sampled_from(UUIDS)),
                "position": draw(sometimes(st.integers(-1, 5))),
            },
        )
        for _ in range(draw(st.integers(0, 3)))
    ]
    findings = []
    for _ in range(draw(st.integers(0, 3))):
        extension = {
            "status": draw(
                sometimes(rarely(st.sampled_from(["new", "contradicts"]), st.just("bogus")))
            ),
            "comment": draw(sometimes(TEXT)),
            "topics": [
                _maybe(
                    draw,
                    {
                        "path": draw(sometimes(TOPIC_PATHS)),
                        "position": draw(sometimes(st.floats(-10, 10))),
                        "id": draw(st.none() | st.sampled_from(UUIDS)),
                    },
                )
                for _ in range(draw(st.integers(0, 2)))
            ],
            "parents": draw(sometimes(st.just([]))),
        }
        findings.append(
            _maybe(
                draw,
                {
                    "id": draw(sometimes(st.sampled_from(UUIDS))),
                    "type": "Annotation",
                    "creator": draw(sometimes(st.just({"id": UUIDS[0], "name": "R"}))),
                    "created": draw(sometimes(DATES)),
                    "modified": draw(sometimes(DATES)),
                    "body": [
                        {
                            "type": "TextualBody",
                            "purpose": draw(st.sampled_from(["describing", "tagging"])),
                            "value": draw(sometimes(TEXT)),
                        }
                        for _ in range(draw(st.integers(0, 2)))
                    ],
                    "target": [
                        {"source": draw(sometimes(st.just(article))), "selector": draw(selectors())}
                    ],
                    "poemsreader": _maybe(draw, extension),
                },
            )
        )
    document = {
        "poemsreader_annotations": draw(sometimes(st.just(1))),
        "exported": draw(sometimes(DATES)),
        "articles": [
            _maybe(
                draw,
                {
                    "id": article,
                    "csl": draw(
                        sometimes(
                            st.fixed_dictionaries(
                                {
                                    "id": TEXT,
                                    "title": sometimes(TEXT),
                                    "URL": sometimes(
                                        st.sampled_from(["javascript:x", "https://a.org/x", ""])
                                    ),
                                    "DOI": sometimes(TEXT),
                                }
                            )
                        )
                    ),
                },
            )
        ],
        "topics": topics,
        "findings": findings,
        "tombstones": [
            _maybe(
                draw,
                {"id": draw(sometimes(st.sampled_from(UUIDS))), "deleted": draw(sometimes(DATES))},
            )
            for _ in range(draw(st.integers(0, 2)))
        ],
    }
    return json.dumps(_maybe(draw, document)).encode()


@st.composite
def w3c_pages(draw: st.DrawFn) -> bytes:
    items = [
        _maybe(
            draw,
            {
                "id": draw(
                    sometimes(
                        st.sampled_from(
                            ["https://e.org/a1", "urn:uuid:00000001-0000-4000-8000-000000000001"]
                        )
                    )
                ),
                "type": "Annotation",
                "created": draw(sometimes(DATES)),
                "modified": draw(sometimes(DATES)),
                "creator": draw(
                    sometimes(
                        st.sampled_from(["https://e.org/u", {"id": "https://e.org/u", "name": "U"}])
                    )
                ),
                "body": draw(sometimes(st.just({"type": "TextualBody", "value": "v"}))),
                "target": draw(
                    sometimes(
                        st.fixed_dictionaries(
                            {
                                "source": sometimes(
                                    st.sampled_from(
                                        [
                                            "https://doi.org/10.1/x",
                                            "javascript:x",
                                            "urn:sha256:" + "a" * 64,
                                        ]
                                    )
                                ),
                                "selector": selectors(),
                            }
                        )
                    )
                ),
            },
        )
        for _ in range(draw(st.integers(0, 3)))
    ]
    page = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationPage",
        "items": items,
    }
    return json.dumps(_maybe(draw, page)).encode()


@st.composite
def hypothesis_exports(draw: st.DrawFn) -> bytes:
    rows = [
        _maybe(
            draw,
            {
                "id": draw(sometimes(TEXT)),
                "uri": draw(sometimes(st.sampled_from(["https://e.org/x", "javascript:x"]))),
                "user": draw(sometimes(st.just("acct:u@hypothes.is"))),
                "created": draw(sometimes(DATES)),
                "updated": draw(sometimes(DATES)),
                "text": draw(sometimes(TEXT)),
                "tags": draw(sometimes(st.lists(TEXT, max_size=2))),
                "document": draw(
                    sometimes(
                        st.fixed_dictionaries(
                            {"title": sometimes(st.lists(st.none() | TEXT, max_size=2))}
                        )
                    )
                ),
                "target": draw(
                    sometimes(
                        st.lists(
                            st.fixed_dictionaries(
                                {
                                    "source": sometimes(st.just("https://e.org/x")),
                                    "selector": selectors(),
                                }
                            ),
                            max_size=2,
                        )
                    )
                ),
            },
        )
        for _ in range(draw(st.integers(0, 3)))
    ]
    return json.dumps({"total": len(rows), "rows": rows}).encode()


ANY_FILE = st.one_of(native_files(), w3c_pages(), hypothesis_exports())
