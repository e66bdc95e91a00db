"""Imported chats: chats, their participants (labels only) and their messages.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chats",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("format", sa.String(32), nullable=False),
        sa.Column("label", sa.String(255), nullable=False),
        sa.Column("me", sa.String(255), nullable=True),
        sa.Column("imported_at", sa.String(64), nullable=False),
    )
    op.create_table(
        "chat_participants",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "chat_id", sa.Integer(), sa.ForeignKey("chats.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("name", sa.String(255), nullable=False),
        sa.UniqueConstraint("chat_id", "name", name="uq_chat_participants_name"),
    )
    op.create_table(
        "chat_messages",
        sa.Column(
            "chat_id",
            sa.Integer(),
            sa.ForeignKey("chats.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("at", sa.BigInteger(), primary_key=True),
        sa.Column("sender_id", sa.Integer(), primary_key=True),
        sa.Column("fingerprint", sa.BigInteger(), primary_key=True),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("utc_offset", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("chat_messages")
    op.drop_table("chat_participants")
    op.drop_table("chats")
