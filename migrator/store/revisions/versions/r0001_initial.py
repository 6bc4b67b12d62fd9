"""The first migration file layout: migration, calendar, teams, people, workstreams,
dependencies and history.

Revision ID: r0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "r0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Teams and people refer to each other: SQLite takes both references as the tables are
    # made; PostgreSQL needs the person table to exist first, so the team's lead comes after.
    on_sqlite = op.get_bind().dialect.name == "sqlite"
    lead = sa.ForeignKeyConstraint(
        ["lead_id"], ["person.id"], name="fk_team_lead_id_person", ondelete="SET NULL"
    )
    op.create_table(
        "team",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("code", sa.String(10), nullable=False),
        sa.Column("colour", sa.String(7), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=True),
        sa.Column("next_key_number", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        *([lead] if on_sqlite else []),
        sa.PrimaryKeyConstraint("id", name="pk_team"),
        sa.UniqueConstraint("name", name="uq_team_name"),
        sa.UniqueConstraint("code", name="uq_team_code"),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], name="fk_person_team_id_team", ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_person"),
    )
    if not on_sqlite:
        op.create_foreign_key(
            "fk_team_lead_id_person", "team", "person", ["lead_id"], ["id"], ondelete="SET NULL"
        )
    op.create_table(
        "workstream",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(24), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("planned_start", sa.Date(), nullable=True),
        sa.Column("planned_due", sa.Date(), nullable=True),
        sa.Column("actual_start", sa.Date(), nullable=True),
        sa.Column("actual_finish", sa.Date(), nullable=True),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("is_milestone", sa.Boolean(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("blocker_note", sa.Text(), nullable=False),
        sa.Column("health_override", sa.String(10), nullable=True),
        sa.Column("health_override_reason", sa.Text(), nullable=False),
        sa.Column("baseline_start", sa.Date(), nullable=True),
        sa.Column("baseline_due", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('not_started', 'in_progress', 'blocked', 'done', 'cancelled')",
            name="ck_workstream_status",
        ),
        sa.CheckConstraint("progress BETWEEN 0 AND 100", name="ck_workstream_progress"),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name="fk_workstream_team_id_team", ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["person.id"], name="fk_workstream_owner_id_person", ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_workstream"),
        sa.UniqueConstraint("key", name="uq_workstream_key"),
    )
    op.create_index("ix_workstream_team_id", "workstream", ["team_id"])
    op.create_index("ix_workstream_owner_id", "workstream", ["owner_id"])
    op.create_table(
        "migration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("target_go_live", sa.Date(), nullable=True),
        sa.Column("go_live_milestone_id", sa.Integer(), nullable=True),
        sa.Column("working_weekdays", sa.String(7), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("id = 1", name="ck_migration_single_row"),
        sa.ForeignKeyConstraint(
            ["go_live_milestone_id"],
            ["workstream.id"],
            name="fk_migration_go_live_milestone_id_workstream",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_migration"),
    )
    op.create_table(
        "non_working_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("day", name="pk_non_working_day"),
    )
    op.create_table(
        "dependency",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("predecessor_id", sa.Integer(), nullable=False),
        sa.Column("successor_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(2), nullable=False),
        sa.Column("lag", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("predecessor_id <> successor_id", name="ck_dependency_not_self"),
        sa.CheckConstraint("type IN ('FS', 'SS', 'FF', 'SF')", name="ck_dependency_type"),
        sa.ForeignKeyConstraint(
            ["predecessor_id"],
            ["workstream.id"],
            name="fk_dependency_predecessor_id_workstream",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["successor_id"],
            ["workstream.id"],
            name="fk_dependency_successor_id_workstream",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_dependency"),
        sa.UniqueConstraint(
            "predecessor_id", "successor_id", name="uq_dependency_predecessor_id_successor_id"
        ),
    )
    op.create_index("ix_dependency_successor_id", "dependency", ["successor_id"])
    op.create_table(
        "history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("change_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("entity", sa.String(20), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("entity_label", sa.String(200), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("field", sa.String(50), nullable=True),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_history"),
    )
    op.create_index("ix_history_entity_entity_id", "history", ["entity", "entity_id"])
    op.create_index("ix_history_change_id", "history", ["change_id"])


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("fk_team_lead_id_person", "team", type_="foreignkey")
    for table in ("history", "dependency", "non_working_day", "migration", "workstream"):
        op.drop_table(table)
    op.drop_table("person")
    op.drop_table("team")
