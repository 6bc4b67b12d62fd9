"""Snapshots: the state each status report showed, never changed afterwards.

Revision ID: r0004
Revises: r0003
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "r0004"
down_revision = "r0003"
branch_labels = None
depends_on = None

# A report that was sent is a fact: the file itself refuses to rewrite one.
IMMUTABLE = """
CREATE TRIGGER snapshot_never_changes BEFORE UPDATE ON snapshot
BEGIN
    SELECT RAISE(ABORT, 'snapshots are never changed');
END
"""
# PostgreSQL's triggers call a function.
IMMUTABLE_ON_SERVER = (
    """
CREATE FUNCTION snapshot_never_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'snapshots are never changed';
END
$$
""",
    """
CREATE TRIGGER snapshot_never_changes BEFORE UPDATE ON snapshot
FOR EACH ROW EXECUTE FUNCTION snapshot_never_changes()
""",
)


def upgrade() -> None:
    op.create_table(
        "snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("taken_at", sa.DateTime(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("audience", sa.String(20), nullable=False),
        sa.Column("history_id", sa.Integer(), nullable=False),
        sa.Column("projected_go_live", sa.Date(), nullable=True),
        sa.Column("overall_health", sa.String(10), nullable=False),
        sa.Column("state", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_snapshot")),
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute(IMMUTABLE)
    else:
        for statement in IMMUTABLE_ON_SERVER:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS snapshot_never_changes")
    op.drop_table("snapshot")
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP FUNCTION IF EXISTS snapshot_never_changes()")
