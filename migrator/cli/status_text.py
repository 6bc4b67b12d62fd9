"""The command line's words for status collection: what was sent, and the review of what came back."""

from __future__ import annotations

from migrator.domain.updates import (
    FieldUpdate,
    ReturnReview,
    Review,
    Verdict,
    request_date,
    value_text,
)


def review_lines(review: Review) -> list[str]:
    """The review grouped by team and file, then workstream: each changed field old → new, with its
    verdict; then the problems, one line each; then the counts."""
    lines: list[str] = []
    for returned in review.returns:
        if returned.refused:
            continue
        lines.extend(_return_lines(returned))
    problems = review.problems
    if problems:
        lines.append("Not applied:")
        lines.extend(f"  {problem.text}" for problem in problems)
    lines.append(summary_line(review))
    return lines


def _return_lines(returned: ReturnReview) -> list[str]:
    request = returned.request
    assert request is not None
    lines = [
        f"{request.team_name} — {returned.answered_by}, {returned.file_name} "
        f"(request of {request_date(request.as_of)})"
    ]
    shown = 0
    for row in returned.rows:
        changes = row.changes
        if not changes and row.comment is None:
            continue
        shown += 1
        lines.append(f"  {row.key} {row.title}")
        lines.extend(f"    {field_line(update)}" for update in changes)
        if row.comment is not None:
            lines.append(f"    Comment for the report: {value_text(row.comment.text)}")
    raid = [row for row in returned.raid_rows if row.changes or row.comment is not None]
    if raid:
        lines.append("  RAID items:")
    for row in raid:
        shown += 1
        kind = f" ({row.raid_type.value})" if row.raid_type is not None else ""
        lines.append(f"    {row.key}{kind} {row.title}")
        lines.extend(f"      {field_line(update)}" for update in row.changes)
        if row.comment is not None:
            lines.append(f"      Comment: {value_text(row.comment.text)}")
    if not shown:
        lines.append("  no changes: every row was left as sent")
    return lines


def field_line(update: FieldUpdate) -> str:
    """ "Progress: 20 % → 50 %  clean", or the conflict with who changed the plan's side and when."""
    change = f"{update.label}: {update.shown(update.sent)} → {update.shown(update.returned)}"
    if update.verdict is Verdict.CLEAN:
        return f"{change}  [clean update]"
    if update.verdict is Verdict.ALREADY:
        return f"{change}  [already in the plan]"
    who = ""
    if update.changed_by:
        when = f" on {request_date(update.changed_at.date())}" if update.changed_at else ""
        who = f", changed by {update.changed_by}{when}"
    return f"{change}  [CONFLICT: the plan now says {update.shown(update.current)}{who}]"


def summary_line(review: Review) -> str:
    updates = review.updates
    counts = {verdict: sum(1 for u in updates if u.verdict is verdict) for verdict in Verdict}
    files = len(review.returns)
    refused = sum(1 for r in review.returns if r.refused)
    said = (
        f"{files} file(s) collected ({refused} refused): {counts[Verdict.CLEAN]} clean update(s), "
        f"{counts[Verdict.CONFLICT]} conflict(s), {counts[Verdict.ALREADY]} already in the plan, "
        f"{len(review.comments)} comment(s), {len(review.problems)} line(s) not applied."
    )
    return said
