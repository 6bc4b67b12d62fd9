"""Files Migrator wrote that are not plans: status reports and the update workbooks teams return.

Imported as plans they would corrupt the plan (a team's banner row becomes a workstream, a
milestone's "◆ " becomes part of its title, progress and comments are lost), so the reader
recognises them before any row is used and says what to do with them instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from migrator.domain.workbook_marks import (
    EXECUTIVE_REPORT_DESCRIPTION,
    EXECUTIVE_REPORT_SHEETS,
    REPORT_CATEGORY,
    REPORT_PROPERTY,
    REPORT_SHEETS,
    REPORT_WORKSTREAM_HEADERS,
    UPDATE_REQUEST_PROPERTY,
)

REPORT_ADVICE = (
    "To bring status back from teams, send them update requests (migrator request-updates, or "
    "File → Request updates…) and collect the answers (migrator collect-updates)."
)
# The end of a team's banner row: "… · 6 workstreams" (the dot may not survive a CSV's encoding).
_BANNER_END = re.compile(r"\s\S\s+\d+ workstreams?$")


def _key(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def workbook_refusal(
    file_name: str,
    sheet_names: Sequence[str],
    custom_properties: Iterable[str],
    category: str | None,
    description: str | None,
) -> str | None:
    """Why the workbook is not imported as a plan, or None when it may be one.

    A report is known by the marks it carries since they were added, and one written before
    them by its sheets: all six of a full or team report, or an executive report's two with its
    description. A plan that merely has a sheet called "Summary" is not a report."""
    names = set(custom_properties)
    if UPDATE_REQUEST_PROPERTY in names:
        return (
            f"{file_name} is an update workbook returned by a team; collect it with migrator "
            "collect-updates (or File → Collect updates…), not import-plan."
        )
    sheets = [_key(name) for name in sheet_names]
    full_layout = {_key(name) for name in REPORT_SHEETS} <= set(sheets)
    executive_sheets = sheets == [_key(name) for name in EXECUTIVE_REPORT_SHEETS]
    executive_layout = executive_sheets and _key(description) == _key(EXECUTIVE_REPORT_DESCRIPTION)
    marked = REPORT_PROPERTY in names or _key(category) == _key(REPORT_CATEGORY)
    if not (marked or full_layout or executive_layout):
        return None
    if _key(REPORT_SHEETS[1]) in sheets:
        reason = "importing it would turn its banner rows into workstreams"
    else:
        reason = "it holds no plan to import"
    return f"{file_name} is a Migrator status report, not a plan: {reason}. {REPORT_ADVICE}"


def sheet_refusal(file_name: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> str | None:
    """Why a table is not imported as a plan: it is a report's Workstreams sheet, saved on its
    own (as a CSV file, say), known by the report's columns and a team's banner row below them."""
    positions = {_key(text): index for index, text in enumerate(header)}
    if any(_key(name) not in positions for name in REPORT_WORKSTREAM_HEADERS):
        return None
    key, team, title = (positions[_key(name)] for name in REPORT_WORKSTREAM_HEADERS[:3])

    def cell(row: Sequence[object], index: int) -> str:
        value = row[index] if index < len(row) else None
        return value.strip() if isinstance(value, str) else ""

    for row in rows:
        if not cell(row, key) and cell(row, team) and _BANNER_END.search(cell(row, title)):
            return (
                f"{file_name} is the Workstreams sheet of a Migrator status report, not a plan: "
                f"importing it would turn its banner rows into workstreams. {REPORT_ADVICE}"
            )
    return None
