"""`python -m poemsreader` runs the same entry point as the `poemsreader` command."""

from poemsreader.cli import main

raise SystemExit(main())
