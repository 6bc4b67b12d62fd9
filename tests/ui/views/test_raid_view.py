"""The RAID view (Ctrl+5): its table, filters and heat map, the details pane's editing and links,
create, delete and "found invalid", each an undo step, driven with clicks and keys."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QMessageBox, QStyle

from migrator.domain.raid import LinkRole, RaidStatus, RaidType
from migrator.services import MigrationService
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.models.raid_table_model import KEY, TITLE
from migrator.ui.views.raid_view import RaidView
from tests.conftest import AS_OF

SHOTS = Path(__file__).resolve().parents[3] / "build" / "raid-shots"


def seed(service: MigrationService) -> dict[str, int]:
    """A small log over the demo: two risks (one red), a decision due, an assumption and an issue."""
    people = {p.name: p.id for p in service.people()}
    owner = next(iter(people.values()))
    workstreams = service.workstreams()
    first = workstreams[0]
    gated = next(w for w in workstreams if w.key == "BNK-7")  # not started: starts 9 Mar 2027
    raid = service.raid
    ids = {
        "red": raid.create(RaidType.RISK, "Card bureau cannot print 50,000 cards a week", probability=4,
                           impact=5, owner_id=owner, proximity=date(2027, 4, 1),
                           review_date=date(2027, 2, 15)),
        "green": raid.create(RaidType.RISK, "Branch staff miss the training", probability=1, impact=3),
        "decision": raid.create(RaidType.DECISION, "Migrate business customers first?",
                                needed_by=date(2027, 3, 8), decider="Steering committee", owner_id=owner),
        "assumption": raid.create(RaidType.ASSUMPTION, "The bank signs off by March",
                                  validate_by=date(2027, 3, 20)),
        "issue": raid.create(RaidType.ISSUE, "Test data for mortgages is missing",
                             target_date=date(2027, 2, 20)),
    }  # fmt: skip
    raid.link(ids["red"], LinkRole.THREATENS, workstream_id=first.id)
    raid.link(ids["decision"], LinkRole.DECIDED_FOR, workstream_id=gated.id)
    raid.link(ids["assumption"], LinkRole.ASSUMED_BY, workstream_id=first.id)
    return ids


@pytest.fixture
def seeded(demo_file: Path) -> dict[str, int]:
    service = MigrationService.open(demo_file, today=lambda: AS_OF)
    try:
        return seed(service)
    finally:
        service.close()


@pytest.fixture
def view(demo_file: Path, seeded: dict[str, int], qtbot: Any) -> Iterator[RaidView]:
    document = PlanDocument(MigrationService.open(demo_file, today=lambda: AS_OF), as_of=AS_OF)
    qtbot.waitUntil(lambda: document.analysis is not None)
    raid_view = RaidView(document)
    qtbot.addWidget(raid_view)
    raid_view.resize(1400, 820)
    raid_view.show()
    qtbot.waitExposed(raid_view)
    yield raid_view
    document.close()


def keys(view: RaidView) -> list[str]:
    return [view.model.index(row, KEY).data() for row in range(view.model.rowCount())]


def click_row(view: RaidView, qtbot: Any, key: str) -> None:
    row = keys(view).index(key)
    rect = view.table.visualRect(view.model.index(row, KEY))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def shoot(widget: Any, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    QApplication.processEvents()
    assert widget.grab().save(str(path))
    return path


def test_the_log_shows_with_its_heat_map(view: RaidView, seeded: dict[str, int], qtbot: Any) -> None:
    assert keys(view) == ["A-1", "D-1", "I-1", "R-1", "R-2"]
    assert view.count.text() == "5 items"
    assert view.heat_map.counts[(4, 5)] == 1 and view.heat_map.counts[(1, 3)] == 1
    click_row(view, qtbot, "R-1")
    assert view.details.shown_id() == seeded["red"]
    assert view.details.editors["probability"].isVisible()
    assert not view.details.editors["needed_by"].isVisible()
    assert view.details.score.text() == "20 (red)"
    shoot(view, "raid-view-risk")


def test_the_title_column_fills_the_room_and_stays_readable_in_a_narrow_window(
    view: RaidView, qtbot: Any
) -> None:
    header = view.table.horizontalHeader()
    others = sum(header.sectionSize(c) for c in range(header.count()) if c != TITLE)
    view.resize(1900, 820)  # room to spare: the title takes what the other columns leave
    qtbot.waitUntil(lambda: header.sectionSize(TITLE) == view.table.viewport().width() - others)
    assert header.sectionSize(TITLE) > 220
    view.resize(900, 820)  # the other columns need more than the table has
    qtbot.waitUntil(lambda: header.sectionSize(TITLE) == 220)  # about 30 characters, never "…" alone
    assert view.table.horizontalScrollBar().maximum() > 0  # the table scrolls sideways instead


def test_the_new_buttons_menu_arrow_leaves_its_text_whole(view: RaidView) -> None:
    button = view.new_button
    arrow = button.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator)
    text = button.fontMetrics().horizontalAdvance(button.text())
    assert button.width() >= text + arrow + 8  # the text, the arrow in the corner, the frame


def test_filters_and_a_heat_map_click(view: RaidView, qtbot: Any) -> None:
    view.type_filter.set_value(RaidType.DECISION)
    view.type_filter.activated.emit(view.type_filter.currentIndex())
    assert keys(view) == ["D-1"]
    view.type_filter.setCurrentIndex(0)
    view.type_filter.activated.emit(0)
    qtbot.mouseClick(view.decisions_due, Qt.MouseButton.LeftButton)
    assert keys(view) == ["D-1"]
    qtbot.mouseClick(view.decisions_due, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.needs_review, Qt.MouseButton.LeftButton)
    assert keys(view) == ["R-1"]  # its review date, 15 Feb, has passed
    qtbot.mouseClick(view.needs_review, Qt.MouseButton.LeftButton)
    cell = view.heat_map.cell_rect(4, 5).center().toPoint()
    qtbot.mouseClick(view.heat_map, Qt.MouseButton.LeftButton, pos=cell)
    assert keys(view) == ["R-1"] and view.heat_map.chosen == (4, 5)
    shoot(view, "raid-view-heat-cell")
    qtbot.mouseClick(view.heat_map, Qt.MouseButton.LeftButton, pos=cell)  # again: cleared
    assert len(keys(view)) == 5
    qtbot.keyClicks(view.search, "bank")
    assert keys(view) == ["A-1"]


def test_sorting_by_a_header_click(view: RaidView, qtbot: Any) -> None:
    header = view.table.horizontalHeader()
    measure = 4
    x = header.sectionViewportPosition(measure) + header.sectionSize(measure) // 2
    at = QPoint(x, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=at)
    # Risks worst first, then the others by their date, soonest first.
    assert keys(view) == ["R-1", "R-2", "I-1", "D-1", "A-1"]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert keys(view) == ["A-1", "D-1", "I-1", "R-2", "R-1"]


def test_editing_a_field_is_one_undo_step(view: RaidView, qtbot: Any) -> None:
    document = view.document
    click_row(view, qtbot, "R-2")
    impact = view.details.editors["impact"]
    impact.setFocus()
    qtbot.keyClick(impact, Qt.Key.Key_Down)  # the combo's next value: 4
    item_id = view.details.shown_id()
    assert item_id is not None
    qtbot.waitUntil(lambda: document.raid_item(item_id).impact == 4)  # type: ignore[union-attr]
    assert view.details.score.text() == "4 (green)"
    assert document.undo_stack.undoText() == "Change impact of R-2"
    document.undo_stack.undo()
    assert document.raid_item(item_id).impact == 3  # type: ignore[union-attr]
    assert view.details.editors["impact"].value() == 3
    document.undo_stack.redo()
    assert document.service.raid.item(item_id).impact == 4


def test_the_wheel_and_a_half_typed_date_save_nothing(view: RaidView, qtbot: Any) -> None:
    document = view.document
    click_row(view, qtbot, "D-1")
    steps = document.undo_stack.count()
    needed_by = view.details.editors["needed_by"]
    needed_by.setFocus()
    needed_by.selectAll()
    qtbot.keyClicks(needed_by, "31/02")
    qtbot.keyClick(needed_by, Qt.Key.Key_Return)
    assert needed_by.message.isVisible()  # refused beside the field
    assert document.undo_stack.count() == steps
    qtbot.keyClick(needed_by, Qt.Key.Key_Escape)
    view.table.setFocus()
    click_row(view, qtbot, "R-1")
    probability = view.details.editors["probability"]
    before = probability.value()
    centre = QPointF(probability.rect().center())
    wheel = QWheelEvent(
        centre, probability.mapToGlobal(centre), QPoint(), QPoint(0, -120), Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QApplication.sendEvent(probability, wheel)
    assert probability.value() == before
    assert document.undo_stack.count() == steps


def test_esc_in_a_text_box_drops_what_was_typed(view: RaidView, qtbot: Any) -> None:
    document = view.document
    click_row(view, qtbot, "D-1")
    steps = document.undo_stack.count()
    decider = view.details.editors["decider"]
    decider.setFocus()
    qtbot.waitUntil(decider.hasFocus)
    decider.selectAll()
    qtbot.keyClicks(decider, "31/02/2027")
    qtbot.keyClick(decider, Qt.Key.Key_Escape)
    assert decider.value() == "Steering committee"
    view.table.setFocus()  # leaving it afterwards saves nothing
    qtbot.waitUntil(lambda: not decider.hasFocus())
    item_id = view.details.shown_id()
    assert item_id is not None
    assert document.raid_item(item_id).decider == "Steering committee"  # type: ignore[union-attr]
    assert document.undo_stack.count() == steps


def test_typing_a_date_saves_it(view: RaidView, qtbot: Any) -> None:
    document = view.document
    click_row(view, qtbot, "D-1")
    needed_by = view.details.editors["needed_by"]
    needed_by.setFocus()
    needed_by.selectAll()
    qtbot.keyClicks(needed_by, "15 Mar 2027")
    qtbot.keyClick(needed_by, Qt.Key.Key_Return)
    item_id = view.details.shown_id()
    assert item_id is not None
    assert document.raid_item(item_id).needed_by == date(2027, 3, 15)  # type: ignore[union-attr]
    assert "needed by 15 Mar 2027" in [view.model.index(r, 4).data() for r in range(view.model.rowCount())]
    shoot(view, "raid-view-decision")
    document.undo_stack.undo()
    assert document.raid_item(item_id).needed_by == date(2027, 3, 8)  # type: ignore[union-attr]


def test_create_and_delete_are_undone(view: RaidView, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    document = view.document
    answer = ("Archive format for statements", True)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_args, **_kw: answer)
    view.new_actions[RaidType.DECISION].trigger()
    assert "D-2" in keys(view)
    assert view.details.key.text() == "Decision D-2"
    assert document.undo_stack.undoText() == "Add D-2"
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda _p, _t, text: asked.append(text) or QMessageBox.StandardButton.Yes
    )
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert asked == ["Delete D-2 “Archive format for statements”? Edit → Undo brings it back."]
    assert "D-2" not in keys(view)
    document.undo_stack.undo()
    assert "D-2" in keys(view)  # back with its key
    document.undo_stack.undo()
    assert "D-2" not in keys(view)
    document.undo_stack.redo()
    assert "D-2" in keys(view)


def test_found_invalid_raises_an_issue(view: RaidView, seeded: dict[str, int], qtbot: Any) -> None:
    document = view.document
    click_row(view, qtbot, "A-1")
    assert view.details.found_invalid.isVisible()
    qtbot.mouseClick(view.details.found_invalid, Qt.MouseButton.LeftButton)
    assert "I-2" in keys(view)
    assert view.details.key.text() == "Issue I-2"
    shoot(view, "raid-view-issue")
    issue = document.service.raid.item_by_key("I-2")
    assert issue.raised_from_id == seeded["assumption"]
    assert [link.role for link in issue.links] == [LinkRole.THREATENS]  # kept its link
    assert document.raid_item(seeded["assumption"]).status is RaidStatus.CLOSED  # type: ignore[union-attr]
    assert document.undo_stack.undoText() == "A-1 found invalid → I-2"
    document.undo_stack.undo()
    assert "I-2" not in keys(view)
    assert document.raid_item(seeded["assumption"]).status is RaidStatus.OPEN  # type: ignore[union-attr]
    document.undo_stack.redo()
    assert "I-2" in keys(view)
    assert document.raid_item(seeded["assumption"]).status is RaidStatus.CLOSED  # type: ignore[union-attr]


def test_links_from_the_workstream_picker(view: RaidView, qtbot: Any) -> None:
    document = view.document
    click_row(view, qtbot, "R-2")
    qtbot.mouseClick(view.details.add_link_button, Qt.MouseButton.LeftButton)
    dialog = view.details.link_dialog
    assert dialog is not None
    target = list(document.plan.workstreams.values())[3]
    qtbot.keyClicks(dialog.search, target.key)
    assert dialog.chosen_id() == target.id
    shoot(dialog, "raid-link-picker")
    qtbot.mouseClick(dialog.link_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    item_id = view.details.shown_id()
    assert item_id is not None
    item = document.raid_item(item_id)
    assert item is not None and item.linked_workstreams() == (target.id,)
    assert target.key in view.details.links.item(0).text()
    view.details.links.setCurrentRow(0)
    qtbot.mouseClick(view.details.remove_link_button, Qt.MouseButton.LeftButton)
    assert document.raid_item(item_id).links == ()  # type: ignore[union-attr]
    document.undo_stack.undo()
    assert document.raid_item(item_id).linked_workstreams() == (target.id,)  # type: ignore[union-attr]
    document.undo_stack.undo()
    assert document.raid_item(item_id).links == ()  # type: ignore[union-attr]


def test_what_if_the_decision_comes_late(view: RaidView, qtbot: Any) -> None:
    click_row(view, qtbot, "D-1")
    assert view.details.what_if_button.isVisible()
    qtbot.mouseClick(view.details.what_if_button, Qt.MouseButton.LeftButton)
    dialog = view.details.what_if_dialog
    assert dialog is not None and dialog.impact is not None
    assert dialog.impact.gated == ("BNK-7",)
    assert "it holds up BNK-7" in dialog.summary.text()
    model = dialog.table.model()
    moved = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert moved[0] == "BNK-7"
    assert [model.index(0, column).data() for column in range(6)] == [
        "BNK-7", "Debit card processing production cut-in", "Banking & Payments",
        "Fri 12 Mar 2027", "Tue 30 Mar 2027", "+10",  # Good Friday and Easter Monday in between
    ]  # fmt: skip
    dialog.days.setFocus()
    dialog.days.selectAll()
    qtbot.keyClicks(dialog.days, "30")
    assert dialog.impact.late_days == 30
    shoot(dialog, "decision-what-if")
    steps = view.document.undo_stack.count()
    dialog.close()
    assert view.document.undo_stack.count() == steps  # a preview changes nothing


def test_esc_on_the_heat_map_lists_everything_again(view: RaidView, qtbot: Any) -> None:
    cell = view.heat_map.cell_rect(1, 3).center().toPoint()
    qtbot.mouseClick(view.heat_map, Qt.MouseButton.LeftButton, pos=cell)
    assert keys(view) == ["R-2"] and "probability 1 × impact 3" in view.heat_hint.text()
    qtbot.keyClick(view.heat_map, Qt.Key.Key_Escape)
    assert len(keys(view)) == 5 and view.heat_map.chosen is None


def test_a_read_only_plan_shows_the_log_and_changes_nothing(
    demo_file: Path, seeded: dict[str, int], qtbot: Any
) -> None:
    document = PlanDocument(
        MigrationService.open(demo_file, read_only=True, today=lambda: AS_OF), as_of=AS_OF
    )
    try:
        raid_view = RaidView(document)
        qtbot.addWidget(raid_view)
        raid_view.show()
        assert keys(raid_view) == ["A-1", "D-1", "I-1", "R-1", "R-2"]
        assert not raid_view.new_button.isVisible() and not raid_view.delete_button.isVisible()
        raid_view.select_item(seeded["assumption"])
        details = raid_view.details
        assert not details.found_invalid.isVisible() and not details.add_link_button.isVisible()
        assert details.title.isReadOnly() and not details.editors["status"].isEnabled()
        raid_view.delete_selected()
        assert document.undo_stack.count() == 0
    finally:
        document.close()


def test_the_picker_says_when_it_lists_only_the_first_matches(
    view: RaidView, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from migrator.ui.dialogs import workstream_picker_dialog

    monkeypatch.setattr(workstream_picker_dialog, "SHOWN_AT_MOST", 3)
    click_row(view, qtbot, "R-2")
    qtbot.mouseClick(view.details.add_link_button, Qt.MouseButton.LeftButton)
    dialog = view.details.link_dialog
    assert dialog is not None
    assert dialog.list.count() == 3 and not dialog.capped.isHidden()
    qtbot.keyClicks(dialog.search, "BNK-12")
    assert dialog.list.count() == 1 and dialog.capped.isHidden()
    dialog.reject()


def test_the_owner_and_status_filters(view: RaidView, qtbot: Any) -> None:
    owner = view.document.service.raid.item_by_key("R-1").owner_id
    view.owner_filter.set_value(owner)
    view.owner_filter.activated.emit(view.owner_filter.currentIndex())
    assert keys(view) == ["D-1", "R-1"]
    assert view.count.text() == "2 of 5 items"
    view.owner_filter.setCurrentIndex(0)
    view.owner_filter.activated.emit(0)
    view.status_filter.set_value(RaidStatus.CLOSED)
    view.status_filter.activated.emit(view.status_filter.currentIndex())
    assert keys(view) == []
    assert view.details.shown_id() is None  # nothing listed: the pane says to choose an item
    assert view.details.pages.currentWidget() is view.details.empty_state
