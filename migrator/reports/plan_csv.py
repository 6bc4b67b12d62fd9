"""The plan as a CSV in the columns ``import-plan`` reads: one row per workstream.

UTF-8 with a byte-order mark, so Excel opens it with its accents intact; dates as YYYY-MM-DD;
each predecessor as its key, with the link type and lag when not a plain finish-to-start
(``BNK-2``, ``OPS-7SS``, ``BNK-2FS+2``, ``FIN-4SF-1``).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from migrator.domain.model import Dependency, DependencyType, Workstream
from migrator.reports.plan_content import PlanContent
from migrator.reports.safe_file import AtomicFile

HEADERS: tuple[str, ...] = (
    "Key", "Title", "Team", "Owner", "Status", "Start", "Due", "Progress", "Milestone",
    "Depends on", "Description", "Actual start", "Actual finish", "Baseline start", "Baseline due",
)  # fmt: skip


def write_plan_csv(content: PlanContent, path: Path) -> None:
    """Write the plan to ``path`` as CSV (UTF-8 with BOM), all or nothing."""
    rows = plan_rows(content)
    with AtomicFile(path) as target:
        with target.temp.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADERS)
            writer.writerows(rows)
        target.commit()


def plan_rows(content: PlanContent) -> list[list[str]]:
    """Each workstream's cells in HEADERS order, as text."""
    incoming: dict[int, list[Dependency]] = {}
    for link in content.dependencies:
        incoming.setdefault(link.successor_id, []).append(link)
    rows = []
    for _team, work in content.by_team():
        for w in work:
            rows.append(_row(w, incoming.get(w.id, ())))
    return rows


def link_token(link: Dependency) -> str:
    """The predecessor as import-plan reads it: ``BNK-2``, ``OPS-7SS``, ``BNK-2FS+2``."""
    if link.lag:
        return f"{link.predecessor_key}{link.type.value}{link.lag:+d}"
    if link.type is DependencyType.FS:
        return link.predecessor_key
    return f"{link.predecessor_key}{link.type.value}"


def _row(w: Workstream, links: Sequence[Dependency]) -> list[str]:
    return [
        w.key,
        w.title,
        w.team_name,
        w.owner_name or "",
        w.status.label,
        _date(w.planned_start),
        _date(w.planned_due),
        str(w.progress),
        "yes" if w.is_milestone else "no",
        ", ".join(link_token(link) for link in links),
        w.description,
        _date(w.actual_start),
        _date(w.actual_finish),
        _date(w.baseline_start),
        _date(w.baseline_due),
    ]


def _date(day: date | None) -> str:
    return day.isoformat() if day is not None else ""
