"""The bundle's entry point: the same `main` as the `poemsreader` command.

The frozen program also serves as its own helper processes:
- `freeze_support` lets it act as a multiprocessing child (reading PDFs being
  added, merging annotation files) instead of starting another application;
- render workers are started as `python -m poemsreader.pdf.render_worker …`
  (pdf/worker_channel), which a frozen program receives as `-m MODULE …`: the
  module is run as a script, as Python would.
"""

import multiprocessing
import runpy
import sys

from poemsreader.cli import main


def run_module_argument() -> bool:
    """Run `-m poemsreader.X ARGS…` as `python -m` would; False for anything else."""
    if len(sys.argv) < 3 or sys.argv[1] != "-m" or not sys.argv[2].startswith("poemsreader."):
        return False
    module = sys.argv[2]
    sys.argv = [module, *sys.argv[3:]]
    runpy.run_module(module, run_name="__main__", alter_sys=True)
    return True


if __name__ == "__main__":
    multiprocessing.freeze_support()
    if not run_module_argument():
        raise SystemExit(main())
