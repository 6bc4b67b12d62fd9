"""The migration remembers its health thresholds: when a workstream turns amber or red.

Existing files get the defaults through the server defaults. A NOT NULL column with a
constant default needs no table copy, so SQLite adds the columns in place (recreate="never":
Alembic would otherwise copy the table for any SQL-expression default, even a plain number).

Revision ID: r0003
Revises: r0002
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "r0003"
down_revision = "r0002"
branch_labels = None
depends_on = None

# The defaults of migrator.domain.model.HealthThresholds when this revision was written.
THRESHOLDS = (
    ("red_slip_days", 10),
    ("amber_float_days", 5),
    ("due_soon_days", 5),
    ("due_soon_progress", 50),
)


def upgrade() -> None:
    with op.batch_alter_table("migration", recreate="never") as batch:
        for name, default in THRESHOLDS:
            batch.add_column(
                sa.Column(name, sa.Integer(), nullable=False, server_default=sa.text(str(default)))
            )


def downgrade() -> None:
    with op.batch_alter_table("migration") as batch:
        for name, _ in reversed(THRESHOLDS):
            batch.drop_column(name)
