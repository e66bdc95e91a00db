"""ORM tables. Storage-only types: repository.py converts rows to and from core dataclasses.

Every table is declared on `Base`; backup.py exports and restores whatever `Base.metadata`
holds, so a new table needs only its module listed in backup.TABLE_MODULES and a migration.
Columns use portable types only (the same schema runs on SQLite and PostgreSQL).
"""

from __future__ import annotations

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class EventRow(Base):
    """One thing the user logged. `at` and `recorded_at` are ISO 8601 text with their offset,
    kept exactly as written; `data` is JSON text written with sorted keys."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[str] = mapped_column(String(64))
    data: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[str] = mapped_column(String(64))
