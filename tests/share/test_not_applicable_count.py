"""Annotations that cannot be applied are counted one by one, not per article."""

from __future__ import annotations

import json
from pathlib import Path

from poemsreader.cli import main

QUOTES = [
    "POEMS syndrome is a rare paraneoplastic disorder",
    "lenalidomide was given to 20 patients",
    "the VEGF level fell after treatment",
    "neuropathy improved in most patients",
    "no death was related to treatment",
]


def _web_annotations() -> dict:
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationPage",
        "items": [
            {
                "id": f"https://hypothes.is/a/q{n}",
                "type": "Annotation",
                "creator": {"id": "acct:dana@hypothes.is", "name": "Dana"},
                "body": {"type": "TextualBody", "value": f"Point {n}"},
                "target": {
                    "source": "https://doi.org/10.1002/ajh.23368",
                    "selector": {"type": "TextQuoteSelector", "exact": quote},
                },
            }
            for n, quote in enumerate(QUOTES, start=1)
        ],
    }


def test_five_quotes_on_an_absent_article_count_five(tmp_path: Path, capsys) -> None:
    file = tmp_path / "dana.jsonld"
    file.write_text(json.dumps(_web_annotations()), encoding="utf-8")
    assert main(["--library", str(tmp_path / "lib"), "share", "import", str(file)]) == 0
    out = capsys.readouterr().out
    assert "5 annotation(s) not applicable to any PDF here" in out, out
    assert out.count("not applicable: ") == 5
    assert "(no death was related to treatment)" in out
