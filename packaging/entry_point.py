"""The bundle's entry point: the same `main` as the `poemsreader` command.

`freeze_support` lets a frozen program act as the spawned child process that
renders pages, reads PDFs and merges annotation files, instead of starting
another copy of the application.
"""

import multiprocessing

from poemsreader.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    raise SystemExit(main())
