"""The RAID log's undo commands reach the file only through the document's write-and-patch methods."""

from __future__ import annotations

import ast
import inspect

from migrator.ui.document import raid_commands
from migrator.ui.document.plan_document import PlanDocument

TREE = ast.parse(inspect.getsource(raid_commands))


def test_raid_commands_import_neither_the_services_nor_the_document() -> None:
    modules = {node.module for node in ast.walk(TREE) if isinstance(node, ast.ImportFrom) and node.module}
    assert sorted(m for m in modules if m.startswith("migrator.")) == [
        "migrator.domain.errors",
        "migrator.domain.raid",
        "migrator.ui.document.commands",
    ]


def test_raid_commands_use_only_what_the_document_declares_for_them() -> None:
    used = {
        node.attr
        for node in ast.walk(TREE)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "raid"
    }
    declared = {name for name in vars(raid_commands.RaidWrites) if not name.startswith("_")}
    assert used and used <= declared
    assert all(callable(getattr(PlanDocument, name, None)) for name in declared)
