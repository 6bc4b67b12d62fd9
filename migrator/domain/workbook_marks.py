"""The marks by which a workbook Migrator wrote is known again when it comes back.

The reports write them and the plan import reads them; both sit above the domain and neither may
import the other, so the names they share live here.
"""

from __future__ import annotations

# A custom document property of every status report (its value is the audience); Excel and
# LibreOffice keep custom properties when they save the workbook again.
REPORT_PROPERTY = "Migrator report"
# The report's category (a core property, kept by more programs than custom ones are).
REPORT_CATEGORY = "Migrator status report"
# A custom document property of the update workbooks sent to teams and returned by them.
UPDATE_REQUEST_PROPERTY = "migrator.request"

# The sheets of a full or team report, in order; an executive report has the summary and changes.
REPORT_SHEETS = ("Summary", "Workstreams", "Dependencies", "Changes", "Timeline", "Definitions")
EXECUTIVE_REPORT_SHEETS = ("Summary", "Changes")
# The document description an executive report carries ("full report", "team report for BNK").
EXECUTIVE_REPORT_DESCRIPTION = "executive report"

# The header row of a report's Workstreams sheet, and the end of a team's banner row below it
# ("Finance (FIN) · lead Henrik Lindqvist · 6 workstreams").
REPORT_WORKSTREAM_HEADERS = (
    "Key", "Team", "Workstream", "Owner", "Status", "Health", "Why", "Planned start", "Planned due",
    "Forecast finish", "Float (working days)", "Critical path", "Progress (%)", "Baseline due",
    "Vs baseline (working days)", "Last update",
)  # fmt: skip
BANNER_SEPARATOR = " · "


def banner_count_text(count: int) -> str:
    """The last part of a team's banner: how many workstreams it has."""
    return f"{count} workstream{'' if count == 1 else 's'}"
