"""The status workbook as a stakeholder opens it: the demo's reports, written and read back."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from migrator.analysis.figures import due_soon
from migrator.analysis.ledger import LinkHealth
from migrator.analysis.plan_state import WorkstreamState, capture
from migrator.analysis.results import HealthLevel
from migrator.analysis.working_time import WorkingDayLine
from migrator.domain.model import Status
from migrator.domain.workbook_marks import (
    EXECUTIVE_REPORT_SHEETS,
    REPORT_CATEGORY,
    REPORT_PROPERTY,
    REPORT_SHEETS,
    REPORT_WORKSTREAM_HEADERS,
)
from migrator.reports import Audience, ReportContent, write_workbook
from migrator.reports.book import DATE_FORMAT, DATE_TIME_FORMAT, HEALTH_COLOURS
from migrator.reports.changes_sheet import ANALYSIS, FIRST_REPORT, NO_CHANGES
from migrator.reports.summary import ATTENTION_LIMIT, LIST_LIMIT, REASONS_SHOWN
from migrator.reports.text_fit import one_line, text_width, wrapped_lines
from migrator.reports.workstreams import COLUMNS as WORKSTREAM_COLUMNS
from tests.reports.conftest import AS_OF, DemoReports
from tests.support.plans import Plan

FULL_SHEETS = ("Summary", "Workstreams", "Dependencies", "RAID", "Changes", "Timeline", "Definitions")


@dataclasses.dataclass
class Written:
    content: ReportContent
    titles: tuple[str, ...]
    book: Workbook
    progress: list[tuple[float, str]]


def write_and_open(content: ReportContent, path: Path) -> Written:
    progress: list[tuple[float, str]] = []
    titles = write_workbook(content, path, lambda fraction, message: progress.append((fraction, message)))
    return Written(content, titles, load_workbook(path), progress)


@pytest.fixture(scope="module")
def written(
    demo_reports: DemoReports, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Written]]:
    """The full, executive and Banking & Payments workbooks, and a first report with nothing to compare."""
    folder = tmp_path_factory.mktemp("workbooks")
    first = dataclasses.replace(demo_reports.content, previous=None, previous_info=None, changes=())
    yield {
        "full": write_and_open(demo_reports.content, folder / "full.xlsx"),
        "executive": write_and_open(demo_reports.for_audience(Audience.EXECUTIVE), folder / "executive.xlsx"),
        "team": write_and_open(demo_reports.for_audience(Audience.TEAM, "BNK"), folder / "team.xlsx"),
        "first": write_and_open(first, folder / "first.xlsx"),
    }


# ---------------------------------------------------------------- reading helpers


def find(ws: Worksheet, value: Any, column: int | None = None) -> tuple[int, int]:
    """(row, column) of the first cell holding ``value`` (in ``column`` if given)."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == value and (column is None or cell.column == column):
                return cell.row, cell.column
    raise AssertionError(f"{value!r} is not on {ws.title}")


def coloured(cell: Any, level: str) -> bool:
    """Whether the cell wears the health level's fill and text colour."""
    fill, text = HEALTH_COLOURS[level]
    return bool(cell.fill.fgColor.rgb.endswith(fill) and cell.font.color.rgb.endswith(text))


def texts(ws: Worksheet) -> str:
    return "\n".join(str(cell.value) for row in ws.iter_rows() for cell in row if cell.value is not None)


def day(value: Any) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def rows_below(ws: Worksheet, header_row: int, column: int, count: int) -> list[int]:
    """The numbers of the ``count`` rows under a header whose ``column`` is filled."""
    found = [r for r in range(header_row + 1, ws.max_row + 1) if ws.cell(r, column).value is not None]
    return found[:count]


# ---------------------------------------------------------------- the sheets each audience gets


def test_each_audience_gets_its_sheets_in_order(written: dict[str, Written]) -> None:
    assert written["full"].titles == FULL_SHEETS
    assert tuple(written["full"].book.sheetnames) == FULL_SHEETS
    assert written["executive"].titles == ("Summary", "Changes")
    assert tuple(written["executive"].book.sheetnames) == ("Summary", "Changes")
    assert tuple(written["team"].book.sheetnames) == FULL_SHEETS


def test_the_file_is_titled_and_signed(written: dict[str, Written]) -> None:
    properties = written["full"].book.properties
    assert properties.title == "Card fleet replacement: prepaid to debit status 1 Mar 2027"
    assert properties.creator == "Ana"


def test_every_report_carries_the_marks_the_plan_import_knows_it_by(written: dict[str, Written]) -> None:
    for found in written.values():
        assert found.book.custom_doc_props[REPORT_PROPERTY].value == found.content.audience.value
        assert found.book.properties.category == REPORT_CATEGORY
    # The import knows a report written before the marks by its sheets (those of reports written
    # before the RAID sheet too) and its columns.
    assert set(REPORT_SHEETS) <= set(FULL_SHEETS) and set(FULL_SHEETS) - set(REPORT_SHEETS) == {"RAID"}
    assert written["executive"].titles == EXECUTIVE_REPORT_SHEETS
    assert tuple(column.header for column in WORKSTREAM_COLUMNS) == REPORT_WORKSTREAM_HEADERS


def test_progress_names_each_sheet_and_only_moves_forward(written: dict[str, Written]) -> None:
    progress = written["full"].progress
    fractions = [fraction for fraction, _ in progress]
    assert fractions == sorted(fractions)
    assert fractions[0] >= 0.0 and fractions[-1] == 1.0
    messages = {message for _, message in progress}
    assert {f"Writing {title}…" for title in FULL_SHEETS} <= messages


def test_a_team_report_needs_its_team(demo_reports: DemoReports, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="team"):
        write_workbook(demo_reports.for_audience(Audience.TEAM), tmp_path / "team.xlsx")
    assert not (tmp_path / "team.xlsx").exists()


# ---------------------------------------------------------------- Summary: the one printed page


def test_summary_prints_on_one_landscape_page(written: dict[str, Written]) -> None:
    for name in ("full", "executive", "team"):
        ws = written[name].book["Summary"]
        assert ws.page_setup.orientation == "landscape"
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 1)


def test_summary_heads_with_the_migration_its_date_and_what_it_compares_with(
    written: dict[str, Written],
) -> None:
    ws = written["full"].book["Summary"]
    assert ws["A1"].value == "Card fleet replacement: prepaid to debit"
    assert ws["A2"].value == "Status report as of Mon 1 Mar 2027 · Week 9"
    assert ws["A3"].value == "Compared with report #1 'Week 8' as of Mon 22 Feb 2027"
    first = written["first"].book["Summary"]
    assert first["A3"].value == "First report: nothing to compare with"


def test_summary_headline_shows_health_trend_go_live_and_completion(
    written: dict[str, Written], demo_reports: DemoReports
) -> None:
    state, ws = demo_reports.current, written["full"].book["Summary"]
    row, column = find(ws, "Overall health")
    assert ws.cell(row + 1, column).value == state.overall_health.value.capitalize()
    assert coloured(ws.cell(row + 1, column), "red")
    assert ws.cell(row + 2, column).value == "Same as the last report"
    row, column = find(ws, "Projected go-live")
    assert day(ws.cell(row + 1, column).value) == state.projected_go_live
    assert ws.cell(row + 1, column).number_format == DATE_FORMAT
    row, column = find(ws, "Against target")
    assert ws.cell(row + 1, column).value == "On target"
    assert state.target_go_live is not None
    assert ws.cell(row + 2, column).value == "Meets the target 28 Jun 2027"
    row, column = find(ws, "Against baseline")
    go_live = next(w for w in state.workstreams if w.key == state.go_live_key)
    assert go_live.baseline_due == date(2027, 6, 28)
    assert ws.cell(row + 2, column).value == "Meets the baseline 28 Jun 2027 (PRD-12)"
    row, column = find(ws, "Complete")
    assert ws.cell(row + 1, column).value == pytest.approx(state.percent_complete / 100)
    assert ws.cell(row + 1, column).number_format == "0%"
    row, column = find(ws, "Health of open work")
    red = sum(1 for w in state.workstreams if w.health is HealthLevel.RED)
    amber = sum(1 for w in state.workstreams if w.health is HealthLevel.AMBER)
    green = sum(1 for w in state.workstreams if w.health is HealthLevel.GREEN)
    assert ws.cell(row + 1, column).value == f"{red} red · {amber} amber"
    assert ws.cell(row + 2, column).value.startswith(f"{green} green")


def test_first_report_has_no_trend(written: dict[str, Written]) -> None:
    ws = written["first"].book["Summary"]
    row, column = find(ws, "Overall health")
    assert ws.cell(row + 2, column).value == "No earlier report to compare with"
    header, _ = find(ws, "Trend")
    assert {ws.cell(r, 10).value for r in range(header + 1, header + 11)} == {"—"}


def test_summary_team_table_counts_match_the_analysis(
    written: dict[str, Written], demo_reports: DemoReports
) -> None:
    state, ws = demo_reports.current, written["full"].book["Summary"]
    header, _ = find(ws, "Lead", column=2)
    assert [ws.cell(header, c).value for c in range(1, 11)] == [
        "Team", "Lead", "Total", "Not started", "In progress", "Blocked", "Done", "Late", "Health", "Trend",
    ]  # fmt: skip
    for offset, team in enumerate(state.teams, 1):
        values = [ws.cell(header + offset, c).value for c in range(1, 11)]
        assert values == [
            team.name,
            team.lead,
            team.workstreams,
            team.by_status[Status.NOT_STARTED],
            team.by_status[Status.IN_PROGRESS],
            team.by_status[Status.BLOCKED],
            team.by_status[Status.DONE],
            team.late,
            team.health.value.capitalize(),
            "Same",
        ]
        assert coloured(ws.cell(header + offset, 9), team.health.value)
    total = header + len(state.teams) + 1
    assert ws.cell(total, 1).value == "All teams"
    assert ws.cell(total, 3).value == len(state.workstreams)
    assert ws.cell(total, 6).value == sum(1 for w in state.workstreams if w.status is Status.BLOCKED)


def test_summary_chart_stacks_the_team_tables_status_columns(written: dict[str, Written]) -> None:
    ws = written["full"].book["Summary"]
    header, _ = find(ws, "Lead", column=2)
    (chart,) = ws._charts
    assert chart.type == "bar" and chart.grouping == "stacked"
    assert chart.legend is not None
    first, last = header + 1, header + 10
    values = {series.val.numRef.f for series in chart.series}
    assert values == {f"'Summary'!${column}${first}:${column}${last}" for column in "DEFG"}
    assert {series.cat.numRef.f for series in chart.series} == {f"'Summary'!$A${first}:$A${last}"}
    colours = {series.graphicalProperties.solidFill.srgbClr for series in chart.series}
    assert len(colours) == 4  # a colour per status


def needs_attention(w: WorkstreamState) -> bool:
    return w.is_open and (w.health is HealthLevel.RED or w.status is Status.BLOCKED)


def reasons_of(w: WorkstreamState) -> list[str]:
    """The item's reasons, most important first, with its blocker first when the analysis has none."""
    reasons = list(w.health_reasons)
    if w.status is Status.BLOCKED and not any(reason.startswith("Blocked") for reason in reasons):
        reasons.insert(0, f"Blocked: {w.blocker_note}")
    return reasons


def attention_rows(ws: Worksheet) -> list[int]:
    """The rows of the attention list, in order: those under its header up to the first gap."""
    header, _ = find(ws, "Why")
    rows = []
    for row in range(header + 1, ws.max_row + 1):
        key = ws.cell(row, 1).value
        if not key or key.startswith("…"):
            break
        rows.append(row)
    return rows


def test_summary_attention_lists_red_and_blocked_work_with_reasons_and_providers(
    written: dict[str, Written], demo_reports: DemoReports
) -> None:
    state, ws = demo_reports.current, written["full"].book["Summary"]
    header, _ = find(ws, "Why")
    assert [ws.cell(header, c).value for c in (1, 3, 5, 6, 15)] == [
        "Workstream", "Team · owner", "Health", "Why", "Waits on (open links)",
    ]  # fmt: skip
    rows = attention_rows(ws)
    # Every open red or blocked item of the demo: blocked first, then the most days late (39, 6, 0).
    assert [(ws.cell(r, 1).value, ws.cell(r, 3).value) for r in rows] == [
        ("BNK-5  Apple Pay & Google Pay token migration", "BNK · Kwame Mensah"),
        ("OPS-6  Carrier letter print run with the T&C insert", "OPS · Aoife Byrne"),
        ("BNK-9  Prepaid card processing (legacy)", "BNK · Anika Patel"),
        ("PRD-3  In-app debit card ordering flow", "PRD · Tomasz Nowak"),
        ("BNK-3  Core banking ledger integration for debit accounts", "BNK · Kwame Mensah"),
    ]
    for row in rows:
        assert ws.cell(row, 5).value == "Red"
        assert coloured(ws.cell(row, 5), "red")
    # Two reasons at most, most important first; one reason is written without a bullet.
    assert [ws.cell(r, 6).value for r in rows] == [
        "• Blocked: Waiting on the issuer processor to enable the token lifecycle API in production;"
        " ticket escalated to their account manager.\n"
        "• Forecast to finish Mon 12 Apr 2027, 15 working days after its due date Thu 18 Mar 2027,"
        " because it is blocked",
        "• Blocked: Waiting on BaFin's acknowledgement of the product change (LEG-6) before the insert"
        " wording can be printed; the print slot is held until Friday.\n"
        "• Forecast to finish Fri 12 Mar 2027, 6 working days after its due date Wed 3 Mar 2027,"
        " pushed by LEG-6 (Legal & Compliance)\n"
        "+1 more reason",
        "Forecast to finish Mon 28 Jun 2027, 39 working days after its due date Fri 30 Apr 2027,"
        " pushed by BNK-8 (Banking & Payments)",
        "• Overdue: due Fri 19 Feb 2027, 6 working days ago\n"
        "• Forecast to finish Mon 1 Mar 2027, 6 working days after its due date Fri 19 Feb 2027,"
        " because it is still in progress",
        "Set to red by hand (the plan alone says green): Two weeks behind and the ledger vendor's"
        " sandbox is still unstable; red until three clean test days in a row.",
    ]
    # OPS-6 is blocked waiting on LEG-6, whose link the ledger says is violated.
    by_key = {ws.cell(r, 1).value.split()[0]: r for r in rows}
    waits = ws.cell(by_key["OPS-6"], 15).value
    link = next(k for k in state.links if k.successor == "OPS-6" and k.state is LinkHealth.VIOLATED)
    owner = next(w.owner for w in state.workstreams if w.key == link.predecessor)
    assert f"{link.predecessor} · {link.predecessor_team} · {owner} (violated)" in waits
    # OPS-6 has three reasons, the blocker first: two show, and a line says one more.
    ops6 = next(w for w in state.workstreams if w.key == "OPS-6")
    assert len(reasons_of(ops6)) == 3
    assert ws.cell(by_key["OPS-6"], 6).value == "\n".join(
        [*(f"• {reason}" for reason in reasons_of(ops6)[:2]), "+1 more reason"]
    )


def test_summary_milestones_show_baseline_last_report_and_forecast(
    written: dict[str, Written], demo_reports: DemoReports
) -> None:
    state, previous, ws = demo_reports.current, demo_reports.previous, written["full"].book["Summary"]
    header, _ = find(ws, "Milestone", column=1)
    milestones = [w for w in state.workstreams if w.is_milestone]
    before = {w.id: w for w in previous.workstreams}
    line = WorkingDayLine(demo_reports.content.calendar, AS_OF)
    rows = rows_below(ws, header, 1, len(milestones))
    by_key = {ws.cell(r, 1).value.split()[0]: r for r in rows}
    assert set(by_key) == {w.key for w in milestones}
    for w in milestones:
        row = by_key[w.key]
        was = before[w.id].forecast_finish
        assert day(ws.cell(row, 3).value) == w.baseline_due
        assert day(ws.cell(row, 5).value) == was
        assert day(ws.cell(row, 7).value) == w.forecast_finish
        assert ws.cell(row, 9).value == w.baseline_variance
        assert was is not None and w.forecast_finish is not None
        assert ws.cell(row, 10).value == line.working_days_between(was, w.forecast_finish)
        for column in (3, 5, 7):
            assert ws.cell(row, column).number_format == DATE_FORMAT
    assert ws.cell(by_key["PRD-7"], 1).value == "PRD-7  Staff pilot live"
    assert ws.cell(by_key["PRD-7"], 9).value == 5  # five working days past its baseline


def test_summary_due_soon_lists_open_work_due_in_two_working_weeks(
    written: dict[str, Written], demo_reports: DemoReports
) -> None:
    state, ws = demo_reports.current, written["full"].book["Summary"]
    horizon = demo_reports.content.calendar.add_working_days(AS_OF, 10)
    assert horizon == date(2027, 3, 16)  # 8 March is a holiday in the demo calendar
    due = [w for w in state.workstreams if w.is_open and w.planned_due and AS_OF <= w.planned_due <= horizon]
    assert len(due) > LIST_LIMIT  # so the cap shows
    header, column = find(ws, "Due", column=12)
    rows = rows_below(ws, header, column, LIST_LIMIT + 1)
    shown = [ws.cell(r, 13).value.split()[0] for r in rows[:LIST_LIMIT]]
    assert shown == [w.key for w in due_soon(state.workstreams, AS_OF, horizon)][:LIST_LIMIT]
    assert all(day(ws.cell(r, 12).value) <= horizon for r in rows[:LIST_LIMIT])
    assert ws.cell(rows[0], 12).number_format == DATE_FORMAT
    assert ws.cell(rows[-1], 12).value == f"…and {len(due) - LIST_LIMIT} more — see Workstreams"
    executive = written["executive"].book["Summary"]
    assert f"…and {len(due) - LIST_LIMIT} more — see the full report" in texts(executive)


def test_summary_for_a_team_covers_only_that_team(
    written: dict[str, Written], demo_reports: DemoReports
) -> None:
    state, ws = demo_reports.current, written["team"].book["Summary"]
    assert (
        ws["A2"].value
        == "Team status report: Banking & Payments (lead: Mateo García) as of Mon 1 Mar 2027 · Week 9"
    )
    header, _ = find(ws, "Lead", column=2)
    assert ws.cell(header + 1, 1).value == "Banking & Payments"
    assert ws.cell(header + 2, 1).value != "Card Operations & Logistics"
    row, column = find(ws, "Team health")
    assert ws.cell(row + 1, column).value == "Red"
    row, column = find(ws, "Complete")
    bnk = state.team("BNK")
    assert bnk is not None and bnk.percent_complete != state.percent_complete
    assert ws.cell(row + 1, column).value == pytest.approx(bnk.percent_complete / 100)
    text = texts(ws)
    assert "BNK-5" in text and "OPS-6" not in text and "PRD-3" not in text
    row, _ = find(ws, "Link state")
    waits = sum(
        1 for k in state.links if k.cross_team and k.successor_team == "BNK" and k.state is LinkHealth.OK
    )
    ok_row, _ = find(ws, "OK", column=12)
    assert ok_row > row and ws.cell(ok_row, 14).value == waits


def with_workstreams(
    demo_reports: DemoReports, workstreams: Sequence[WorkstreamState], *, links: bool = True
) -> ReportContent:
    state = dataclasses.replace(demo_reports.current, workstreams=tuple(workstreams))
    if not links:
        state = dataclasses.replace(state, links=(), conflicts=())
    return dataclasses.replace(demo_reports.content, state=state)


def test_summary_caps_a_long_attention_list_and_keeps_text_literal(
    demo_reports: DemoReports, tmp_path: Path
) -> None:
    """Eight items at most, blocked first then the latest, each with its two most important reasons."""
    crowded: list[WorkstreamState] = []
    for n, w in enumerate(demo_reports.current.workstreams):
        if w.is_open:
            first = not any(c.is_open for c in crowded)
            blocked = first or n % 6 == 0
            w = dataclasses.replace(
                w,
                title=f'=HYPERLINK("http://x") {w.title}' if first else w.title,
                health=HealthLevel.AMBER if n % 12 == 6 else HealthLevel.RED,
                health_reasons=tuple(f"Overdue: reason {n}.{k}" for k in range(1 + n % 4)),
                status=Status.BLOCKED if blocked else Status.IN_PROGRESS,
                blocker_note="Waiting on the vendor" if blocked else "",
                days_late=99 if first else n % 5,
            )
        crowded.append(w)
    ws = write_and_open(with_workstreams(demo_reports, crowded), tmp_path / "crowded.xlsx").book["Summary"]
    rows = attention_rows(ws)
    # Blocked work only, as more is blocked than fits: red before amber, then the latest first.
    keys = [ws.cell(r, 1).value.split()[0] for r in rows]
    assert keys == ["BNK-9", "SUP-3", "DAT-3", "MKT-4", "PRD-14", "OPS-7", "SAL-2", "CS-4"]
    by_key = {w.key: w for w in crowded}
    shown = [by_key[key] for key in keys]
    assert [(w.status, w.health, w.days_late) for w in shown] == [
        (Status.BLOCKED, HealthLevel.RED, 99),
        (Status.BLOCKED, HealthLevel.RED, 4),
        (Status.BLOCKED, HealthLevel.RED, 3),
        (Status.BLOCKED, HealthLevel.RED, 2),
        (Status.BLOCKED, HealthLevel.RED, 1),
        (Status.BLOCKED, HealthLevel.AMBER, 3),
        (Status.BLOCKED, HealthLevel.AMBER, 3),
        (Status.BLOCKED, HealthLevel.AMBER, 2),
    ]
    needing = [
        w for w in crowded if w.is_open and (w.health is HealthLevel.RED or w.status is Status.BLOCKED)
    ]
    assert len(needing) > ATTENTION_LIMIT
    assert any(w.health is HealthLevel.AMBER for w in shown)  # blocked amber work comes before red work
    assert f"…and {len(needing) - ATTENTION_LIMIT} more — see Workstreams" in texts(ws)
    assert '  =HYPERLINK("http://x") ' in ws.cell(rows[0], 1).value  # the latest blocked item leads
    for row, w in zip(rows, shown, strict=True):
        reasons = reasons_of(w)
        lines = [f"• {reason}" for reason in reasons[:REASONS_SHOWN]] if len(reasons) > 1 else reasons
        hidden = len(reasons) - REASONS_SHOWN
        if hidden > 0:
            lines.append(f"+{hidden} more {'reason' if hidden == 1 else 'reasons'}")
        assert ws.cell(row, 6).value == "\n".join(lines)
    assert {ws.cell(r, 6).value.split("\n")[-1] for r in rows} >= {"+1 more reason", "+2 more reasons"}
    assert all(cell.data_type != "f" for row in ws.iter_rows() for cell in row)
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 1)


def test_summary_attention_rows_are_as_tall_as_their_text(demo_reports: DemoReports, tmp_path: Path) -> None:
    """Rows fit their lines as Excel sets them (1.25 font sizes apart), with a small margin only."""
    state = demo_reports.current
    short, long = [w for w in state.workstreams if w.is_open][:2]
    reasons = {
        short.key: ("Overdue: due Fri 26 Feb 2027, 1 working day ago",),
        long.key: ("Overdue: due Fri 26 Feb 2027, 1 working day ago", "Not started", "Only 2 days of float"),
    }
    workstreams = [
        dataclasses.replace(w, title="Short title", health=HealthLevel.RED, health_reasons=reasons[w.key])
        if w.key in reasons
        else dataclasses.replace(w, health=HealthLevel.GREEN, status=Status.DONE)
        for w in state.workstreams
    ]
    content = with_workstreams(demo_reports, workstreams, links=False)
    ws = write_and_open(content, tmp_path / "heights.xlsx").book["Summary"]
    rows = {ws.cell(r, 1).value.split()[0]: r for r in attention_rows(ws)}
    assert ws.cell(rows[short.key], 6).value.count("\n") == 0
    assert ws.cell(rows[long.key], 6).value.count("\n") == 2  # two reasons and the line saying one more
    one_line_height = ws.row_dimensions[rows[short.key]].height
    assert one_line_height is None or one_line_height <= 15  # the default height: one line
    three_lines = ws.row_dimensions[rows[long.key]].height
    assert three_lines is not None and 3 * 12.5 <= three_lines <= 3 * 12.5 + 5


# Lines LibreOffice 7.4 drew for these texts in 10 pt Calibri (Carlito), in columns 16, 26, 43,
# 60 and 100 units wide.
_DRAWN_LINES = {
    "Forecast to finish Mon 1 Mar 2027, 11 working days after its due date Fri 12 Feb 2027, "
    "because it is still in progress": (6, 4, 2, 2, 1),
    "Blocked: Waiting on the issuer processor to enable the token lifecycle API in production; "
    "ticket escalated to their account manager.": (7, 5, 3, 2, 1),
    "Overdue: due Fri 26 Feb 2027, 1 working day ago": (3, 2, 1, 1, 1),
    "Set to red by hand (the plan alone says red too): Two weeks behind and the ledger vendor's "
    "sandbox is still unstable; red until three clean test days in a row.": (9, 5, 3, 2, 2),
    "Card Operations & Logistics": (2, 1, 1, 1, 1),
    "LEG-6 · LEG · Katharina Vogel (violated)": (3, 2, 1, 1, 1),
}


def test_wrapped_lines_never_undercounts_what_libreoffice_draws() -> None:
    extra = 0
    for text, drawn in _DRAWN_LINES.items():
        for width, lines in zip((16, 26, 43, 60, 100), drawn, strict=True):
            estimate = wrapped_lines(text, width)
            assert lines <= estimate <= lines + 1, (text, width)
            extra += estimate - lines
    assert extra <= 3  # the estimate errs on the tall side, rarely
    assert wrapped_lines("One\ntwo\nthree", 100) == 3
    assert wrapped_lines("Card Operations & Logistics", 16, bold=True) == 2
    assert wrapped_lines("Card Operations & Logistics", 16, size=14) == 3


def test_one_line_cuts_only_what_does_not_fit() -> None:
    title = "PRD-4  Card controls in the app (freeze, limits, PIN reveal)"
    assert one_line(title, 46) == title
    cut = one_line(title, 20)
    assert cut.endswith("…") and title.startswith(cut[:-1]) and len(cut) < len(title)
    assert wrapped_lines(cut, 20) == 1
    assert text_width(cut) > text_width(one_line(title, 15))


def test_summary_milestones_and_due_soon_are_one_line_a_row(
    written: dict[str, Written], demo_reports: DemoReports, tmp_path: Path
) -> None:
    """Side by side, the two tables share rows: rows of one line each keep both continuous."""
    ws = written["full"].book["Summary"]
    header, _ = find(ws, "Milestone", column=1)
    rows = range(header + 1, ws.max_row + 1)
    assert len({ws.row_dimensions[r].height for r in rows}) == 1
    assert all((ws.row_dimensions[r].height or 15) <= 15 for r in rows)
    milestones = [r for r in rows if isinstance(ws.cell(r, 3).value, datetime)]
    due = [r for r in rows if isinstance(ws.cell(r, 12).value, datetime)]
    assert len(milestones) == 5 and len(due) == LIST_LIMIT
    assert not any(ws.cell(r, 1).alignment.wrap_text for r in milestones)
    assert not any(ws.cell(r, c).alignment.wrap_text for r in due for c in (13, 15))
    # A title too long for its column is cut with an ellipsis, never wrapped.
    state = demo_reports.current
    horizon = demo_reports.content.calendar.add_working_days(AS_OF, 10)
    first = due_soon(state.workstreams, AS_OF, horizon)[0]
    title = "Card controls in the app (freeze, limits, PIN reveal, spending categories and travel notices)"
    workstreams = [
        dataclasses.replace(w, title=title) if w.key == first.key else w for w in state.workstreams
    ]
    ws = write_and_open(with_workstreams(demo_reports, workstreams), tmp_path / "long.xlsx").book["Summary"]
    header, _ = find(ws, "Due", column=12)
    cut = ws.cell(header + 1, 13).value
    assert cut.startswith(f"{first.key}  Card controls") and cut.endswith("…")
    assert f"{first.key}  {title}".startswith(cut[:-1])
    width = ws.column_dimensions["M"].width + ws.column_dimensions["N"].width
    assert wrapped_lines(cut, width) == 1
    assert ws.row_dimensions[header + 1].height == ws.row_dimensions[header + 2].height


# ---------------------------------------------------------------- Changes


def test_changes_rows_match_the_comparison(written: dict[str, Written], demo_reports: DemoReports) -> None:
    ws = written["full"].book["Changes"]
    assert ws["A2"].value == (
        'Since report #1 "Week 8" as of Mon 22 Feb 2027 (taken Mon 22 Feb 2027 17:00 by Ana), '
        "to this report as of Mon 1 Mar 2027"
    )
    header, _ = find(ws, "When", column=1)
    assert [ws.cell(header, c).value for c in range(1, 12)] == [
        "When", "Who", "Key", "Team", "Title", "Change", "Field", "Was", "Now", "Working days", "Note",
    ]  # fmt: skip
    changes = demo_reports.content.changes
    assert ws.max_row == header + len(changes)
    for offset, change in enumerate(changes, 1):
        row = [ws.cell(header + offset, c).value for c in range(1, 12)]
        assert row[0] == change.when
        assert row[1] == (change.who or ANALYSIS)
        assert row[2:7] == [
            change.key,
            " / ".join(change.team_codes),
            change.title,
            change.kind.value,
            change.field,
        ]
        if change.field == "Progress":
            assert isinstance(change.old, int) and isinstance(change.new, int)
            assert (row[7], row[8]) == (pytest.approx(change.old / 100), pytest.approx(change.new / 100))
        else:
            assert (day(row[7]), day(row[8])) == (change.old, change.new)
        assert row[9] == change.days
        assert (row[10] or "") == change.note


def test_changes_use_date_cells_and_colour_health(
    written: dict[str, Written], demo_reports: DemoReports
) -> None:
    ws = written["full"].book["Changes"]
    header, _ = find(ws, "When", column=1)
    moved, _ = find(ws, "Planned due", column=7)
    assert isinstance(ws.cell(moved, 8).value, datetime)
    assert ws.cell(moved, 8).number_format == ws.cell(moved, 9).number_format == DATE_FORMAT
    edited = header + 1
    assert ws.cell(edited, 1).number_format == DATE_TIME_FORMAT
    last = ws.max_row
    rules = {str(cf.sqref): [rule.formula[0] for rule in cf.rules] for cf in ws.conditional_formatting}
    health_rules = rules[f"H{header + 1}:I{last}"]
    assert f'AND($G{header + 1}="Health",H{header + 1}="Red")' in health_rules
    assert len(health_rules) == 5
    assert ws.auto_filter.ref == f"A{header}:K{last}"
    assert ws.freeze_panes == f"A{header + 1}"


def test_changes_for_a_team_are_its_own(written: dict[str, Written], demo_reports: DemoReports) -> None:
    ws = written["team"].book["Changes"]
    header, _ = find(ws, "When", column=1)
    mine = [c for c in demo_reports.content.changes if "BNK" in c.team_codes]
    assert 0 < len(mine) < len(demo_reports.content.changes)
    assert [ws.cell(r, 3).value for r in range(header + 1, ws.max_row + 1)] == [c.key for c in mine]


def test_changes_say_when_there_is_nothing_to_compare(
    written: dict[str, Written], demo_reports: DemoReports, tmp_path: Path
) -> None:
    first = written["first"].book["Changes"]
    assert first["A2"].value == FIRST_REPORT
    assert first.max_row == 2
    quiet = dataclasses.replace(demo_reports.content, changes=())
    ws = write_and_open(quiet, tmp_path / "quiet.xlsx").book["Changes"]
    assert ws["A3"].value == NO_CHANGES
    assert ws.auto_filter.ref is None


# ---------------------------------------------------------------- Definitions


def test_definitions_word_the_thresholds_used(written: dict[str, Written], demo_reports: DemoReports) -> None:
    ws = written["full"].book["Definitions"]
    t = demo_reports.current.thresholds
    for level in ("Red", "Amber", "Green", "Done", "Cancelled"):
        row, column = find(ws, level, column=1)
        assert coloured(ws.cell(row, column), level.lower())
    red_row, _ = find(ws, "Red", column=1)
    assert f"more than {t.red_slip_days} working days after its due date" in ws.cell(red_row, 2).value
    amber_row, _ = find(ws, "Amber", column=1)
    amber = ws.cell(amber_row, 2).value
    assert f"{t.amber_float_days} working days of float or less" in amber
    assert f"due within {t.due_soon_days} working days with less than {t.due_soon_progress}% done" in amber
    text = texts(ws)
    for term in (
        "FS  Finish to start",
        "SS  Start to start",
        "FF  Finish to finish",
        "SF  Start to finish",
        "Lag",
    ):
        assert term in text
    for state in ("Violated", "Provider blocked", "At risk", "OK", "Delivered", "Cancelled"):
        assert f"   {state}" in text
    for term in ("Float", "Slack", "Baseline", "Needed by", "Percent complete"):
        find(ws, term, column=1)


def test_definitions_state_the_reports_own_facts(written: dict[str, Written]) -> None:
    ws = written["full"].book["Definitions"]
    row, _ = find(ws, "As of", column=1)
    assert day(ws.cell(row, 2).value) == AS_OF
    assert ws.cell(row, 2).number_format == DATE_FORMAT
    row, _ = find(ws, "Generated at", column=1)
    assert ws.cell(row, 2).value == datetime(2027, 3, 1, 8, 0)
    row, _ = find(ws, "Generated by", column=1)
    assert ws.cell(row, 2).value == "Ana"
    row, _ = find(ws, "Compared with", column=1)
    assert ws.cell(row, 2).value == "Compared with report #1 'Week 8' as of Mon 22 Feb 2027"
    team = written["team"].book["Definitions"]
    row, _ = find(team, "Covers", column=1)
    assert team.cell(row, 2).value == "The team Banking & Payments (lead: Mateo García)"


def test_summary_says_how_late_go_live_is_in_working_days(demo_reports: DemoReports, tmp_path: Path) -> None:
    state = demo_reports.current
    slipped = dataclasses.replace(state, projected_go_live=date(2027, 7, 14), slip_days=12)
    content = dataclasses.replace(demo_reports.content, state=slipped)
    ws = write_and_open(content, tmp_path / "late.xlsx").book["Summary"]
    row, column = find(ws, "Against target")
    assert ws.cell(row + 1, column).value == "+12 working days"
    assert ws.cell(row + 2, column).value == "Later than the target 28 Jun 2027"
    row, column = find(ws, "Projected go-live")
    assert day(ws.cell(row + 1, column).value) == date(2027, 7, 14)
    assert ws.cell(row + 2, column).value == "Last report: 28 Jun 2027 (12 working days later)"


def test_a_team_report_after_the_team_took_a_new_code_compares_with_the_same_team(tmp_path: Path) -> None:
    plan = Plan(target="2027-06-30")
    plan.task("BAN-1", "2027-02-01", "2027-03-12", team="Bank", status=Status.IN_PROGRESS, progress=60)
    plan.task("BAN-2", "2027-02-15", "2027-03-05", team="Bank", status=Status.BLOCKED, blocker="vendor")
    plan.task("OPS-1", "2027-03-15", "2027-03-19", team="Ops")
    before = capture(plan.analyse(AS_OF), list(plan.teams.values()), plan.links)
    now_plan = plan.recoded("Bank", "BKG")
    now_plan.change("BAN-1", progress=80)
    now = capture(now_plan.analyse(AS_OF), list(now_plan.teams.values()), now_plan.links)
    content = ReportContent(
        now, Audience.TEAM, plan.calendar, datetime(2027, 3, 1, 9), "Ana", team="BKG", previous=before
    )
    summary_sheet = write_and_open(content, tmp_path / "team.xlsx").book["Summary"]
    texts = {cell.value for row in summary_sheet.iter_rows() for cell in row if isinstance(cell.value, str)}
    earlier = before.team("BAN")
    assert earlier is not None and earlier.percent_complete > 0
    assert f"Last report: {earlier.percent_complete}%" in texts
    assert "Same as the last report" in texts  # the health card found the team too
