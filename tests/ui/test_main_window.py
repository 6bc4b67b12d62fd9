"""The main window driven as a coordinator would: open, edit in the table, undo, filter, sort."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QInputDialog,
    QLineEdit,
    QMessageBox,
)

from migrator import app
from migrator.domain.model import Status
from migrator.services import MigrationService
from migrator.ui.main_window import MainWindow
from migrator.ui.models import workstream_table_model as columns
from migrator.ui.models.team_list_model import TeamListModel
from migrator.ui.widgets.editors import StatusCombo
from migrator.ui.widgets.plan_views import PlanViews
from migrator.ui.window_settings import WindowSettings
from tests.conftest import AS_OF


@pytest.fixture
def window(qtbot: Any, demo_file: Path, refusals: list[str]) -> Iterator[MainWindow]:
    win = MainWindow(as_of=AS_OF)
    qtbot.addWidget(win)
    assert win.open_file(demo_file)
    win.show()
    qtbot.waitUntil(lambda: win.document is not None and win.document.analysis is not None)
    yield win
    win.close()


def _row_of_key(win: MainWindow, key: str) -> int:
    assert win.document is not None and win.workspace is not None
    ws = next(w for w in win.document.plan.workstreams.values() if w.key == key)
    row = win.workspace.table.model_.row_of(ws.id)
    assert row is not None
    return row


def _first_with(win: MainWindow, status: Status) -> int:
    assert win.document is not None
    return next(w.id for w in win.document.plan.workstreams.values() if w.status is status)


def _reader(path: Path) -> MigrationService:
    return MigrationService.open(path, read_only=True)


def test_the_demo_opens_with_table_teams_and_status_bar(window: MainWindow, qtmodeltester: Any) -> None:
    assert window.workspace is not None and window.document is not None
    model = window.workspace.table.model_
    qtmodeltester.check(model)
    qtmodeltester.check(window.workspace.teams.model)
    assert model.rowCount() == len(window.document.plan.workstreams) == 88
    assert "demo.migrator" in window.windowTitle()
    assert window.go_live_label.text().startswith("Go-live")
    assert "target" in window.go_live_label.text()
    assert "red" in window.health_label.text() and "amber" in window.health_label.text()
    assert window.as_of_label.text() == "As of 1 Mar 2027"
    teams = window.workspace.teams.model
    assert teams.index(0).data() == "All teams"
    assert teams.rowCount() == len(window.document.plan.teams) + 1
    assert window.workspace.banner.isHidden()


def test_a_status_edited_in_the_table_is_saved_and_undone(
    window: MainWindow, qtbot: Any, demo_file: Path
) -> None:
    assert window.workspace is not None and window.document is not None
    table = window.workspace.table
    workstream_id = _first_with(window, Status.NOT_STARTED)
    row = table.model_.row_of(workstream_id)
    cell = table.model_.index(row, columns.STATUS)
    table.setCurrentIndex(cell)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.indexWidget(cell)  # the status combo the details pane uses too
    assert isinstance(editor, StatusCombo)
    editor.set_value(Status.BLOCKED)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    document = window.document
    qtbot.waitUntil(lambda: document.plan.workstreams[workstream_id].status is Status.BLOCKED)

    with _reader(demo_file) as reader:
        assert reader.workstream(workstream_id).status is Status.BLOCKED
    assert table.model_.index(table.model_.row_of(workstream_id), columns.STATUS).data() == "Blocked"
    assert window.undo_action.text().startswith("&Undo Change status")

    window.undo_action.trigger()
    with _reader(demo_file) as reader:
        assert reader.workstream(workstream_id).status is Status.NOT_STARTED
    window.redo_action.trigger()
    with _reader(demo_file) as reader:
        assert reader.workstream(workstream_id).status is Status.BLOCKED


def test_the_analysis_and_status_bar_follow_an_edit(window: MainWindow, qtbot: Any) -> None:
    document = window.document
    assert document is not None and document.analysis is not None
    before = document.analysis
    go_live_before = window.go_live_label.text()
    # Work on the critical path that slips a month pushes the go-live.
    critical = next(
        w for w in document.plan.workstreams.values()
        if w.planned_due and not w.is_milestone and w.status is not Status.DONE
        and before.workstreams[w.id].critical
    )  # fmt: skip
    assert critical.planned_due is not None
    with qtbot.waitSignal(document.analysed):
        document.edit_workstreams(
            {critical.id: {"planned_due": critical.planned_due + timedelta(days=30)}}, "Slip"
        )
    after = document.analysis
    assert after is not before and after.projected_finish and before.projected_finish
    assert after.projected_finish > before.projected_finish
    assert window.go_live_label.text() != go_live_before
    assert "working days late" in window.go_live_label.text()


def test_a_loop_is_refused_with_the_loop_shown(window: MainWindow, refusals: list[str]) -> None:
    shown = refusals
    document = window.document
    assert document is not None
    link = next(iter(document.plan.dependencies.values()))
    steps = document.undo_stack.count()

    assert not document.add_dependency(link.successor_id, link.predecessor_id)
    assert shown and "loop" in shown[0]
    assert f"{link.predecessor_key} → {link.successor_key}" in shown[0] or link.successor_key in shown[0]
    assert document.undo_stack.count() == steps


def test_delete_asks_first_and_undo_brings_back_links_and_history(
    window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch, demo_file: Path
) -> None:
    document, workspace = window.document, window.workspace
    assert document is not None and workspace is not None
    link = next(iter(document.plan.dependencies.values()))
    victim = link.predecessor_id
    key = document.plan.workstreams[victim].key
    links = {
        d.id for d in document.plan.dependencies.values() if victim in (d.predecessor_id, d.successor_id)
    }
    asked: list[str] = []

    def answer(_parent: Any, _title: str, text: str) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    workspace.table.select_workstream(victim)
    workspace.table.setFocus()
    qtbot.keyClick(workspace.table, Qt.Key.Key_Delete)

    assert asked and key in asked[0] and "link" in asked[0]
    assert victim not in document.plan.workstreams
    assert workspace.table.model_.row_of(victim) is None
    with _reader(demo_file) as reader:
        assert all(d.id not in links for d in reader.dependencies())
        history_before = len(reader.workstream_history(victim))

    window.undo_action.trigger()
    assert workspace.table.model_.row_of(victim) is not None
    with _reader(demo_file) as reader:
        assert reader.workstream(victim).key == key
        assert links <= {d.id for d in reader.dependencies()}
        assert len(reader.workstream_history(victim)) > history_before  # the deletion and the restore


def test_bulk_status_change_is_one_undo_step(window: MainWindow, demo_file: Path) -> None:
    workspace, document = window.workspace, window.document
    assert workspace is not None and document is not None
    table = workspace.table
    model = table.model_
    ids = [i for i in model.visible_ids() if document.plan.workstreams[i].status is Status.NOT_STARTED][:3]
    selection = table.selectionModel()
    selection.clearSelection()
    for workstream_id in ids:
        selection.select(
            model.index(model.row_of(workstream_id), 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    steps = document.undo_stack.count()
    done = next(a for a in window.status_menu.actions() if a.text() == Status.IN_PROGRESS.label)
    done.trigger()

    assert document.undo_stack.count() == steps + 1
    with _reader(demo_file) as reader:
        assert {reader.workstream(i).status for i in ids} == {Status.IN_PROGRESS}
    window.undo_action.trigger()
    with _reader(demo_file) as reader:
        assert {reader.workstream(i).status for i in ids} == {Status.NOT_STARTED}


def test_filter_text_toggles_and_team_choice(window: MainWindow, qtbot: Any, qtmodeltester: Any) -> None:
    workspace, document = window.workspace, window.document
    assert workspace is not None and document is not None
    model = workspace.table.model_
    qtmodeltester.check(model)
    window.find_action.trigger()
    assert workspace.filter_bar.text.hasFocus()
    qtbot.keyClicks(workspace.filter_bar.text, "bin")
    shown = [document.plan.workstreams[i] for i in model.visible_ids()]
    assert shown and all("bin" in f"{w.key} {w.title} {w.owner_name} {w.description}".lower() for w in shown)
    assert "of 88 shown" in workspace.filter_bar.count.text()
    workspace.filter_bar.text.clear()

    workspace.filter_bar.toggles["blocked"].setChecked(True)
    assert model.rowCount() > 0
    assert all(document.plan.workstreams[i].status is Status.BLOCKED for i in model.visible_ids())
    workspace.filter_bar.toggles["blocked"].setChecked(False)

    workspace.filter_bar.toggles["late"].setChecked(True)
    analysis = document.analysis
    assert analysis is not None
    assert all(analysis.workstreams[i].days_late for i in model.visible_ids())
    workspace.filter_bar.toggles["late"].setChecked(False)

    team = sorted(document.plan.teams, key=lambda t: t.name)[1]
    workspace.teams.choose(team.id)
    assert {document.plan.workstreams[i].team_id for i in model.visible_ids()} == {team.id}
    assert model.rowCount() == sum(1 for w in document.plan.workstreams.values() if w.team_id == team.id)
    workspace.teams.choose(None)
    assert model.rowCount() == 88


def test_sorting_by_a_header_click_keeps_the_selection(window: MainWindow, qtbot: Any) -> None:
    workspace, document = window.workspace, window.document
    assert workspace is not None and document is not None
    table = workspace.table
    chosen = table.model_.workstream_id(5)
    table.select_workstream(chosen)
    header = table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_section_centre(header, columns.DUE))
    dues = [document.plan.workstreams[i].planned_due for i in table.model_.visible_ids()]
    present = [d for d in dues if d is not None]
    assert present == sorted(present) and dues[: len(present)] == present
    assert table.current_id() == chosen
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_section_centre(header, columns.DUE))
    dues = [d for i in table.model_.visible_ids() if (d := document.plan.workstreams[i].planned_due)]
    assert dues == sorted(dues, reverse=True)


def _section_centre(header: Any, column: int) -> Any:
    from PySide6.QtCore import QPoint

    return QPoint(
        header.sectionViewportPosition(column) + header.sectionSize(column) // 2, header.height() // 2
    )


def test_new_workstream_goes_into_the_chosen_team(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, demo_file: Path
) -> None:
    workspace, document = window.workspace, window.document
    assert workspace is not None and document is not None
    team = sorted(document.plan.teams, key=lambda t: t.name)[2]
    workspace.teams.choose(team.id)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_args, **_kw: ("Card reissue dry run", True))
    window.new_action.trigger()

    current = workspace.table.current_id()
    assert current is not None
    created = document.plan.workstreams[current]
    assert (created.title, created.team_id) == ("Card reissue dry run", team.id)
    assert created.key.startswith(team.code + "-")
    window.undo_action.trigger()
    with _reader(demo_file) as reader:
        assert all(w.title != "Card reissue dry run" for w in reader.workstreams())


def test_a_read_only_file_shows_a_banner_and_disables_editing(qtbot: Any, demo_file: Path) -> None:
    win = MainWindow(as_of=AS_OF)
    qtbot.addWidget(win)
    assert win.open_file(demo_file, read_only=True)
    win.show()
    assert win.workspace is not None
    assert win.workspace.banner.isVisible()
    assert "read-only" in win.workspace.banner.text()
    assert "[read-only]" in win.windowTitle()
    model = win.workspace.table.model_
    assert not model.flags(model.index(0, columns.STATUS)) & Qt.ItemFlag.ItemIsEditable
    assert not win.new_action.isEnabled() and not win.delete_action.isEnabled()
    assert win.export_action.isEnabled()  # a report without a snapshot still works
    win.close()


def test_a_corrupt_file_is_explained_and_the_start_page_stays(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, text: shown.append((title, text)))
    path = tmp_path / "notes.migrator"
    path.write_bytes(b"SQLite format 3\x00" + b"\x13" * 500)
    win = MainWindow(as_of=AS_OF)
    qtbot.addWidget(win)

    assert not win.open_file(path)
    assert shown and shown[0][0] == "Migrator — cannot open the file"
    assert "notes.migrator" in shown[0][1]
    assert win.document is None
    assert win.stack.currentWidget() is win.start_page
    win.close()


def test_recent_files_and_column_widths_are_remembered(qtbot: Any, demo_file: Path) -> None:
    first = MainWindow(as_of=AS_OF)
    qtbot.addWidget(first)
    first.open_file(demo_file)
    assert first.workspace is not None
    first.workspace.table.setColumnWidth(columns.TITLE, 411)
    first.close()

    second = MainWindow(as_of=AS_OF)
    qtbot.addWidget(second)
    assert second.stack.currentWidget() is second.start_page
    assert second.start_page.recent.count() == 1
    assert Path(second.start_page.recent.item(0).toolTip()) == demo_file.resolve()
    second.start_page.recent_chosen.emit(demo_file)
    assert second.workspace is not None
    assert second.workspace.table.columnWidth(columns.TITLE) == 411
    second.close()


def test_without_a_file_the_window_reopens_the_last_one(qtbot: Any, demo_file: Path) -> None:
    WindowSettings().add_recent(demo_file)
    win = app.build_window(app.parse_arguments([]))
    qtbot.addWidget(win)
    assert win.document is not None and win.document.service.path == demo_file.resolve()
    win.close()


def test_the_window_starts_on_the_start_page_for_a_foreign_file(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    path = tmp_path / "notes.migrator"
    path.write_text("not a plan")
    win = app.build_window(app.parse_arguments([str(path)]))
    qtbot.addWidget(win)
    assert shown == ["notes.migrator is not a Migrator file: it is not a database at all."]
    assert win.stack.currentWidget() is win.start_page
    win.close()


def test_team_counts_follow_an_edit(window: MainWindow, qtbot: Any) -> None:
    document, workspace = window.document, window.workspace
    assert document is not None and workspace is not None
    teams = workspace.teams.model
    healthy = next(
        row
        for row in range(1, teams.rowCount())
        if teams.index(row).data(TeamListModel.ROW_ROLE).blocked == 0
    )
    team_id = teams.index(healthy).data(TeamListModel.TEAM_ID_ROLE)
    victim = next(
        w
        for w in document.plan.workstreams.values()
        if w.team_id == team_id and w.status is Status.IN_PROGRESS
    )
    with qtbot.waitSignal(document.analysed):
        document.edit_workstreams({victim.id: {"status": Status.BLOCKED, "blocker_note": "Vendor"}}, "Block")
    row = teams.index(teams.row_of_team(team_id)).data(TeamListModel.ROW_ROLE)
    assert row.blocked == 1
    assert "1 blocked" in row.counts_text


# ---------------------------------------------------------------- found in review


def test_a_milestone_moves_as_one_date(window: MainWindow, demo_file: Path, refusals: list[str]) -> None:
    document = window.document
    assert document is not None
    milestone = next(w for w in document.plan.workstreams.values() if w.is_milestone and w.planned_due)
    assert milestone.planned_due is not None
    later = milestone.planned_due + timedelta(days=7)
    assert document.edit_workstreams({milestone.id: {"planned_due": later}}, "Move")
    assert not refusals
    with _reader(demo_file) as reader:
        moved = reader.workstream(milestone.id)
    assert (moved.planned_start, moved.planned_due) == (later, later)


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every question the window asks, each answered Yes."""
    questions: list[str] = []

    def answer(*args: Any) -> QMessageBox.StandardButton:
        questions.append(args[2])
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    return questions


@pytest.mark.parametrize("place", ["a combo box", "the dashboard"])
def test_the_delete_key_deletes_nothing_in_a_combo_box_or_on_the_dashboard(
    window: MainWindow, qtbot: Any, asked: list[str], place: str
) -> None:
    workspace, document = window.workspace, window.document
    assert workspace is not None and document is not None
    count = len(document.plan.workstreams)
    target: Any = workspace.filter_bar.status
    if place == "the dashboard":  # it shows no rows to delete
        window.view_actions[PlanViews.DASHBOARD].trigger()
        target = workspace.views.view(PlanViews.DASHBOARD)
    window.activateWindow()
    target.setFocus()
    qtbot.keyClick(target, Qt.Key.Key_Delete)
    assert not asked and len(document.plan.workstreams) == count


def test_the_menus_delete_asks_and_deletes_the_selected_rows_wherever_the_focus_is(
    window: MainWindow, asked: list[str]
) -> None:
    workspace, document = window.workspace, window.document
    assert workspace is not None and document is not None
    rows = [workspace.table.model_.workstream_id(row) for row in (0, 1)]
    workspace.table.select_workstreams(rows)
    workspace.filter_bar.text.setFocus()  # e.g. just typed a filter
    window.delete_action.trigger()
    assert len(asked) == 1 and "Delete 2 workstreams and their" in asked[0] and "brings them back" in asked[0]
    assert not set(rows) & set(document.plan.workstreams)


def test_a_new_workstream_hidden_by_the_filter_clears_it_and_is_selected(
    window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace, document = window.workspace, window.document
    assert workspace is not None and document is not None
    workspace.filter_bar.toggles["blocked"].setChecked(True)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_args: ("Agent scripts for the switch", True))
    window.new_action.trigger()
    created = next(w for w in document.plan.workstreams.values() if w.title == "Agent scripts for the switch")
    assert not workspace.filter_bar.toggles["blocked"].isChecked()
    assert workspace.table.current_id() == created.id


def test_undoing_the_go_live_deletion_gives_the_go_live_back(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = window.document
    assert document is not None
    go_live = document.plan.migration.go_live_milestone_id
    assert go_live is not None
    document.delete_workstreams([go_live])
    assert document.plan.migration.go_live_milestone_id is None
    document.undo_stack.undo()
    assert document.plan.migration.go_live_milestone_id == go_live


def test_a_file_with_damaged_rows_opens_read_only_with_the_rows_named(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14 changed this: such a file was refused; now it opens read-only, its bad values listed."""
    import shutil
    import sqlite3

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    assert window.document is not None
    damaged = tmp_path / "damaged.migrator"
    shutil.copy(window.document.service.path, damaged)
    with sqlite3.connect(damaged) as db:
        db.execute(
            "UPDATE workstream SET planned_due = '2027-02-30' WHERE id = (SELECT min(id) FROM workstream)"
        )
    before = damaged.read_bytes()

    assert window.open_file(damaged)
    assert shown == []
    assert window.document is not None and window.document.read_only
    assert window.workspace is not None and window.workspace.banner.text().splitlines()[1] == (
        "• workstream PRD-1 (id 1): planned due '2027-02-30' is not a date (YYYY-MM-DD)"
    )
    assert damaged.read_bytes() == before


def test_an_edited_row_that_stops_matching_the_filter_leaves_and_the_count_follows(
    window: MainWindow,
) -> None:
    workspace, document = window.workspace, window.document
    assert workspace is not None and document is not None
    bar, model = workspace.filter_bar, workspace.table.model_
    bar.status.setCurrentIndex(bar.status.findText(Status.NOT_STARTED.label))
    before = model.rowCount()
    edited = model.workstream_id(0)
    document.edit_workstreams({edited: {"status": Status.IN_PROGRESS}}, "Start")
    assert model.rowCount() == before - 1 and model.row_of(edited) is None
    assert f"{before - 1} of 88 shown" in bar.count.text()


def test_set_owner_tells_two_people_with_the_same_name_apart(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, demo_file: Path
) -> None:
    workspace, document = window.workspace, window.document
    assert workspace is not None and document is not None
    teams = sorted(document.plan.teams, key=lambda t: t.code)
    document.create_person("Alex Smith", None, teams[0].id)
    second = document.create_person("Alex Smith", None, teams[1].id)
    offered: list[list[str]] = []

    def choose(_parent: Any, _title: str, _label: str, items: list[str], *_rest: Any) -> tuple[str, bool]:
        offered.append(items)
        return next(i for i in items if i == f"Alex Smith ({teams[1].code})"), True

    monkeypatch.setattr(QInputDialog, "getItem", choose)
    target = workspace.table.model_.workstream_id(0)
    workspace.table.select_workstream(target)
    window.owner_action.trigger()
    assert len(set(offered[0])) == len(offered[0])  # every choice reads differently
    with _reader(demo_file) as reader:
        assert reader.workstream(target).owner_id == second


@pytest.mark.parametrize("action", ["owner", "team"])
def test_set_owner_and_move_to_team_start_on_the_workstreams_own_and_ok_alone_changes_nothing(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, action: str
) -> None:
    workspace, document = window.workspace, window.document
    assert workspace is not None and document is not None
    first_team = min(document.plan.teams, key=lambda t: t.name)  # the top of the list of teams
    target = next(
        w for w in document.plan.workstreams.values() if w.owner_id is not None and w.team_id != first_team.id
    )
    owner = next(p for p in document.plan.people if p.id == target.owner_id)
    team = next(t for t in document.plan.teams if t.id == target.team_id)
    started_on: list[str] = []

    def ok_at_once(_parent: Any, _title: str, _label: str, items: list[str], current: int, *_: Any) -> Any:
        started_on.append(items[current])
        return items[current], True

    monkeypatch.setattr(QInputDialog, "getItem", ok_at_once)
    workspace.table.select_workstream(target.id)
    steps = document.undo_stack.count()
    (window.owner_action if action == "owner" else window.plan_actions.team_action).trigger()
    assert started_on[0].startswith(owner.name if action == "owner" else team.name)
    assert document.undo_stack.count() == steps  # nothing edited, nothing to undo
    assert document.plan.workstreams[target.id] == target


def test_the_window_is_no_wider_for_having_shown_the_raid_log(window: MainWindow, qtbot: Any) -> None:
    workspace = window.workspace
    assert workspace is not None
    views = workspace.views
    window.resize(window.minimumSizeHint().width(), 700)
    qtbot.waitUntil(lambda: window.width() == window.minimumSizeHint().width())
    narrowest = window.width()
    views.setCurrentIndex(views.RAID)  # its own details beside its table: it may widen the window
    raid = views.view(views.RAID)
    qtbot.waitUntil(lambda: window.minimumSizeHint().width() >= raid.minimumSizeHint().width())
    views.setCurrentIndex(views.TABLE)
    qtbot.waitUntil(lambda: window.minimumSizeHint().width() == narrowest)  # narrow as before
    qtbot.wait(100)
    assert window.width() == narrowest


def test_what_if_shows_the_timeline_and_closing_it_goes_back_to_the_table(
    window: MainWindow, qtbot: Any
) -> None:
    workspace = window.workspace
    assert workspace is not None
    views = workspace.views
    workspace.table.select_workstream(workspace.table.model_.workstream_id(0))
    window.what_if()
    assert views.currentIndex() == views.TIMELINE  # where the moved bars show
    dialog = window.plan_actions._what_if
    assert dialog is not None
    dialog.reject()
    qtbot.waitUntil(lambda: views.currentIndex() == views.TABLE)


def test_an_edit_in_the_table_is_named_in_the_undo_history_as_the_details_pane_names_it(
    window: MainWindow,
) -> None:
    workspace, document = window.workspace, window.document
    assert workspace is not None and document is not None
    model = workspace.table.model_
    workstream = document.plan.workstreams[model.workstream_id(0)]
    assert workstream.planned_due is not None
    assert model.setData(model.index(0, columns.DUE), workstream.planned_due + timedelta(days=7))
    assert document.undo_stack.undoText() == f"Change planned due of {workstream.key}"
    assert model.setData(model.index(0, columns.TITLE), "Issuer processor shortlist")
    assert document.undo_stack.undoText() == f"Change title of {workstream.key}"


def test_the_report_and_import_dialogs_remember_folders_in_the_windows_settings(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Any] = []
    monkeypatch.setattr(window.plan_actions, "run_dialog", opened.append)
    window.export_report()
    window.import_plan()
    assert [type(dialog).__name__ for dialog in opened] == ["ExportDialog", "ImportDialog"]
    assert all(dialog.settings is window.settings for dialog in opened)


def test_a_person_added_from_the_tables_owner_cell_joins_that_rows_team(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QStyleOptionViewItem

    workspace, document = window.workspace, window.document
    assert workspace is not None and document is not None
    table, model = workspace.table, workspace.table.model_
    row = document.plan.workstreams[model.workstream_id(3)]
    index = model.index(3, columns.OWNER)
    editor = table.itemDelegate().createEditor(table.viewport(), QStyleOptionViewItem(), index)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_args: ("Noor Haddad", True))
    editor.setCurrentIndex(editor.count() - 1)  # "Add person…"
    editor.activated.emit(editor.count() - 1)
    added = next(p for p in document.plan.people if p.name == "Noor Haddad")
    assert added.team_id == row.team_id and editor.value() == added.id


def test_changed_since_last_report_is_off_until_a_report_is_kept_then_names_it(
    window: MainWindow, tmp_path: Path, qtbot: Any
) -> None:
    from migrator.services.reporting import ExportRequest, export_report

    workspace, document = window.workspace, window.document
    assert workspace is not None and document is not None
    toggle = workspace.filter_bar.toggles["changed"]
    assert not toggle.isEnabled() and "No report is kept as of this date yet" in toggle.toolTip()
    export_report(document.service, ExportRequest(tmp_path / "week-9.xlsx", as_of=AS_OF, label="Week 9"))
    document.reload()
    assert toggle.isEnabled()
    assert toggle.toolTip() == "Edited or commented on since report #1 “Week 9”, as of 1 Mar 2027"
    document.set_as_of(AS_OF - timedelta(days=7))  # before that report: none to count from
    qtbot.waitUntil(lambda: document.analysis_is_current)
    assert not toggle.isEnabled()


def test_an_inline_edit_of_a_row_another_window_removed_is_refused_and_the_table_stays_editable(
    window: MainWindow, demo_file: Path, qtbot: Any, refusals: list[str]
) -> None:
    workspace, document = window.workspace, window.document
    assert workspace is not None and document is not None
    table, model = workspace.table, workspace.table.model_
    gone = model.workstream_id(4)
    with MigrationService.open(demo_file, today=lambda: AS_OF) as other:
        other.delete_workstream(gone)
    index = model.index(4, columns.TITLE)
    table.setCurrentIndex(index)
    table.edit(index)
    assert table.state() == QAbstractItemView.State.EditingState
    editor = next(w for w in table.viewport().findChildren(QLineEdit) if w.isVisible())
    editor.setText("Renamed")
    # What Enter does in the editor: commit, then close it.
    table.commitData(editor)
    table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
    assert refusals and "may have been removed in another window" in refusals[0]
    qtbot.waitUntil(lambda: gone not in document.plan.workstreams)
    assert table.state() != QAbstractItemView.State.EditingState
    table.setCurrentIndex(model.index(1, columns.TITLE))
    qtbot.keyClick(table, Qt.Key.Key_F2)
    assert table.state() == QAbstractItemView.State.EditingState  # F2 still edits
