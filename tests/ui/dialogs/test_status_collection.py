"""Status collection in the window: Request updates… writes the teams' workbooks; workbooks
filled in as a team lead would are dropped on the window, reviewed field by field and applied
as one undo step (Ctrl+Z takes the whole collection back, Ctrl+Shift+Z applies it again)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTreeWidgetItem

from migrator.domain.model import Status
from migrator.domain.update_form import FIRST_ROW, HEADER_ROW, UPDATES_SHEET
from migrator.services import MigrationService
from migrator.services.status_requests import RequestResult, RequestSpec, request_updates
from migrator.ui.dialogs.collect_updates_dialog import CollectUpdatesDialog
from migrator.ui.dialogs.request_updates_dialog import RequestUpdatesDialog
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.main_window import MainWindow
from migrator.ui.widgets.plan_views import PlanViews
from migrator.ui.widgets.update_review import ALREADY, COMMENT, PROBLEM, UPDATE
from migrator.ui.window_settings import WindowSettings
from tests.conftest import AS_OF

SHOTS = os.environ.get("MIGRATOR_SHOTS")  # a folder: the tests save what the user sees there


def shot(widget: Any, name: str) -> None:
    if SHOTS:
        QTest.qWait(100)  # laid out as the user sees it: layouts settle in the event loop
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


def fill(workbook: Path, answers: dict[str, dict[str, Any]]) -> None:
    """Type answers into the green columns as a team lead would (by heading, found by key), and save."""
    book = openpyxl.load_workbook(workbook)
    sheet = book[UPDATES_SHEET]
    headings = {cell.value: cell.column for cell in sheet[HEADER_ROW]}
    for row in range(FIRST_ROW, sheet.max_row + 1):
        key = sheet.cell(row, headings["Key"]).value
        for heading, value in answers.get(str(key), {}).items():
            sheet.cell(row, headings[heading]).value = value
    book.save(workbook)


def key_id(document: PlanDocument, key: str) -> int:
    return next(w.id for w in document.plan.workstreams.values() if w.key == key)


def fields(document: PlanDocument, key: str) -> tuple[Status, int, str]:
    w = document.plan.workstreams[key_id(document, key)]
    return (w.status, w.progress, w.blocker_note)


@pytest.fixture
def window(qtbot: Any, demo_file: Path, refusals: list[str]) -> Iterator[MainWindow]:
    win = MainWindow(as_of=AS_OF)
    qtbot.addWidget(win)
    assert win.open_file(demo_file)
    win.resize(1280, 860)
    win.show()
    qtbot.waitUntil(lambda: win.document is not None and win.document.analysis is not None)
    yield win
    win.close()


def sent_to_legal(window: MainWindow, folder: Path) -> RequestResult:
    """Legal & Compliance asked for its update (as the dialog does, on a service of its own)."""
    assert window.document is not None
    folder.mkdir(exist_ok=True)
    with window.document.service.open_again() as service:
        return request_updates(
            service, RequestSpec(out=folder, teams=("LEG",), as_of=AS_OF, due=date(2027, 3, 5))
        )


def drop(window: MainWindow, files: list[Path]) -> None:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path)) for path in files])
    enter = QDragEnterEvent(
        QPoint(300, 300),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)  # a drag enters the window before it drops
    assert enter.isAccepted()
    event = QDropEvent(
        QPointF(300, 300),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, event)
    assert event.isAccepted()


def while_modal(qtbot: Any, drive: Callable[[CollectUpdatesDialog], None]) -> list[bool]:
    """Drive the review dialog the drop opens (modal) once it is up; whether it was driven."""
    driven: list[bool] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, CollectUpdatesDialog):
            QTimer.singleShot(20, look)
            return
        qtbot.waitUntil(lambda: dialog.review_made is not None, timeout=20_000)
        drive(dialog)
        driven.append(True)

    QTimer.singleShot(0, look)
    return driven


def texts(item: QTreeWidgetItem) -> list[str]:
    return [item.text(column) for column in range(4)]


# ---------------------------------------------------------------- requesting


def test_the_answers_are_asked_for_a_week_on_on_a_day_the_plan_works(qtbot: Any, window: MainWindow) -> None:
    assert window.document is not None and window.document.as_of == date(2027, 3, 1)
    dialog = RequestUpdatesDialog(window.document, window, WindowSettings())
    qtbot.addWidget(dialog)
    # Mon 8 Mar 2027 is Internationaler Frauentag in the demo's calendar
    assert dialog.due.value() == date(2027, 3, 9)


def test_request_updates_writes_a_workbook_per_chosen_team_and_shows_where(
    qtbot: Any, tmp_path: Path, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.document is not None
    dialog = RequestUpdatesDialog(window.document, window, WindowSettings())
    qtbot.addWidget(dialog)
    dialog.show()
    items = {item.text().split(" (")[0]: item for item in dialog.team_items()}
    assert "Legal & Compliance (LEG) · 5 open workstreams · lead Katharina Vogel" in [
        item.text() for item in dialog.team_items()
    ]
    assert dialog.chosen_note.text() == f"{len(dialog.chosen_codes())} teams chosen."
    qtbot.mouseClick(dialog.none_button, Qt.MouseButton.LeftButton)
    assert dialog.chosen_note.text() == "Choose at least one team to ask."
    assert not dialog.write_button.isEnabled()
    for name in ("Legal & Compliance", "Finance"):  # ticked with the keyboard
        dialog.teams.setCurrentItem(items[name])
        qtbot.keyClick(dialog.teams, Qt.Key.Key_Space)
    assert sorted(dialog.chosen_codes()) == ["FIN", "LEG"]
    assert dialog.write_button.isEnabled()
    dialog.due.setFocus()
    dialog.due.selectAll()
    qtbot.keyClicks(dialog.due, "4 Mar 2027")
    qtbot.keyClick(dialog.due, Qt.Key.Key_Tab)
    dialog.message.setFocus()
    qtbot.keyClicks(dialog.message, "Pilot go/no-go on Friday.")
    folder = tmp_path / "requests"
    folder.mkdir()
    dialog.folder.setText(str(folder / "round 1"))  # made by the dialog: its parent exists
    shot(dialog, "request_dialog")

    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=20_000)

    written = sorted(path.name for path in (folder / "round 1").iterdir())
    legal = "Legal and Compliance status update 2027-03-01"
    assert written == [
        "Finance status update 2027-03-01.eml", "Finance status update 2027-03-01.xlsx",
        f"{legal}.eml", f"{legal}.xlsx",
    ]  # fmt: skip
    rows = [texts(dialog.written.topLevelItem(i)) for i in range(dialog.written.topLevelItemCount())]  # type: ignore[arg-type]
    assert [row[0] for row in rows] == ["Finance", "Legal & Compliance"]
    assert rows[1][1:4] == [
        "Katharina Vogel",
        "5",
        "Legal and Compliance status update 2027-03-01.xlsx + .eml",
    ]
    assert dialog.outcome.text().startswith(f"2 workbooks written to {folder / 'round 1'}.")
    assert dialog.open_folder_button.isVisible() and dialog.cancel_button.text() == "Close"
    shot(dialog, "request_dialog_written")
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    qtbot.mouseClick(dialog.open_folder_button, Qt.MouseButton.LeftButton)
    assert opened == [str(folder / "round 1")]

    requests = window.document.service.update_records.requests()
    assert [(r.team_code, r.due, r.message) for r in requests] == [
        ("FIN", date(2027, 3, 4), "Pilot go/no-go on Friday."),
        ("LEG", date(2027, 3, 4), "Pilot go/no-go on Friday."),
    ]
    answers = window.document.team_answers()
    assert answers is not None and {a.team_code for a in answers if a.waiting_since} == {"FIN", "LEG"}


def test_a_due_date_before_the_as_of_date_is_refused_in_place(qtbot: Any, window: MainWindow) -> None:
    assert window.document is not None
    dialog = RequestUpdatesDialog(window.document, window, WindowSettings())
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.folder.text().endswith("Status requests 2027-03-01")
    dialog.as_of.set_value(date(2027, 2, 22))
    assert dialog.folder.text().endswith("Status requests 2027-02-22")  # follows the as-of date
    dialog.due.set_value(date(2027, 2, 20))
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    assert dialog.outcome.text() == "The answers can't be due before the as-of date of the request."
    assert dialog.result_ is None and window.document.service.update_records.requests() == []


# ---------------------------------------------------------------- collecting


def test_dropped_returns_are_reviewed_applied_as_one_step_and_undone_with_ctrl_z(
    qtbot: Any, tmp_path: Path, window: MainWindow
) -> None:
    document = window.document
    assert document is not None and window.workspace is not None
    sent = sent_to_legal(window, tmp_path / "out")
    workbook = sent.sent[0].workbook
    # Meanwhile the coordinator moves LEG-8 on in the window; the team answers it differently.
    assert document.edit_workstreams({key_id(document, "LEG-8"): {"progress": 60}}, "Set progress")
    fill(
        workbook,
        {
            "LEG-6": {"New status": "Done", "Progress %": 100, "Comment for the report": "BaFin confirmed."},
            "LEG-7": {"Progress %": 70, "Blocker note": "Waiting on Marketing's final wording"},
            "LEG-8": {"Progress %": 65},
        },
    )
    stranger = tmp_path / "notes.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Key", "Progress"])  # type: ignore[union-attr]
    book.save(stranger)
    before = {key: fields(document, key) for key in ("LEG-6", "LEG-7", "LEG-8")}
    steps = document.undo_stack.count()
    seen: dict[str, Any] = {}

    def review(dialog: CollectUpdatesDialog) -> None:
        tree = dialog.tree
        seen["summary"] = dialog.summary.text()
        seen["updates"] = {tuple(texts(i)[:3]): i.checkState(0) for i in tree.items_of(UPDATE)}
        seen["conflict"] = next(
            texts(i) for i in tree.items_of(UPDATE) if i.text(0) == "Progress" and "65" in i.text(2)
        )
        seen["comment"] = [i.text(0) for i in tree.items_of(COMMENT)]
        seen["problems"] = [i.text(0) for i in tree.items_of(PROBLEM)]
        seen["groups"] = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]  # type: ignore[union-attr]
        seen["apply"] = dialog.apply_button.text()
        shot(dialog, "review_dialog")
        qtbot.mouseClick(dialog.reject_button, Qt.MouseButton.LeftButton)
        seen["after reject"] = dialog.apply_button.text()
        qtbot.mouseClick(dialog.clean_button, Qt.MouseButton.LeftButton)
        seen["after clean"] = dialog.apply_button.text()
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)

    driven = while_modal(qtbot, review)
    drop(window, [workbook, stranger])
    qtbot.waitUntil(lambda: bool(driven), timeout=30_000)
    qtbot.waitUntil(lambda: document.undo_stack.count() == steps + 1)

    checked, unchecked = Qt.CheckState.Checked, Qt.CheckState.Unchecked
    assert seen["updates"] == {
        ("Status", "In progress", "Done"): checked,
        ("Progress", "90 %", "100 %"): checked,
        ("Progress", "40 %", "70 %"): checked,
        ("Blocker note", "(empty)", '"Waiting on Marketing\'s final wording"'): checked,
        ("Progress", "60 %", "65 %"): unchecked,  # a conflict is never accepted by itself
    }
    assert seen["conflict"][3].startswith("Conflict: Test Coordinator changed it on ")
    assert "after the request went out with 55 %. Ticking it overwrites that change." in seen["conflict"][3]
    credit = "Katharina Vogel via update request of 1 Mar 2027"  # the request's as-of date
    assert seen["comment"] == [f"Comment for the report: “BaFin confirmed.” — {credit}"]
    assert any(line.startswith("⚠ notes.xlsx") for line in seen["problems"])
    assert seen["groups"][0].startswith("Legal & Compliance · 5 updates")
    assert seen["summary"].startswith("2 files from 1 team: 4 clean updates, 1 conflict")
    assert seen["summary"].endswith("\n1 file refused: each says why in red below.")
    assert (seen["apply"], seen["after reject"], seen["after clean"]) == (
        "Apply 4 updates",
        "Record the answers",
        "Apply 4 updates",
    )

    # One step, named; the plan shows the answers; the status bar says what happened.
    assert document.undo_stack.undoText() == "Apply status updates from Legal & Compliance"
    assert fields(document, "LEG-6")[:2] == (Status.DONE, 100)
    assert fields(document, "LEG-7") == (Status.IN_PROGRESS, 70, "Waiting on Marketing's final wording")
    assert fields(document, "LEG-8")[1] == 60  # the coordinator's value stays
    assert window.statusBar().currentMessage() == (
        "Applied 4 updates and 1 comment from Legal & Compliance. Edit › Undo takes them back."
    )
    history = document.workstream_history(key_id(document, "LEG-7"))
    assert history[0].actor.startswith("Katharina Vogel via update request of")
    answers = document.team_answers()
    assert answers is not None and [a.last_answered_by for a in answers] == ["Katharina Vogel"]
    window.show_view(PlanViews.DASHBOARD)
    dashboard = window.workspace.views.view(PlanViews.DASHBOARD)
    qtbot.waitUntil(lambda: bool(dashboard.answers_list.items()))
    assert dashboard.answers_list.items()[0].text(1).startswith("Legal & Compliance answered on ")
    shot(window, "window_after_apply")
    window.show_view(PlanViews.TABLE)

    # Ctrl+Z takes the whole collection back; Ctrl+Shift+Z applies it again.
    with qtbot.waitActive(window):  # the review dialog was the active window
        window.activateWindow()
    window.workspace.table.setFocus()
    assert "Ctrl+Shift+Z" in [key.toString() for key in window.redo_action.shortcuts()]
    qtbot.keyClick(window.workspace.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert {key: fields(document, key) for key in before} == before
    with MigrationService.open(document.path, read_only=True) as reader:
        assert reader.update_records.returns() == []
        assert {w.key: w.progress for w in reader.workstreams() if w.key in before} == {
            "LEG-6": 90, "LEG-7": 40, "LEG-8": 60,
        }  # fmt: skip
    answers = document.team_answers()
    assert answers is not None and answers[0].last_answered is None and answers[0].waiting_since is not None
    qtbot.keyClick(
        window.workspace.table,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert fields(document, "LEG-6")[:2] == (Status.DONE, 100)
    assert fields(document, "LEG-7")[1] == 70
    answers = document.team_answers()
    assert answers is not None and answers[0].last_answered_by == "Katharina Vogel"


def test_a_plan_moved_on_since_the_review_is_refused_in_place_and_can_be_collected_again(
    qtbot: Any, tmp_path: Path, window: MainWindow, refusals: list[str]
) -> None:
    document = window.document
    assert document is not None
    sent = sent_to_legal(window, tmp_path / "out")
    fill(sent.sent[0].workbook, {"LEG-7": {"Progress %": 70}})
    dialog = CollectUpdatesDialog(document, [sent.sent[0].workbook], window, WindowSettings())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.review_made is not None, timeout=20_000)
    steps = document.undo_stack.count()
    # Someone changes LEG-7 after the review was made.
    with document.service.open_again() as other:
        other.set_actor("Ana")
        leg7 = next(w for w in other.workstreams() if w.key == "LEG-7")
        other.update_workstreams({leg7.id: {"progress": 45}}, expected_versions={leg7.id: leg7.version})

    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.refusal.isVisible()
    said = dialog.refusal.text()
    assert "Nothing was applied" in said and "Ana" in said and said.count("Nothing was applied") == 1
    assert not dialog.apply_button.isEnabled()  # the review is out of date
    assert refusals == []  # said in the dialog, not in a message box over it
    assert document.undo_stack.count() == steps
    shot(dialog, "review_refused")
    assert dialog.again_button.isVisible()
    qtbot.mouseClick(dialog.again_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.review_made is not None, timeout=20_000)
    [update] = dialog.tree.items_of(UPDATE)
    assert texts(update)[:3] == ["Progress", "45 %", "70 %"]  # now a conflict with Ana's change
    assert update.checkState(0) is Qt.CheckState.Unchecked and "Ana" in update.text(3)
    assert not dialog.refusal.isVisible()


def test_a_file_twice_and_a_non_workbook_are_lines_in_the_review_never_a_traceback(
    qtbot: Any, tmp_path: Path, window: MainWindow
) -> None:
    document = window.document
    assert document is not None
    sent = sent_to_legal(window, tmp_path / "out")
    assert document.edit_workstreams({key_id(document, "LEG-9"): {"progress": 5}}, "Set progress")
    fill(sent.sent[0].workbook, {"LEG-7": {"Progress %": 70}, "LEG-9": {"Progress %": 5}})
    twice = tmp_path / "copy of it.xlsx"
    twice.write_bytes(sent.sent[0].workbook.read_bytes())
    text = tmp_path / "saved as csv.xlsx"
    text.write_text("Key,Progress %\nLEG-7,70\n")
    dialog = CollectUpdatesDialog(document, [sent.sent[0].workbook, twice, text], window, WindowSettings())
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.progress.isVisible() and not dialog.apply_button.isEnabled()  # read in the background
    qtbot.waitUntil(lambda: dialog.review_made is not None, timeout=20_000)
    assert not dialog.progress.isVisible()
    problems = [item.text(0) for item in dialog.tree.items_of(PROBLEM)]
    assert any("is the same file as" in line for line in problems)
    assert any(line.startswith("⚠ saved as csv.xlsx") for line in problems)
    assert dialog.apply_button.text() == "Apply 1 update"
    [already] = dialog.tree.items_of(ALREADY)  # LEG-9: the team says what the plan already holds
    assert texts(already) == ["Progress", "5 %", "5 %", "Already in the plan: nothing to apply."]
    assert already.data(0, Qt.ItemDataRole.CheckStateRole) is None  # no box: nothing to accept
    shot(dialog, "review_problems")
    [update] = dialog.tree.items_of(UPDATE)  # rejected with the keyboard
    dialog.tree.setFocus()
    dialog.tree.setCurrentItem(update)
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Space)
    assert update.checkState(0) is Qt.CheckState.Unchecked
    assert dialog.apply_button.text() == "Record the answers"


def test_the_file_menu_offers_both_and_collect_asks_for_the_files(
    qtbot: Any, tmp_path: Path, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    assert file_menu is not None
    texts_in_menu = [action.text() for action in file_menu.actions()]  # type: ignore[attr-defined]
    assert "Request &updates…" in texts_in_menu and "Co&llect updates…" in texts_in_menu
    assert window.request_updates_action.isEnabled() and window.collect_updates_action.isEnabled()
    sent = sent_to_legal(window, tmp_path / "out")
    fill(sent.sent[0].workbook, {"LEG-9": {"New status": "In progress", "Progress %": 5}})
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getOpenFileNames",
        lambda *_args: ([str(sent.sent[0].workbook)], ""),
    )
    seen: list[str] = []

    def look_and_cancel(dialog: CollectUpdatesDialog) -> None:
        seen.extend(item.text(0) for item in dialog.tree.items_of(UPDATE))
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

    driven = while_modal(qtbot, look_and_cancel)
    window.collect_updates_action.trigger()
    assert driven and seen == ["Status", "Progress"]
    assert window.document is not None and fields(window.document, "LEG-9")[:2] == (Status.NOT_STARTED, 0)


def test_a_read_only_plan_can_review_but_not_request_or_apply(
    qtbot: Any, demo_file: Path, tmp_path: Path, refusals: list[str]
) -> None:
    win = MainWindow(as_of=AS_OF)
    qtbot.addWidget(win)
    assert win.open_file(demo_file, read_only=True)
    win.show()
    assert win.document is not None and win.document.read_only
    assert not win.request_updates_action.isEnabled() and win.collect_updates_action.isEnabled()
    stranger = tmp_path / "stranger.xlsx"
    openpyxl.Workbook().save(stranger)
    dialog = CollectUpdatesDialog(win.document, [stranger], win, WindowSettings())
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.review_made is not None, timeout=20_000)
    assert not dialog.apply_button.isEnabled()
    assert "read-only" in dialog.refusal.text()
    win.close()


def test_per_owner_each_owner_of_open_work_gets_a_workbook(
    qtbot: Any, tmp_path: Path, window: MainWindow
) -> None:
    document = window.document
    assert document is not None
    dialog = RequestUpdatesDialog(document, window, WindowSettings())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.none_button, Qt.MouseButton.LeftButton)
    legal = next(item for item in dialog.team_items() if item.text().startswith("Legal & Compliance"))
    dialog.teams.setCurrentItem(legal)
    qtbot.keyClick(dialog.teams, Qt.Key.Key_Space)
    qtbot.mouseClick(dialog.per_owner, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.drafts, Qt.MouseButton.LeftButton)  # no e-mail drafts this time
    dialog.folder.setText(str(tmp_path))
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=20_000)

    open_owners = {
        w.owner_name
        for w in document.plan.workstreams.values()
        if w.team_code == "LEG" and w.status not in (Status.DONE, Status.CANCELLED)
    }
    items = [dialog.written.topLevelItem(i) for i in range(dialog.written.topLevelItemCount())]
    assert {item.text(1) for item in items if item is not None} == open_owners
    assert all(item.text(3).endswith(".xlsx") for item in items if item is not None)  # no "+ .eml"
    assert not list(tmp_path.glob("*.eml"))
    assert len(list(tmp_path.glob("*.xlsx"))) == len(open_owners)


def test_more_workbooks_dropped_on_the_review_join_it(qtbot: Any, tmp_path: Path, window: MainWindow) -> None:
    document = window.document
    assert document is not None
    folder = tmp_path / "out"
    folder.mkdir()
    with document.service.open_again() as service:
        sent = request_updates(service, RequestSpec(out=folder, teams=("LEG", "FIN"), as_of=AS_OF))
    legal, finance = sorted((s.workbook for s in sent.sent), key=lambda p: p.name, reverse=True)
    fill(legal, {"LEG-7": {"Progress %": 70}})
    fill(finance, {"FIN-3": {"Progress %": 80}})
    dialog = CollectUpdatesDialog(document, [legal], window, WindowSettings())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.review_made is not None, timeout=20_000)
    assert dialog.apply_button.text() == "Apply 1 update"
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(finance)), QUrl.fromLocalFile(str(legal))])  # legal again: once
    enter = QDragEnterEvent(
        QPoint(50, 50),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(dialog, enter)
    assert enter.isAccepted()
    event = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(dialog, event)
    qtbot.waitUntil(lambda: dialog.review_made is not None, timeout=20_000)
    assert dialog.files == [legal, finance]
    assert dialog.apply_button.text() == "Apply 2 updates"
    assert dialog.summary.text().startswith("2 files from 2 teams: 2 clean updates")


def test_another_window_hears_that_a_team_answered(
    qtbot: Any, tmp_path: Path, window: MainWindow, demo_file: Path
) -> None:
    document = window.document
    assert document is not None
    other = PlanDocument(MigrationService.open(demo_file, today=lambda: AS_OF), as_of=AS_OF)
    try:
        sent = sent_to_legal(window, tmp_path / "out")
        fill(sent.sent[0].workbook, {"LEG-7": {"Progress %": 70}})
        other.look_for_changes_elsewhere()
        answers = other.team_answers()
        assert answers is not None and answers[0].waiting_since is not None
        review = document.collect_worker()([sent.sent[0].workbook], lambda _fraction, _message: None)
        assert document.apply_collected(review, review.clean, review.comments)
        with qtbot.waitSignal(other.answers_changed):
            other.look_for_changes_elsewhere()
        answers = other.team_answers()
        assert answers is not None and answers[0].last_answered_by == "Katharina Vogel"
        assert other.plan.workstreams[key_id(other, "LEG-7")].progress == 70
    finally:
        other.close()


# ---------------------------------------------------------------- RAID items


@pytest.fixture
def raid_window(qtbot: Any, demo_file: Path, refusals: list[str]) -> Iterator[MainWindow]:
    """The demo with a risk and a decision of Legal & Compliance, open in a window."""
    with MigrationService.open(demo_file, actor="Test Coordinator") as service:
        legal = next(team.id for team in service.teams() if team.code == "LEG")
        service.raid.create("risk", "BaFin asks for a second review", team_id=legal, probability=2, impact=3)
        service.raid.create("decision", "Send the notices by post?", team_id=legal)
    win = MainWindow(as_of=AS_OF)
    qtbot.addWidget(win)
    assert win.open_file(demo_file)
    win.resize(1280, 860)
    win.show()
    qtbot.waitUntil(lambda: win.document is not None and win.document.analysis is not None)
    yield win
    win.close()


def test_the_review_shows_raid_updates_in_a_group_beside_the_workstreams_and_applies_them_as_one_step(
    qtbot: Any, tmp_path: Path, raid_window: MainWindow
) -> None:
    window = raid_window
    document = window.document
    assert document is not None and window.workspace is not None
    workbook = sent_to_legal(window, tmp_path / "out").sent[0].workbook
    fill(workbook, {"LEG-6": {"Progress %": 95}})
    book = openpyxl.load_workbook(workbook)
    sheet = book["RAID items"]
    headings = {cell.value: cell.column for cell in sheet[HEADER_ROW]}
    rows = {sheet.cell(row, 1).value: row for row in range(FIRST_ROW, sheet.max_row + 1)}
    sheet.cell(rows["R-1"], headings["Probability (1-5)"]).value = 4
    sheet.cell(rows["R-1"], headings["Comment"]).value = "A second review is likely"
    sheet.cell(rows["D-1"], headings["New status"]).value = "Decided"
    book.save(workbook)
    steps = document.undo_stack.count()
    seen: dict[str, Any] = {}

    def review(dialog: CollectUpdatesDialog) -> None:
        tree = dialog.tree
        legal = tree.topLevelItem(0)
        assert legal is not None
        seen["children"] = [legal.child(i).text(0) for i in range(legal.childCount())]  # type: ignore[union-attr]
        seen["updates"] = {tuple(texts(i)[:3]): i.checkState(0) for i in tree.items_of(UPDATE)}
        seen["raid rows"] = [item.text(0) for item in _children_of(legal, "RAID items") if item.childCount()]
        seen["comment"] = [i.text(0) for i in tree.items_of(COMMENT)]
        seen["summary"] = dialog.summary.text()
        seen["apply"] = dialog.apply_button.text()
        shot(dialog, "review_dialog_raid")
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)

    driven = while_modal(qtbot, review)
    drop(window, [workbook])
    qtbot.waitUntil(lambda: bool(driven), timeout=30_000)
    qtbot.waitUntil(lambda: document.undo_stack.count() == steps + 1)

    checked = Qt.CheckState.Checked
    assert seen["updates"] == {
        ("Progress", "90 %", "95 %"): checked,
        ("Probability", "2 of 5", "4 of 5"): checked,
        ("Status", "Open", "Decided"): checked,
    }
    # The workstreams first, then a group of the RAID items the file answers for.
    assert seen["children"][-1] == f"RAID items · {workbook.name}"
    assert seen["children"][-2].startswith("LEG-6")
    assert seen["raid rows"] == [
        "R-1 (Risk)  BaFin asks for a second review",
        "D-1 (Decision)  Send the notices by post?",
    ]
    credit = "Katharina Vogel via update request of 1 Mar 2027"
    assert seen["comment"] == [f"Comment: “A second review is likely” — {credit}"]
    assert seen["summary"].startswith("1 file from 1 team: 3 clean updates, 0 conflicts")
    assert seen["apply"] == "Apply 3 updates"
    assert window.statusBar().currentMessage() == (
        "Applied 3 updates and 1 comment from Legal & Compliance. Edit › Undo takes them back."
    )
    with MigrationService.open(document.path, read_only=True) as reader:
        risk, decision = reader.raid.item_by_key("R-1"), reader.raid.item_by_key("D-1")
        assert (risk.probability, decision.status.value) == (4, "decided")
    # The window's own log follows: the RAID view and the health reasons it gives.
    assert document.plan.raid[risk.id].probability == 4
    assert document.plan.raid[decision.id].status.value == "decided"

    with qtbot.waitActive(window):  # the review dialog was the active window
        window.activateWindow()
    window.workspace.table.setFocus()
    qtbot.keyClick(window.workspace.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with MigrationService.open(document.path, read_only=True) as reader:
        risk, decision = reader.raid.item_by_key("R-1"), reader.raid.item_by_key("D-1")
        assert (risk.probability, decision.status.value, decision.decided_on) == (2, "open", None)
        assert reader.workstream_by_key("LEG-6").progress == 90
    assert document.plan.raid[risk.id].probability == 2
    assert document.plan.raid[decision.id].status.value == "open"


def _children_of(parent: QTreeWidgetItem, prefix: str) -> list[QTreeWidgetItem]:
    """The children of ``parent``'s child whose text starts with ``prefix``."""
    for index in range(parent.childCount()):
        child = parent.child(index)
        if child is not None and child.text(0).startswith(prefix):
            return [child.child(i) for i in range(child.childCount()) if child.child(i) is not None]  # type: ignore[misc]
    return []
