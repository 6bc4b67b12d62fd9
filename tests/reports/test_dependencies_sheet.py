"""The Dependencies sheet as a squad reads it: the demo's ledger, written alone and read back."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from migrator.analysis.ledger import LinkState
from migrator.reports import dependencies
from migrator.reports.book import BAND_FILL, DATE_FORMAT, HEALTH_COLOURS, ReportBook
from migrator.reports.content import Audience, ReportContent
from tests.reports.conftest import DemoReports

HEADERS = [column.header for column in dependencies.LEDGER]
PROVIDER, PROVIDER_TEAM, PROVIDER_TITLE, FORECAST, CONSUMER, CONSUMER_TEAM, CONSUMER_TITLE = range(7)
NEEDED_BY, STATE, TYPE, LAG, SLACK = range(7, 12)


def written(content: ReportContent, folder: Path) -> Worksheet:
    """The sheet written alone into a workbook, saved and opened again."""
    book = ReportBook()
    dependencies.write(book, content, lambda fraction: None)
    book.save(folder / "dependencies.xlsx")
    found: Worksheet = load_workbook(folder / "dependencies.xlsx")[dependencies.TITLE]
    return found


def rows_of(ws: Worksheet) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The band rows' texts and the link rows, in sheet order."""
    bands: list[str] = []
    links: list[tuple[Any, ...]] = []
    for row in ws.iter_rows(min_row=2):
        if str(row[0].fill.fgColor.rgb).endswith(BAND_FILL):
            bands.append(next(cell.value for cell in row if cell.value))
        else:
            links.append(row)
    return bands, links


def state_colours(ws: Worksheet, column: str) -> dict[str, tuple[str, str]]:
    """Each state label's (fill, text) colours from the conditional formatting on its column."""
    found = {}
    for cf in ws.conditional_formatting:
        if str(cf.sqref) == f"{column}2:{column}{ws.max_row}":
            for rule in cf.rules:
                if rule.type == "cellIs":
                    found[rule.formula[0].strip('"')] = (
                        rule.dxf.fill.bgColor.rgb[-6:],
                        rule.dxf.font.color.rgb[-6:],
                    )
    return found


@pytest.fixture(scope="module")
def sheet(demo_reports: DemoReports, tmp_path_factory: pytest.TempPathFactory) -> Worksheet:
    return written(demo_reports.content, tmp_path_factory.mktemp("dependencies"))


def test_the_header_row_names_provider_then_consumer(sheet: Worksheet) -> None:
    assert [cell.value for cell in sheet[1]] == HEADERS


def test_every_link_appears_once_in_the_ledgers_order(sheet: Worksheet, demo_reports: DemoReports) -> None:
    _, rows = rows_of(sheet)
    links = demo_reports.current.links
    assert [(row[PROVIDER].value, row[CONSUMER].value) for row in rows] == [
        (link.predecessor, link.successor) for link in links
    ]
    assert len(rows) == 119


def test_each_link_shows_both_ends_dates_slack_and_state(sheet: Worksheet, demo_reports: DemoReports) -> None:
    _, rows = rows_of(sheet)
    titles = {w.key: w.title for w in demo_reports.current.workstreams}
    for row, link in zip(rows, demo_reports.current.links, strict=True):
        assert (row[PROVIDER_TEAM].value, row[CONSUMER_TEAM].value) == (
            link.predecessor_team,
            link.successor_team,
        )
        assert row[PROVIDER_TITLE].value == titles[link.predecessor]
        assert row[CONSUMER_TITLE].value == titles[link.successor]
        assert _day(row[FORECAST].value) == link.provider_forecast
        assert _day(row[NEEDED_BY].value) == link.needed_by
        assert (row[TYPE].value, row[LAG].value, row[SLACK].value) == (link.type, link.lag, link.slack)
        assert row[STATE].value == dependencies.STATE_LABELS[link.state]
    violated = next(row for row in rows if row[STATE].value == "Violated")
    assert (
        violated[FORECAST].number_format == DATE_FORMAT and violated[NEEDED_BY].number_format == DATE_FORMAT
    )


def test_cross_team_links_come_first_and_the_worst_lead_each_band(sheet: Worksheet) -> None:
    bands, rows = rows_of(sheet)
    assert [band.split(" · ")[0] for band in bands] == ["Cross-team links", "Within-team links"]
    # 14 at risk: BNK-7, started this week before BNK-3 finished, is amber (issue 14)
    assert bands[0] == "Cross-team links · 70 · 1 violated · 14 at risk"
    crossing = [row[PROVIDER_TEAM].value != row[CONSUMER_TEAM].value for row in rows]
    assert crossing == sorted(
        crossing, reverse=True
    )  # every cross-team link before the first within-team one
    states = [row[STATE].value for row in rows if row[PROVIDER_TEAM].value != row[CONSUMER_TEAM].value]
    assert states[0] == "Violated" and states.index("At risk") < states.index("OK") < states.index(
        "Delivered"
    )


def test_states_are_coloured_worst_in_red(sheet: Worksheet) -> None:
    colours = state_colours(sheet, "I")
    assert colours["Violated"] == HEALTH_COLOURS["red"]
    assert colours["At risk"] == HEALTH_COLOURS["amber"]
    assert colours["OK"] == HEALTH_COLOURS["green"]
    assert colours["Delivered"] == HEALTH_COLOURS["done"]
    assert colours["Cancelled"] == HEALTH_COLOURS["cancelled"]
    blocked = colours["Provider blocked"]
    assert blocked not in (HEALTH_COLOURS["amber"], HEALTH_COLOURS["green"])  # orange: between red and amber
    slack_rules = [
        rule for cf in sheet.conditional_formatting if str(cf.sqref).startswith("L2:") for rule in cf.rules
    ]
    assert [rule.formula for rule in slack_rules] == [["AND(ISNUMBER(L2),L2<0)"]]  # late links in red


def test_the_table_filters_and_freezes_its_header(sheet: Worksheet) -> None:
    assert sheet.auto_filter.ref == f"A1:L{sheet.max_row}"
    assert sheet.freeze_panes == "B2"
    assert sheet.print_title_rows.replace("$", "") == "1:1"


def test_a_team_sees_only_what_it_gives_and_receives(demo_reports: DemoReports, tmp_path: Path) -> None:
    ws = written(demo_reports.for_audience(Audience.TEAM, "OPS"), tmp_path)
    assert [cell.value for cell in ws[1]] == ["Direction", *HEADERS]
    _, rows = rows_of(ws)
    mine = [
        link for link in demo_reports.current.links if "OPS" in (link.predecessor_team, link.successor_team)
    ]
    assert [(row[1 + PROVIDER].value, row[1 + CONSUMER].value) for row in rows] == [
        (link.predecessor, link.successor) for link in mine
    ]
    for row, link in zip(rows, mine, strict=True):
        assert row[0].value == _direction(link, "OPS")
    assert {row[0].value for row in rows} == {"Gives", "Receives", "Within team"}
    assert ws.freeze_panes == "C2" and ws.auto_filter.ref == f"A1:M{ws.max_row}"


def _direction(link: LinkState, team: str) -> str:
    if link.predecessor_team == link.successor_team:
        return "Within team"
    return "Gives" if link.predecessor_team == team else "Receives"


def _day(value: Any) -> date | None:
    return value.date() if isinstance(value, datetime) else value
