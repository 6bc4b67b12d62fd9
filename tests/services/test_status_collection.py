"""Status collection through real files: requests written, filled in as a team lead would,
collected, reviewed, applied, undone and redone, and each kind of bad input the plan must catch."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from migrator.domain.errors import ConcurrentEditError
from migrator.domain.model import Status
from migrator.domain.update_form import HIDDEN_SHEET, HIDDEN_TABLE_ROW
from migrator.domain.updates import Review, Verdict
from migrator.reports.safe_file import ReportWriteError
from migrator.services import MigrationService, NewMigration
from migrator.services.reporting import ExportRequest, export_report
from migrator.services.status_collection import apply_updates, collect_updates, redo_applied, undo_applied
from migrator.services.status_requests import RequestSpec, request_updates
from tests.conftest import Coordinators, Places
from tests.support.team_lead import fill_in, keys_in

AS_OF = date(2027, 3, 1)
LEG_FILE = "Legal and Compliance status update 2027-03-01.xlsx"
FIN_FILE = "Finance status update 2027-03-01.xlsx"


def _plan(service: MigrationService) -> dict[str, int]:
    """Legal & Compliance (lead Lena Ortiz) with three open items and one done; Finance, no lead."""
    lena = service.create_person("Lena Ortiz", "lena@example.com")
    legal = service.create_team("Legal & Compliance", "LEG", lead_id=lena)
    finance = service.create_team("Finance", "FIN")
    ids = {
        "LEG-1": service.create_workstream(
            "Card terms", legal, planned_start=date(2027, 3, 1), planned_due=date(2027, 3, 31), progress=20
        ),
        "LEG-2": service.create_workstream(
            "Regulator notice",
            legal,
            status=Status.BLOCKED,
            blocker_note="Waits on the bank",
            planned_start=date(2027, 3, 1),
            planned_due=date(2027, 4, 15),
        ),
        "LEG-3": service.create_workstream("Archive old terms", legal, status=Status.DONE, progress=100),
        "LEG-4": service.create_workstream("Privacy notice", legal, planned_due=date(2027, 5, 3)),
        "FIN-1": service.create_workstream("GL mapping", finance, planned_due=date(2027, 4, 1), progress=50),
    }
    return ids


def _populate(service: MigrationService) -> None:
    _plan(service)


def _send(service: MigrationService, out: Path, **options: object) -> Path:
    out.mkdir(exist_ok=True)
    request_updates(service, RequestSpec(out=out, as_of=AS_OF, due=date(2027, 3, 5), **options))  # type: ignore[arg-type]
    return out


def _fields(review: Review) -> dict[tuple[str, str], tuple[object, object, Verdict]]:
    return {(u.key, u.field): (u.sent, u.returned, u.verdict) for u in review.updates}


def test_each_team_gets_a_workbook_of_its_open_work_and_the_request_is_recorded(
    service: MigrationService, tmp_path: Path
) -> None:
    _plan(service)
    out = tmp_path / "out"
    out.mkdir()
    result = request_updates(
        service, RequestSpec(out=out, as_of=AS_OF, due=date(2027, 3, 5), message="Thanks!")
    )

    assert [(s.request.team_code, s.request.recipient, s.request.recipient_email) for s in result.sent] == [
        ("FIN", "Finance team", None),
        ("LEG", "Lena Ortiz", "lena@example.com"),
    ]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [LEG_FILE, FIN_FILE, LEG_FILE.replace(".xlsx", ".eml"), FIN_FILE.replace(".xlsx", ".eml")]
    )
    assert keys_in(out / LEG_FILE) == ["LEG-1", "LEG-2", "LEG-4"]  # the done LEG-3 is not asked about
    kept = {r.team_code: r for r in service.update_records.requests()}
    assert [row.key for row in kept["LEG"].rows] == ["LEG-1", "LEG-2", "LEG-4"]
    assert (kept["LEG"].due, kept["LEG"].message, kept["LEG"].as_of) == (date(2027, 3, 5), "Thanks!", AS_OF)


def test_per_owner_each_owner_gets_their_own_workbook(service: MigrationService, tmp_path: Path) -> None:
    ids = _plan(service)
    ana = service.create_person("Ana Ruiz", "ana@example.com")
    service.update_workstream(ids["LEG-2"], {"owner_id": ana})

    out = tmp_path / "out"
    out.mkdir()
    result = request_updates(service, RequestSpec(out=out, as_of=AS_OF, teams=("leg",), per_owner=True))

    assert [(s.request.recipient, [r.key for r in s.request.rows]) for s in result.sent] == [
        ("Ana Ruiz", ["LEG-2"]),
        ("Lena Ortiz", ["LEG-1", "LEG-4"]),  # unowned work goes to the team's lead
    ]
    assert result.sent[0].workbook.name == "Legal and Compliance Ana Ruiz status update 2027-03-01.xlsx"


def test_a_new_folder_is_made_and_files_already_there_are_never_overwritten(
    service: MigrationService, tmp_path: Path
) -> None:
    _plan(service)
    first = request_updates(service, RequestSpec(out=tmp_path / "round 1", as_of=AS_OF))
    (tmp_path / "round 1" / "answered.xlsx").write_bytes(b"a team's answer")

    again = request_updates(service, RequestSpec(out=tmp_path / "round 1", as_of=AS_OF, teams=("LEG",)))

    assert first.sent[1].workbook.name == LEG_FILE
    assert again.sent[0].workbook.name == LEG_FILE.replace(".xlsx", " (2).xlsx")
    assert keys_in(tmp_path / "round 1" / LEG_FILE) == ["LEG-1", "LEG-2", "LEG-4"]
    assert (tmp_path / "round 1" / "answered.xlsx").read_bytes() == b"a team's answer"
    assert len(service.update_records.requests()) == 3


def test_a_file_that_cannot_be_written_records_no_request_and_leaves_no_file(
    service: MigrationService, tmp_path: Path
) -> None:
    _plan(service)
    out = tmp_path / "out"
    out.mkdir()
    (out / LEG_FILE).mkdir()  # a folder where Legal's workbook must go: the move into place fails

    with pytest.raises(ReportWriteError, match="Legal and Compliance status update"):
        request_updates(service, RequestSpec(out=out, as_of=AS_OF))

    assert service.update_records.requests() == []
    assert sorted(p.name for p in out.iterdir()) == [LEG_FILE]  # Finance's files went again


def test_clean_updates_apply_as_one_change_credited_to_who_answered_and_undo_and_redo(
    service: MigrationService, tmp_path: Path, engine: str
) -> None:
    ids = _plan(service)
    out = _send(service, tmp_path / "out")
    returned = fill_in(
        out / LEG_FILE,
        {
            "LEG-1": {
                "New status": "In progress",
                "Progress %": 40,
                "Comment for the report": "Signed by Friday",
            },
            "LEG-2": {"New status": "In progress", "Blocker note": None},
        },
        save_as=tmp_path / "legal back.xlsx",
    )

    review = collect_updates(service, [returned])

    assert _fields(review) == {
        ("LEG-1", "status"): (Status.NOT_STARTED, Status.IN_PROGRESS, Verdict.CLEAN),
        ("LEG-1", "progress"): (20, 40, Verdict.CLEAN),
        ("LEG-2", "status"): (Status.BLOCKED, Status.IN_PROGRESS, Verdict.CLEAN),
        ("LEG-2", "blocker_note"): ("Waits on the bank", "", Verdict.CLEAN),  # an emptied note: gone
    }
    assert [(c.key, c.text, c.credit) for c in review.comments] == [
        ("LEG-1", "Signed by Friday", "Lena Ortiz via update request of 1 Mar 2027")
    ]
    before = service.last_history_id()

    applied = apply_updates(service, review, review.clean)

    leg1, leg2 = service.workstream(ids["LEG-1"]), service.workstream(ids["LEG-2"])
    assert (leg1.status, leg1.progress, leg1.actual_start) == (Status.IN_PROGRESS, 40, AS_OF)
    assert (leg2.status, leg2.blocker_note) == (Status.IN_PROGRESS, "")
    entries = service.history_since(before)
    assert {e.change_id for e in entries} == {applied.change_id}  # one change: one undo step
    # On a shared plan history also names the login that collected it.
    collected = "" if engine == "file" else " (collected by tester)"
    assert {e.actor for e in entries} == {f"Lena Ortiz via update request of 1 Mar 2027{collected}"}
    assert [(e.entity_label, e.action, e.comment) for e in entries if e.action == "commented"] == [
        ("LEG-1", "commented", "Signed by Friday")
    ]
    [answered] = [a for a in service.update_records.team_answers() if a.team_code == "LEG"]
    assert (answered.last_answered_by, answered.waiting_since) == ("Lena Ortiz", None)

    undone = undo_applied(service, applied)
    leg1, leg2 = service.workstream(ids["LEG-1"]), service.workstream(ids["LEG-2"])
    assert (leg1.status, leg1.progress, leg1.actual_start) == (Status.NOT_STARTED, 20, None)
    assert (leg2.status, leg2.blocker_note) == (Status.BLOCKED, "Waits on the bank")
    assert service.update_records.returns() == []  # Legal is waiting again

    redone = redo_applied(service, undone)
    assert service.workstream(ids["LEG-1"]).progress == 40
    assert service.workstream(ids["LEG-2"]).status is Status.IN_PROGRESS
    assert [r.answered_by for r in service.update_records.returns()] == ["Lena Ortiz"]
    assert service.history_since(service.last_history_id() - 1)[0].actor.startswith("Lena Ortiz via")
    undo_applied(service, redone)
    assert service.workstream(ids["LEG-1"]).progress == 20


def test_a_conflict_names_who_changed_the_plan_and_accepting_the_clean_ones_leaves_it(
    service: MigrationService, tmp_path: Path, coordinators: Coordinators
) -> None:
    ids = _plan(service)
    out = _send(service, tmp_path / "out")
    sam = coordinators(service.place, "Sam Weber")
    sam.update_workstream(ids["LEG-1"], {"planned_due": date(2027, 4, 9)})
    sam.update_workstream(ids["LEG-4"], {"progress": 10})
    returned = fill_in(
        out / LEG_FILE,
        {
            "LEG-1": {"New due": date(2027, 4, 23), "Progress %": 30},
            "LEG-4": {"Progress %": 10},
        },
        save_as=tmp_path / "legal back.xlsx",
    )

    review = collect_updates(service, [returned])

    assert _fields(review) == {
        ("LEG-1", "planned_due"): (date(2027, 3, 31), date(2027, 4, 23), Verdict.CONFLICT),
        ("LEG-1", "progress"): (20, 30, Verdict.CLEAN),
        ("LEG-4", "progress"): (0, 10, Verdict.ALREADY),
    }
    [conflict] = review.conflicts
    assert (conflict.current, conflict.changed_by) == (date(2027, 4, 9), "Sam Weber")
    assert conflict.changed_at is not None and conflict.changed_at.date() == AS_OF

    apply_updates(service, review, review.clean)

    leg1 = service.workstream(ids["LEG-1"])
    assert (leg1.planned_due, leg1.progress) == (date(2027, 4, 9), 30)  # Sam's date stays


def test_a_plan_changed_since_the_review_refuses_the_apply_and_changes_nothing(
    service: MigrationService, tmp_path: Path, coordinators: Coordinators
) -> None:
    ids = _plan(service)
    out = _send(service, tmp_path / "out")
    returned = fill_in(out / LEG_FILE, {"LEG-1": {"Progress %": 60}}, save_as=tmp_path / "legal back.xlsx")
    review = collect_updates(service, [returned])
    coordinators(service.place, "Sam Weber").update_workstream(ids["LEG-1"], {"title": "Card terms v2"})

    with pytest.raises(ConcurrentEditError, match=r"Sam Weber.*collect the files again.*Nothing was applied"):
        apply_updates(service, review, review.clean)

    assert service.workstream(ids["LEG-1"]).progress == 20
    assert service.update_records.returns() == []


def test_the_same_file_twice_is_collected_once_and_a_collected_file_is_not_applied_again(
    service: MigrationService, tmp_path: Path
) -> None:
    _plan(service)
    out = _send(service, tmp_path / "out")
    returned = fill_in(out / LEG_FILE, {"LEG-1": {"Progress %": 60}}, save_as=tmp_path / "legal back.xlsx")
    copy = Path(shutil.copyfile(returned, tmp_path / "legal back (2).xlsx"))

    review = collect_updates(service, [returned, copy])

    assert [(r.file_name, r.refused) for r in review.returns] == [
        ("legal back.xlsx", False),
        ("legal back (2).xlsx", True),
    ]
    assert [p.text for p in review.problems] == [
        "legal back (2).xlsx is the same file as legal back.xlsx: it is collected once."
    ]
    assert len(review.clean) == 1
    apply_updates(service, review, review.clean)

    again = collect_updates(service, [returned])
    assert again.updates == () and again.returns[0].refused
    assert "legal back.xlsx was already collected on" in again.problems[0].text


def test_a_workstream_in_two_teams_files_is_applied_from_neither(
    service: MigrationService, tmp_path: Path
) -> None:
    ids = _plan(service)
    legal_out = _send(service, tmp_path / "legal", teams=("LEG",))
    finance = service.team_by_code("FIN").id
    service.update_workstream(ids["LEG-1"], {"team_id": finance})  # moved to Finance after Legal was asked
    finance_out = _send(service, tmp_path / "finance", teams=("FIN",))
    legal_back = fill_in(legal_out / LEG_FILE, {"LEG-1": {"Progress %": 60}, "LEG-4": {"Progress %": 5}})
    finance_back = fill_in(finance_out / FIN_FILE, {"LEG-1": {"Progress %": 70}})

    review = collect_updates(service, [legal_back, finance_back])

    assert sorted(_fields(review)) == [("LEG-4", "progress")]
    lines = [p.text for p in review.problems]
    assert (
        f"{FIN_FILE}: Updates row 6 (LEG-1): LEG-1 is also in {LEG_FILE}; neither answer is applied. "
        "Collect the file that should count on its own." in lines
    )
    assert any(
        line.startswith(f"{LEG_FILE}: Updates row 5 (LEG-1): LEG-1 is also in {FIN_FILE}") for line in lines
    )


def test_a_workstream_deleted_since_the_request_is_named_and_not_applied(
    service: MigrationService, tmp_path: Path, coordinators: Coordinators
) -> None:
    ids = _plan(service)
    out = _send(service, tmp_path / "out")
    coordinators(service.place, "Sam Weber").delete_workstream(ids["LEG-2"])
    returned = fill_in(out / LEG_FILE, {"LEG-2": {"Progress %": 60}, "LEG-1": {"Progress %": 30}})

    review = collect_updates(service, [returned])

    assert sorted(_fields(review)) == [("LEG-1", "progress")]
    assert [p.text for p in review.problems] == [
        f"{LEG_FILE}: Updates row 6 (LEG-2): LEG-2 was deleted from the plan since the request by Sam Weber "
        "on 1 Mar 2027; the row is not applied."
    ]


def test_a_file_from_another_plan_or_an_older_request_is_refused_whole(
    service: MigrationService, tmp_path: Path, places: Places
) -> None:
    _plan(service)
    other = MigrationService.create(
        places("other"), NewMigration("Another programme"), actor="tester", today=lambda: AS_OF,
        populate=_populate,
    )  # fmt: skip
    with other:
        foreign = _send(other, tmp_path / "other") / LEG_FILE
        foreign = fill_in(foreign, {"LEG-1": {"Progress %": 60}}, save_as=tmp_path / "other plan.xlsx")
    first = fill_in(_send(service, tmp_path / "first") / LEG_FILE, {"LEG-1": {"Progress %": 60}})
    _send(service, tmp_path / "second")  # a newer request to Legal

    review = collect_updates(service, [foreign, first])

    assert review.updates == () and all(r.refused for r in review.returns)
    lines = [p.text for p in review.problems]
    assert lines[0] == (
        f"{LEG_FILE}: answers the update request of 1 Mar 2027, but Lena Ortiz was sent a newer one on "
        "1 Mar 2027: nothing from this file is applied. Collect the answer to the newer request."
    )
    assert lines[1].startswith(f"other plan.xlsx comes from another plan, not {service.name}")


def test_hidden_rows_that_differ_from_the_plans_record_are_not_applied(
    service: MigrationService, tmp_path: Path
) -> None:
    _plan(service)
    out = _send(service, tmp_path / "out")
    returned = fill_in(out / LEG_FILE, {"LEG-1": {"Progress %": 60}, "LEG-4": {"Progress %": 15}})
    book = openpyxl.load_workbook(returned)
    hidden = book[HIDDEN_SHEET]
    first_row = HIDDEN_TABLE_ROW + 1
    assert hidden.cell(first_row, 2).value == "LEG-1"
    hidden.cell(first_row, 5).value = 60  # someone made the sent progress look like the answer
    book.save(returned)

    review = collect_updates(service, [returned])

    assert sorted(_fields(review)) == [("LEG-4", "progress")]
    assert [p.text for p in review.problems] == [
        f"{LEG_FILE}: Updates row 5 (LEG-1): the hidden record of the row differs from what the plan sent "
        "(it was edited); the row is not applied."
    ]


def test_an_unreadable_file_is_a_line_in_the_review_not_an_error(
    service: MigrationService, tmp_path: Path
) -> None:
    _plan(service)
    text = tmp_path / "legal.csv"
    text.write_text("Key,Progress %\nLEG-1,60\n")

    review = collect_updates(service, [text, tmp_path / "missing.xlsx"])

    assert [r.refused for r in review.returns] == [True, True]
    assert review.problems[0].text.startswith("legal.csv")
    assert "missing.xlsx" in review.problems[1].text


def test_the_report_says_who_answered_and_shows_the_returned_comments_in_its_changes(
    service: MigrationService, tmp_path: Path, engine: str
) -> None:
    _plan(service)
    export_report(service, ExportRequest(output=tmp_path / "week 9.xlsx", as_of=date(2027, 2, 26)))
    out = _send(service, tmp_path / "out")
    returned = fill_in(
        out / LEG_FILE, {"LEG-1": {"Progress %": 45, "Comment for the report": "Signed by Friday"}}
    )
    review = collect_updates(service, [returned])
    apply_updates(service, review, review.clean)

    export_report(service, ExportRequest(output=tmp_path / "week 10.xlsx", as_of=date(2027, 3, 8)))

    book = openpyxl.load_workbook(tmp_path / "week 10.xlsx")
    summary = [v for row in book["Summary"].iter_rows(values_only=True) for v in row if isinstance(v, str)]
    assert "No update from Finance since 1 Mar (overdue since 5 Mar)" in summary
    assert "Legal & Compliance answered on 1 Mar (Lena Ortiz)" in summary
    changes = book["Changes"]
    rows = [tuple(row) for row in changes.iter_rows(values_only=True)]
    header = next(row for row in rows if row[:3] == ("When", "Who", "Key"))
    table = [dict(zip(header, row, strict=True)) for row in rows[rows.index(header) + 1 :] if any(row)]
    credit = "Lena Ortiz via update request of 1 Mar 2027" + (
        "" if engine == "file" else " (collected by tester)"
    )
    comment = next(row for row in table if row["Key"] == "LEG-1" and row["Field"] == "Comment")
    assert (comment["Who"], comment["Note"]) == (credit, "Signed by Friday")
    progress = next(row for row in table if row["Key"] == "LEG-1" and row["Field"] == "Progress")
    assert (progress["Was"], progress["Now"], progress["Who"]) == (0.2, 0.45, credit)


def test_rows_deleted_or_added_by_hand_are_lines_and_the_rest_is_collected(
    service: MigrationService, tmp_path: Path
) -> None:
    _plan(service)
    out = _send(service, tmp_path / "out")
    returned = fill_in(out / LEG_FILE, {"LEG-1": {"Progress %": 60}})
    book = openpyxl.load_workbook(returned)
    sheet = book["Updates"]
    sheet.delete_rows(6)  # LEG-2's row
    sheet.cell(8, 1).value = "LEG-3"  # a row added by hand, with a key typed in
    sheet.cell(8, 11).value = 100
    book.save(returned)

    review = collect_updates(service, [returned])

    assert sorted(_fields(review)) == [("LEG-1", "progress")]
    lines = [p.text for p in review.problems]
    assert any("LEG-2 was sent in this request but its row is not on the sheet" in line for line in lines)
    assert any("row 8" in line for line in lines), lines


def test_history_credits_long_names_within_what_it_keeps() -> None:
    from datetime import datetime

    from migrator.domain.updates import UpdateRequest
    from migrator.services.status_collection import credit

    request = UpdateRequest(
        1, "t", "p", 1, "LEG", "Legal", "Lena", None, datetime(2027, 3, 3, 9), "tester", date(2027, 3, 3),
        None, "", (),
    )  # fmt: skip
    assert credit("Lena Ortiz", request, "Sam", shared=False) == "Lena Ortiz via update request of 3 Mar 2027"
    assert credit("Lena Ortiz", request, "Sam", shared=True) == (
        "Lena Ortiz via update request of 3 Mar 2027 (collected by Sam)"
    )
    long = credit("L" * 300, request, "S" * 300, shared=True)
    assert len(long) == 200 and " via update request of 3 Mar 2027 (collected by SSS" in long
    assert long.endswith("…)") and long.startswith("LLL")
