"""Importing a RAID sheet: new items and updates by key, links by key, every problem by row and column."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from migrator.domain.raid import LinkRole, RaidStatus, RaidType, Response
from migrator.services import MigrationService
from migrator.services.raid_import import RaidSheetError, export_raid, import_raid


@pytest.fixture
def plan(service: MigrationService) -> MigrationService:
    """Banking (BNK-1 → BNK-2) and Card Operations (OPS-1), Ana Ruiz and Lee Chan."""
    bank = service.create_team("Banking", "BNK")
    ops = service.create_team("Card Operations", "OPS")
    service.create_person("Ana Ruiz", team_id=bank)
    service.create_person("Lee Chan", team_id=ops)
    first = service.create_workstream("Issuer contract", bank)
    second = service.create_workstream("Cutover", bank)
    service.create_workstream("Card stock", ops)
    service.add_dependency(first, second)
    return service


def _csv(folder: Path, text: str, name: str = "raid.csv") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _problems(plan: MigrationService, path: Path) -> list[str]:
    last = plan.last_history_id()
    with pytest.raises(RaidSheetError) as refused:
        import_raid(plan, path)
    assert plan.last_history_id() == last  # nothing changed
    return [str(problem) for problem in refused.value.problems]


def test_a_workbook_of_new_items_adds_them_with_their_fields_and_links(
    plan: MigrationService, tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Type", "Title", "Owner", "Team", "Likelihood", "Impact", "Strategy", "Proximity",
                  "Decision needed by", "Decision maker", "Links"])  # fmt: skip
    sheet.append(["R", "Bank sign-off comes late", "ana ruiz", "Banking", 3, 5, "Reduce",
                  datetime(2027, 3, 15), None, None, "BNK-1\nblocks BNK-1 -> BNK-2"])  # fmt: skip
    sheet.append(["Decision", "Business customers first?", "Lee Chan", "ops", None, None, None, None,
                  datetime(2027, 3, 12), "Steering committee", "bnk-2"])  # fmt: skip
    book.save(tmp_path / "log.xlsx")

    report = import_raid(plan, tmp_path / "log.xlsx")
    assert report.created == ["R-1 Bank sign-off comes late", "D-1 Business customers first?"]
    assert report.links_added == ["R-1 threatens BNK-1", "R-1 blocks BNK-1 → BNK-2", "D-1 decided for BNK-2"]
    risk, decision = plan.raid.items()
    assert (risk.owner_name, risk.team_code, risk.score, risk.response, risk.proximity) == (
        "Ana Ruiz", "BNK", 15, Response.REDUCE, date(2027, 3, 15),
    )  # fmt: skip
    assert [(link.role, link.label) for link in risk.links] == [
        (LinkRole.THREATENS, "BNK-1"),
        (LinkRole.BLOCKS, "BNK-1 → BNK-2"),
    ]
    assert (decision.type, decision.needed_by, decision.decider, decision.team_code) == (
        RaidType.DECISION, date(2027, 3, 12), "Steering committee", "OPS",
    )  # fmt: skip
    assert len({entry.change_id for entry in plan.history_since(0) if entry.entity == "raid"}) == 1


def test_a_row_with_a_key_updates_that_item_and_a_blank_cell_clears_its_field(
    plan: MigrationService, tmp_path: Path
) -> None:
    risk = plan.raid.create(
        "risk", "Bank sign-off comes late", probability=3, impact=4, actions="Weekly call"
    )
    plan.raid.link(risk, "threatens", workstream_id=plan.workstream_by_key("BNK-1").id)
    report = import_raid(
        plan,
        _csv(
            tmp_path,
            "Key,Title,Probability,Actions,Status,Linked work\nr-1,Bank sign-off comes late,5,,closed,\n",
        ),
    )
    assert (report.updated, report.links_removed, report.created) == (
        ["R-1: status, probability, actions"], ["R-1 threatens BNK-1"], [],
    )  # fmt: skip
    item = plan.raid.item(risk)
    assert (item.probability, item.impact, item.actions, item.status, item.links) == (
        5,
        4,
        "",
        RaidStatus.CLOSED,
        (),
    )
    # Without a linked-work column the links stay; an unchanged row changes nothing.
    again = import_raid(plan, _csv(tmp_path, "Key,Probability\nR-1,5\n", "same.csv"))
    assert (again.updated, again.unchanged) == ([], 1)


def test_a_dry_run_reports_and_changes_nothing(plan: MigrationService, tmp_path: Path) -> None:
    last = plan.last_history_id()
    report = import_raid(plan, _csv(tmp_path, "Type,Title\nissue,Test cards late\n"), dry_run=True)
    assert report.summary_lines() == ["Dry run: nothing was changed. The import would:", "  create 1:",
                                      "    I-1 Test cards late"]  # fmt: skip
    assert (plan.raid.items(), plan.last_history_id()) == ([], last)
    assert plan.raid.item(plan.raid.create("issue", "Next")).key == "I-1"  # the dry run used up no key


def test_every_problem_is_named_by_row_and_column(plan: MigrationService, tmp_path: Path) -> None:
    plan.raid.create("assumption", "Bureau prints 50,000 cards a week")
    sheet = _csv(
        tmp_path,
        "Key,Type,Title,Status,Impact,Decided on,Raised from,Linked work\n"
        "A-1,Risk,Bureau,,,,,\n"  # a key of another type
        ",Decision,Card design,closed,,,,\n"  # a status decisions do not have
        ",Decision,Card colour,decided,,2027-03-05,,\n"  # decided after today
        ",Issue,Cards late,,,,R-7,\n"  # raised from an item not in the log
        ",Risk,Bureau capacity,,9,,,BNK-1 → OPS-1; BNK-1; bnk-1\n"  # no such dependency, BNK-1 twice
        "D-2,Decision,Stock,,,,,\n"  # a key no item has
        "A-1,,Twice,,,,,\n"
        "X-1,,,,,,,\n",  # not a key, and no title
    )
    assert _problems(plan, sheet) == [
        "raid.csv, row 2, column Type: A-1 is not a risk's key.",
        "raid.csv, row 3, column Status: a decision cannot be closed; it is open, decided, deferred, "
        "superseded.",
        "raid.csv, row 4, column Decided on: decided on 2027-03-05 is after today (2027-03-01).",
        "raid.csv, row 5, column Raised from: R-7 is not in the plan's RAID log.",
        "raid.csv, row 6, column Impact: impact must be a whole number from 1 to 5, not 9.",
        "raid.csv, row 6, column Linked work: BNK-1 → OPS-1 is not a dependency of the plan.",
        "raid.csv, row 6, column Linked work: BNK-1 is listed twice.",
        "raid.csv, row 7, column Key: D-2 is not in the plan's RAID log; leave the key empty to add a new "
        "item.",
        "raid.csv, row 8, column Key: A-1 is also on row 2.",
        'raid.csv, row 9, column Key: "X-1" is not a RAID key (R-12, A-3, I-7, D-4).',
        "raid.csv, row 9, column Title: title cannot be empty.",
    ]


def test_a_sheet_without_titles_or_types_is_refused_whole(plan: MigrationService, tmp_path: Path) -> None:
    assert _problems(plan, _csv(tmp_path, "Name,Owner\nBank,Ana Ruiz\n")) == [
        "raid.csv, row 1: a RAID sheet needs a Key column (to update items) or Type and Title columns "
        "(to add them) (headers found: Name, Owner)."
    ]
    assert _problems(plan, _csv(tmp_path, "Type,Title,Impact\nRisk,x,\nRisk,y,high\n", "two.csv")) == [
        'two.csv, row 3, column Impact: "high" is not a whole number.'
    ]


def test_export_writes_every_item_that_the_import_reads_back(plan: MigrationService, tmp_path: Path) -> None:
    ana = next(p.id for p in plan.people() if p.name == "Ana Ruiz")
    risk = plan.raid.create(
        "risk", "Bank sign-off, \"late\"", owner_id=ana, probability=4, impact=4, actions="Call\nthe bank",
        review_date=date(2027, 3, 8),
    )  # fmt: skip
    plan.raid.link(risk, "blocks", dependency_id=plan.dependencies()[0].id)
    assumption = plan.raid.create("assumption", "Bureau capacity", validate_by=date(2027, 3, 10))
    plan.raid.assumption_to_issue(assumption)
    before = plan.raid.items()

    assert export_raid(plan, tmp_path / "log.xlsx") == 3
    assert export_raid(plan, tmp_path / "risks.csv", types=[RaidType.RISK]) == 1
    sheet = openpyxl.load_workbook(tmp_path / "log.xlsx").active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    first = dict(zip(header, rows[1], strict=True))
    assert (first["Key"], first["Score"], first["Band"], first["Owner"], first["Next review"]) == (
        "R-1", 16, "red", "Ana Ruiz", datetime(2027, 3, 8),
    )  # fmt: skip
    assert (first["Linked work"], first["Actions"]) == ("blocks BNK-1 → BNK-2", "Call\nthe bank")
    issue = dict(zip(header, rows[3], strict=True))
    assert (issue["Key"], issue["Raised from"]) == ("I-1", "A-1")

    for name in ("log.xlsx", "risks.csv"):
        report = import_raid(plan, tmp_path / name)
        assert (report.created, report.updated, report.links_added, report.links_removed) == ([], [], [], [])
    assert plan.raid.items() == before
