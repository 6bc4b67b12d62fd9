"""The analysis as the command line shows it: a JSON contract other tools read, and a summary."""

from __future__ import annotations

from datetime import date
from typing import Any

from migrator.analysis.collector import collector_paused
from migrator.analysis.engine import PlanAnalysis
from migrator.analysis.results import (
    DecisionImpact,
    HealthLevel,
    MovedWorkstream,
    SlipImpact,
    WorkstreamAnalysis,
)
from migrator.domain.model import Workstream
from migrator.domain.wording import day_text, working_days


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def analysis_json(analysis: PlanAnalysis) -> dict[str, Any]:
    """The ``migrator analyze --json`` object; its keys are a contract, change them with care."""
    with collector_paused():  # 20,000 results and rows: 300,000 small objects and no cycles
        rows = [_workstream_json(w, analysis.workstreams[w.id]) for w in analysis.plan_workstreams]
    return {
        "migration": analysis.migration_name,
        "as_of": analysis.as_of.isoformat(),
        "target_date": _iso(analysis.target_date),
        "projected_finish": _iso(analysis.projected_finish),
        "slip_days": analysis.slip_days,
        "overall_health": analysis.overall_health.value,
        "critical_path": list(analysis.critical_path),
        "workstreams": rows,
        "conflicts": [
            {
                "predecessor": c.predecessor,
                "successor": c.successor,
                "type": c.type,
                "lag": c.lag,
                "violation_days": c.violation_days,
            }
            for c in analysis.conflicts
        ],
        "teams": [
            {"team": t.team, "health": t.health.value, "counts": {h.value: t.counts[h] for h in HealthLevel}}
            for t in analysis.teams
        ],
        "raid_reasons": [
            {
                "item": r.item_key,
                "type": r.item_type,
                "workstream": r.workstream_key,
                "health": r.health.value,
                "reason": r.text,
            }
            for r in analysis.raid_reasons()
        ],
    }


def _workstream_json(w: Workstream, found: WorkstreamAnalysis) -> dict[str, Any]:
    return {
        "key": w.key,
        "title": w.title,
        "team": w.team_name,
        "status": w.status.value,
        "milestone": w.is_milestone,
        "forecast_start": _iso(found.forecast_start),
        "forecast_finish": _iso(found.forecast_finish),
        "latest_finish": _iso(found.latest_finish),
        "total_float": found.total_float,
        "critical": found.critical,
        "health": found.health.value,
        "health_reasons": list(found.health_reasons),
        "override": found.override,
    }


def impact_json(impact: SlipImpact) -> dict[str, Any]:
    """The ``migrator impact --json`` object."""
    return {
        "key": impact.key,
        "slip_days": impact.slip_days,
        "projected_finish_before": _iso(impact.projected_finish_before),
        "projected_finish_after": _iso(impact.projected_finish_after),
        "moved": _moved_json(impact.moved),
        "teams": list(impact.teams),
        "waiting": [
            {
                "key": w.key,
                "team": w.team,
                "predecessor": w.predecessor,
                "type": w.link_type,
                "waits_until": w.waits_until.isoformat(),
            }
            for w in impact.waiting
        ],
    }


def decision_impact_json(impact: DecisionImpact) -> dict[str, Any]:
    """The ``migrator impact --decision D-4 --days N --json`` object."""
    return {
        "decision": impact.key,
        "title": impact.title,
        "owner": impact.owner,
        "needed_by": impact.needed_by.isoformat(),
        "late_days": impact.late_days,
        "decided_on": impact.decided_on.isoformat(),
        "gated": list(impact.gated),
        "projected_finish_before": _iso(impact.projected_finish_before),
        "projected_finish_after": _iso(impact.projected_finish_after),
        "go_live_shift": impact.go_live_shift,
        "moved": _moved_json(impact.moved),
        "teams": list(impact.teams),
    }


def _moved_json(moved: tuple[MovedWorkstream, ...]) -> list[dict[str, Any]]:
    return [
        {
            "key": m.key,
            "team": m.team,
            "forecast_finish_before": m.forecast_finish_before.isoformat(),
            "forecast_finish_after": m.forecast_finish_after.isoformat(),
        }
        for m in moved
    ]


def go_live_line(analysis: PlanAnalysis) -> str:
    """ "Projected go-live Wed 31 Mar 2027: 5 working days after the target Wed 24 Mar 2027"."""
    if analysis.projected_finish is None:
        return "Projected go-live: no open work is planned"
    if analysis.went_live:
        return f"Went live {day_text(analysis.projected_finish)} ({analysis.go_live_key})"
    text = f"Projected go-live {day_text(analysis.projected_finish)}"
    if analysis.go_live_key:
        text += f" ({analysis.go_live_key})"
    if analysis.target_date is None:
        return text + "; no target date is set"
    slip = analysis.slip_days
    if slip == 0:
        return text + f": on the target {day_text(analysis.target_date)}"
    side = "after" if slip > 0 else "before"
    return text + f": {working_days(slip)} {side} the target {day_text(analysis.target_date)}"


def summary_lines(analysis: PlanAnalysis) -> list[str]:
    """What ``migrator analyze`` prints: go-live, critical path, red items, conflicts, teams."""
    titles = {w.key: w for w in analysis.plan_workstreams}
    lines = [
        f"{analysis.migration_name}, as of {day_text(analysis.as_of)}",
        f"  {go_live_line(analysis)}",
        f"  Overall health: {analysis.overall_health.value}",
        "",
        "Critical path" + (f" ({_items(len(analysis.critical_path))})" if analysis.critical_path else ""),
    ]
    if analysis.critical_path:
        for key in analysis.critical_path:
            found = analysis.workstream(key)
            w = titles[key]
            finish = day_text(found.forecast_finish) if found.forecast_finish else "—"
            lines.append(f"  {key:<10} {finish:<16} {w.title} ({w.team_name})")
    else:
        lines.append("  none: nothing open leads to go-live")
    red = [a for a in analysis.workstreams.values() if a.health == HealthLevel.RED]
    lines += ["", f"Red items ({len(red)})"]
    for found in red:
        w = titles[found.key]
        lines.append(f"  {found.key} {w.title} ({w.team_name})")
        lines += [f"    - {reason}" for reason in found.health_reasons]
    if not red:
        lines.append("  none")
    lines += _raid_lines(analysis)
    lines += ["", f"Dependency conflicts ({len(analysis.conflicts)})"]
    lines += [f"  - {c.message}" for c in analysis.conflicts] or ["  none"]
    lines += ["", "Teams"]
    width = max((len(t.team) for t in analysis.teams), default=4)
    lines.append(f"  {'Team':<{width}}  {'health':<7}  red  amber  green  done")
    for t in analysis.teams:
        counts = t.counts
        lines.append(
            f"  {t.team:<{width}}  {t.health.value:<7}  {counts[HealthLevel.RED]:>3}  "
            f"{counts[HealthLevel.AMBER]:>5}  {counts[HealthLevel.GREEN]:>5}  {counts[HealthLevel.DONE]:>4}"
        )
    return lines


def _raid_lines(analysis: PlanAnalysis) -> list[str]:
    """What the RAID log holds back, when it holds anything: each item on each workstream, the
    first ``_RAID_LINES`` of them (``--json`` lists every one)."""
    reasons = analysis.raid_reasons()
    if not reasons:
        return []
    lines = ["", f"Held back by the RAID log ({len(reasons)})"]
    for r in reasons[:_RAID_LINES]:
        lines.append(f"  {r.workstream_key} ({r.health.value}): {r.text}")
    if len(reasons) > _RAID_LINES:
        lines.append(f"  … and {len(reasons) - _RAID_LINES} more (migrator analyze --json lists them all)")
    return lines


_RAID_LINES = 20


def decision_impact_lines(impact: DecisionImpact, analysis: PlanAnalysis) -> list[str]:
    """What ``migrator impact --decision`` prints."""
    found = {w.key: w for w in analysis.plan_workstreams}
    owner = f"owner {impact.owner}" if impact.owner else "no owner"
    lines = [
        f"If decision {impact.key} '{impact.title}' ({owner}), needed by {day_text(impact.needed_by)}, "
        f"comes {working_days(impact.late_days)} late, on {day_text(impact.decided_on)}:"
    ]
    if not impact.gated:
        lines.append("  it gates no work that has yet to start.")
    else:
        lines.append(f"  it gates {', '.join(impact.gated)}")
    if not impact.moved:
        lines.append("  nothing moves.")
    else:
        teams = f"{len(impact.teams)} team{'s' if len(impact.teams) != 1 else ''}"
        verb = "moves" if len(impact.moved) == 1 else "move"
        lines.append(f"  {_items(len(impact.moved))} {verb}, across {teams}: {', '.join(impact.teams)}")
    before, after = impact.projected_finish_before, impact.projected_finish_after
    if before and after:
        if impact.go_live_shift:
            shift = f"{'+' if impact.go_live_shift > 0 else '−'}{working_days(impact.go_live_shift)}"
            lines.append(f"  projected go-live {day_text(before)} → {day_text(after)} ({shift})")
        else:
            lines.append(f"  projected go-live holds at {day_text(before)}")
    if impact.moved:
        lines.append("")
    for m in impact.moved:
        before_text, after_text = day_text(m.forecast_finish_before), day_text(m.forecast_finish_after)
        lines.append(f"  {m.key:<10} {before_text:<16} → {after_text:<16} {found[m.key].title} ({m.team})")
    return lines


def impact_lines(impact: SlipImpact, analysis: PlanAnalysis) -> list[str]:
    """What ``migrator impact`` prints."""
    found = {w.key: w for w in analysis.plan_workstreams}
    slipped = found[impact.key]
    verb = "is reached" if slipped.is_milestone else "finishes"
    lines = [f"If {impact.key} {verb} {working_days(impact.slip_days)} later:"]
    others = [m for m in impact.moved if m.key != impact.key]
    if not others:
        lines.append("  nothing else moves.")
    else:
        teams = f"{len(impact.teams)} team{'s' if len(impact.teams) != 1 else ''}"
        verb = "moves" if len(others) == 1 else "move"
        lines.append(f"  {_items(len(others))} downstream {verb}, across {teams}: {', '.join(impact.teams)}")
    before, after = impact.projected_finish_before, impact.projected_finish_after
    if before and after:
        if impact.go_live_shift:
            shift = f"{'+' if impact.go_live_shift > 0 else '−'}{working_days(impact.go_live_shift)}"
            lines.append(f"  projected go-live {day_text(before)} → {day_text(after)} ({shift})")
        else:
            lines.append(f"  projected go-live holds at {day_text(before)}")
    if impact.moved:
        lines.append("")
    for m in impact.moved:
        before_text, after_text = day_text(m.forecast_finish_before), day_text(m.forecast_finish_after)
        title = found[m.key].title
        lines.append(f"  {m.key:<10} {before_text:<16} → {after_text:<16} {title} ({m.team})")
    if impact.waiting:
        lines += ["", "  Started early, left waiting longer:"]
    for w in impact.waiting:
        title = found[w.key].title
        lines.append(
            f"  {w.key:<10} waits on {w.predecessor} ({w.link_type}) until {day_text(w.waits_until)}: "
            f"{title} ({w.team})"
        )
    return lines


def _items(count: int) -> str:
    return f"{count} item{'' if count == 1 else 's'}"
