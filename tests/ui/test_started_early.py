"""Work started before its predecessor finished is marked where the coordinator looks: the
table, the details pane, the timeline and the what-if preview (issue 14, on the demo: BNK-7
"Debit card processing production cut-in" set In progress while BNK-3 is still running)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from migrator.domain.model import Status
from migrator.ui.dialogs.what_if_dialog import WhatIfDialog
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.models.workstream_table_model import STATUS, WorkstreamTableModel
from migrator.ui.views import timeline_view
from migrator.ui.views.timeline_view import TimelineView
from migrator.ui.widgets.details_pane import DetailsPane
from tests.ui.views.test_timeline_view import bring, pixels

REASON = "Started before BNK-3 (Core banking ledger integration for debit accounts, BNK) finished; FS link"
MARK_TEXT = "Started before BNK-3 allowed it: it still waits on it."


def _id(document: PlanDocument, key: str) -> int:
    return next(w.id for w in document.plan.workstreams.values() if w.key == key)


def _start_bnk7(document: PlanDocument, qtbot: Any) -> int:
    bnk7 = _id(document, "BNK-7")
    assert document.edit_workstreams({bnk7: {"status": Status.IN_PROGRESS}}, "Change status of BNK-7")
    qtbot.waitUntil(lambda: document.analysis_is_current)
    return bnk7


def test_the_table_marks_the_status_of_work_started_early(document: PlanDocument, qtbot: Any) -> None:
    model = WorkstreamTableModel(document)
    bnk3, bnk7 = _id(document, "BNK-3"), _id(document, "BNK-7")

    def status(workstream_id: int, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> Any:
        row = model.row_of(workstream_id)
        assert row is not None
        return model.index(row, STATUS).data(role)

    assert status(bnk7) == "Not started"
    _start_bnk7(document, qtbot)
    assert status(bnk7) == "In progress ⚠"
    assert status(bnk7, Qt.ItemDataRole.ToolTipRole) == MARK_TEXT
    assert status(bnk3) == "In progress"  # the predecessor itself started in its turn


def test_the_details_pane_says_it_in_health_and_above_the_links(document: PlanDocument, qtbot: Any) -> None:
    pane = DetailsPane(document)
    qtbot.addWidget(pane)
    pane.resize(400, 860)
    pane.show()
    bnk7 = _id(document, "BNK-7")
    pane.show_workstream(bnk7)
    assert pane.pill.text() == "Green" and pane.started_early.isHidden()

    _start_bnk7(document, qtbot)
    qtbot.waitUntil(lambda: pane.pill.text() == "Amber")
    assert pane.reasons.text() == f"• {REASON}"
    assert pane.started_early.isVisible()
    assert pane.started_early.text() == f"⚠ {MARK_TEXT}"
    pane.show_workstream(_id(document, "BNK-3"))
    assert pane.started_early.isHidden()


def test_the_timeline_marks_the_bar_and_its_caption(document: PlanDocument, qtbot: Any) -> None:
    view = TimelineView(document)
    qtbot.addWidget(view)
    view.resize(1100, 800)
    view.show()
    qtbot.waitExposed(view)
    bnk7 = _id(document, "BNK-7")
    bring(view, bnk7)
    assert pixels(view, bnk7, timeline_view.STARTED_EARLY) == 0
    assert view.caption(document.plan.workstreams[bnk7]) == "BNK-7"

    _start_bnk7(document, qtbot)
    bring(view, bnk7)
    assert view.caption(document.plan.workstreams[bnk7]) == "BNK-7 ⚠"
    assert pixels(view, bnk7, timeline_view.STARTED_EARLY) > 10
    assert REASON in view.tooltip(view.rows.row_of(bnk7))  # type: ignore[arg-type]


def test_what_if_lists_the_started_work_a_slip_leaves_waiting(document: PlanDocument, qtbot: Any) -> None:
    _start_bnk7(document, qtbot)
    dialog = WhatIfDialog(document, _id(document, "BNK-3"))
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.previewed, timeout=2000):
        qtbot.keyClicks(dialog.days, "6")  # over the selected 5, as typed
    assert dialog.waiting.isVisible()
    # BNK-3 due Fri 5 Mar + 6 working days, past Berlin's holiday on Mon 8 March.
    assert dialog.waiting.text() == (
        "Started early, left waiting longer: BNK-7 waits on BNK-3 (FS) until Tue 16 Mar 2027"
    )
