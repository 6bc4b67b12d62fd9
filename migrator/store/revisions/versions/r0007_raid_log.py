"""The RAID log: risks, assumptions, issues and decisions, their links, key counters and risk bands.

Existing plans get the default risk bands through the server defaults (columns added in place,
as r0003 did) and an empty log.

Revision ID: r0007
Revises: r0006
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "r0007"
down_revision = "r0006"
branch_labels = None
depends_on = None

NEVER_REUSED = {"sqlite_autoincrement": True}
# The defaults of migrator.domain.raid.RiskBands when this revision was written.
BANDS = (("risk_amber_score", 8), ("risk_red_score", 15))
TYPES = "'risk', 'assumption', 'issue', 'decision'"
STATUSES = "'open', 'closed', 'decided', 'deferred', 'superseded'"
ROLES = "'threatens', 'blocks', 'decided for', 'assumed by'"


def upgrade() -> None:
    with op.batch_alter_table("migration", recreate="never") as batch:
        for name, default in BANDS:
            batch.add_column(
                sa.Column(name, sa.Integer(), nullable=False, server_default=sa.text(str(default)))
            )
    op.create_table(
        "raid_key",
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("next_number", sa.Integer(), nullable=False),
        sa.CheckConstraint(f"type IN ({TYPES})", name=op.f("ck_raid_key_type")),
        sa.PrimaryKeyConstraint("type", name=op.f("pk_raid_key")),
    )
    op.create_table(
        "raid_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(12), nullable=False),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created", sa.Date(), nullable=False),
        sa.Column("updated", sa.Date(), nullable=False),
        sa.Column("cause", sa.Text(), nullable=False),
        sa.Column("event", sa.Text(), nullable=False),
        sa.Column("effect", sa.Text(), nullable=False),
        sa.Column("probability", sa.Integer(), nullable=True),
        sa.Column("impact", sa.Integer(), nullable=True),
        sa.Column("proximity", sa.Date(), nullable=True),
        sa.Column("response", sa.String(20), nullable=True),
        sa.Column("actions", sa.Text(), nullable=False),
        sa.Column("actions_due", sa.Date(), nullable=True),
        sa.Column("trigger", sa.Text(), nullable=False),
        sa.Column("review_date", sa.Date(), nullable=True),
        sa.Column("escalated_to", sa.String(20), nullable=True),
        sa.Column("escalated_on", sa.Date(), nullable=True),
        sa.Column("validation", sa.Text(), nullable=False),
        sa.Column("validate_by", sa.Date(), nullable=True),
        sa.Column("severity", sa.String(20), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=True),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("raised_from_id", sa.Integer(), nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("needed_by", sa.Date(), nullable=True),
        sa.Column("options", sa.Text(), nullable=False),
        sa.Column("recommendation", sa.Text(), nullable=False),
        sa.Column("decider", sa.String(200), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("revisit_by", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(f"type IN ({TYPES})", name=op.f("ck_raid_item_type")),
        sa.CheckConstraint(f"status IN ({STATUSES})", name=op.f("ck_raid_item_status")),
        sa.CheckConstraint(
            "probability IS NULL OR probability BETWEEN 1 AND 5", name=op.f("ck_raid_item_probability")
        ),
        sa.CheckConstraint("impact IS NULL OR impact BETWEEN 1 AND 5", name=op.f("ck_raid_item_impact")),
        sa.CheckConstraint(
            "priority IS NULL OR priority BETWEEN 1 AND 4", name=op.f("ck_raid_item_priority")
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["person.id"], name=op.f("fk_raid_item_owner_id_person"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_raid_item_team_id_team"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_raid_item")),
        sa.UniqueConstraint("key", name=op.f("uq_raid_item_key")),
        **NEVER_REUSED,
    )
    op.create_table(
        "raid_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("workstream_id", sa.Integer(), nullable=True),
        sa.Column("dependency_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(f"role IN ({ROLES})", name=op.f("ck_raid_link_role")),
        sa.CheckConstraint(
            "(workstream_id IS NULL) <> (dependency_id IS NULL)", name=op.f("ck_raid_link_one_end")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["raid_item.id"], name=op.f("fk_raid_link_item_id_raid_item"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["workstream_id"],
            ["workstream.id"],
            name=op.f("fk_raid_link_workstream_id_workstream"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["dependency_id"],
            ["dependency.id"],
            name=op.f("fk_raid_link_dependency_id_dependency"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_raid_link")),
        sa.UniqueConstraint("item_id", "workstream_id", name=op.f("uq_raid_link_item_id_workstream_id")),
        sa.UniqueConstraint("item_id", "dependency_id", name=op.f("uq_raid_link_item_id_dependency_id")),
        **NEVER_REUSED,
    )
    op.create_index(op.f("ix_raid_link_workstream_id"), "raid_link", ["workstream_id"])
    op.create_index(op.f("ix_raid_link_dependency_id"), "raid_link", ["dependency_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_raid_link_dependency_id"), table_name="raid_link")
    op.drop_index(op.f("ix_raid_link_workstream_id"), table_name="raid_link")
    op.drop_table("raid_link")
    op.drop_table("raid_item")
    op.drop_table("raid_key")
    with op.batch_alter_table("migration") as batch:
        for name, _ in reversed(BANDS):
            batch.drop_column(name)
