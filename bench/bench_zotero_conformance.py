"""Zotero's import test cases: how many agree with our readers on every checked field.

For each translator (RIS, BibTeX, MEDLINE, Web of Science, CSL-JSON) prints the
cases whose references match Zotero's items in number, title, authors in order,
year, DOI, journal, journal abbreviation, volume, issue and pages; `-v` lists the
differences. The cases where we deliberately differ are explained in
tests/bib/test_zotero_conformance.py.

    python bench/bench_zotero_conformance.py [-v]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.bib.zotero_conformance import SUITES, run_suite
from tests.conftest import CORPUS


def main(verbose: bool) -> int:
    folder = CORPUS / "bib" / "zotero-translators"
    if not folder.is_dir():
        print(f"needs the shared corpus ({folder} is absent)")
        return 1
    total = agreeing = 0
    for suite in SUITES:
        results = run_suite(folder, suite)
        good = sum(r.agrees for r in results)
        total, agreeing = total + len(results), agreeing + good
        print(f"{suite:16} {good:3d}/{len(results):<3d} cases agree on every checked field")
        for result in results if verbose else []:
            for difference in result.differences:
                print(f"    case {result.number}: {difference[:200]}")
    print(f"{'all':16} {agreeing:3d}/{total:<3d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main("-v" in sys.argv))
