"""The Definitions sheet: what every colour, status, column and figure in the workbook means.

A reader who never opens Migrator has only this sheet to learn why something is amber, so
the health rules are worded with the thresholds this report actually used.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from migrator.analysis.ledger import LinkHealth
from migrator.analysis.results import HealthLevel
from migrator.domain.model import HealthThresholds, Status
from migrator.domain.raid import RiskBands
from migrator.reports.book import DATE_FORMAT, DATE_TIME_FORMAT, Column, ReportBook
from migrator.reports.content import ReportContent
from migrator.reports.layout import (
    SheetCursor,
    Span,
    Tick,
    compared_with,
    health_style,
    scope_name,
    style,
)

TITLE = "Definitions"
COLUMNS = (Column("Term", 24, "bold"), Column("Meaning", 84, "wrap"))
WIDTHS = tuple(column.width for column in COLUMNS)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# The facts' dates sit left, under the text around them, rather than right as in a table.
STYLES = {
    "term": style(bold=True, wrap=True),
    "fact_date": style(number_format=DATE_FORMAT),
    "fact_moment": style(number_format=DATE_TIME_FORMAT),
}

Entry = tuple[str, object]  # a term and its meaning (text, a date or a moment)


def write(book: ReportBook, content: ReportContent, tick: Tick) -> None:
    book.define_styles(STYLES)
    ws = book.sheet(TITLE, COLUMNS, landscape=False, fit_width=True)
    cursor = SheetCursor(book, ws, WIDTHS)
    cursor.write([Span("Definitions", "title", 2)], height=24)
    cursor.write(
        [Span("What the colours, columns and figures of this report mean.", "subtitle", 2)], height=16
    )
    thresholds = content.state.thresholds
    _health(cursor, thresholds)
    tick(0.3)
    _section(cursor, "Statuses", status_entries())
    _section(cursor, "Dependencies", dependency_entries())
    _section(cursor, "The dependency ledger (Dependencies sheet)", ledger_entries())
    _section(cursor, "The RAID log (RAID sheet)", raid_entries(content.state.risk_bands))
    tick(0.6)
    _section(cursor, "Figures", figure_entries(thresholds))
    _section(cursor, "This report", report_entries(content))
    tick(1.0)


def _section(cursor: SheetCursor, heading: str, entries: Sequence[Entry]) -> None:
    cursor.skip(height=8)
    cursor.write([Span(heading, "band", 2)], height=18)
    for term, meaning in entries:
        cursor.write([Span(term, "term"), Span(meaning, _meaning_style(meaning))])


def _meaning_style(meaning: object) -> str:
    if isinstance(meaning, datetime):
        return "fact_moment"
    if isinstance(meaning, date):
        return "fact_date"
    return "wrap"


def _health(cursor: SheetCursor, t: HealthThresholds) -> None:
    cursor.skip(height=8)
    cursor.write([Span("Health", "band", 2)], height=18)
    for level, meaning in health_entries(t):
        cursor.write([Span(level.label, health_style(level)), Span(meaning, "wrap")])
    for term, note in health_notes(t):
        cursor.write([Span(term, "term"), Span(note, "wrap")])


def health_entries(t: HealthThresholds) -> tuple[tuple[HealthLevel, str], ...]:
    """Each colour with the rules that give it, worded with this report's thresholds."""
    return (
        (
            HealthLevel.RED,
            "Needs action now. Open work is red when any of these holds: it is blocked; it is overdue "
            "(its due date has passed and it is not done); it has negative float (the go-live target "
            f"can't be met unless it moves earlier); it is forecast to finish more than {t.red_slip_days} "
            "working days after its due date.",
        ),
        (
            HealthLevel.AMBER,
            "At risk, not yet red. Open work is amber when any of these holds: it is forecast to finish "
            f"after its due date (by {t.red_slip_days} working days or less); it leads to go-live and has "
            f"{t.amber_float_days} working days of float or less (when a go-live target is set); it has not "
            "started although its planned start has passed; it is due within "
            f"{t.due_soon_days} working days with less than {t.due_soon_progress}% done; a workstream of "
            "another team it depends on is red; it is in progress although a finish-to-start "
            "predecessor has not finished (or a start-to-start one not started), so it still waits on "
            "it. A milestone is reached rather than started and has no "
            "progress, so the not-started and due-soon rules skip milestones.",
        ),
        (HealthLevel.GREEN, "On track: open work to which none of the red or amber rules applies."),
        (
            HealthLevel.DONE,
            "Finished work. It no longer has a colour; it still delivers to the work after it.",
        ),
        (
            HealthLevel.CANCELLED,
            "Work that will not be done. The forecast ignores it and its links constrain nothing.",
        ),
    )


def raid_entries(bands: RiskBands) -> tuple[Entry, ...]:
    """The log's four kinds of item and how a risk is scored, with this migration's bands."""
    return (
        ("Risk (R-)", "Something that may happen and would harm the work it is linked to: its cause, event "
         "and effect, how likely (probability) and how bad (impact), and the response to it."),
        ("Assumption (A-)", "Something the plan takes as true until it is checked, with how and by when. "
         "One found invalid becomes an issue."),
        ("Issue (I-)", "Something that has happened and harms the work: its severity, priority and the date "
         "it should be resolved by (target date)."),
        ("Decision (D-)", "A question someone (a person or a forum) must decide by its needed-by date; the "
         "work it gates waits on it. Decided, deferred and superseded decisions are no longer open."),
        ("Score", "A risk's probability × impact, each 1 (lowest) to 5: from 1 to 25."),
        ("Risk bands", f"This migration's: red at a score of {bands.red_score} or more, amber from "
         f"{bands.amber_score} to {bands.red_score - 1}, green below {bands.amber_score}. The heat map's "
         "cells take the colour of their score."),
        ("Working days left", "From the report's as-of day to a decision's needed-by (or an issue's target) "
         "date; overdue when that date has passed."),
        ("Linked work", "The workstreams and dependencies an item is linked to, with its role: threatens, "
         "blocks, decided for, assumed by. A team's report lists the items the team owns or that are "
         "linked to its work."),
    )  # fmt: skip


def health_notes(t: HealthThresholds) -> tuple[Entry, ...]:
    return (
        (
            "Why",
            "Every amber or red item lists its reasons, naming the dates, the teams and the upstream "
            "item that pushed it, so the reader knows whom to ask.",
        ),
        (
            "Blocked",
            "A status set by the owner when work cannot go on. Blocked work is always red; its blocker note "
            "says what it waits for, and the Summary lists the open links it waits on.",
        ),
        (
            "Override",
            "A coordinator may set a colour by hand, with a reason. The report shows the chosen colour; its "
            "first reason reads \u201cSet to \u2026 by hand\u201d and gives the colour the plan alone gives.",
        ),
        (
            "Team and overall health",
            "A team's health is that of its worst workstream (red, then amber, green, done, cancelled); the "
            "migration's overall health is that of its worst team.",
        ),
        (
            "Trend",
            "The health now against the compared report's: improved, same or worse. A dash when there is "
            "no earlier report.",
        ),
        (
            "Thresholds",
            f"This report used: red beyond {t.red_slip_days} working days late; amber at "
            f"{t.amber_float_days} working days of float or less; due soon within {t.due_soon_days} working "
            f"days with under {t.due_soon_progress}% done. They are the migration's settings, the same for "
            "every team.",
        ),
    )


_STATUS_MEANINGS = {
    Status.NOT_STARTED: "Planned, not begun. Its forecast keeps its planned length and starts no earlier "
    "than its planned start, what it waits on allows, and the as-of date.",
    Status.IN_PROGRESS: "Begun. Its start is fixed; it is forecast to finish on its due date at the "
    "earliest, later when what it waits on requires it.",
    Status.BLOCKED: "Cannot go on until something else happens (see the blocker note). Always red.",
    Status.DONE: "Finished; its actual dates count.",
    Status.CANCELLED: "Will not be done; left out of the forecast and of percent complete.",
}


def status_entries() -> tuple[Entry, ...]:
    return tuple((status.label, _STATUS_MEANINGS[status]) for status in Status)


def dependency_entries() -> tuple[Entry, ...]:
    return (
        (
            "Dependency",
            "A link from a provider (the predecessor) to a consumer (the successor): the consumer's dates "
            "depend on the provider's.",
        ),
        ("FS  Finish to start", "The consumer starts no earlier than the provider finishes (plus the lag)."),
        ("SS  Start to start", "The consumer starts no earlier than the provider starts (plus the lag)."),
        (
            "FF  Finish to finish",
            "The consumer finishes no earlier than the provider finishes (plus the lag).",
        ),
        ("SF  Start to finish", "The consumer finishes no earlier than the provider starts (plus the lag)."),
        (
            "Lag",
            "Working days added to the link: FS +2 means the consumer starts two working days after the "
            "provider finishes. A negative lag is a lead: the consumer may begin that much earlier.",
        ),
        (
            "Conflict",
            "A link the plan's current dates break (actual dates once work has begun), with the number of "
            "working days it is broken by.",
        ),
    )


_LINK_STATE_MEANINGS = {
    LinkHealth.VIOLATED: "The provider is forecast after the needed-by date: the consumer's plan will move.",
    LinkHealth.PROVIDER_BLOCKED: "The provider is blocked, so its forecast can't be relied on.",
    LinkHealth.AT_RISK: "The provider is amber or red: its own health says it may not deliver on time.",
    LinkHealth.OK: "The provider is on track to deliver by the needed-by date.",
    LinkHealth.DELIVERED: "The provider is done (or the consumer no longer waits for it).",
    LinkHealth.CANCELLED: "One end is cancelled: the link constrains nothing.",
}


def ledger_entries() -> tuple[Entry, ...]:
    columns: tuple[Entry, ...] = (
        (
            "Provider, consumer",
            "The workstream that delivers and the one that waits for it, with their teams.",
        ),
        (
            "Provider forecast",
            "When the provider is forecast to reach the moment the link reads: its finish (FS, FF) or its "
            "start (SS, SF).",
        ),
        (
            "Needed by",
            "The last day that moment may fall on without moving the consumer's planned dates (the lag "
            "taken into account).",
        ),
        ("Slack", "Working days from the provider forecast to the needed-by date; negative is late."),
        ("State", "The link at a glance, worst first:"),
    )
    states = tuple((f"   {state.label}", _LINK_STATE_MEANINGS[state]) for state in LinkHealth)
    return (*columns, *states)


def figure_entries(t: HealthThresholds) -> tuple[Entry, ...]:
    return (
        (
            "Working days",
            "Every count of days in this report is in working days of the migration's calendar: weekends "
            "and non-working dates don't count.",
        ),
        (
            "Forecast",
            "When work is expected to start and finish given its status, progress, what it waits on and "
            "the as-of date. It is worked out, never typed in.",
        ),
        (
            "Projected go-live",
            "The forecast of the go-live milestone. Against target: working days it is past the target "
            "date (early when negative).",
        ),
        (
            "Float",
            "Working days a workstream can slip before it moves go-live past its target (or the end of the "
            f"plan). Negative float means the target can't be met; {t.amber_float_days} or less on work "
            "leading to go-live is amber.",
        ),
        (
            "Critical",
            "On the chain of work that sets the projected go-live: slip it a day and go-live slips a day.",
        ),
        (
            "Late",
            "Open work forecast to finish after its planned due date; the working days say how late.",
        ),
        (
            "Slack",
            "For a link: working days between when the provider delivers and when the consumer needs it.",
        ),
        (
            "Baseline",
            "The plan's dates as agreed when the baseline was set. Variance: working days the forecast "
            "finish is past the baseline due date (earlier when negative).",
        ),
        (
            "Moved",
            "Working days a forecast moved since the compared report; positive is later.",
        ),
        (
            "Percent complete",
            "Progress of open and done work weighted by planned working days, so a ten-day task counts ten "
            "times a one-day task. Milestones and cancelled work are left out.",
        ),
    )


def report_entries(content: ReportContent) -> tuple[Entry, ...]:
    """The report's own facts: what it covers, when it was made and what it compares with."""
    state = content.state
    scope = scope_name(content)
    entries: list[Entry] = [
        ("Migration", state.migration),
        ("Covers", f"The team {scope}" if scope else "The whole migration, every team"),
        ("As of", state.as_of),
    ]
    if content.label:
        entries.append(("Label", content.label))
    entries += [
        ("Generated at", content.generated_at.replace(tzinfo=None)),
        ("Generated by", content.generated_by or "—"),
        ("Compared with", compared_with(content)),
        ("Working calendar", calendar_words(content)),
    ]
    return tuple(entries)


def calendar_words(content: ReportContent) -> str:
    weekdays = sorted(content.calendar.working_weekdays)
    every = weekdays == list(range(5))
    days = "Monday to Friday" if every else ", ".join(_WEEKDAYS[day] for day in weekdays)
    holidays = len(content.calendar.non_working_dates)
    if not holidays:
        return f"{days}."
    return f"{days}, except {holidays} non-working date{'' if holidays == 1 else 's'}."
