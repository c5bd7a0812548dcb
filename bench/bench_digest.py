"""Digest export cost at 1,000 and 10,000 findings, in every format.

Builds two libraries (100 articles / 1,000 findings and 1,000 articles / 10,000
findings, over the eight starter topics, half the findings anchored to a page),
then times loading the digest from the database, assembling it and rendering
each format. Prints the times and the 10x/1x ratio (the goal: within 12x).

    python bench/bench_digest.py
"""

from __future__ import annotations

import gc
import hashlib
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from poemsreader.digest.assemble import build_digest
from poemsreader.digest.export import render
from poemsreader.digest.model import FORMATS, DigestOptions
from poemsreader.services.library import Library
from poemsreader.storage.schema import (
    Article,
    ArticleAuthor,
    Document,
    Finding,
    FindingAnchor,
    FindingTopic,
    Topic,
)

FINDINGS_PER_ARTICLE = 10
WORDS = [
    *("radiation", "lenalidomide", "neuropathy", "VEGF", "sclerotic", "lesion", "plasma"),
    *("cell", "marrow", "transplant", "survival", "progression", "cytokine", "interleukin"),
    *("skin", "pulmonary", "hypertension", "patients", "improved"),
]


def sentence(rng: random.Random, words: int = 28) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def populate(library: Library, articles: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with library.db.transaction() as session:
        topics = session.query(Topic).all()
        positions = {t.id: 0 for t in topics}
        for n in range(articles):
            family = f"Author{n % (articles // 2 or 1)}"
            key = f"{family} {2013 + n % 2}" + ("a" if n >= articles // 2 else "")
            article = Article(
                citekey=key,
                title=sentence(rng, 12),
                year=2013 + n % 2,
                journal="Journal of bench studies",
                volume=str(n % 90 + 1),
                pages=f"{100 + n}-{108 + n}",
                published=f"{2013 + n % 2}-{n % 12 + 1:02d}-{n % 27 + 1:02d}",
            )
            article.authors = [
                ArticleAuthor(position=i, family=f"{family}x{i}" if i else family, given="Ann B")
                for i in range(6)
            ]
            sha = hashlib.sha256(key.encode()).hexdigest()
            article.documents = [
                Document(
                    path=f"pdfs/{n}.pdf",
                    sha256=sha,
                    page_count=9,
                    printed_labels=[str(100 + n + i) for i in range(9)],
                )
            ]
            session.add(article)
            session.flush()
            for f in range(FINDINGS_PER_ARTICLE):
                finding = Finding(
                    article_id=article.id,
                    statement=sentence(rng),
                    quote=sentence(rng, 20),
                    comment=sentence(rng, 8),
                )
                if f % 2:
                    finding.anchors = [
                        FindingAnchor(page_index=f % 9, quote="q", document_sha256=sha)
                    ]
                topic = topics[(n + f) % len(topics)]
                finding.topic_links = [
                    FindingTopic(topic_id=topic.id, rank=0, position=positions[topic.id])
                ]
                positions[topic.id] += 1
                session.add(finding)


def timed(action, repeat: int = 3):  # type: ignore[no-untyped-def]
    """Best of `repeat` runs, each after a full garbage collection."""
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    return best, result


def measure(articles: int, root: Path) -> dict[str, float]:
    library = Library(root / f"lib{articles}")
    populate(library, articles)
    options = DigestOptions(quotes=True, links=True)
    figures: dict[str, float] = {}
    figures["load"], data = timed(lambda: library.digest.data())
    figures["assemble"], digest = timed(lambda: build_digest(data, options))
    for fmt in FORMATS:
        figures[fmt], _ = timed(lambda fmt=fmt: render(digest, fmt))
    figures["total"] = sum(figures.values())
    entries = list(data.articles.values())
    from poemsreader.digest.references import format_references, load_style

    for style in ("vancouver", "apa"):
        format_references(entries[:2], style)  # parse and cache the style first
        figures[f"refs {style}"], _ = timed(lambda s=style: format_references(entries, s), repeat=1)
    for style in ("vancouver", "ama"):  # every citation through citeproc, then the list
        styled = DigestOptions(quotes=True, style=style)
        load_style(style)  # parse and cache the style first
        figures[f"digest {style}"], _ = timed(lambda o=styled: build_digest(data, o), repeat=1)
    library.close()
    return figures


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        small = measure(100, Path(tmp))
        large = measure(1000, Path(tmp))
    print(f"{'step':<16}{'1,000 findings':>16}{'10,000 findings':>17}{'ratio':>8}")
    for step in small:
        ratio = large[step] / small[step] if small[step] else float("nan")
        print(f"{step:<16}{small[step]:>15.3f}s{large[step]:>16.3f}s{ratio:>7.1f}x")
    print("(refs and digest-style rows: 100 vs 1,000 references through citeproc-py, the")
    print(" digest rows also 1,000 vs 10,000 citations; not in 'total')")
    goal = large["total"] / small["total"]
    verdict = "within" if goal <= 12 else "OVER"
    print(f"10x findings took {goal:.1f}x the time ({verdict} the 12x goal)")


if __name__ == "__main__":
    main()
