"""The Dependencies sheet: the ledger of what each team waits for from another, worst first.

Each link says when the provider is forecast to deliver, by when the consumer needs it and
the slack between the two, so a squad sees at a glance which hand-overs put its plan at risk.
Cross-team links come first, under their own band, then the links within a team under theirs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from migrator.analysis.ledger import LinkHealth, LinkState
from migrator.reports.book import HEALTH_COLOURS, Column, ReportBook
from migrator.reports.content import ReportContent
from migrator.reports.sheet_parts import (
    STYLES,
    RowStream,
    band_row,
    colour_labels,
    column_range,
    flag_when,
    header_row,
    line_count,
    table_setup,
)

TITLE = "Dependencies"
HEADER_HEIGHT = 40  # points: three lines, for the headers that name their unit

STATE_LABELS = {state: state.label for state in LinkHealth}  # looked up per row: 40,000 rows
STATE_COLOURS = {  # (fill, text): the health palette, with orange between red and amber
    STATE_LABELS[LinkHealth.VIOLATED]: HEALTH_COLOURS["red"],
    STATE_LABELS[LinkHealth.PROVIDER_BLOCKED]: ("F8D0B0", "8A3B00"),
    STATE_LABELS[LinkHealth.AT_RISK]: HEALTH_COLOURS["amber"],
    STATE_LABELS[LinkHealth.OK]: HEALTH_COLOURS["green"],
    STATE_LABELS[LinkHealth.DELIVERED]: HEALTH_COLOURS["done"],
    STATE_LABELS[LinkHealth.CANCELLED]: HEALTH_COLOURS["cancelled"],
}
GIVES, RECEIVES, WITHIN_TEAM = "Gives", "Receives", "Within team"

DIRECTION = Column("Direction", 11)
LEDGER = (
    Column("Provider", 9),
    Column("Provider team", 9),
    Column("Provider workstream", 36),
    Column("Provider forecast", 12.5),
    Column("Consumer", 9),
    Column("Consumer team", 9),
    Column("Consumer workstream", 36),
    Column("Needed by", 12.5),
    Column("State", 16),  # its coloured block also keeps the dates apart from the numbers
    Column("Type", 6),
    Column("Lag (working days)", 8),
    Column("Slack (working days)", 8),
)
# 0-based places in the ledger's columns (the team's sheet has its direction before them).
PROVIDER_TITLE, STATE, SLACK = 2, 8, 11


def write(book: ReportBook, content: ReportContent, tick: Callable[[float], None]) -> None:
    """Write the ledger: a band for the cross-team links, one for the links within a team."""
    book.define_styles(STYLES)
    team = content.team
    links = content.state.links
    if team is not None:
        links = tuple(link for link in links if team in (link.predecessor_team, link.successor_team))
    cross = [link for link in links if link.cross_team]
    within = [link for link in links if not link.cross_team]
    sections = [(name, found) for name, found in (("Cross-team", cross), ("Within-team", within)) if found]
    columns = (DIRECTION, *LEDGER) if team is not None else LEDGER
    first = len(columns) - len(LEDGER)  # the ledger's first column, 0-based
    last_row = 1 + len(sections) + len(links)

    ws = book.sheet(TITLE, columns, landscape=True, fit_width=True)
    freeze = f"{get_column_letter(first + 2)}2"  # headers and the provider's key stay in view
    table_setup(ws, header_rows=1, columns=len(columns), last_row=last_row, freeze=freeze)
    _add_colours(ws, first, last_row)

    # Two bands need no outline to fold them, and it costs a row attribute on each of 40,000 rows.
    stream = RowStream(ws, tick, len(links), grouped=False)
    header_row(book, stream, columns, height=HEADER_HEIGHT)
    cell = book.cell
    titles = {w.key: w.title for w in content.state.workstreams}
    title_lines: dict[str, int] = {}  # by key: a workstream is in many links
    width = LEDGER[PROVIDER_TITLE].width
    for name, found in sections:
        stream.append(band_row(book, ws, len(columns), {first + PROVIDER_TITLE: _band_text(name, found)}))
        for link in found:
            provider, consumer = titles.get(link.predecessor, ""), titles.get(link.successor, "")
            row = [
                link.predecessor,
                link.predecessor_team,
                cell(ws, provider, "wrap") if provider else None,
                None if link.provider_forecast is None else cell(ws, link.provider_forecast, "date_centre"),
                link.successor,
                link.successor_team,
                cell(ws, consumer, "wrap") if consumer else None,
                None if link.needed_by is None else cell(ws, link.needed_by, "date_centre"),
                STATE_LABELS[link.state],
                link.type,
                link.lag,
                link.slack,
            ]
            if team is not None:
                row.insert(0, _direction(link, team))
            lines = max(
                _lines(title_lines, link.predecessor, provider, width),
                _lines(title_lines, link.successor, consumer, width),
            )
            stream.detail(row, lines)
    stream.done()


def _lines(known: dict[str, int], key: str, title: str, width: float) -> int:
    """The title's line count, worked out once per workstream."""
    found = known.get(key)
    if found is None:
        found = known[key] = line_count(title, width)
    return found


def _direction(link: LinkState, team: str) -> str:
    """What the link means to the team the report is for."""
    if not link.cross_team:
        return WITHIN_TEAM
    return GIVES if link.predecessor_team == team else RECEIVES


def _band_text(name: str, links: Sequence[LinkState]) -> str:
    """``Cross-team links · 34 · 1 violated · 12 at risk``: the count and what needs attention."""
    counts = Counter(link.state for link in links)
    worrying = (LinkHealth.VIOLATED, LinkHealth.PROVIDER_BLOCKED, LinkHealth.AT_RISK)
    parts = [f"{name} links", str(len(links))]
    parts += [f"{counts[state]} {state.value}" for state in worrying if counts[state]]
    return " · ".join(parts)


def _add_colours(ws: WriteOnlyWorksheet, first: int, last_row: int) -> None:
    """The state in its colour; negative slack in red."""
    colour_labels(ws, column_range(first + STATE + 1, 2, last_row), STATE_COLOURS)
    slack = get_column_letter(first + SLACK + 1)
    flag_when(ws, column_range(first + SLACK + 1, 2, last_row), f"AND(ISNUMBER({slack}2),{slack}2<0)")
