"""Status collection: the plan's identity, the update requests sent to teams and their returns.

The identity lets a returned workbook name the plan it came from; existing plans get one here.

Revision ID: r0006
Revises: r0005
Create Date: 2026-12-07
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "r0006"
down_revision = "r0005"
branch_labels = None
depends_on = None

NEVER_REUSED = {"sqlite_autoincrement": True}


def upgrade() -> None:
    with op.batch_alter_table("migration", recreate="never") as batch:
        batch.add_column(sa.Column("identity", sa.String(36), nullable=False, server_default=""))
    op.execute(sa.text("UPDATE migration SET identity = :identity").bindparams(identity=str(uuid.uuid4())))
    op.create_table(
        "update_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(36), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("sent_by", sa.String(200), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("team_code", sa.String(10), nullable=False),
        sa.Column("team_name", sa.String(200), nullable=False),
        sa.Column("recipient", sa.String(200), nullable=False),
        sa.Column("recipient_email", sa.String(320), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_update_request")),
        sa.UniqueConstraint("token", name=op.f("uq_update_request_token")),
        **NEVER_REUSED,
    )
    op.create_table(
        "update_request_line",
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("workstream_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(24), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("planned_start", sa.Date(), nullable=True),
        sa.Column("planned_due", sa.Date(), nullable=True),
        sa.Column("blocker_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["update_request.id"],
            name=op.f("fk_update_request_line_request_id_update_request"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("request_id", "workstream_id", name=op.f("pk_update_request_line")),
    )
    op.create_table(
        "update_return",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("answered_by", sa.String(200), nullable=False),
        sa.Column("collected_at", sa.DateTime(), nullable=False),
        sa.Column("collected_by", sa.String(200), nullable=False),
        sa.Column("file_name", sa.String(260), nullable=False),
        sa.Column("file_digest", sa.String(64), nullable=False),
        sa.Column("change_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["update_request.id"],
            name=op.f("fk_update_return_request_id_update_request"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_update_return")),
        **NEVER_REUSED,
    )
    op.create_index(op.f("ix_update_return_request_id"), "update_return", ["request_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_update_return_request_id"), table_name="update_return")
    op.drop_table("update_return")
    op.drop_table("update_request_line")
    op.drop_table("update_request")
    with op.batch_alter_table("migration") as batch:
        batch.drop_column("identity")
