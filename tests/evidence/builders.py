"""A small library with articles, topics and findings for the evidence table and matrix."""

from __future__ import annotations

from pathlib import Path

from poemsreader.core.model import ArticleRecord, Author
from poemsreader.services.library import Library
from tests.librarydata import add_finding

ARTICLES = [("Humeniuk", 2013), ("Royer", 2013), ("Li", 2013)]
# (article index, statement, topics)
FINDINGS = [
    (0, "Radiation controls isolated lesions.", ("Treatment/Radiation",)),
    (0, "Lenalidomide after transplant.", ("Treatment",)),
    (0, "VEGF falls.", ("VEGF", "Treatment")),
    (1, "Lenalidomide works.", ("Treatment",)),
    (2, "Neuropathy improves slowly.", ("Symptoms",)),
    (2, "Neuropathy again.", ("Symptoms",)),
]


def evidence_library(root: Path) -> dict[str, int]:
    """The library at `root`; returns {citation key: article id}."""
    with Library(root) as library:
        records = [
            ArticleRecord(title=f"POEMS study by {name}", authors=[Author(name, "A")], year=year)
            for name, year in ARTICLES
        ]
        report = library.references.import_records(records)
        ids = {library.articles.key(i): i for i in report.created}
        by_index = [ids[f"{name} {year}"] for name, year in ARTICLES]
        for index, statement, topics in FINDINGS:
            add_finding(library, by_index[index], statement, topics=topics)
        return ids
