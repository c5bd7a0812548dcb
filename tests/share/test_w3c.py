"""Plain W3C Web Annotations and Hypothesis exports from other tools."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from poemsreader.core.model import ArticleRecord
from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.library import Library
from poemsreader.share.reading import read_annotations
from poemsreader.share.validate import InvalidShareFile
from tests.conftest import CORPUS, corpus_path
from tests.share.builders import findings, orphans

W3C = CORPUS / "annotations" / "w3c-web-annotation"

# What each invalid example of the W3C test suite is about (its "label"), and the
# words our message must contain. Files that are not JSON at all are named as such too.
INVALID = {
    "anno1.json": "not valid JSON",
    "anno2.json": "missing target",
    "anno3.json": "missing @context",
    "anno4.json": "@context must include",
    "anno5.json": "@context must include",
    "anno6.json": ".id: must be one IRI",
    "anno7.json": "exactly one id",
    "anno8.json": "missing type",
    "anno9.json": "type: must be Annotation",
    "anno10.json": "missing target",
    "anno11.json": "target[0]: must be an IRI or an object",
    "anno12.json": "body[0]: 'this is not a uri' is not an IRI",
    "anno13.json": "body[0].id: must be one IRI",
    "anno14.json": "body[0].format: must be a single string",
    "anno15.json": "not valid JSON",
    "anno16.json": "textDirection: must be ltr, rtl or auto",
    "anno17.json": "missing value (a TextualBody needs one)",
    "anno18.json": "a TextualBody has exactly one string value",
    "anno19.json": "both body and bodyValue",
    "anno20.json": "bodyValue: must be one string",
    "anno21.json": "bodyValue: must be one string",
    "anno22.json": "Choice, List at once",
    "anno23.json": "processingLanguage: must be a single string",
    "anno24.json": "textDirection: must be a single string",
    "anno25.json": "items without a type",
    "anno26.json": "creator: must be an IRI or an agent object",
    "anno27.json": "generator: must be an IRI or an agent object",
    "anno28.json": "created: 'yesterday' is not an xsd:dateTime",
    "anno29.json": "modified: 'an hour ago' is not an xsd:dateTime",
    "anno30.json": "generated: 'now' is not an xsd:dateTime",
    "anno31.json": "modified: must be one date-time",
    "anno32.json": "created: must be one date-time",
    "anno33.json": "generated: must be one date-time",
    "anno34.json": "rights: must be one IRI",
    "anno35.json": "via: must be one IRI",
    "anno36.json": "canonical: must be one IRI",
    "anno37.json": "missing source (a SpecificResource names its source)",
    "anno38.json": "missing value (a FragmentSelector needs one)",
    "anno39.json": "selector[0].value: must be a single string",
    "anno40.json": "conformsTo: must be a single string",
}


def _files(kind: str) -> list[str]:
    folder = W3C / kind
    return sorted(p.name for p in folder.glob("*.json")) if folder.is_dir() else ["(absent)"]


@pytest.mark.corpus
@pytest.mark.parametrize("name", _files("valid"))
def test_every_valid_example_is_read(tmp_path: Path, name: str) -> None:
    path = corpus_path("annotations", "w3c-web-annotation", "valid", name)
    with Library(tmp_path / "lib") as library:
        report = library.sharing.import_file(path)
        assert findings(library) == {}
    # all of them annotate web resources: reported as not applicable to any PDF here
    assert report.not_applicable
    assert "not applicable to any PDF" in report.summary()


@pytest.mark.corpus
@pytest.mark.parametrize("name", _files("invalid"))
def test_every_invalid_example_is_refused_naming_the_problem(name: str) -> None:
    path = corpus_path("annotations", "w3c-web-annotation", "invalid", name)
    with pytest.raises(InvalidShareFile) as caught:
        read_annotations(path.read_bytes(), name)
    problems = " | ".join(caught.value.problems)
    assert INVALID[name] in problems, problems


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["minimal.api.json", "wikipedia-regression-testing.api.json"])
def test_hypothesis_api_exports_are_read(tmp_path: Path, name: str) -> None:
    path = corpus_path("annotations", "hypothesis", name)
    parsed = read_annotations(path.read_bytes(), name)
    with Library(tmp_path / "lib") as library:
        report = library.sharing.import_file(path)
    assert report.added == 0 and report.not_applicable  # web pages, not PDFs
    if name.startswith("wikipedia"):
        assert len(parsed.document.findings) == 5
        creators = {f.creator.name for f in parsed.document.findings}
        assert creators == {"mark"}
        assert any(f.statement == "Footer" for f in parsed.document.findings)


def test_a_web_annotation_on_a_pdf_in_the_library_becomes_a_finding_of_its_creator(
    tmp_path: Path, article_pdf: Path
) -> None:
    annotation = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationPage",
        "items": [
            {
                "id": "https://hypothes.is/a/abc123",
                "type": "Annotation",
                "creator": {"id": "acct:dana@hypothes.is", "name": "Dana"},
                "created": "2025-05-01T09:00:00Z",
                "body": [
                    {"type": "TextualBody", "value": "<p>Worth citing</p>", "format": "text/html"},
                    {"type": "TextualBody", "value": "treatment", "purpose": "tagging"},
                ],
                "target": {
                    "source": "https://doi.org/10.1002/ajh.23368",
                    "selector": [
                        {"type": "FragmentSelector", "value": "page=2"},
                        {
                            "type": "TextQuoteSelector",
                            "exact": "Page 2 right column.",
                            "prefix": "",
                            "suffix": " POEMS syndrome is a rare",
                        },
                    ],
                },
            },
            {
                "id": "https://example.org/web",
                "type": "Annotation",
                "target": "https://example.org/",
            },
        ],
    }
    file = tmp_path / "page.jsonld"
    file.write_text(json.dumps(annotation), encoding="utf-8")
    with Library(tmp_path / "lib") as library:
        record = ArticleRecord(title="Efficacy", year=2013, doi="10.1002/ajh.23368")
        library.articles.add_pdf(inspect_pdf(article_pdf), record)
        report = library.sharing.import_file(file)
        again = library.sharing.import_file(file)
        (finding,) = findings(library).values()
        assert not orphans(library)
    assert report.added == 1 and again.added == 0 and len(report.not_applicable) == 1
    assert finding.record.reviewer_name == "Dana"
    assert finding.record.statement == "Worth citing" and finding.record.tags == ["treatment"]
    assert finding.record.anchors[0].page_index == 1 and finding.record.anchors[0].start is not None
