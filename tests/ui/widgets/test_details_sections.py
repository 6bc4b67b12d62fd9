"""The details pane built from its sections (fields, health, links, history) reads as one form."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from migrator.services import MigrationService
from migrator.services.demo import write_demo
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.widgets.details_pane import DetailsPane
from tests.conftest import AS_OF


@pytest.fixture
def document(tmp_path: Path) -> Iterator[PlanDocument]:
    service = MigrationService.open(write_demo(tmp_path / "demo.migrator", AS_OF), today=lambda: AS_OF)
    doc = PlanDocument(service, as_of=AS_OF)
    yield doc
    doc.close()


def test_tab_walks_the_fields_then_the_health_override_in_the_order_shown(
    document: PlanDocument, qtbot: Any
) -> None:
    pane = DetailsPane(document)
    qtbot.addWidget(pane)
    pane.resize(400, 860)
    pane.show()
    pane.show_workstream(next(w.id for w in document.plan.workstreams.values() if w.key == "OPS-6"))
    boxes = {
        "title": pane.title, "team": pane.team, "owner": pane.owner, "status": pane.status,
        "planned start": pane.planned_start, "planned due": pane.planned_due,
        "actual start": pane.actual_start, "actual finish": pane.actual_finish,
        "progress": pane.progress, "milestone": pane.milestone, "description": pane.description,
        "blocker note": pane.blocker_note, "override": pane.override, "reason": pane.reason,
    }  # fmt: skip
    pane.activateWindow()
    pane.title.setFocus()
    qtbot.waitUntil(pane.title.hasFocus)

    visited: list[str] = []
    for _press in range(30):
        focused = QApplication.focusWidget()
        assert focused is not None
        name = next((n for n, box in boxes.items() if box is focused or box.isAncestorOf(focused)), "")
        if name and (not visited or visited[-1] != name):
            visited.append(name)
        if not name and "override" in visited:
            break  # on to the links; the reason takes focus only once an override is chosen
        qtbot.keyClick(focused, Qt.Key.Key_Tab)

    assert visited == [
        "title", "team", "owner", "status", "planned start", "planned due", "actual start",
        "actual finish", "progress", "milestone", "description", "blocker note", "override",
    ]  # fmt: skip
