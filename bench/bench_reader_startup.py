"""Cold start: process start to the first page painted, `poemsreader FILE.pdf` vs the floor.

Usage: python bench/bench_reader_startup.py [FILE.pdf ...] [--runs N] [--no-bytecode] [--no-hint]
Both programs print "first-paint <epoch seconds>" (the app when
POEMSREADER_BENCH_FIRST_PAINT=1); the figure is the median over the runs. The
two programs run in turns (app, floor, app, floor...), so that a change in the
machine's load falls on both.

The package is byte-compiled first, as an installed package is (pip writes the
.pyc files when it installs): a source checkout run with PYTHONDONTWRITEBYTECODE=1
would otherwise compile every module of the app again at every start, while the
floor is one small script. --no-bytecode measures that case too.
The first run of each program is not counted (it warms the disk cache and, for
the app, leaves the first-page hint a real start-up finds from the last session).
--no-hint deletes that hint before every run of the app: a first start ever.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = Path(os.environ.get("POEMSREADER_CORPUS", HERE.parents[1] / "shared" / "corpus"))
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/corpus")
NO_BYTECODE = "--no-bytecode" in sys.argv
DEFAULT_FILES = [
    CORPUS / "articles" / "plosone-2014-0115884.pdf",
    CORPUS / "long" / "freeculture-352p.pdf",
]


def first_paint_seconds(command: list[str], forget_hint: bool = False) -> tuple[float, float]:
    """(wall seconds to first paint, CPU seconds of the whole run including its workers)."""
    if forget_hint:
        from poemsreader.paths import first_page_hint_file

        first_page_hint_file().unlink(missing_ok=True)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", POEMSREADER_BENCH_FIRST_PAINT="1")
    if NO_BYTECODE:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.time()
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    for line in result.stdout.splitlines():
        if line.startswith("first-paint "):
            return float(line.split()[1]) - start, cpu
    raise RuntimeError(f"{command[0]} printed no first paint:\n{result.stdout}\n{result.stderr}")


def measure(
    app: list[str], floor: list[str], runs: int, forget_hint: bool = False
) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """(app samples, floor samples), taken in turns so that both see the same load."""
    first_paint_seconds(app)  # warm the disk cache
    first_paint_seconds(floor)
    ours, base = [], []
    for _ in range(runs):
        ours.append(first_paint_seconds(app, forget_hint))
        base.append(first_paint_seconds(floor))
    return ours, base


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="*", type=Path, default=DEFAULT_FILES)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--no-bytecode", action="store_true", help="leave the package's modules uncompiled"
    )
    parser.add_argument(
        "--no-hint", action="store_true", help="no first-page hint from a previous start"
    )
    options = parser.parse_args()
    import poemsreader

    package = Path(poemsreader.__file__).parent
    if options.no_bytecode:
        for cache in package.rglob("__pycache__"):
            shutil.rmtree(cache)
    else:
        compileall.compile_dir(package, quiet=1)
    app = [sys.executable, "-m", "poemsreader"]
    floor = [sys.executable, str(HERE / "floor_viewer.py")]
    for path in options.files:
        samples, floor_samples = measure(
            [*app, str(path)], [*floor, str(path)], options.runs, options.no_hint
        )
        ours, base = (statistics.median(s[0] for s in x) for x in (samples, floor_samples))
        ours_cpu, base_cpu = (statistics.median(s[1] for s in x) for x in (samples, floor_samples))
        pairs = statistics.median(a[0] / b[0] for a, b in zip(samples, floor_samples, strict=True))
        print(
            f"{path.name}: poemsreader {ours * 1000:.0f} ms, floor {base * 1000:.0f} ms, "
            f"ratio {ours / base:.2f}x (goal <= 1.3x; median of the runs' own ratios "
            f"{pairs:.2f}x); CPU time (all processes) "
            f"{ours_cpu * 1000:.0f} ms vs {base_cpu * 1000:.0f} ms = {ours_cpu / base_cpu:.2f}x; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
