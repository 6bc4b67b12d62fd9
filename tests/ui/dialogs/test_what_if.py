"""The slip-impact preview on the demo: what it lists, what it highlights, and what Apply and Cancel do."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox

from migrator.analysis import PlanAnalysis
from migrator.services import MigrationService
from migrator.ui.dialogs import what_if_dialog as what_if
from migrator.ui.dialogs.what_if_dialog import WhatIfDialog
from migrator.ui.document import plan_document
from migrator.ui.document.plan_document import PlanDocument
from tests.conftest import AS_OF

SLIPPED = "DAT-4"  # the pilot's go/no-go report: 16 items in every team wait on it


@pytest.fixture
def popups(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Any message box the dialog would raise (it should say everything in place)."""
    shown: list[str] = []
    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, lambda _parent, _title, text, *_rest: shown.append(text))
    return shown


@pytest.fixture
def open_dialog(document: PlanDocument, qtbot: Any) -> Callable[[str], tuple[WhatIfDialog, list[list[int]]]]:
    """The dialog on a workstream, shown as the window shows it, and every `previewed` it emitted."""

    def make(key: str) -> tuple[WhatIfDialog, list[list[int]]]:
        dialog = WhatIfDialog(document, _id(document, key))
        qtbot.addWidget(dialog)
        heard: list[list[int]] = []
        dialog.previewed.connect(heard.append)
        dialog.show()
        return dialog, heard

    return make


def _id(document: PlanDocument, key: str) -> int:
    return next(w.id for w in document.plan.workstreams.values() if w.key == key)


def _analysis(document: PlanDocument) -> PlanAnalysis:
    assert document.analysis is not None
    return document.analysis


def _listed(dialog: WhatIfDialog) -> list[str]:
    model = dialog.model
    return [model.index(row, what_if.KEY).data() for row in range(model.rowCount())]


def _downstream(document: PlanDocument, workstream_id: int) -> set[int]:
    after: dict[int, list[int]] = {}
    for link in document.plan.dependencies.values():
        after.setdefault(link.predecessor_id, []).append(link.successor_id)
    found: set[int] = set()
    waiting = [workstream_id]
    while waiting:
        for successor in after.get(waiting.pop(), []):
            if successor not in found:
                found.add(successor)
                waiting.append(successor)
    return found


def _planned(path: Path) -> dict[str, tuple[date | None, date | None]]:
    with MigrationService.open(path, read_only=True) as reader:
        return {w.key: (w.planned_start, w.planned_due) for w in reader.workstreams()}


def test_a_slip_in_days_lists_what_the_analysis_moves_and_highlights_it(
    document: PlanDocument, open_dialog: Any, qtbot: Any, qtmodeltester: Any, popups: list[str]
) -> None:
    dialog, heard = open_dialog(SLIPPED)
    with qtbot.waitSignal(dialog.previewed, timeout=2000) as blocker:
        dialog.days.setValue(7)  # as typed: previewed after a short pause

    impact = _analysis(document).slip_impact(SLIPPED, days=7)
    assert len(impact.moved) > 8 and impact.go_live_shift > 0
    assert _listed(dialog) == [m.key for m in impact.moved]
    qtmodeltester.check(dialog.model)
    assert blocker.args == [[m.workstream_id for m in impact.moved]]
    slipped = _id(document, SLIPPED)
    assert {m.workstream_id for m in impact.moved} - {slipped} <= _downstream(document, slipped)
    summary = dialog.summary.text()
    assert f"{len(impact.moved)} workstreams in {len(impact.teams)} teams move" in summary
    assert f"(+{impact.go_live_shift} working days)" in summary
    assert all(html.escape(team).replace(" ", "&nbsp;") in dialog.teams.text() for team in impact.teams)
    assert dialog.apply_button.isEnabled() and not popups
    assert heard[0]  # the preview made when the dialog opened was heard once it was shown


def test_a_date_before_the_forecast_is_explained_in_place_and_previews_nothing(
    document: PlanDocument, open_dialog: Any, qtbot: Any, popups: list[str]
) -> None:
    dialog, heard = open_dialog(SLIPPED)
    forecast = _analysis(document).workstream(SLIPPED).forecast_finish
    assert forecast is not None and heard[-1]
    dialog.by_date.setChecked(True)
    assert dialog.new_due.isEnabled() and not dialog.days.isEnabled()
    with qtbot.waitSignal(dialog.previewed, timeout=2000) as blocker:
        dialog.new_due.setDate(forecast - timedelta(days=14))

    assert blocker.args == [[]]
    assert dialog.message.isVisible()
    assert SLIPPED in dialog.message.text() and "a slip needs a date on or after" in dialog.message.text()
    assert dialog.model.rowCount() == 0
    assert not dialog.apply_button.isEnabled()
    assert not popups


def test_apply_moves_the_planned_dates_in_the_file_and_undo_puts_them_back(
    document: PlanDocument, open_dialog: Any, demo_file: Path, qtbot: Any
) -> None:
    before = _planned(demo_file)
    dialog, heard = open_dialog(SLIPPED)  # not started: it slips whole, start and due
    impact = _analysis(document).slip_impact(SLIPPED, days=5)
    assert not dialog.move_dependents.isChecked()  # dependents' plans stay unless asked

    dialog.apply_button.click()

    after = _planned(demo_file)
    own = impact.moved[0]
    assert after[SLIPPED] == (own.forecast_start_after, own.forecast_finish_after)
    assert {k: v for k, v in after.items() if k != SLIPPED} == {
        k: v for k, v in before.items() if k != SLIPPED
    }
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == f"What if: {SLIPPED} slips 5 working days"
    assert heard[-1] == [] and not dialog.isVisible()

    document.undo_stack.undo()
    assert _planned(demo_file) == before


def test_apply_with_dependents_moves_their_planned_dates_as_one_undo_step(
    document: PlanDocument, open_dialog: Any, demo_file: Path
) -> None:
    before = _planned(demo_file)
    dialog, _heard = open_dialog(SLIPPED)
    impact = _analysis(document).slip_impact(SLIPPED, days=5)
    dependents = [m for m in impact.moved if m.key != SLIPPED]
    assert f"the {len(dependents)} dependents" in dialog.move_dependents.text()

    dialog.move_dependents.setChecked(True)
    dialog.apply_button.click()

    after = _planned(demo_file)
    assert after[SLIPPED][1] == impact.moved[0].forecast_finish_after
    for moved in dependents:
        assert after[moved.key] == (moved.forecast_start_after, moved.forecast_finish_after), moved.key
    milestones = [m.key for m in dependents if m.is_milestone]
    assert milestones and all(after[key][0] == after[key][1] for key in milestones)  # still one date
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert _planned(demo_file) == before


@pytest.mark.parametrize("key", ["OPS-6", "BNK-5"])  # blocked, and pushed past their planned start
def test_after_apply_the_plan_forecasts_what_the_preview_showed(
    document: PlanDocument, open_dialog: Any, qtbot: Any, key: str
) -> None:
    dialog, _heard = open_dialog(key)
    impact = _analysis(document).slip_impact(key, days=5)
    own = impact.moved[0]
    assert (
        own.key == key
        and own.forecast_start_before > document.plan.workstreams[own.workstream_id].planned_start
    )
    dialog.move_dependents.setChecked(True)
    dialog.apply_button.click()
    qtbot.waitUntil(lambda: document.analysis_is_current)
    now = _analysis(document)
    assert (now.workstream(key).forecast_start, now.workstream(key).forecast_finish) == (
        own.forecast_start_after,
        own.forecast_finish_after,
    )
    assert now.projected_finish == impact.projected_finish_after
    for moved in impact.moved:
        assert now.workstream(moved.key).forecast_finish == moved.forecast_finish_after, moved.key


def test_cancel_changes_nothing_and_clears_the_highlight(
    document: PlanDocument, open_dialog: Any, demo_file: Path
) -> None:
    before = _planned(demo_file)
    dialog, heard = open_dialog(SLIPPED)
    dialog.move_dependents.setChecked(True)
    assert heard[-1]

    dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()

    assert heard[-1] == [] and not dialog.isVisible()
    assert _planned(demo_file) == before
    assert document.undo_stack.count() == 0


def test_the_preview_waits_for_the_analysis_of_an_edited_plan(
    document: PlanDocument, open_dialog: Any, qtbot: Any
) -> None:
    dialog, _heard = open_dialog(SLIPPED)
    slipped = _id(document, SLIPPED)
    due = document.plan.workstreams[slipped].planned_due
    assert due is not None

    with qtbot.waitSignal(dialog.previewed, timeout=5000) as blocker:
        document.edit_workstreams({slipped: {"planned_due": due + timedelta(days=21)}}, "Later")
        assert "Analysing…" in dialog.summary.text()  # the old analysis no longer fits the plan
        assert not dialog.apply_button.isEnabled()

    fresh = _analysis(document).slip_impact(SLIPPED, days=5)
    assert blocker.args == [[m.workstream_id for m in fresh.moved]]
    assert _listed(dialog) == [m.key for m in fresh.moved]
    assert dialog.apply_button.isEnabled()


def test_a_read_only_file_previews_but_cannot_apply(demo_file: Path, qtbot: Any) -> None:
    document = PlanDocument(
        MigrationService.open(demo_file, read_only=True, today=lambda: AS_OF), as_of=AS_OF
    )
    try:
        dialog = WhatIfDialog(document, _id(document, SLIPPED))
        qtbot.addWidget(dialog)
        assert "Analysing…" in dialog.summary.text()  # opened before the first analysis arrived
        with qtbot.waitSignal(dialog.previewed, timeout=5000):
            pass
        assert dialog.model.rowCount() > 1
        assert not dialog.apply_button.isEnabled()
        assert "read-only" in dialog.apply_button.toolTip()
    finally:
        document.close()


def test_a_failed_analysis_is_said_in_place_until_a_later_one_arrives(
    document: PlanDocument, open_dialog: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog, _heard = open_dialog(SLIPPED)
    slipped = _id(document, SLIPPED)

    def broken(*_args: Any) -> Any:
        raise RuntimeError("engine bug")

    monkeypatch.setattr(plan_document, "analyse", broken)
    with qtbot.waitSignal(document.analysis_failed, timeout=5000):
        document.edit_workstreams({slipped: {"progress": 45}}, "Progress")
    assert dialog.message.isVisibleTo(dialog)
    assert dialog.message.text() == (
        "The analysis failed (engine bug): the preview can't be computed until the plan is analysed again."
    )
    assert not dialog.summary.isVisibleTo(dialog)
    assert dialog.model.rowCount() == 0
    assert not dialog.apply_button.isEnabled()

    monkeypatch.undo()
    with qtbot.waitSignal(dialog.previewed, timeout=5000):
        document.set_as_of(AS_OF)  # analysed again
    assert not dialog.message.isVisibleTo(dialog)
    assert "go-live" in dialog.summary.text() and dialog.summary.isVisibleTo(dialog)
    assert dialog.model.rowCount() > 1
    assert dialog.apply_button.isEnabled()


def test_a_new_due_date_that_moves_nothing_leaves_the_forecast_where_it_was(
    document: PlanDocument, open_dialog: Any, qtbot: Any
) -> None:
    key = "BNK-5"  # blocked, forecast past its planned start
    before = _analysis(document).workstream(key)
    assert before.forecast_finish is not None
    dialog, _heard = open_dialog(key)
    dialog.by_date.setChecked(True)
    finish = before.forecast_finish
    dialog.new_due.setDate(QDate(finish.year, finish.month, finish.day))
    dialog.refresh()
    assert "Nothing moves" in dialog.summary.text()
    dialog.apply_button.click()
    qtbot.waitUntil(lambda: document.analysis_is_current)
    after = _analysis(document).workstream(key)
    assert (after.forecast_start, after.forecast_finish) == (before.forecast_start, before.forecast_finish)
