"""The storage adapter: SQLAlchemy 2 tables, the repository, Alembic migrations and backups."""
