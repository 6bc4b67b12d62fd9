"""Workstreams remember their identifier in an imported plan; health overrides are checked.

The CHECK constraint makes SQLite copy the workstream table: the store runs this with
foreign keys off, so dropping the old table does not cascade into dependencies.

Revision ID: r0002
Revises: r0001
Create Date: 2026-11-25
"""

from __future__ import annotations

from typing import Literal

import sqlalchemy as sa
from alembic import op

revision = "r0002"
down_revision = "r0001"
branch_labels = None
depends_on = None


def _recreate() -> Literal["always", "auto"]:
    """SQLite copies the table to add a constraint; PostgreSQL alters it in place."""
    return "always" if op.get_bind().dialect.name == "sqlite" else "auto"


def upgrade() -> None:
    with op.batch_alter_table("workstream", recreate=_recreate()) as batch:
        batch.add_column(sa.Column("source_ref", sa.String(100), nullable=True))
        batch.create_check_constraint(
            op.f("ck_workstream_health_override"),
            "health_override IS NULL OR health_override IN ('green', 'amber', 'red')",
        )
        batch.create_index("ix_workstream_source_ref", ["source_ref"])


def downgrade() -> None:
    with op.batch_alter_table("workstream", recreate=_recreate()) as batch:
        batch.drop_index("ix_workstream_source_ref")
        batch.drop_constraint("ck_workstream_health_override", type_="check")
        batch.drop_column("source_ref")
