"""How often the one hyphen rule reads a line-end hyphen right, on the corpus.

Run: python bench/bench_hyphen_rule.py [CORPUS_ARTICLES_DIR]

For each word broken by a hyphen at the end of a line ("X-\\nY"), the article
itself says which kind it is when the word also appears unbroken somewhere:
as "X-Y" (the hyphen belongs to the word) or as "XY" (it only broke the word).
The figure is the share of those the display rule (`core.text.normalise`) gets
right; matching never depends on it (`match_key` compares both the same way).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pymupdf

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from poemsreader.core.text import normalise  # noqa: E402

BROKEN = re.compile(r"([^\W\d_]+)-[^\S\n]*\n\s*([^\W\d_]+)")


def judge(path: Path) -> tuple[int, int, int, list[str]]:
    """(right, wrong, unknown, the wrong ones) for one article."""
    with pymupdf.open(path) as doc:
        raw = "\n".join(page.get_text() for page in doc)
    unbroken = BROKEN.sub(" ", raw)  # the text with every broken word taken out
    right = wrong = unknown = 0
    mistakes = []
    for match in BROKEN.finditer(raw):
        first, second = match.group(1), match.group(2)
        kept = re.search(rf"\b{re.escape(first)}-{re.escape(second)}\b", unbroken)
        joined = re.search(rf"\b{re.escape(first + second)}\b", unbroken)
        if bool(kept) == bool(joined):
            unknown += 1
            continue
        ours = normalise(match.group(0))
        if (ours == f"{first}-{second}") == bool(kept):
            right += 1
        else:
            wrong += 1
            mistakes.append(f"{first}-{second} -> {ours}")
    return right, wrong, unknown, mistakes


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared/corpus/articles"
    total = [0, 0, 0]
    for path in sorted(folder.glob("*.pdf")):
        right, wrong, unknown, mistakes = judge(path)
        total = [total[0] + right, total[1] + wrong, total[2] + unknown]
        print(
            f"{path.name:45} right {right:3}  wrong {wrong:2}  unknown {unknown:3}  {mistakes[:3]}"
        )
    known = total[0] + total[1]
    share = 100 * total[0] / known if known else 0.0
    print(f"line-end hyphens read right: {total[0]}/{known} ({share:.1f}%), {total[2]} unknown")


if __name__ == "__main__":
    main()
