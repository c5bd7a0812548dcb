"""The team library on PostgreSQL: its schema, migrations and server calls."""
