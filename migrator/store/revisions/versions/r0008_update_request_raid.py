"""Status collection of RAID items: the RAID items each update request sent, with their values.

Requests sent before this revision sent none, so the table starts empty.

Revision ID: r0008
Revises: r0007
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "r0008"
down_revision = "r0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "update_request_raid_line",
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(12), nullable=False),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("probability", sa.Integer(), nullable=True),
        sa.Column("impact", sa.Integer(), nullable=True),
        sa.Column("actions", sa.Text(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["update_request.id"],
            name=op.f("fk_update_request_raid_line_request_id_update_request"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("request_id", "item_id", name=op.f("pk_update_request_raid_line")),
    )


def downgrade() -> None:
    op.drop_table("update_request_raid_line")
