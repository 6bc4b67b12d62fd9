"""What the timeline and the network share: ink colours, hover text, critical links, empty-state text."""

from __future__ import annotations

import html
import itertools
from datetime import date

from PySide6.QtGui import QColor

from migrator.analysis import PlanAnalysis
from migrator.domain.wording import date_text, working_days
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.document.plan_in_memory import Plan
from migrator.ui.palette import HEALTH_COLOUR

INK = QColor("#1F2933")
SOFT_INK = QColor("#3E4C59")  # secondary text: 9:1 on white and on the health tints
NO_ANALYSIS = QColor("#78909C")  # health unknown: before the first analysis, or work added since

NO_WORKSTREAMS = "This migration has no workstreams yet."
NONE_MATCH = "No workstream matches the filters."


def empty_text(document: PlanDocument) -> str:
    """Why a view shows no workstream."""
    return NONE_MATCH if document.plan.workstreams else NO_WORKSTREAMS


def critical_links(plan: Plan, analysis: PlanAnalysis | None) -> set[tuple[int, int]]:
    """(predecessor, successor) of each step of the critical path: its consecutive workstreams."""
    if analysis is None:
        return set()
    ids = {w.key: w.id for w in plan.workstreams.values()}
    path = [ids[key] for key in analysis.critical_path if key in ids]
    return set(itertools.pairwise(path))


def workstream_tooltip(document: PlanDocument, workstream_id: int) -> str:
    """Key, title, team, owner, status, planned dates, forecast, lateness, health, reasons: rich text."""
    w = document.plan.workstreams.get(workstream_id)
    if w is None:
        return ""

    def span(first: date | None, last: date | None) -> str:
        if w.is_milestone or first is None:
            return date_text(last) if last else "not set"
        return f"{date_text(first)} – {date_text(last)}" if last else date_text(first)

    lines = [
        f"<b>{html.escape(w.key)}</b> {html.escape(w.title)}",
        f"Team: {html.escape(w.team_name)}",
        f"Owner: {html.escape(w.owner_name or 'nobody yet')}",
        f"Status: {w.status.label}" + ("" if w.is_milestone else f", {w.progress}% done"),
        f"Planned: {span(w.planned_start, w.planned_due)}",
    ]
    if w.baseline_due:
        lines.append(f"Baseline: {span(w.baseline_start, w.baseline_due)}")
    analysis = document.analysis
    if analysis is None or workstream_id not in analysis.workstreams:
        lines.append("Forecast and health: not analysed yet")
        return "<br>".join(lines)
    result = analysis.workstreams[workstream_id]
    if result.forecast_finish:
        lines.append(f"Forecast: {span(result.forecast_start, result.forecast_finish)}")
    if result.days_late and result.days_late > 0:
        lines.append(f"Late by {working_days(result.days_late)}")
    if result.critical:
        lines.append("On the critical path")
    lines.append(f"<b style='color:{HEALTH_COLOUR[result.health]}'>Health: {result.health.label}</b>")
    reasons = "".join(f"<li>{html.escape(reason)}</li>" for reason in result.health_reasons)
    text = "<br>".join(lines)
    return text + f"<ul style='margin:0 0 0 -20px'>{reasons}</ul>" if reasons else text
