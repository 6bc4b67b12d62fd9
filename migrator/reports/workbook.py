"""The status workbook: which sheets each audience gets, in what order, with one progress bar.

Executives get the one-page summary and the changes; a team gets every sheet filtered to its
own work; the full report is for the coordinator and the PMs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from openpyxl.packaging.custom import StringProperty

from migrator.domain.wording import date_text
from migrator.domain.workbook_marks import REPORT_CATEGORY, REPORT_PROPERTY
from migrator.reports import (
    changes_sheet,
    definitions,
    dependencies,
    raid_sheet,
    summary,
    timeline,
    workstreams,
)
from migrator.reports.book import ReportBook, clean_text
from migrator.reports.content import Audience, Progress, ReportContent
from migrator.reports.layout import Tick, scoped_changes

# Share of the progress bar kept for saving: openpyxl writes the file's XML at the end.
SAVING_SHARE = 0.1
_SMALLEST_STEP = 0.005  # progress moves at least this much between reports, to spare the window
_FIXED_ROWS = 60  # what a sheet costs beyond its rows (headings, set-up), in rows


@dataclass(frozen=True)
class SheetWriter:
    title: str
    write: Callable[[ReportBook, ReportContent, Tick], None]
    rows: Callable[[ReportContent], int]  # about how many rows it writes, to share the progress bar


def _scoped_workstreams(content: ReportContent) -> int:
    return sum(1 for w in content.state.workstreams if content.in_scope(w))


def _scoped_links(content: ReportContent) -> int:
    team = content.team
    links = content.state.links
    return len(links) if team is None else sum(team in (k.predecessor_team, k.successor_team) for k in links)


SUMMARY = SheetWriter(summary.TITLE, summary.write, lambda content: 0)
WORKSTREAMS = SheetWriter(workstreams.TITLE, workstreams.write, _scoped_workstreams)
DEPENDENCIES = SheetWriter(dependencies.TITLE, dependencies.write, _scoped_links)
RAID = SheetWriter(
    raid_sheet.TITLE, raid_sheet.write, lambda content: len(content.state.raid_for(content.team))
)
CHANGES = SheetWriter(changes_sheet.TITLE, changes_sheet.write, lambda content: len(scoped_changes(content)))
TIMELINE = SheetWriter(timeline.TITLE, timeline.write, _scoped_workstreams)
DEFINITIONS = SheetWriter(definitions.TITLE, definitions.write, lambda content: 0)

SHEETS: dict[Audience, tuple[SheetWriter, ...]] = {
    Audience.FULL: (SUMMARY, WORKSTREAMS, DEPENDENCIES, RAID, CHANGES, TIMELINE, DEFINITIONS),
    Audience.EXECUTIVE: (SUMMARY, CHANGES),
    Audience.TEAM: (SUMMARY, WORKSTREAMS, DEPENDENCIES, RAID, CHANGES, TIMELINE, DEFINITIONS),
}


def write_workbook(content: ReportContent, path: Path, progress: Progress | None = None) -> tuple[str, ...]:
    """Write the audience's workbook to ``path``; returns the titles of the sheets, in order."""
    if content.audience is Audience.TEAM and content.team is None:
        raise ValueError("A team report needs the team's code.")
    report = _ProgressShare(progress)
    sheets = SHEETS[content.audience]
    book = ReportBook()
    _set_properties(book, content)
    costs = [sheet.rows(content) + _FIXED_ROWS for sheet in sheets]
    total = sum(costs)
    done = 0
    try:
        for sheet, cost in zip(sheets, costs, strict=True):
            start, share = done / total * (1 - SAVING_SHARE), cost / total * (1 - SAVING_SHARE)
            message = f"Writing {sheet.title}…"
            report(start, message)
            sheet.write(book, content, report.within(start, share, message))
            done += cost
        report(1 - SAVING_SHARE, "Saving the workbook…")
        book.save(path)
    except BaseException:
        book.discard()
        raise
    report(1.0, "Workbook written")
    return tuple(sheet.title for sheet in sheets)


def _set_properties(book: ReportBook, content: ReportContent) -> None:
    """The file's own title and author, which file browsers and mail previews show, and the
    marks by which the plan import knows the workbook for a report if it is brought back."""
    state = content.state
    properties = book.workbook.properties
    # Document properties are XML too: the plan's text is cleaned as every cell's is.
    properties.title = clean_text(f"{state.migration} status {date_text(state.as_of)}")
    properties.creator = clean_text(content.generated_by)
    properties.lastModifiedBy = clean_text(content.generated_by)
    properties.created = properties.modified = content.generated_at.replace(tzinfo=None)
    properties.subject = clean_text(content.label) or None
    properties.description = f"{content.audience.value} report" + (
        f" for {content.team}" if content.team else ""
    )
    properties.category = REPORT_CATEGORY
    book.workbook.custom_doc_props.append(StringProperty(name=REPORT_PROPERTY, value=content.audience.value))


class _ProgressShare:
    """Passes progress on, never backwards and only in steps worth redrawing a bar for."""

    def __init__(self, progress: Progress | None) -> None:
        self._progress = progress
        self._last = -1.0
        self._message = ""

    def __call__(self, fraction: float, message: str) -> None:
        if self._progress is None:
            return
        fraction = min(1.0, max(fraction, self._last, 0.0))
        if message == self._message and fraction - self._last < _SMALLEST_STEP and fraction < 1.0:
            return
        self._last, self._message = fraction, message
        self._progress(fraction, message)

    def within(self, start: float, share: float, message: str) -> Tick:
        """A sheet's tick: its own 0 to 1 mapped onto its share of the bar."""

        def tick(fraction: float) -> None:
            self(start + share * fraction, message)

        return tick
