"""The RAID log in the status workbook, cell by cell: the Summary's decisions needed and top
risks with what changed since the last report, the RAID sheet with its heat map, the Changes
sheet's RAID rows, and each audience's cut."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from migrator.domain.raid import RaidStatus, RiskBands
from migrator.reports import Audience, ReportContent, write_workbook
from migrator.reports.book import HEALTH_COLOURS
from migrator.reports.raid_sheet import NO_ITEMS, NO_TEAM_ITEMS
from migrator.reports.summary import RAID_LIMIT
from tests.reports.conftest import DemoReports
from tests.reports.raid_demo import with_raid
from tests.reports.test_workbook import coloured, find, texts
from tests.support.raid_items import raid_item

RIGHT = 12  # the Summary's right area's first column
MAP = 6  # the heat map's first impact column on the RAID sheet


@pytest.fixture(scope="module")
def raid_content(demo_reports: DemoReports) -> ReportContent:
    return with_raid(demo_reports)


@pytest.fixture(scope="module")
def books(
    raid_content: ReportContent, demo_reports: DemoReports, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Workbook]]:
    folder = tmp_path_factory.mktemp("raid")

    def written(name: str, content: ReportContent) -> Workbook:
        write_workbook(content, folder / f"{name}.xlsx")
        return load_workbook(folder / f"{name}.xlsx")

    yield {
        "full": written("full", raid_content),
        "executive": written("executive", dataclasses.replace(raid_content, audience=Audience.EXECUTIVE)),
        "team": written("team", dataclasses.replace(raid_content, audience=Audience.TEAM, team="BNK")),
        "no log": written("no-log", demo_reports.content),
    }


def values(ws: Worksheet, row: int, columns: list[int]) -> list[Any]:
    return [day(ws.cell(row, column).value) for column in columns]


def day(value: Any) -> Any:
    return value.date() if isinstance(value, datetime) else value


# ---------------------------------------------------------------- the Summary


def test_the_summary_lists_the_decisions_needed_soonest_first_with_who_decides_what_they_gate_and_days_left(
    books: dict[str, Workbook],
) -> None:
    ws = books["full"]["Summary"]
    row, _ = find(ws, "Decisions needed", 1)
    assert ws.cell(row, 7).value == "3 open decisions, 1 overdue"
    assert values(ws, row + 1, [1, 3, 5, 7, 9]) == [
        "Decision",
        "Who decides",
        "Gates",
        "Needed by",
        "Working days left",
    ]
    assert [values(ws, row + n, [1, 3, 5, 7, 9]) for n in (2, 3, 4)] == [
        ["D-6  Migrate business customers first?", "Steering committee", "LEG-6 → OPS-6", date(2027, 2, 26),
         "1 overdue"],
        ["D-10  Run the old and new platforms in parallel for a month?", "Programme board", "OPS-1",
         date(2027, 3, 1), "Due today"],
        # Mon 8 Mar is a holiday in the demo's (Berlin) calendar: 6 working days, not 7.
        ["D-7  Which card design for the new fleet?", "Marketing board", "BNK-1", date(2027, 3, 10),
         "6 left"],
    ]  # fmt: skip
    overdue = ws.cell(row + 2, 9)
    assert overdue.font.b and overdue.font.color.rgb.endswith(HEALTH_COLOURS["red"][1])
    assert not ws.cell(row + 4, 9).font.b


def test_the_summary_lists_the_top_risks_by_score_with_band_owner_and_response(
    books: dict[str, Workbook],
) -> None:
    ws = books["full"]["Summary"]
    row, _ = find(ws, "Top risks", RIGHT)
    assert ws.cell(row, RIGHT + 3).value == "3 open risks, 2 red"
    assert values(ws, row + 1, [RIGHT, RIGHT + 1, RIGHT + 3, RIGHT + 4]) == [
        "Score",
        "Risk",
        "Owner",
        "Response",
    ]
    assert [values(ws, row + n, [RIGHT, RIGHT + 1, RIGHT + 3, RIGHT + 4]) for n in (2, 3, 4)] == [
        ["20 · Red", "R-1  Card bureau can't print 50,000 cards a week (expected by 22 Mar 2027)",
         "Henrik Lindqvist", "Reduce; escalated to steering"],
        ["16 · Red", "R-2  Core banking freeze moves into the cut-over window (expected by 3 May 2027)",
         "Ana Ruiz", "Avoid"],
        ["6 · Green", "R-9  Card file format changes late", "Li Wei", "Fallback"],
    ]  # fmt: skip
    assert coloured(ws.cell(row + 2, RIGHT), "red") and coloured(ws.cell(row + 4, RIGHT), "green")
    assert "R-3" not in texts(ws)  # removed since


def test_the_summary_names_the_items_new_closed_and_escalated_since_the_last_report(
    books: dict[str, Workbook],
) -> None:
    ws = books["full"]["Summary"]
    lines = {
        ws.cell(row, 1).value: ws.cell(row, 3).value
        for row in range(1, ws.max_row + 1)
        if str(ws.cell(row, 1).value).endswith("since the last report", 0, -4)
    }
    assert lines == {
        "New since the last report (2)": "R-9 Card file format changes late · "
        "D-10 Run the old and new platforms in parallel for a month?",
        "Closed since the last report (1)": "I-8 Printer firmware rejects the new chip (closed)",
        "Escalated since the last report (1)": "R-1 Card bureau can't print 50,000 cards a week "
        "(to steering)",
    }


def test_each_summary_list_stops_at_five_lines_and_says_how_many_more_and_where(
    raid_content: ReportContent, tmp_path: Path
) -> None:
    extra = tuple(
        raid_item(50 + n, f"D-{50 + n}", f"Extra decision {n}", needed_by=date(2027, 4, 1 + n))
        for n in range(4)
    ) + tuple(raid_item(60 + n, f"R-{60 + n}", f"Extra risk {n}", probability=1, impact=1) for n in range(5))
    state = dataclasses.replace(raid_content.state, raid=raid_content.state.raid + extra)
    for audience, where in ((Audience.FULL, "see RAID"), (Audience.EXECUTIVE, "see the full report")):
        path = tmp_path / f"{audience.value}.xlsx"
        write_workbook(dataclasses.replace(raid_content, state=state, audience=audience), path)
        ws = load_workbook(path)["Summary"]
        decisions, _ = find(ws, "Decisions needed", 1)
        shown = [ws.cell(decisions + n, 1).value for n in range(2, 2 + RAID_LIMIT + 1)]
        assert shown[-1] == f"…and 2 more — {where}"
        assert [text[:4] for text in shown[:-1]] == ["D-6 ", "D-10", "D-7 ", "D-50", "D-51"]
        risks, _ = find(ws, "Top risks", RIGHT)
        assert ws.cell(risks + 2 + RAID_LIMIT, RIGHT).value == f"…and 3 more — {where}"


def test_a_plan_without_a_raid_log_shows_no_raid_sections_and_says_so_on_its_raid_sheet(
    books: dict[str, Workbook],
) -> None:
    book = books["no log"]
    assert "Decisions needed" not in texts(book["Summary"]) and "Top risks" not in texts(book["Summary"])
    assert NO_ITEMS in texts(book["RAID"])


# ---------------------------------------------------------------- the RAID sheet


def test_the_heat_map_counts_open_risks_per_probability_and_impact_in_the_migrations_bands(
    books: dict[str, Workbook],
) -> None:
    ws = books["full"]["RAID"]
    header, _ = find(ws, "Probability ↓   Impact →", MAP - 1)
    assert values(ws, header, list(range(MAP, MAP + 5))) == [
        "1 Minimal",
        "2 Minor",
        "3 Moderate",
        "4 Major",
        "5 Severe",
    ]
    rows = {ws.cell(row, MAP - 1).value: row for row in range(header + 1, header + 6)}
    assert list(rows) == ["5 Almost certain", "4 Likely", "3 Possible", "2 Unlikely", "1 Rare"]
    counts = [values(ws, row, list(range(MAP, MAP + 5))) for row in rows.values()]
    assert counts == [
        [None, None, None, None, None],
        [None, None, None, 1, 1],  # R-2 (4 × 4), R-1 (4 × 5)
        [None, None, None, None, None],
        [None, None, 1, None, None],  # R-9 (2 × 3)
        [None, None, None, None, None],
    ]
    # The bands are the migration's: amber from 8, red from 15.
    bands = [[ws.cell(row, MAP + i).fill.fgColor.rgb[-6:] for i in range(5)] for row in rows.values()]
    fill = {level: HEALTH_COLOURS[level][0] for level in ("green", "amber", "red")}
    g, a, r = fill["green"], fill["amber"], fill["red"]
    assert bands == [[g, a, r, r, r], [g, a, a, r, r], [g, g, a, a, r], [g, g, g, a, a], [g, g, g, g, g]]
    assert ws.cell(rows["4 Likely"], MAP + 4).font.color.rgb.endswith(HEALTH_COLOURS["red"][1])
    assert ws.cell(rows["5 Almost certain"], 1).value == "3 open risks on the map: 2 red, 0 amber, 1 green"
    assert (
        "red at a score of 15 or more, amber from 8 to 14, green below 8"
        in ws.cell(rows["4 Likely"], 1).value
    )


def test_the_raid_sheet_lists_every_open_item_by_type_with_its_types_fields(
    books: dict[str, Workbook],
) -> None:
    ws = books["full"]["RAID"]
    risks, _ = find(ws, "Risks", 1)
    assert ws.cell(risks, 3).value == "3 open items"
    assert values(ws, risks + 1, list(range(1, 12))) == [
        "Key", "Title", "Owner", "Team", "Linked work", "Score", "Probability × impact", "Proximity",
        "Response", "Next review", "Actions",
    ]  # fmt: skip
    assert values(ws, risks + 2, list(range(1, 12))) == [
        "R-1", "Card bureau can't print 50,000 cards a week", "Henrik Lindqvist", "BNK", "BNK-1 (threatens)",
        "20 · Red", "4 × 5", date(2027, 3, 22), "Reduce\nEscalated to steering on 25 Feb 2027",
        date(2027, 3, 8),
        "Second bureau on standby; weekly capacity check (due 5 Mar 2027)\n"
        "Early warning: Bureau misses a weekly quota",
    ]  # fmt: skip
    assert [ws.cell(risks + n, 1).value for n in (3, 4)] == ["R-2", "R-9"]
    assert ws.row_dimensions[risks + 2].height >= 4 * 12.5  # the response's four lines fit
    assumptions, _ = find(ws, "Assumptions", 1)
    assert values(ws, assumptions + 2, [1, 6, 7, 8]) == [
        "A-4",
        date(2027, 3, 12),
        None,
        "Ask the branch network's operations lead in writing",
    ]
    merged = {str(cells) for cells in ws.merged_cells.ranges}
    assert f"H{assumptions + 2}:K{assumptions + 2}" in merged  # how it is validated: four columns wide
    assert f"C{assumptions}:K{assumptions}" in merged  # the band's count
    issues, _ = find(ws, "Issues", 1)
    assert values(ws, issues + 2, [1, 5, 6, 7, 8, 9, 10, 11]) == [
        "I-5", "OPS-1 (threatens)", "High", "P1", date(2027, 2, 26), "1 overdue", None,
        "Mask a production extract",
    ]  # fmt: skip
    decisions, _ = find(ws, "Decisions", 1)
    assert [values(ws, decisions + n, [1, 5, 6, 7, 8, 10]) for n in (2, 3, 4)] == [
        ["D-6", "LEG-6 → OPS-6 (decided for)", date(2027, 2, 26), "1 overdue", "Steering committee",
         "Recommended: Retail first: fewer special cases\nOptions: Retail first; business first"],
        ["D-7", "BNK-1 (blocks)", date(2027, 3, 10), "6 left", "Marketing board", None],
        ["D-10", "OPS-1 (decided for)", date(2027, 3, 1), "Due today", "Programme board", None],
    ]  # fmt: skip
    assert "I-8" not in [ws.cell(row, 1).value for row in range(risks, decisions + 5)]  # closed: not open


def test_the_raid_sheet_lists_the_items_closed_since_the_last_report(books: dict[str, Workbook]) -> None:
    ws = books["full"]["RAID"]
    row, _ = find(ws, "Closed since the last report", 1)
    assert values(ws, row + 1, [1, 2, 3, 4, 5, 6, 7, 8]) == [
        "Key",
        "Title",
        "Owner",
        "Team",
        "Type",
        "Status",
        "Updated",
        "Outcome, or what was done",
    ]
    assert values(ws, row + 2, [1, 2, 3, 4, 5, 6, 7, 8]) == [
        "I-8", "Printer firmware rejects the new chip", "Henrik Lindqvist", "BNK", "Issue", "Closed",
        date(2027, 2, 26), "Vendor shipped firmware 4.2",
    ]  # fmt: skip
    assert ws.cell(row + 3, 1).value is None


def test_a_decision_decided_since_the_last_report_shows_its_outcome_among_the_closed(
    raid_content: ReportContent, tmp_path: Path
) -> None:
    decided = tuple(
        dataclasses.replace(
            item, status=RaidStatus.DECIDED, decided_on=date(2027, 2, 25), outcome="Retail first"
        )
        if item.key == "D-6"
        else item
        for item in raid_content.state.raid
    )
    state = dataclasses.replace(raid_content.state, raid=decided)
    assert raid_content.previous is not None
    from migrator.analysis.changes import raid_changes  # the changes the service would list

    changes = raid_changes(raid_content.previous, state, [], lambda a, b: (b - a).days)
    write_workbook(
        dataclasses.replace(raid_content, state=state, changes=tuple(changes)), tmp_path / "r.xlsx"
    )
    ws = load_workbook(tmp_path / "r.xlsx")["RAID"]
    row, _ = find(ws, "D-6", 1)
    closed, _ = find(ws, "Closed since the last report", 1)
    assert row > closed
    assert values(ws, row, [5, 6, 7, 8]) == ["Decision", "Decided", date(2027, 2, 25), "Retail first"]


# ---------------------------------------------------------------- the Changes sheet and the audiences


def test_the_changes_sheet_lists_the_raid_changes(books: dict[str, Workbook]) -> None:
    ws = books["full"]["Changes"]
    rows = [
        values(ws, row, [3, 4, 6, 7, 8, 9, 11])
        for row in range(1, ws.max_row + 1)
        if str(ws.cell(row, 6).value).startswith("RAID")
    ]
    assert rows == [
        ["R-9", None, "RAID: new", "Risk", None, None, "Score 6 (green) · owner Li Wei"],
        ["D-10", "OPS", "RAID: new", "Decision", None, None,
         "Needed by 1 Mar 2027 · decided by Programme board · owner Ana Ruiz"],
        ["I-8", "BNK", "RAID: closed", "Status", "Open", "Closed", "Vendor shipped firmware 4.2"],
        ["R-1", "BNK", "RAID: escalated", "Escalated to", None, "Steering", None],
        ["R-2", "OPS", "RAID: score", "Score", 12, 16, "now red"],
        ["R-3", None, "RAID: removed", "Risk", None, None, None],
    ]  # fmt: skip


def test_the_executive_gets_the_summary_lines_and_no_raid_sheet(books: dict[str, Workbook]) -> None:
    book = books["executive"]
    assert book.sheetnames == ["Summary", "Changes"]
    summary = texts(book["Summary"])
    assert "D-6  Migrate business customers first?" in summary and "R-1  Card bureau" in summary


def test_a_team_report_lists_the_items_the_team_owns_or_that_threaten_its_work(
    books: dict[str, Workbook],
) -> None:
    book = books["team"]
    raid = book["RAID"]
    keys = {raid.cell(row, 1).value for row in range(1, raid.max_row + 1)} - {None, "Key"}
    assert {key for key in keys if key[:2] in ("R-", "A-", "I-", "D-")} == {"R-1", "D-7", "I-8"}
    summary = book["Summary"]
    row, _ = find(summary, "Decisions needed", 1)
    assert summary.cell(row + 2, 1).value == "D-7  Which card design for the new fleet?"
    assert summary.cell(row + 3, 1).value is None
    risks, _ = find(summary, "Top risks", RIGHT)
    assert summary.cell(risks + 2, RIGHT + 1).value.startswith("R-1  ")
    assert summary.cell(risks + 3, RIGHT + 1).value is None
    lines = {summary.cell(r, 1).value: summary.cell(r, 3).value for r in range(row, summary.max_row + 1)}
    assert lines["New since the last report (0)"] == "None"
    assert lines["Closed since the last report (1)"].startswith("I-8 ")


def test_a_team_with_no_raid_items_is_told_so(raid_content: ReportContent, tmp_path: Path) -> None:
    write_workbook(
        dataclasses.replace(raid_content, audience=Audience.TEAM, team="SAL"), tmp_path / "sal.xlsx"
    )
    book = load_workbook(tmp_path / "sal.xlsx")
    assert NO_TEAM_ITEMS in texts(book["RAID"])
    assert "Decisions needed" not in texts(book["Summary"])


def test_the_definitions_explain_the_log_with_the_migrations_risk_bands(
    raid_content: ReportContent, tmp_path: Path
) -> None:
    state = dataclasses.replace(raid_content.state, risk_bands=RiskBands(amber_score=6, red_score=12))
    write_workbook(dataclasses.replace(raid_content, state=state), tmp_path / "bands.xlsx")
    ws = load_workbook(tmp_path / "bands.xlsx")["Definitions"]
    row, _ = find(ws, "The RAID log (RAID sheet)", 1)
    terms = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(row + 1, row + 9)}
    assert list(terms)[:4] == ["Risk (R-)", "Assumption (A-)", "Issue (I-)", "Decision (D-)"]
    assert terms["Risk bands"].startswith(
        "This migration's: red at a score of 12 or more, amber from 6 to 11, green below 6."
    )
    heat = load_workbook(tmp_path / "bands.xlsx")["RAID"]
    likely, _ = find(heat, "3 Possible", MAP - 1)
    fills = [heat.cell(likely, MAP + i).fill.fgColor.rgb[-6:] for i in range(5)]
    g, a, r = (HEALTH_COLOURS[level][0] for level in ("green", "amber", "red"))
    assert fills == [g, a, a, r, r]  # 3, 6, 9, 12, 15 in the bands 6 and 12
