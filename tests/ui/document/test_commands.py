"""Undo commands reach the file only through the document's write-and-patch methods."""

from __future__ import annotations

import ast
import inspect

from migrator.ui.document import commands
from migrator.ui.document.plan_document import PlanDocument

TREE = ast.parse(inspect.getsource(commands))


def _imported_modules() -> set[str]:
    found = set()
    for node in ast.walk(TREE):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def _document_attributes() -> set[str]:
    """Every name a command reads off ``document`` or ``self.document``."""
    names = set()
    for node in ast.walk(TREE):
        if isinstance(node, ast.Attribute):
            owner = node.value
            if (isinstance(owner, ast.Name) and owner.id == "document") or (
                isinstance(owner, ast.Attribute) and owner.attr == "document"
            ):
                names.add(node.attr)
    return names


def test_commands_import_neither_the_services_nor_the_document() -> None:
    # Not even for type checking: the document imports the commands, never the other way round.
    assert sorted(m for m in _imported_modules() if m.startswith("migrator.")) == [
        "migrator.domain.errors",
        "migrator.domain.model",
        "migrator.domain.updates",
        "migrator.domain.workstream_state",
    ]


def test_commands_use_only_what_the_document_declares_for_them() -> None:
    assert _document_attributes() == {
        "attempt", "link_in_file", "plan", "stale_edit_refusal", "versions_of", "write_deletion",
        "write_link", "write_link_removal", "write_link_restoration", "write_new_link",
        "write_new_workstream", "write_plan_image", "write_restoration", "write_updates",
        "write_updates_again", "write_updates_undone", "write_wide", "write_workstreams",
    }  # fmt: skip
    declared = {name for name in vars(commands.DocumentEdits) if not name.startswith("_")}
    assert _document_attributes() <= declared
    assert all(callable(getattr(PlanDocument, name, None)) or name == "plan" for name in declared)
