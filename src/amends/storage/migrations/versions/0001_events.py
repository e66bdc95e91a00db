"""The event log: one row per thing the user logged.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("at", sa.String(64), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.String(64), nullable=False),
    )
    op.create_index("ix_events_kind", "events", ["kind"])


def downgrade() -> None:
    op.drop_index("ix_events_kind", table_name="events")
    op.drop_table("events")
