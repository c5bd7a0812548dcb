"""Where the library lives: SQLite through SQLAlchemy (the only package that imports it),
the schema and its migrations, and the repositories that read and write rows."""
