"""A team library: the local SQLite library synced with a schema in PostgreSQL.

The window and the CLI only ever touch the local library; this package pushes its
changes to the server and pulls the others' (see `sync.TeamSync`).
"""
