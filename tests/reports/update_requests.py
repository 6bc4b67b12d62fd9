"""A team's update request as the services would hand it to the writer: what the update
workbook tests write, edit as a team lead would, and read back."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from migrator.domain.model import Status
from migrator.domain.updates import RequestLine, RequestWorkbook, SentRow, UpdateRequest
from migrator.reports.update_workbook import write_update_workbook

SENT_AT = datetime(2027, 3, 3, 9, 15, tzinfo=UTC)
DUE = date(2027, 3, 10)
COORDINATOR = "Sam Keller"

BLOCKER = "Waiting for the vendor's test system"

# (id, key, status, progress, start, due, blocker note)
ROWS = (
    (12, "BNK-10", Status.IN_PROGRESS, 40, date(2027, 3, 1), date(2027, 4, 15), ""),
    (7, "BNK-2", Status.NOT_STARTED, 0, date(2027, 3, 15), date(2027, 5, 31), ""),
    (9, "BNK-3", Status.BLOCKED, 20, date(2027, 2, 1), date(2027, 3, 31), BLOCKER),
    (15, "BNK-11", Status.IN_PROGRESS, 75, None, None, ""),
)  # fmt: skip


def sent_rows() -> tuple[SentRow, ...]:
    return tuple(
        SentRow(ident, key, 4, status, progress, start, due, note)
        for ident, key, status, progress, start, due, note in ROWS
    )


def request_workbook(
    rows: tuple[SentRow, ...] | None = None,
    *,
    due: date | None = DUE,
    message: str = "",
    team: str = "Banking & Payments",
) -> RequestWorkbook:
    rows = sent_rows() if rows is None else rows
    request = UpdateRequest(
        id=3,
        token="req-5f2c9a",
        plan_identity="plan-8d41e7",
        team_id=2,
        team_code="BNK",
        team_name=team,
        recipient="Lena Ortiz",
        recipient_email="lena.ortiz@example.com",
        sent_at=SENT_AT,
        sent_by=COORDINATOR,
        as_of=date(2027, 3, 1),
        due=due,
        message=message,
        rows=rows,
    )
    lines = tuple(
        RequestLine(
            sent=row,
            title=f"Move the {row.key} payment flows to the new core",
            owner="Lena Ortiz",
            forecast_finish=row.planned_due,
            waits_on="CORE-3 Core ledger cut-over (Core Banking)" if row.key == "BNK-2" else "",
            waited_on_by="OPS-4 Run book (Operations)",
        )
        for row in rows
    )
    return RequestWorkbook(request=request, plan_name="Bank merger 2027", lines=lines)


def written(folder: Path, workbook: RequestWorkbook | None = None, name: str = "Banking.xlsx") -> Path:
    """The request's workbook written into ``folder``."""
    path = folder / name
    write_update_workbook(path, workbook or request_workbook(), coordinator=COORDINATOR)
    return path
