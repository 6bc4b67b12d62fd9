"""Status collection of RAID items through real files: each team's update workbook lists the open
RAID items it owns on a sheet of their own; filled in as a team lead would, they are collected,
compared three ways, applied with the workstreams as one change credited to who answered, undone
and redone; bad cells are lines naming the sheet, row and column."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from migrator.domain.errors import ConcurrentEditError
from migrator.domain.model import Status
from migrator.domain.raid import RaidStatus, RaidType
from migrator.domain.update_form import (
    FIRST_ROW,
    HEADER_ROW,
    HIDDEN_SHEET,
    PROPERTY_FORMAT,
    RAID_HEADINGS,
    RAID_SHEET,
)
from migrator.domain.updates import RaidSentRow, Review, Verdict
from migrator.importing.update_returns import read_update_workbook
from migrator.services import MigrationService
from migrator.services.status_collection import apply_updates, collect_updates, redo_applied, undo_applied
from migrator.services.status_requests import RequestSpec, request_updates
from tests.conftest import Coordinators
from tests.support.team_lead import fill_in, keys_in

AS_OF = date(2027, 3, 1)
LEG_FILE = "Legal and Compliance status update 2027-03-01.xlsx"
FIN_FILE = "Finance status update 2027-03-01.xlsx"


def _plan(service: MigrationService) -> dict[str, int]:
    """Legal & Compliance (lead Lena Ortiz, member Ana Ruiz) with one open workstream, a risk and
    an issue of the team, a decision Ana owns (no team given) and a closed assumption; Finance
    with one workstream and no RAID item."""
    lena = service.create_person("Lena Ortiz", "lena@example.com")
    legal = service.create_team("Legal & Compliance", "LEG", lead_id=lena)
    ana = service.create_person("Ana Ruiz", "ana@example.com", team_id=legal)
    finance = service.create_team("Finance", "FIN")
    ids = {
        "LEG-1": service.create_workstream("Card terms", legal, planned_due=date(2027, 3, 31), progress=20),
        "FIN-1": service.create_workstream("GL mapping", finance, planned_due=date(2027, 4, 1), progress=50),
    }
    raid = service.raid
    ids["R-1"] = raid.create(
        RaidType.RISK, "Regulator delays approval", team_id=legal, probability=3, impact=4,
        actions="Weekly call with the regulator",
    )  # fmt: skip
    ids["I-1"] = raid.create(RaidType.ISSUE, "Terms template missing", team_id=legal)
    ids["D-1"] = raid.create(
        RaidType.DECISION, "Migrate business customers first?", owner_id=ana, needed_by=date(2027, 3, 12)
    )
    ids["A-1"] = raid.create(RaidType.ASSUMPTION, "Old terms stay valid", team_id=legal, status="closed")
    raid.link(ids["R-1"], "threatens", workstream_id=ids["LEG-1"])
    return ids


def _send(service: MigrationService, out: Path) -> Path:
    out.mkdir(exist_ok=True)
    request_updates(service, RequestSpec(out=out, as_of=AS_OF, due=date(2027, 3, 5)))
    return out


def _raid(review: Review) -> dict[tuple[str, str], tuple[object, object, Verdict]]:
    return {(u.key, u.field): (u.sent, u.returned, u.verdict) for u in review.updates if u.raid_type}


def test_the_workbook_lists_the_open_raid_items_the_team_owns_and_the_request_records_them(
    service: MigrationService, tmp_path: Path
) -> None:
    ids = _plan(service)
    out = _send(service, tmp_path / "out")

    # The team's items (R-1, I-1), one its member owns (D-1); not the closed A-1. By type, then key.
    assert keys_in(out / LEG_FILE, RAID_SHEET) == ["R-1", "I-1", "D-1"]
    book = openpyxl.load_workbook(out / LEG_FILE)
    sheet = book[RAID_SHEET]
    assert tuple(cell.value for cell in sheet[HEADER_ROW]) == RAID_HEADINGS
    risk = [cell for cell in sheet[FIRST_ROW]]
    assert [c.value for c in risk] == [
        "R-1", "Risk", "Regulator delays approval", None, "12 (amber)", "LEG-1 (threatens)", "Open",
        "Open", 3, 4, "Weekly call with the regulator", None, None, ids["R-1"],
    ]  # fmt: skip
    decision = [cell.value for cell in sheet[FIRST_ROW + 2]]
    assert decision[:7] == ["D-1", "Decision", "Migrate business customers first?", "Ana Ruiz",
                            "Needed by 12 Mar 2027", None, "Open"]  # fmt: skip
    assert sheet.protection.sheet
    headings = {cell.value: cell.column_letter for cell in sheet[HEADER_ROW]}
    assert sheet[f"{headings['Key']}{FIRST_ROW}"].protection.locked
    assert not sheet[f"{headings['Probability (1-5)']}{FIRST_ROW}"].protection.locked
    assert sheet[f"{headings['Probability (1-5)']}{FIRST_ROW + 2}"].protection.locked  # a decision has none
    assert not sheet[f"{headings['Decision outcome']}{FIRST_ROW + 2}"].protection.locked
    assert sheet.column_dimensions[headings["Item id"]].hidden
    lists = sorted(v.formula1 for v in sheet.data_validations.dataValidation if v.type == "list")
    assert lists == ['"Open,Closed"', '"Open,Decided,Deferred,Superseded"']
    assert book[HIDDEN_SHEET].sheet_state == "veryHidden"
    assert {p.name: p.value for p in book.custom_doc_props.props}[PROPERTY_FORMAT] == "2"
    # A workbook without RAID items is written as before: no RAID sheet, layout 1.
    finance = openpyxl.load_workbook(out / FIN_FILE)
    assert RAID_SHEET not in finance.sheetnames
    assert {p.name: p.value for p in finance.custom_doc_props.props}[PROPERTY_FORMAT] == "1"

    kept = {r.team_code: r for r in service.update_records.requests()}
    assert kept["FIN"].raid_rows == ()
    assert {row.key: row for row in kept["LEG"].raid_rows}["R-1"] == RaidSentRow(
        ids["R-1"], "R-1", RaidType.RISK, service.raid.item(ids["R-1"]).version, RaidStatus.OPEN, 3, 4,
        "Weekly call with the regulator", "",
    )  # fmt: skip
    read = read_update_workbook(out / LEG_FILE)
    assert (read.format, [line.key for line in read.raid_lines], read.problems) == (
        2,
        ["R-1", "I-1", "D-1"],
        (),
    )


def test_raid_answers_apply_with_the_workstreams_as_one_change_credited_to_who_answered(
    service: MigrationService, tmp_path: Path, engine: str
) -> None:
    ids = _plan(service)
    out = _send(service, tmp_path / "out")
    fill_in(out / LEG_FILE, {"LEG-1": {"Progress %": 40}}, save_as=tmp_path / "back.xlsx")
    returned = fill_in(
        tmp_path / "back.xlsx",
        {
            "R-1": {"Probability (1-5)": 2, "Actions": "Daily call", "Comment": "Regulator is responsive"},
            "I-1": {"New status": "Closed"},
            "D-1": {"New status": "Decided", "Decision outcome": "Business customers first"},
        },
        sheet_name=RAID_SHEET,
    )

    review = collect_updates(service, [returned])

    assert _raid(review) == {
        ("R-1", "probability"): (3, 2, Verdict.CLEAN),
        ("R-1", "actions"): ("Weekly call with the regulator", "Daily call", Verdict.CLEAN),
        ("I-1", "status"): (RaidStatus.OPEN, RaidStatus.CLOSED, Verdict.CLEAN),
        ("D-1", "status"): (RaidStatus.OPEN, RaidStatus.DECIDED, Verdict.CLEAN),
        ("D-1", "outcome"): ("", "Business customers first", Verdict.CLEAN),
    }
    assert [(c.key, c.text) for c in review.comments if c.raid_type] == [("R-1", "Regulator is responsive")]
    assert review.problems == ()
    before = service.last_history_id()

    applied = apply_updates(service, review, review.clean)

    risk, issue, decision = (service.raid.item(ids[key]) for key in ("R-1", "I-1", "D-1"))
    assert (risk.probability, risk.impact, risk.actions) == (2, 4, "Daily call")
    assert issue.status is RaidStatus.CLOSED
    assert (decision.status, decision.outcome, decision.decided_on) == (
        RaidStatus.DECIDED, "Business customers first", AS_OF,
    )  # fmt: skip
    assert service.workstream(ids["LEG-1"]).progress == 40
    entries = service.history_since(before)
    assert {e.change_id for e in entries} == {applied.change_id}  # one change: one undo step
    collected = "" if engine == "file" else " (collected by tester)"
    assert {e.actor for e in entries} == {f"Lena Ortiz via update request of 1 Mar 2027{collected}"}
    assert [(e.entity, e.entity_label, e.comment) for e in entries if e.action == "commented"] == [
        ("raid", "R-1", "Regulator is responsive")
    ]

    undone = undo_applied(service, applied)
    risk, issue, decision = (service.raid.item(ids[key]) for key in ("R-1", "I-1", "D-1"))
    assert (risk.probability, risk.actions) == (3, "Weekly call with the regulator")
    assert issue.status is RaidStatus.OPEN
    assert (decision.status, decision.outcome, decision.decided_on) == (RaidStatus.OPEN, "", None)
    assert service.workstream(ids["LEG-1"]).progress == 20
    assert service.update_records.returns() == []

    redo_applied(service, undone)
    assert service.raid.item(ids["D-1"]).status is RaidStatus.DECIDED
    assert service.raid.item(ids["R-1"]).probability == 2
    assert service.history_since(service.last_history_id() - 1)[0].actor.startswith("Lena Ortiz via")


def test_a_raid_conflict_names_who_changed_the_item_and_a_review_overtaken_is_refused(
    service: MigrationService, tmp_path: Path, coordinators: Coordinators
) -> None:
    ids = _plan(service)
    out = _send(service, tmp_path / "out")
    sam = coordinators(service.place, "Sam Weber")
    sam.raid.update(ids["R-1"], {"probability": 5})
    returned = fill_in(
        out / LEG_FILE,
        {"R-1": {"Probability (1-5)": 2, "Impact (1-5)": 5}, "I-1": {"Actions": "Draft from the old one"}},
        save_as=tmp_path / "back.xlsx",
        sheet_name=RAID_SHEET,
    )

    review = collect_updates(service, [returned])

    assert _raid(review) == {
        ("R-1", "probability"): (3, 2, Verdict.CONFLICT),
        ("R-1", "impact"): (4, 5, Verdict.CLEAN),
        ("I-1", "actions"): ("", "Draft from the old one", Verdict.CLEAN),
    }
    [conflict] = [u for u in review.conflicts if u.raid_type]
    assert (conflict.current, conflict.changed_by) == (5, "Sam Weber")

    sam.raid.update(ids["I-1"], {"severity": "high"})  # the plan moves on after the review
    with pytest.raises(ConcurrentEditError, match="Nothing was applied"):
        apply_updates(service, review, review.clean)
    assert service.raid.item(ids["R-1"]).impact == 4


def test_bad_raid_cells_are_lines_naming_sheet_row_and_column_and_are_not_applied(
    service: MigrationService, tmp_path: Path
) -> None:
    _plan(service)
    out = _send(service, tmp_path / "out")
    returned = fill_in(
        out / LEG_FILE,
        {
            "R-1": {"New status": "Decided", "Probability (1-5)": 9, "Actions": "=A1"},
            "D-1": {"Key": "D-9", "New status": "superseded"},
        },
        save_as=tmp_path / "back.xlsx",
        sheet_name=RAID_SHEET,
    )
    book = openpyxl.load_workbook(returned)
    book[RAID_SHEET].append(["R-7", "Risk", "Typed in by hand"])
    book.save(returned)

    review = collect_updates(service, [returned])

    assert [p.text for p in review.problems] == [  # the file's own lines first, then each item's
        "back.xlsx: RAID items row 8 (R-7) has no Item id: it was added by hand (or its key typed in), so "
        "it is not matched to any RAID item and nothing in it is read. Add new items in Migrator instead.",
        'back.xlsx: RAID items row 5 (R-1), New status: "Decided" is not a status a risk takes '
        "(choose one of Open, Closed). The cell is not read.",
        'back.xlsx: RAID items row 5 (R-1), Probability (1-5): "9" is not on the scale (a whole number '
        "from 1 to 5). The cell is not read.",
        "back.xlsx: RAID items row 5 (R-1), Actions: holds a formula (=A1); formulas are not read, type "
        "the value itself.",
        'back.xlsx: RAID items row 7 (D-1), Key: this locked column was changed from "D-1" to "D-9"; the '
        "change is ignored (answer in the green columns).",
    ]
    assert _raid(review) == {("D-1", "status"): (RaidStatus.OPEN, RaidStatus.SUPERSEDED, Verdict.CLEAN)}
    assert all(update.key != "R-1" for update in review.updates if update.raid_type)


def test_a_workbook_without_raid_items_reads_as_before(service: MigrationService, tmp_path: Path) -> None:
    _plan(service)
    out = _send(service, tmp_path / "out")
    returned = fill_in(
        out / FIN_FILE, {"FIN-1": {"New status": "In progress"}}, save_as=tmp_path / "fin.xlsx"
    )

    read = read_update_workbook(returned)
    review = collect_updates(service, [returned])

    assert (read.format, read.raid_sent, read.raid_lines) == (1, (), ())
    assert [(u.key, u.field, u.returned) for u in review.updates] == [("FIN-1", "status", Status.IN_PROGRESS)]
    assert review.returns[0].raid_rows == ()
