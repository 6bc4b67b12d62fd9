"""Ids of teams, people, workstreams and links are never handed out twice.

Without AUTOINCREMENT SQLite gives a new row the highest freed id, so a workstream created
after an undone one took its id, and with it the old one's history. SQLite can only add
AUTOINCREMENT by copying the table: the store runs this with foreign keys off, so dropping
the old tables does not cascade.

Revision ID: r0005
Revises: r0004
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "r0005"
down_revision = "r0004"
branch_labels = None
depends_on = None

TABLES = ("team", "person", "workstream", "dependency")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # other databases use sequences, which never go back
    for table in TABLES:
        with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": True}):
            pass


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in reversed(TABLES):
        with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": False}):
            pass
