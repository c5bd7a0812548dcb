"""References in the window: the reference editor, importing and exporting reference files."""
