"""Status reports: analyse, compare with a snapshot, write the workbook, keep the new snapshot.

One function serves the command line and, with a ``progress`` callback for its progress
bar, the window's export dialog. An export changes nothing unless it succeeds: the workbook
is written beside its target and moved into place inside the snapshot's transaction, so a
refused move keeps no snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from migrator.analysis.changes import Change, compare
from migrator.analysis.plan_state import BASELINE_AUDIENCE, PlanState, SnapshotInfo, capture, report_before
from migrator.domain import rules
from migrator.domain.errors import MigrationFileError, ReadOnlyError, ValidationError
from migrator.domain.updates import TeamAnswers
from migrator.reports import Audience, Progress, ReportContent, write_workbook
from migrator.reports.safe_file import AtomicFile
from migrator.services.migration_service import AnalysedPlan, MigrationService

BASELINE_LABEL = "Baseline"


@dataclass(frozen=True)
class ExportRequest:
    output: Path
    as_of: date | None = None  # default: the service's today
    audience: Audience = Audience.FULL
    team: str | None = None  # a team code, for the team audience
    since: str | None = None  # the snapshot to compare with (number or as-of date); default report_before
    label: str = ""
    keep_snapshot: bool = True


@dataclass(frozen=True)
class ExportResult:
    path: Path
    sheets: tuple[str, ...]
    compared_with: SnapshotInfo | None
    changes: int
    snapshot: SnapshotInfo | None  # the one this export stored


@dataclass(frozen=True)
class BaselineResult:
    snapshot: SnapshotInfo
    changed: int  # workstreams whose baseline dates changed


def export_report(
    service: MigrationService, request: ExportRequest, progress: Progress | None = None
) -> ExportResult:
    """Write the status workbook ``request`` describes and, unless told not to, keep its snapshot."""
    report = progress or _quiet
    if request.output.is_dir():
        raise ValidationError(f"{request.output} is a folder; give the report a file name.")
    output = _workbook_path(request.output)
    team = _checked_team(service, request)
    if request.keep_snapshot and service.read_only:
        remedy = (
            "ask whoever runs the server for an editor's role"
            if service.shared
            else "copy the file somewhere writable"
        )
        raise ReadOnlyError(
            f"{service.name} is read-only, so this export can't keep its snapshot; "
            f"export without keeping a snapshot, or {remedy}."
        )
    as_of = request.as_of or service.today()
    compared_with = (
        service.find_snapshot(request.since) if request.since else report_before(service.snapshots(), as_of)
    )
    label = _checked_label(request.label)

    report(0.02, "Reading and analysing the plan…")
    plan = service.analyse_plan(as_of)
    state = capture(plan.analysis, plan.teams, plan.dependencies)
    report(0.12, "Comparing with the last report…")
    previous: PlanState | None = None
    changes: tuple[Change, ...] = ()
    if compared_with is not None:
        try:
            _info, previous, seen = service.snapshot(compared_with.id)
        except MigrationFileError as error:
            raise MigrationFileError(
                f"Snapshot #{compared_with.id}: {error} Compare with another snapshot instead."
            ) from None
        edits = service.history_since(seen)
        changes = compare(previous, state, edits, plan.analysis.working_days_between)
    # The file keeps UTC; a stakeholder reads the times of the coordinator's clock.
    content = ReportContent(
        state=state,
        audience=request.audience,
        calendar=plan.analysis.calendar,
        generated_at=local_time(service.now()),
        generated_by=service.actor,
        label=label,
        team=team,
        previous=previous,
        previous_info=(
            replace(compared_with, taken_at=local_time(compared_with.taken_at)) if compared_with else None
        ),
        changes=tuple(replace(c, when=local_time(c.when)) if c.when else c for c in changes),
        last_updates={key: local_time(at) for key, at in plan.last_updates.items()},
        latest_comments={
            key: replace(said, at=local_time(said.at)) for key, said in plan.latest_comments.items()
        },
        team_answers=tuple(_local_answers(service.update_records.team_answers())),
    )

    def writing(fraction: float, message: str) -> None:
        report(0.15 + 0.8 * fraction, message)

    stored: SnapshotInfo | None = None
    with AtomicFile(output) as target:
        sheets = write_workbook(content, target.temp, writing)
        if request.keep_snapshot:
            report(0.96, "Keeping the snapshot…")
            with service.changing():
                stored = service.store_snapshot(
                    state, plan.history_id, label=label, audience=_audience(request)
                )
                target.commit()  # a refused move rolls the snapshot back
        else:
            target.commit()
    report(1.0, "Done")
    return ExportResult(output, sheets, compared_with, len(changes), stored)


def take_baseline(
    service: MigrationService, *, snapshot: str | None = None, as_of: date | None = None
) -> BaselineResult:
    """Set the baseline from a stored snapshot, or from the plan now (kept as a new snapshot)."""
    if snapshot is not None:
        info = service.find_snapshot(snapshot)
        return BaselineResult(info, service.set_baseline(info.id))
    plan: AnalysedPlan = service.analyse_plan(as_of)
    state = capture(plan.analysis, plan.teams, plan.dependencies)
    with service.changing("setting the baseline"):
        info = service.store_snapshot(
            state, plan.history_id, label=BASELINE_LABEL, audience=BASELINE_AUDIENCE
        )
        changed = service.record_service.set_baseline_from(info, state)
    return BaselineResult(info, changed)


def _workbook_path(path: Path) -> Path:
    if path.suffix.lower() == ".xlsx":
        return path
    if path.suffix:
        raise ValidationError(f"Reports are Excel workbooks: name the file with .xlsx, not {path.suffix}.")
    return path.with_suffix(".xlsx")


def _checked_team(service: MigrationService, request: ExportRequest) -> str | None:
    if request.audience is Audience.TEAM:
        if not request.team:
            raise ValidationError("A team report needs a team: give the team's code, e.g. BNK.")
        return service.team_by_code(request.team).code
    if request.team:
        raise ValidationError(
            f"A team ({request.team}) only applies to the team audience; choose that audience or no team."
        )
    return None


def _checked_label(label: str) -> str:
    label = rules.optional_text(label, "The report's label", max_length=200)
    if any(ord(character) < 32 or character == "\x7f" for character in label):
        raise ValidationError(
            "The report's label can't hold control characters (tabs, line breaks, escapes)."
        )
    return label


def local_time(at: datetime) -> datetime:
    """A time the file keeps in UTC, on this computer's clock (naive, as spreadsheets want)."""
    return at.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


def _local_answers(answers: list[TeamAnswers]) -> list[TeamAnswers]:
    """Each team's answers with its times on this computer's clock, as the report shows times."""
    return [
        replace(
            a,
            last_answered=local_time(a.last_answered) if a.last_answered else None,
            waiting_since=local_time(a.waiting_since) if a.waiting_since else None,
        )
        for a in answers
    ]


def _audience(request: ExportRequest) -> str:
    if request.audience is Audience.TEAM and request.team:
        return f"team {request.team.strip().upper()}"
    return request.audience.value


def _quiet(_fraction: float, _message: str) -> None:
    return None
