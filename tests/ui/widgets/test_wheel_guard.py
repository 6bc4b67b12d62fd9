"""The mouse wheel scrolls the pane under it: it never edits a box the user has not clicked into."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from migrator.domain.model import Status
from migrator.ui.dialogs.dependency_dialog import DependencyDialog
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.widgets.details_pane import DetailsPane

NOTCH_DOWN = QPoint(0, -120)


@pytest.fixture
def pane(qtbot: Any, document: PlanDocument) -> DetailsPane:
    pane = DetailsPane(document)
    qtbot.addWidget(pane)
    pane.resize(420, 520)  # shorter than the pane's content: it scrolls
    pane.show()
    qtbot.waitExposed(pane)
    qtbot.waitUntil(lambda: document.analysis is not None)
    pane.show_workstream(next(w.id for w in document.plan.workstreams.values() if w.key == "BNK-4"))
    QApplication.processEvents()  # its layout settles
    return pane


def _wheel_over(widget: QWidget, notches: int = 1) -> None:
    """Turn the wheel over the middle of ``widget`` as the window system delivers it (spontaneous)."""
    QApplication.processEvents()  # pending layout first: the pointer is where the box is drawn
    window = widget.window()
    at = widget.mapTo(window, widget.rect().center())
    assert window.childAt(at) in (widget, *widget.findChildren(QWidget))  # really under the pointer
    for _ in range(notches):
        QTest.wheelEvent(window.windowHandle(), at, NOTCH_DOWN)


def _history(document: PlanDocument, key: str) -> list[Any]:
    ws = next(w for w in document.plan.workstreams.values() if w.key == key)
    return list(document.service.workstream_history(ws.id))


@pytest.mark.parametrize("box", ["status", "owner", "team", "progress", "planned_due"])
def test_the_wheel_over_a_box_scrolls_the_pane_and_saves_nothing(
    pane: DetailsPane, document: PlanDocument, qtbot: Any, box: str
) -> None:
    history = _history(document, "BNK-4")
    before = document.service.workstream(pane.workstream().id)  # type: ignore[union-attr]
    scroll = pane.scroll_area.verticalScrollBar()
    assert scroll.value() == 0 and scroll.maximum() > 0
    _wheel_over(getattr(pane, box), notches=2)

    qtbot.waitUntil(lambda: scroll.value() > 0)
    after = document.service.workstream(before.id)
    assert (after.status, after.owner_id, after.team_id, after.progress, after.planned_due) == (
        Status.IN_PROGRESS, before.owner_id, before.team_id, before.progress, date(2027, 3, 10),
    )  # fmt: skip
    assert _history(document, "BNK-4") == history
    assert document.undo_stack.count() == 0


def test_the_wheel_over_the_override_box_leaves_the_health_automatic(
    pane: DetailsPane, document: PlanDocument, qtbot: Any
) -> None:
    pane.scroll_area.ensureWidgetVisible(pane.override, 0, 200)  # in the middle, with more below
    scroll = pane.scroll_area.verticalScrollBar()
    shown_at = scroll.value()
    assert 0 < shown_at < scroll.maximum()
    _wheel_over(pane.override, notches=2)

    qtbot.waitUntil(lambda: scroll.value() > shown_at)
    assert pane.override.value() is None
    assert document.service.workstream(pane.workstream().id).health_override is None  # type: ignore[union-attr]
    assert not pane.override_message.isVisible()


@pytest.mark.parametrize("box", ["status", "owner", "team", "progress"])
def test_the_wheel_over_a_box_just_clicked_into_scrolls_the_pane_and_saves_nothing(
    pane: DetailsPane, document: PlanDocument, qtbot: Any, box: str
) -> None:
    # A box keeps focus after an edit; the pointer stays where the edit left it. The wheel that
    # scrolls on must not change the box under it, which the pane would save at once.
    history = _history(document, "BNK-4")
    widget = getattr(pane, box)
    pane.activateWindow()
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    scroll = pane.scroll_area.verticalScrollBar()
    assert scroll.value() == 0
    _wheel_over(widget, notches=2)

    qtbot.waitUntil(lambda: scroll.value() > 0)
    assert _history(document, "BNK-4") == history
    assert document.undo_stack.count() == 0


@pytest.fixture
def dialog(qtbot: Any, document: PlanDocument) -> DependencyDialog:
    """Add… a link into BNK-4: a dialog with a spin box and a combo, in no scrolling pane."""
    ws = next(w for w in document.plan.workstreams.values() if w.key == "BNK-4")
    dialog = DependencyDialog(document, ws.id, waits_on=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_a_dialogs_box_clicked_into_takes_the_wheel(qtbot: Any, dialog: DependencyDialog) -> None:
    lag = dialog.lag.value()
    dialog.activateWindow()
    dialog.lag.setFocus()
    qtbot.waitUntil(dialog.lag.hasFocus)
    _wheel_over(dialog.lag)
    qtbot.waitUntil(lambda: dialog.lag.value() == lag - 1)  # nothing is saved until OK


def test_the_wheel_over_a_dialogs_spin_box_changes_nothing(qtbot: Any, dialog: DependencyDialog) -> None:
    lag, kind = dialog.lag.value(), dialog.type.currentIndex()
    _wheel_over(dialog.lag, notches=3)
    _wheel_over(dialog.type, notches=3)
    qtbot.wait(50)
    assert (dialog.lag.value(), dialog.type.currentIndex()) == (lag, kind)
    assert dialog.lag.focusPolicy() == Qt.FocusPolicy.StrongFocus
