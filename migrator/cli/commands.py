"""What each ``migrator`` command does: its run function, given the parsed arguments, prints
its answer and returns the exit code. The services are imported inside each, so ``--help``
starts fast.

A plan is a file or a shared plan on a server (``args.place``, parsed by ``parser.plan_place``);
a server that asks for a password gets it from libpq's own ways or, at a terminal, from the
person running the command (``passwords``)."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from migrator.cli.passwords import Passwords
from migrator.domain.model import Status
from migrator.domain.places import Place, ServerAddress
from migrator.terminal import lines_text, one_line, shown

if TYPE_CHECKING:
    from migrator.analysis.plan_state import SnapshotInfo
    from migrator.services import MigrationService
    from migrator.services.plan_import import ImportChoices

EXIT_OK, EXIT_UNHEALTHY, EXIT_BAD_INPUT = 0, 1, 2


def run_demo(args: argparse.Namespace) -> int:
    from migrator.services.demo import write_demo

    path = write_demo(args.file, args.as_of or date.today())
    print(f"Wrote the demo migration to {path}")
    return EXIT_OK


def open_plan(place: Place, today: date | None = None) -> MigrationService:
    """The plan at ``place`` open (an older one upgraded, as the window does), asking for the
    server's password at a terminal when it wants one that libpq's own ways did not give;
    ``today``: the day its changes are made on (a status move's actual dates)."""
    from migrator.services import MigrationService

    passwords = Passwords()
    return passwords.retrying(
        lambda: MigrationService.open(place, password=passwords(place), today=_day(today)), [place]
    )


def _day(today: date | None) -> Callable[[], date] | None:
    return (lambda: today) if today is not None else None


def run_import_plan(args: argparse.Namespace) -> int:
    from migrator.services.plan_import import import_plan

    passwords = Passwords()
    choices = import_choices(args)
    report = passwords.retrying(
        lambda: import_plan(
            args.plan,
            args.into,
            name=args.name,
            start=args.start,
            target=args.target,
            sheet=args.sheet,
            default_team=args.default_team,
            dry_run=args.dry_run,
            today=args.as_of,
            password=passwords(args.into),
            choices=choices,
        ),
        [args.into],
    )
    print(lines_text(report.dry_run_lines() if args.dry_run else report.summary_lines()))
    return EXIT_OK


def import_choices(args: argparse.Namespace) -> ImportChoices | None:
    """The choices the command line states (--team-from, --date-order, --column); None when it
    states none, so the ones remembered for this kind of file (or the guesses) apply."""
    from migrator.services.plan_import import NO_TEAM, OUTLINE, ImportChoices

    team_from: str | None = args.team_from
    if team_from is not None:
        spoken = " ".join(team_from.split()).casefold()
        team_from = {"summary tasks": OUTLINE, "summaries": OUTLINE, "none": NO_TEAM}.get(
            spoken, team_from.strip()
        )
    columns = dict(args.column) if args.column else None
    if team_from is None and args.date_order is None and columns is None:
        return None
    return ImportChoices(team_from, args.date_order, columns)


def run_info(args: argparse.Namespace) -> int:
    with open_plan(args.place) as service:
        print(lines_text(info_lines(service)))
    return EXIT_OK


def info_lines(service: MigrationService) -> list[str]:
    migration = service.migration()
    workstreams = service.workstreams()
    go_live = next((w for w in workstreams if w.id == migration.go_live_milestone_id), None)
    lines = [
        migration.name,
        f"  start:             {_date(migration.start)}",
        f"  target go-live:    {_date(migration.target_go_live)}",
        f"  go-live milestone: {f'{go_live.key} {go_live.title}' if go_live else '—'}",
        f"  workstreams:       {len(workstreams)} ({sum(w.is_milestone for w in workstreams)} milestones)",
        f"  dependencies:      {len(service.dependencies())}",
        "",
    ]
    statuses = list(Status)
    header = ["Team", "Code", "Total", *(s.label for s in statuses)]
    rows = [
        [s.team.name, s.team.code, str(s.workstreams), *(str(s.by_status.get(st, 0)) for st in statuses)]
        for s in service.team_summaries()
    ]
    totals = ["All teams", "", str(len(workstreams))]
    totals += [str(sum(w.status == st for w in workstreams)) for st in statuses]
    lines += _table(header, [*rows, totals])
    if service.read_only and service.shared:
        lines += ["", "Your login may only read this plan: it can be viewed, not changed."]
    elif service.read_only:
        lines += ["", "This file is read-only: it can be viewed, not changed."]
    return lines


def _date(value: date | None) -> str:
    return value.isoformat() if value else "—"


def _table(header: list[str], rows: list[list[str]], numeric: Sequence[int] | None = None) -> list[str]:
    """A plain text table; ``numeric`` columns are right-aligned (default: all but the first).
    Cells are measured as they will show, escapes included, so plan text cannot skew the columns."""
    header, rows = [shown(one_line(c)) for c in header], [[shown(one_line(c)) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    right = set(range(1, len(header)) if numeric is None else numeric)

    def line(cells: list[str]) -> str:
        pairs = enumerate(zip(cells, widths, strict=True))
        return "  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in pairs).rstrip()

    return [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def run_check(args: argparse.Namespace) -> int:
    from migrator.services.plan_check import check_plan

    passwords = Passwords()
    # A place that holds no readable Migrator plan raises; the check changes nothing.
    result = passwords.retrying(lambda: check_plan(args.place, password=passwords(args.place)), [args.place])
    print(f"{_named(args.place)}: {'healthy' if result.healthy else 'PROBLEMS FOUND'}")
    for line in result.lines:
        print(f"  {one_line(line)}")
    return EXIT_OK if result.healthy else EXIT_UNHEALTHY


def run_analyze(args: argparse.Namespace) -> int:
    from migrator.analysis.collector import collector_paused

    # The analysis, its results and rows are a million small objects without cycles, freed
    # by reference counting when the text is written: resuming the collector only then spares
    # it walking them all (0.1-0.5 s at 20,000 workstreams) for nothing to collect.
    with collector_paused():
        text = _analysis_text(args)
    print(text)
    return EXIT_OK


def _analysis_text(args: argparse.Namespace) -> str:
    from migrator.cli.analysis_text import analysis_json, summary_lines
    from migrator.cli.json_text import indented_json

    with open_plan(args.place) as service:
        analysis = service.analyse(args.as_of)
    if args.json:
        return indented_json(analysis_json(analysis))
    return lines_text(summary_lines(analysis))


def run_impact(args: argparse.Namespace) -> int:
    from migrator.cli.analysis_text import (
        decision_impact_json,
        decision_impact_lines,
        impact_json,
        impact_lines,
    )
    from migrator.cli.json_text import indented_json
    from migrator.domain.errors import ValidationError

    decision: str | None = args.decision
    key: str | None = args.key
    days: int | None = args.days
    with open_plan(args.place) as service:
        analysis = service.analyse(args.as_of)
    if decision is not None:
        if key is not None or days is None:
            raise ValidationError(
                "A late decision is asked as: migrator impact PLAN --decision D-4 --days N "
                "(no workstream key, no --slip or --due)."
            )
        late = analysis.decision_impact(decision, days)
        text = (
            indented_json(decision_impact_json(late))
            if args.json
            else lines_text(decision_impact_lines(late, analysis))
        )
    else:
        if key is None or days is not None:
            raise ValidationError(
                "Name the workstream that slips with --slip N or --due DATE, "
                "or the decision that comes late with --decision D-4 --days N."
            )
        impact = analysis.slip_impact(key, days=args.slip, new_due=args.due)
        text = indented_json(impact_json(impact)) if args.json else lines_text(impact_lines(impact, analysis))
    print(text)
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    from migrator.reports import Audience
    from migrator.services.reporting import ExportRequest, export_report

    request = ExportRequest(
        output=args.output,
        as_of=args.as_of,
        audience=Audience(args.audience),
        team=args.team,
        since=args.since,
        label=args.label,
        keep_snapshot=not args.no_snapshot,
    )
    with open_plan(args.place) as service:
        result = export_report(service, request)
    print(f"Wrote {result.path} ({', '.join(result.sheets)})")
    if result.compared_with is None:
        print("  First report: nothing to compare with.")
    else:
        print(f"  Compared with {_snapshot_name(result.compared_with)}: {result.changes} change(s)")
    if result.snapshot is not None:
        print(f"  Kept as {_snapshot_name(result.snapshot)}")
    return EXIT_OK


def run_snapshots(args: argparse.Namespace) -> int:
    with open_plan(args.place) as service:
        known = service.snapshots()
        name = service.name
    if not known:
        print(f"{name} keeps no snapshots yet; each `migrator export` keeps one.")
        return EXIT_OK
    header = ["#", "Taken (UTC)", "As of", "Go-live", "Health", "By", "Audience", "Label"]
    rows = [
        [
            str(s.id),
            s.taken_at.strftime("%Y-%m-%d %H:%M"),
            s.as_of.isoformat(),
            _date(s.projected_go_live),
            s.overall_health.value,
            s.actor,
            s.audience,
            s.label,
        ]
        for s in known
    ]
    print(lines_text(_table(header, rows, numeric=(0,))))
    return EXIT_OK


def run_baseline(args: argparse.Namespace) -> int:
    from migrator.services.reporting import take_baseline

    with open_plan(args.place) as service:
        result = take_baseline(service, snapshot=args.snapshot, as_of=args.as_of)
    print(
        f"Baseline set from {_snapshot_name(result.snapshot)}: "
        f"{result.changed} workstream(s) got new baseline dates."
    )
    return EXIT_OK


def _snapshot_name(snapshot: SnapshotInfo) -> str:
    label = f" '{one_line(snapshot.label)}'" if snapshot.label else ""
    return f"snapshot #{snapshot.id}{label} (as of {snapshot.as_of.isoformat()})"


def run_copy(args: argparse.Namespace) -> int:
    from migrator.services.sharing import copy_plan

    source, destination = args.source, args.destination
    passwords = Passwords()
    result = passwords.retrying(
        lambda: copy_plan(
            source,
            destination,
            replace=args.replace,
            source_password=passwords(source),
            destination_password=passwords(destination),
        ),
        [source, destination],
    )
    print(lines_text(result.lines()))
    return EXIT_OK


def run_server(args: argparse.Namespace) -> int:
    """``migrator server init URL`` (the one thing done to a server itself, so far)."""
    from migrator.services.sharing import init_server

    address: ServerAddress = args.address
    passwords = Passwords()
    passwords.retrying(lambda: init_server(address, password=passwords(address)), [address])
    print(f"Set up {address.name} for a shared plan: its tables are created, still empty.")
    print(f"Next, put a plan there: migrator copy FILE {address}")
    return EXIT_OK


def _named(place: Place) -> str:
    """How a command's first line names the plan: the file as given, or "database on host"."""
    return place.name if isinstance(place, ServerAddress) else str(place)


def run_request_updates(args: argparse.Namespace) -> int:
    from migrator.services.status_requests import RequestSpec, request_updates

    spec = RequestSpec(
        out=args.out,
        teams=tuple(args.team or ()),
        per_owner=args.per_owner,
        as_of=args.as_of,
        due=args.due,
        message=args.message,
        drafts=not args.no_drafts,
    )
    with open_plan(args.place, args.as_of) as service:
        result = request_updates(service, spec)
    print(lines_text(result.lines()))
    return EXIT_OK


def run_collect_updates(args: argparse.Namespace) -> int:
    """Collect returned workbooks: show the review; with --accept-clean apply its clean updates
    and comments (conflicts never: they are the window's to decide)."""
    from migrator.cli.status_text import review_lines
    from migrator.services.status_collection import apply_updates, collect_updates

    with open_plan(args.place, args.as_of) as service:
        review = collect_updates(service, args.files)
        print(lines_text(review_lines(review)))
        clean, comments = review.clean, review.comments
        if args.dry_run:
            print("Dry run: nothing was applied.")
        elif not args.accept_clean:
            print(
                f"Nothing was applied. --accept-clean applies the {len(clean)} clean update(s) and "
                f"{len(comments)} comment(s) and records the answers; conflicts are never applied from "
                "the command line (review them in the window: File → Collect updates…)."
            )
        elif not any(not returned.refused for returned in review.returns):
            print("Nothing was applied: no file could be collected.")
        else:
            applied = apply_updates(service, review, clean)
            touched = len({update.workstream_id for update in applied.applied if update.raid_type is None})
            items = len({update.workstream_id for update in applied.applied if update.raid_type is not None})
            raid = f", {items} RAID item(s)" if items else ""
            print(
                f"Applied {len(applied.applied)} clean update(s) to {touched} workstream(s){raid} and "
                f"{len(applied.comments)} comment(s); recorded {len(applied.return_ids)} answer(s)."
            )
            if review.conflicts:
                print(f"{len(review.conflicts)} conflict(s) were not applied: review them in the window.")
    refused = [returned.file_name for returned in review.returns if returned.refused]
    return EXIT_BAD_INPUT if refused else EXIT_OK
