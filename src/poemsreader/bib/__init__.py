"""Reference files in and out: BibTeX, RIS, PubMed MEDLINE, CSL-JSON.

Pure functions over text: parsers return `ParsedReferences` (records plus the
problems of the entries they skipped), exporters return text.
"""
