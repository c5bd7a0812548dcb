"""The article × topic matrix: computed from the library for 200 articles × 40 topics.

    python bench/bench_matrix.py [ARTICLES] [TOPICS]

Builds a library with ARTICLES articles (default 200), TOPICS topics (default
40) and ~10 findings per article, each filed under one to three topics, then
times `library.evidence.matrix()` (three queries and the counting). Target:
under 100 ms. Also times the XLSX export of it.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from poemsreader.core.model import ArticleRecord, Author
from poemsreader.services.library import Library
from poemsreader.storage.schema import Finding, FindingTopic
from poemsreader.storage.topics import ensure_path

TARGET_MS = 100.0
WORDS = [
    "POEMS",
    "syndrome",
    "lenalidomide",
    "radiation",
    "VEGF",
    "neuropathy",
    "Castleman",
    "transplantation",
    "cohort",
    "bone",
    "lesions",
    "marrow",
    "plasma",
    "cell",
    "thalidomide",
    "bortezomib",
    "survival",
    "relapse",
    "criteria",
    "diagnosis",
    "imaging",
    "PET",
    "papilledema",
    "skin",
    "endocrine",
]


def fill(library: Library, articles: int, topics: int) -> int:
    rng = random.Random(7)
    records = [
        ArticleRecord(
            title=f"Study {i}: " + " ".join(rng.sample(WORDS, 6)),
            authors=[Author(f"Author{i}", "A")],
            year=2013,
            pmid=str(20000000 + i),
        )
        for i in range(articles)
    ]
    ids = library.references.import_records(records).created

    def write(session: object) -> int:
        topic_ids = [ensure_path(session, f"Topic {t // 8}/Sub {t}").id for t in range(topics)]
        count = 0
        for article_id in ids:
            for n in range(10):
                finding = Finding(article_id=article_id, statement=f"finding {n}")
                for rank, topic in enumerate(rng.sample(topic_ids, rng.randint(1, 3))):
                    finding.topic_links.append(FindingTopic(topic_id=topic, rank=rank))
                session.add(finding)  # type: ignore[attr-defined]
                count += 1
        return count

    return library.db.write(write)


def main() -> None:
    articles = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    topics = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    with tempfile.TemporaryDirectory() as tmp, Library(Path(tmp) / "lib") as library:
        findings = fill(library, articles, topics)
        library.evidence.matrix()  # warm the statement cache, as an open window has
        times = []
        for _ in range(10):
            started = time.perf_counter()
            matrix = library.evidence.matrix()
            times.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        library.evidence.export(Path(tmp) / "m.xlsx", "xlsx")
        xlsx = (time.perf_counter() - started) * 1000
    median = statistics.median(times)
    print(
        f"matrix of {len(matrix.articles)} articles × {len(matrix.topics)} topics "
        f"({findings} findings): median {median:.1f} ms, max {max(times):.1f} ms "
        f"(target {TARGET_MS:.0f} ms; median/target {median / TARGET_MS:.2f})"
    )
    print(f"XLSX export of it: {xlsx:.0f} ms")


if __name__ == "__main__":
    main()
