"""Alembic environment: revisions run on the connection the store hands over."""

from __future__ import annotations

from alembic import context

from migrator.store.schema import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - revisions are only ever run by the store
    raise RuntimeError("Migrator runs its schema revisions through migrator.store.database.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
    version_table="schema_revision",
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
