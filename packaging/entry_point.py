"""The bundle's entry point: the same `main` as the `poemsreader` command."""

from poemsreader.cli import main

raise SystemExit(main())
