"""The layout of an update workbook: what the writer puts where and the reader looks for.

One module for both sides, so a request written today is read back the same way. Rows are
matched by the workstream id in the hidden "Row id" column and the very hidden sheet, never
by row order; the plan's own record of the request is what a return is compared with.
"""

from __future__ import annotations

FORMAT = 2  # raised when the layout changes in a way older readers cannot follow
# A workbook without RAID items is written as layout 1, exactly as before; one with RAID items is
# layout 2, which a reader of layout 1 refuses ("made by a newer Migrator") rather than silently
# leaving the RAID answers out.
FORMAT_WITHOUT_RAID = 1

UPDATES_SHEET = "Updates"
HELP_SHEET = "How to fill this in"
HIDDEN_SHEET = "migrator"  # very hidden: not even listed under Unhide

# Custom document properties (File → Properties → Custom in Excel and LibreOffice).
PROPERTY_FORMAT = "migrator.format"
PROPERTY_REQUEST = "migrator.request"  # the request's token
PROPERTY_PLAN = "migrator.plan"  # the plan's identity
PROPERTY_TEAM = "migrator.team"  # the team's code
PROPERTY_SENT = "migrator.sent"  # when the request was sent, ISO 8601 UTC

# The Updates sheet: a title row, a line saying what is asked, a blank row, then the headings.
HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
CONTEXT_COLUMNS = (
    "Key", "Workstream", "Owner", "Status now", "Start", "Due", "Forecast finish", "Waits on", "Waited on by",
)  # fmt: skip
# The columns a team fills, each with the update field it answers (None: the comment).
FILL_COLUMNS = (
    ("New status", "status"),
    ("Progress %", "progress"),
    ("New start", "planned_start"),
    ("New due", "planned_due"),
    ("Blocker note", "blocker_note"),
    ("Comment for the report", None),
)
ID_COLUMN = "Row id"  # hidden and locked: the workstream's id
HEADINGS = (*CONTEXT_COLUMNS, *(heading for heading, _ in FILL_COLUMNS), ID_COLUMN)

# The very hidden sheet: "name, value" pairs from A1, then from HIDDEN_TABLE_ROW the rows sent.
HIDDEN_PAIRS = ("format", "request", "plan", "team", "sent")
HIDDEN_TABLE_ROW = len(HIDDEN_PAIRS) + 2
HIDDEN_COLUMNS = (
    "workstream id", "key", "version", "status", "progress", "planned start", "planned due", "blocker note",
)  # fmt: skip

# The RAID items sheet: the open RAID items the team owns, laid out as the Updates sheet (a title
# row, a line saying what is asked, a blank row, the headings). A workbook without RAID items has
# no such sheet and no hidden RAID table, and reads as before: layout 1 still describes it.
RAID_SHEET = "RAID items"
RAID_CONTEXT_COLUMNS = ("Key", "Type", "Item", "Owner", "Score / needed by", "Linked work", "Status now")
# The columns a team fills, each with the RAID field it answers (None: the comment).
RAID_FILL_COLUMNS = (
    ("New status", "status"),
    ("Probability (1-5)", "probability"),
    ("Impact (1-5)", "impact"),
    ("Actions", "actions"),
    ("Decision outcome", "outcome"),
    ("Comment", None),
)
RAID_ID_COLUMN = "Item id"  # hidden and locked: the RAID item's id
RAID_HEADINGS = (*RAID_CONTEXT_COLUMNS, *(heading for heading, _ in RAID_FILL_COLUMNS), RAID_ID_COLUMN)
# The very hidden sheet (layout 2): after the rows sent, a blank row, then this heading and one row
# per RAID item sent.
HIDDEN_RAID_COLUMNS = (
    "raid item id", "key", "type", "version", "status", "probability", "impact", "actions", "outcome",
)  # fmt: skip
