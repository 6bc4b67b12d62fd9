"""File › Import plan…: the preview of a plan file (how it is read, the coordinator's choices, what
it would change), each choice reading it again, and Import as one step that Undo takes back."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFileDialog, QMessageBox

from migrator.analysis import HealthLevel
from migrator.services.reporting import ExportRequest, export_report
from migrator.ui.dialogs.import_dialog import REMEMBERED, ImportDialog
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.palette import HEALTH_COLOUR

# MS Project 2010+ "Save As XML": two summary tasks over four tasks, resources in groups, and a
# lag of two elapsed days (two of seven calendar days are not working: about one working day).
CARDS_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Project xmlns="http://schemas.microsoft.com/project">
 <SaveVersion>14</SaveVersion><Name>cards.xml</Name><Title>Cards migration</Title>
 <ScheduleFromStart>1</ScheduleFromStart><StartDate>2027-03-01T08:00:00</StartDate>
 <FinishDate>2027-04-30T17:00:00</FinishDate><CalendarUID>1</CalendarUID>
 <MinutesPerDay>480</MinutesPerDay><MinutesPerWeek>2400</MinutesPerWeek><DaysPerMonth>20</DaysPerMonth>
 <Calendars><Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar><WeekDays>
  <WeekDay><DayType>1</DayType><DayWorking>0</DayWorking></WeekDay>
  <WeekDay><DayType>2</DayType><DayWorking>1</DayWorking></WeekDay>
  <WeekDay><DayType>3</DayType><DayWorking>1</DayWorking></WeekDay>
  <WeekDay><DayType>4</DayType><DayWorking>1</DayWorking></WeekDay>
  <WeekDay><DayType>5</DayType><DayWorking>1</DayWorking></WeekDay>
  <WeekDay><DayType>6</DayType><DayWorking>1</DayWorking></WeekDay>
  <WeekDay><DayType>7</DayType><DayWorking>0</DayWorking></WeekDay>
 </WeekDays></Calendar></Calendars>
 <Tasks>
  <Task><UID>0</UID><ID>0</ID><Name>Cards migration</Name><OutlineNumber>0</OutlineNumber>
   <OutlineLevel>0</OutlineLevel><Summary>1</Summary></Task>
  <Task><UID>1</UID><ID>1</ID><Name>Card Ops</Name><OutlineNumber>1</OutlineNumber>
   <OutlineLevel>1</OutlineLevel><Summary>1</Summary></Task>
  <Task><UID>2</UID><ID>2</ID><Name>Freeze card changes</Name><OutlineNumber>1.1</OutlineNumber>
   <OutlineLevel>2</OutlineLevel><Summary>0</Summary><Start>2027-03-01T08:00:00</Start>
   <Finish>2027-03-12T17:00:00</Finish><Duration>PT80H0M0S</Duration><PercentComplete>0</PercentComplete></Task>
  <Task><UID>3</UID><ID>3</ID><Name>Move card ledger</Name><OutlineNumber>1.2</OutlineNumber>
   <OutlineLevel>2</OutlineLevel><Summary>0</Summary><Start>2027-03-15T08:00:00</Start>
   <Finish>2027-03-26T17:00:00</Finish><Duration>PT80H0M0S</Duration><PercentComplete>0</PercentComplete>
   <PredecessorLink><PredecessorUID>2</PredecessorUID><Type>1</Type><LinkLag>0</LinkLag>
    <LagFormat>7</LagFormat></PredecessorLink></Task>
  <Task><UID>4</UID><ID>4</ID><Name>Payments</Name><OutlineNumber>2</OutlineNumber>
   <OutlineLevel>1</OutlineLevel><Summary>1</Summary></Task>
  <Task><UID>5</UID><ID>5</ID><Name>Switch payment routing</Name><OutlineNumber>2.1</OutlineNumber>
   <OutlineLevel>2</OutlineLevel><Summary>0</Summary><Start>2027-03-30T08:00:00</Start>
   <Finish>2027-04-23T17:00:00</Finish><Duration>PT144H0M0S</Duration><PercentComplete>0</PercentComplete>
   <PredecessorLink><PredecessorUID>3</PredecessorUID><Type>1</Type><LinkLag>28800</LinkLag>
    <LagFormat>8</LagFormat></PredecessorLink></Task>
  <Task><UID>6</UID><ID>6</ID><Name>Cards live</Name><OutlineNumber>2.2</OutlineNumber>
   <OutlineLevel>2</OutlineLevel><Summary>0</Summary><Start>2027-04-30T17:00:00</Start>
   <Finish>2027-04-30T17:00:00</Finish><Duration>PT0H0M0S</Duration><Milestone>1</Milestone>
   <PredecessorLink><PredecessorUID>5</PredecessorUID><Type>1</Type><LinkLag>0</LinkLag>
    <LagFormat>7</LagFormat></PredecessorLink></Task>
 </Tasks>
 <Resources>
  <Resource><UID>1</UID><ID>1</ID><Name>Ana Ruiz</Name><Type>1</Type>
   <EmailAddress>ana.ruiz@example.com</EmailAddress><Group>Cards Platform</Group></Resource>
  <Resource><UID>2</UID><ID>2</ID><Name>Ben Okafor</Name><Type>1</Type>
   <Group>Payments Engineering</Group></Resource>
 </Resources>
 <Assignments>
  <Assignment><UID>1</UID><TaskUID>2</TaskUID><ResourceUID>1</ResourceUID><Units>1</Units></Assignment>
  <Assignment><UID>2</UID><TaskUID>3</TaskUID><ResourceUID>1</ResourceUID><Units>1</Units></Assignment>
  <Assignment><UID>3</UID><TaskUID>5</TaskUID><ResourceUID>2</ResourceUID><Units>1</Units></Assignment>
  <Assignment><UID>4</UID><TaskUID>6</TaskUID><ResourceUID>2</ResourceUID><Units>1</Units></Assignment>
 </Assignments>
</Project>
"""
# A Jira export from a site whose date format is dd/MM/yyyy: no day above 12, so no date says
# which order they are written in.
JIRA_CSV = (
    "Summary,Issue key,Issue id,Issue Type,Status,Assignee,Component/s,Custom field (Start date),Due Date,"
    "Outward issue link (Blocks)\n"
    "Freeze payment schema,PAY-2,10002,Story,To Do,Ann Lee,Payments,04/01/2027,08/01/2027,PAY-3\n"
    "Migrate payment ledger,PAY-3,10003,Story,To Do,Bob Stone,Payments,11/01/2027,05/02/2027,\n"
    "Card vendor contract,CARD-7,10107,Task,To Do,Dieter Kühn,Cards,04/01/2027,12/02/2027,\n"
)
# Our own columns, but the team in a column no alias names.
SQUAD_CSV = (
    "Key,Title,Squad,Start,Due\n"
    "BNK-90,Reissue letters drafted,Letters,2027-03-02,2027-03-19\n"
    "BNK-91,Reissue letters printed,Print room,2027-03-22,2027-04-02\n"
)
GOOD_PLAN = (
    "Key,Title,Team,Start,Due,Predecessors\n"
    "BNK-90,Reissue letters drafted,BNK,2027-03-02,2027-03-19,\n"
    "BNK-91,Reissue letters printed,BNK,2027-03-22,2027-04-02,BNK-90\n"
)
BAD_DATE_PLAN = (
    "Key,Title,Team,Start,Due\n"
    "BNK-90,Reissue letters drafted,BNK,2027-03-02,2027-03-19\n"
    "BNK-91,Reissue letters printed,BNK,2027-03-22,31/13/2027\n"
)


def plan_file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def open_dialog(qtbot: Any, document: PlanDocument) -> ImportDialog:
    dialog = ImportDialog(document)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def choose(qtbot: Any, monkeypatch: pytest.MonkeyPatch, dialog: ImportDialog, path: Path) -> None:
    """Browse… to ``path``: the dialog previews it at once (in the background)."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args, **_kw: (str(path), ""))
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    read(qtbot, dialog)


def read(qtbot: Any, dialog: ImportDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.working())


def pick(qtbot: Any, dialog: ImportDialog, combo: QComboBox, text: str) -> None:
    """Choose ``text`` in ``combo`` as a coordinator does; the file is read again."""
    index = combo.findText(text)
    assert index >= 0, f"{text!r} is not offered: {[combo.itemText(i) for i in range(combo.count())]}"
    combo.setCurrentIndex(index)
    read(qtbot, dialog)


def offered(combo: QComboBox) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def lists(dialog: ImportDialog) -> dict[str, list[str]]:
    """The preview's lists by heading, without the counts: {"Teams to create": ["Card Ops", …]}."""
    return dialog.changes.sections() if dialog.changes.isVisibleTo(dialog) else {}


def problems(dialog: ImportDialog) -> list[list[str]]:
    """The problems shown in place: row, column, problem."""
    table = dialog.problems
    if not table.isVisibleTo(dialog):
        return []
    return [[table.item(row, column).text() for column in range(3)] for row in range(table.rowCount())]


def mapping(dialog: ImportDialog) -> dict[str, str]:
    """Each column of the file → what it is read as, as the mapping table shows it."""
    rows: dict[str, str] = {}
    for row in range(dialog.mapping.rowCount()):
        widget = dialog.mapping.cellWidget(row, 1)
        item = dialog.mapping.item(row, 1)
        read_as = widget.currentText() if isinstance(widget, QComboBox) else item.text()
        rows[dialog.mapping.item(row, 0).text()] = read_as
    return rows


def combo_of(dialog: ImportDialog, column: str) -> QComboBox:
    for row in range(dialog.mapping.rowCount()):
        if dialog.mapping.item(row, 0).text() == column:
            widget = dialog.mapping.cellWidget(row, 1)
            assert isinstance(widget, QComboBox)
            return widget
    raise AssertionError(f"no column {column}")


def keys(document: PlanDocument) -> set[str]:
    return {w.key for w in document.plan.workstreams.values()}


def team_names(document: PlanDocument) -> set[str]:
    return {t.name for t in document.service.teams()}


def workstream(document: PlanDocument, title: str) -> Any:
    return next(w for w in document.service.workstreams() if w.title == title)


def no_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes that would stop a test: every refusal is said in the dialog instead."""
    shown: list[str] = []
    for kind in ("critical", "warning", "information"):
        monkeypatch.setattr(QMessageBox, kind, lambda _parent, _title, text, *_rest: shown.append(text))
    return shown


CARD_OPS_TASKS = [
    "CO-1 Freeze card changes", "CO-2 Move card ledger", "PAY-1 Switch payment routing", "PAY-2 Cards live",
]  # fmt: skip
SUMMARIES_AS_TEAMS = [
    "UID 1 'Card Ops' (summary task: made team Card Ops)",
    "UID 4 'Payments' (summary task: made team Payments)",
]
CARDS_NOTICES = [
    "UID 0 'Cards migration' is the project summary task: it is not imported",
    "the link UID 3 'Move card ledger' → UID 5 'Switch payment routing': its lag is approximated "
    "(a lag of 2 elapsed days taken as 1 working day).",
]


# ---------------------------------------------------------------- MS Project XML


def test_an_ms_project_file_is_previewed_as_it_is_read(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, document: PlanDocument
) -> None:
    dialog = open_dialog(qtbot, document)
    before = keys(document)
    choose(qtbot, monkeypatch, dialog, plan_file(tmp_path, "cards.xml", CARDS_XML))

    assert dialog.format_label.text() == "MS Project XML (saved by Project 2010 or later)"
    assert offered(dialog.team_from) == ["Summary tasks", "Resource Group", "None (Unassigned)"]
    assert dialog.team_from.currentText() == "Summary tasks"
    assert not dialog.form.isRowVisible(dialog.order_row)  # every date in the file is ISO
    assert not dialog.form.isRowVisible(dialog.sheet)  # an XML file has no sheets
    assert not dialog.remembered_label.isVisibleTo(dialog)
    shown = mapping(dialog)
    assert shown["Name"] == "Title"
    assert shown["Finish"] == "Due"
    assert shown["PredecessorLink"] == "Depends on"
    assert shown["Assignment (resource)"] == "Owner"
    assert shown["Resource Group"] == "(not read)"
    assert dialog.mapping.cellWidget(0, 1) is None  # an XML file's elements are read as its tool means them
    assert lists(dialog) == {
        "Teams to create": ["Card Ops", "Payments"],
        "People to create": ["Ana Ruiz", "Ben Okafor"],
        "Workstreams to create": CARD_OPS_TASKS,
        "Dependencies to add": ["CO-1 → CO-2 FS", "CO-2 → PAY-1 FS+1", "PAY-1 → PAY-2 FS"],
        "Skipped": SUMMARIES_AS_TEAMS,
        "Notices": CARDS_NOTICES,
    }
    assert problems(dialog) == []
    assert dialog.message.text() == "Importing would make these changes, as one step you can undo:"
    assert dialog.import_button.isEnabled()
    assert keys(document) == before  # the preview changed nothing
    assert document.undo_stack.count() == 0


def test_team_from_changes_the_teams_the_import_would_create(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, document: PlanDocument
) -> None:
    dialog = open_dialog(qtbot, document)
    choose(qtbot, monkeypatch, dialog, plan_file(tmp_path, "cards.xml", CARDS_XML))

    pick(qtbot, dialog, dialog.team_from, "Resource Group")
    shown = lists(dialog)
    assert shown["Teams to create"] == ["Cards Platform", "Payments Engineering"]
    assert shown["Workstreams to create"] == [
        "CP-1 Freeze card changes", "CP-2 Move card ledger", "PE-1 Switch payment routing", "PE-2 Cards live",
    ]  # fmt: skip
    assert shown["Skipped"] == [
        "UID 1 'Card Ops' (summary task: its tasks are imported)",
        "UID 4 'Payments' (summary task: its tasks are imported)",
    ]
    assert mapping(dialog)["Resource Group"] == "Team"

    pick(qtbot, dialog, dialog.team_from, "None (Unassigned)")
    assert lists(dialog)["Teams to create"] == ["Unassigned"]
    assert lists(dialog)["Workstreams to create"] == [
        "UNA-1 Freeze card changes", "UNA-2 Move card ledger",
        "UNA-3 Switch payment routing", "UNA-4 Cards live",
    ]  # fmt: skip

    pick(qtbot, dialog, dialog.team_from, "Summary tasks")
    assert lists(dialog)["Teams to create"] == ["Card Ops", "Payments"]


def test_import_is_one_step_that_undo_takes_back_and_redo_makes_again(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, document: PlanDocument
) -> None:
    dialog = open_dialog(qtbot, document)
    before, teams_before = keys(document), team_names(document)
    choose(qtbot, monkeypatch, dialog, plan_file(tmp_path, "cards.xml", CARDS_XML))
    pick(qtbot, dialog, dialog.team_from, "Resource Group")

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == ImportDialog.DialogCode.Accepted
    imported = {"CP-1", "CP-2", "PE-1", "PE-2"}
    assert keys(document) == before | imported
    assert team_names(document) == teams_before | {"Cards Platform", "Payments Engineering"}
    switch = workstream(document, "Switch payment routing")
    assert (switch.team_name, switch.owner_name, switch.source_ref) == (
        "Payments Engineering",
        "Ben Okafor",
        "UID 5",
    )
    assert (switch.planned_start, switch.planned_due) == (date(2027, 3, 30), date(2027, 4, 23))
    assert workstream(document, "Cards live").is_milestone
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == "Import cards.xml"

    document.undo_stack.undo()
    assert keys(document) == before
    assert {w.key for w in document.service.workstreams()} == before
    assert team_names(document) == teams_before
    document.undo_stack.redo()
    assert keys(document) == before | imported
    assert team_names(document) == teams_before | {"Cards Platform", "Payments Engineering"}


def test_the_choices_of_the_last_import_are_chosen_for_the_next_file_of_its_kind(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, document: PlanDocument
) -> None:
    first = open_dialog(qtbot, document)
    choose(qtbot, monkeypatch, first, plan_file(tmp_path, "cards.xml", CARDS_XML))
    pick(qtbot, first, first.team_from, "Resource Group")
    qtbot.mouseClick(first.import_button, Qt.MouseButton.LeftButton)
    assert first.result() == ImportDialog.DialogCode.Accepted

    # A week later, a newer export of the same plan: one task renamed.
    newer = CARDS_XML.replace("<Name>Move card ledger</Name>", "<Name>Move the card ledger</Name>")
    again = open_dialog(qtbot, document)
    choose(qtbot, monkeypatch, again, plan_file(tmp_path, "cards-week-2.xml", newer))
    assert again.team_from.currentText() == "Resource Group"
    assert again.remembered_label.isVisibleTo(again)
    assert again.remembered_label.text() == REMEMBERED
    assert mapping(again)["Resource Group"] == "Team"
    assert lists(again)["Workstreams to update"] == ["CP-2 Move the card ledger"]  # its new title
    assert "Teams to create" not in lists(again)

    pick(qtbot, again, again.team_from, "Summary tasks")  # chosen now: no longer the remembered choice
    assert not again.remembered_label.isVisibleTo(again)
    assert lists(again)["Teams to create"] == ["Card Ops", "Payments"]


def test_a_remembered_grouping_the_file_lacks_is_a_problem_another_choice_puts_right(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, document: PlanDocument
) -> None:
    first = open_dialog(qtbot, document)
    choose(qtbot, monkeypatch, first, plan_file(tmp_path, "cards.xml", CARDS_XML))
    pick(qtbot, first, first.team_from, "Resource Group")
    qtbot.mouseClick(first.import_button, Qt.MouseButton.LeftButton)

    # The same kind of file, saved without its resources: no resource group to name teams by.
    start, end = CARDS_XML.index(" <Resources>"), CARDS_XML.index("</Project>")
    bare = plan_file(tmp_path, "cards-no-resources.xml", CARDS_XML[:start] + CARDS_XML[end:])
    again = open_dialog(qtbot, document)
    choose(qtbot, monkeypatch, again, bare)
    assert offered(again.team_from) == ["Summary tasks", "None (Unassigned)", "Resource Group"]
    assert again.team_from.currentText() == "Resource Group"
    [(row, column, problem)] = problems(again)
    assert (row, column) == ("", "")
    assert problem.startswith('"Resource Group" cannot name the teams of this plan: choose one of')
    assert not again.import_button.isEnabled()

    pick(qtbot, again, again.team_from, "Summary tasks")
    assert problems(again) == []
    assert offered(again.team_from) == ["Summary tasks", "None (Unassigned)"]
    assert lists(again)["Teams to create"] == ["Card Ops", "Payments"]
    assert again.import_button.isEnabled()


# ---------------------------------------------------------------- Jira and CSV tables


def test_a_jira_file_whose_dates_read_either_way_asks_for_the_day_month_order(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, document: PlanDocument
) -> None:
    dialog = open_dialog(qtbot, document)
    choose(qtbot, monkeypatch, dialog, plan_file(tmp_path, "payments.csv", JIRA_CSV))

    assert dialog.format_label.text() == "Jira export"
    assert dialog.form.isRowVisible(dialog.order_row)
    assert dialog.date_order.currentText() == "Choose…"
    asked = (
        "can be read day/month or month/day, and no date in the file shows which: choose the order "
        "(--date-order dmy or mdy, or Day/month order in the preview)."
    )
    assert problems(dialog) == [
        ["", "Custom field (Start date)", f'dates such as "04/01/2027" {asked}'],
        ["", "Due Date", f'dates such as "08/01/2027" {asked}'],
    ]
    assert dialog.message.text() == (
        "The plan has 2 problems; importing it would change nothing. "
        "Choose the day/month order above, or correct the file and preview it again."
    )
    assert HEALTH_COLOUR[HealthLevel.RED] in dialog.problems.styleSheet()
    assert mapping(dialog)["Custom field (Start date)"] == "Start"  # how it is read stays shown
    assert not dialog.import_button.isEnabled()

    pick(qtbot, dialog, dialog.date_order, "Day first: 04/01/2027 is 4 January")
    assert problems(dialog) == []
    assert lists(dialog)["Teams to create"] == ["Payments", "Cards"]
    assert lists(dialog)["Dependencies to add"] == ["PAY-1 → PAY-2 FS"]
    assert dialog.date_order.currentText() == "Day first: 04/01/2027 is 4 January"
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    ledger = workstream(document, "Migrate payment ledger")
    assert (ledger.planned_start, ledger.planned_due) == (date(2027, 1, 11), date(2027, 2, 5))
    assert (ledger.team_name, ledger.source_ref) == ("Payments", "PAY-3")


def test_a_column_read_as_another_field_reads_the_file_again(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, document: PlanDocument
) -> None:
    dialog = open_dialog(qtbot, document)
    choose(qtbot, monkeypatch, dialog, plan_file(tmp_path, "letters.csv", SQUAD_CSV))
    assert dialog.format_label.text() == "Migrator plan"
    assert not dialog.form.isRowVisible(dialog.team_row)  # our own columns: a column names the team
    assert mapping(dialog) == {
        "Key": "Key", "Title": "Title", "Squad": "(not read)", "Start": "Start", "Due": "Due",
    }  # fmt: skip
    assert lists(dialog)["Teams to create"] == ["Unassigned"]

    pick(qtbot, dialog, combo_of(dialog, "Squad"), "Team")
    assert mapping(dialog)["Squad"] == "Team"
    assert lists(dialog)["Teams to create"] == ["Letters", "Print room"]

    pick(qtbot, dialog, combo_of(dialog, "Due"), "(not read)")
    assert mapping(dialog)["Due"] == "(not read)"  # not guessed again from its header
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    printed = workstream(document, "Reissue letters printed")
    assert (printed.key, printed.team_name, printed.planned_due) == ("BNK-91", "Print room", None)


# ---------------------------------------------------------------- our own columns, refusals


def test_a_plan_of_our_own_columns_is_previewed_applied_and_undone(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, document: PlanDocument
) -> None:
    dialog = open_dialog(qtbot, document)
    assert not dialog.import_button.isEnabled()
    before = keys(document)

    choose(qtbot, monkeypatch, dialog, plan_file(tmp_path, "letters.csv", GOOD_PLAN))
    assert lists(dialog)["Workstreams to create"] == [
        "BNK-90 Reissue letters drafted", "BNK-91 Reissue letters printed",
    ]  # fmt: skip
    assert lists(dialog)["Dependencies to add"] == ["BNK-90 → BNK-91 FS"]
    assert not dialog.form.isRowVisible(dialog.sheet)  # a CSV file has no sheets
    assert keys(document) == before
    assert dialog.import_button.isEnabled()

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == ImportDialog.DialogCode.Accepted
    assert keys(document) == before | {"BNK-90", "BNK-91"}
    document.undo_stack.undo()
    assert keys(document) == before
    assert {w.key for w in document.service.workstreams()} == before
    document.undo_stack.redo()
    assert keys(document) == before | {"BNK-90", "BNK-91"}


def test_enter_previews_but_never_imports(qtbot: Any, tmp_path: Path, document: PlanDocument) -> None:
    plan = plan_file(tmp_path, "letters.csv", GOOD_PLAN)
    dialog = open_dialog(qtbot, document)
    before = keys(document)
    qtbot.keyClicks(dialog.path, str(plan))
    assert "Press Preview" in dialog.message.text()
    qtbot.keyClick(dialog.path, Qt.Key.Key_Return)
    read(qtbot, dialog)
    assert lists(dialog)["Workstreams to create"] == [
        "BNK-90 Reissue letters drafted", "BNK-91 Reissue letters printed",
    ]  # fmt: skip
    qtbot.keyClick(dialog.path, Qt.Key.Key_Return)
    read(qtbot, dialog)
    assert dialog.isVisible() and keys(document) == before
    assert document.undo_stack.count() == 0


def test_a_bad_date_is_listed_in_place_by_row_and_column(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, document: PlanDocument
) -> None:
    dialog = open_dialog(qtbot, document)
    choose(qtbot, monkeypatch, dialog, plan_file(tmp_path, "letters.csv", BAD_DATE_PLAN))
    shown = problems(dialog)
    assert len(shown) == 1 and shown[0][:2] == ["3", "Due"]
    assert "31/13/2027" in shown[0][2]
    assert dialog.message.text().startswith("The plan has 1 problem; importing it would change nothing.")
    assert mapping(dialog)["Due"] == "Due"
    assert not dialog.import_button.isEnabled()


def test_an_ms_project_binary_file_is_refused_in_place(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, document: PlanDocument
) -> None:
    boxes = no_boxes(monkeypatch)
    mpp = tmp_path / "cards.mpp"
    mpp.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    dialog = open_dialog(qtbot, document)
    choose(qtbot, monkeypatch, dialog, mpp)
    assert dialog.message.text().startswith("cards.mpp is an MS Project file in its own binary format")
    assert "save it as XML from MS Project (File → Save As → XML) or ProjectLibre" in dialog.message.text()
    assert HEALTH_COLOUR[HealthLevel.RED] in dialog.message.styleSheet()
    assert dialog.mapping.rowCount() == 0 and dialog.format_label.text() == ""
    assert lists(dialog) == {} and problems(dialog) == []
    assert not dialog.import_button.isEnabled()
    assert boxes == []


def test_an_unreadable_file_says_why(qtbot: Any, tmp_path: Path, document: PlanDocument) -> None:
    dialog = open_dialog(qtbot, document)
    dialog.path.setText(str(tmp_path / "plan.pdf"))
    dialog.preview_button.click()
    read(qtbot, dialog)
    assert "no plan file" in dialog.message.text()
    assert not dialog.form.isRowVisible(dialog.format_label)  # nothing was read
    assert problems(dialog) == []
    assert not dialog.import_button.isEnabled()


def test_a_status_report_is_refused_in_place(qtbot: Any, tmp_path: Path, document: PlanDocument) -> None:
    report = export_report(
        document.service, ExportRequest(tmp_path / "report.xlsx", keep_snapshot=False)
    ).path
    dialog = open_dialog(qtbot, document)
    before = keys(document)
    dialog.path.setText(str(report))
    dialog.sheet.setText("Workstreams")
    dialog.preview_button.click()
    read(qtbot, dialog)
    assert dialog.message.text().startswith(
        "report.xlsx is a Migrator status report, not a plan: importing it would turn its banner rows "
        "into workstreams. To bring status back from teams, send them update requests"
    )
    assert "File → Request updates…" in dialog.message.text()
    assert problems(dialog) == []
    assert not dialog.import_button.isEnabled()
    assert keys(document) == before
    assert document.undo_stack.count() == 0


def test_the_dialog_stays_open_while_the_file_is_read(
    qtbot: Any, tmp_path: Path, document: PlanDocument
) -> None:
    dialog = open_dialog(qtbot, document)
    dialog.path.setText(str(plan_file(tmp_path, "cards.xml", CARDS_XML)))
    dialog.preview_button.click()
    assert dialog.working()
    assert not dialog.team_from.isEnabled() and not dialog.import_button.isEnabled()
    assert dialog.busy.isVisibleTo(dialog) and dialog.message.text() == "Reading cards.xml…"
    dialog.reject()  # Esc or Cancel: its outcome always has a dialog to land in
    assert dialog.isVisible()
    read(qtbot, dialog)
    assert not dialog.busy.isVisibleTo(dialog)
    assert lists(dialog)["Teams to create"] == ["Card Ops", "Payments"]
    dialog.reject()
    assert not dialog.isVisible()


def test_at_1280_by_800_nothing_is_cut_off(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, document: PlanDocument
) -> None:
    dialog = open_dialog(qtbot, document)
    dialog.resize(1280, 800)
    choose(qtbot, monkeypatch, dialog, plan_file(tmp_path, "payments.csv", JIRA_CSV))
    pick(qtbot, dialog, dialog.date_order, "Day first: 04/01/2027 is 4 January")
    for row in range(dialog.mapping.rowCount()):  # each column's choice shows whole
        combo = combo_of(dialog, dialog.mapping.item(row, 0).text())
        assert combo.width() >= combo.sizeHint().width(), combo.currentText()
    for combo in (dialog.team_from, dialog.date_order):
        assert combo.width() >= combo.sizeHint().width(), combo.currentText()

    choose(qtbot, monkeypatch, dialog, plan_file(tmp_path, "cards.xml", CARDS_XML))
    notices = next(
        dialog.changes.topLevelItem(i)
        for i in range(dialog.changes.topLevelItemCount())
        if dialog.changes.topLevelItem(i).text(0) == "Notices (2)"
    )
    approximated = dialog.changes.visualItemRect(notices.child(1))
    assert notices.child(1).text(0) == CARDS_NOTICES[1]
    # Wider than the list at this size: it wraps onto a second line rather than losing its end.
    assert approximated.height() >= 2 * dialog.changes.fontMetrics().height()
    assert approximated.right() <= dialog.changes.viewport().width()


def test_the_file_dialog_offers_every_kind_of_plan(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, document: PlanDocument
) -> None:
    asked: list[str] = []

    def cancelled(_parent: object, _title: str, _folder: str, kinds: str) -> tuple[str, str]:
        asked.append(kinds)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", cancelled)
    dialog = open_dialog(qtbot, document)
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    assert asked[0].split(";;") == [
        "Plans (*.csv *.xlsx *.xml *.gan)",
        "MS Project XML (*.xml)",
        "GanttProject (*.gan)",
        "CSV: Migrator, MS Project, Jira, Smartsheet (*.csv)",
        "Excel workbook (*.xlsx)",
        "Every file (*)",
    ]
    assert dialog.message.text() == "Choose a plan file to see what importing it would change."
