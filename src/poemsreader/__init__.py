"""poemsreader: read article PDFs, turn highlights into cited findings, publish a digest."""

__version__ = "0.1.0"
APP_NAME = "poemsreader"
