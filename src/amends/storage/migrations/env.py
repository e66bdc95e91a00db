"""Alembic environment. open_store() runs it programmatically with a live connection in
`config.attributes["connection"]`; the alembic CLI (see docs/storage.md) passes a URL instead."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from amends.storage.backup import user_tables
from amends.storage.tables import Base

config = context.config
user_tables()  # imports every table module, so autogenerate sees every table
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as fresh:
        _run(fresh)


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
