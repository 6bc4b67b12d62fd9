"""Update requests out: one workbook (and an e-mail draft) per team, or per owner, of its open work.

Recording the requests and writing their files is one action: the files are written into a
private folder beside the destination and moved into place inside the transaction that
records the requests, so a file that cannot be written records nothing, and a refused
recording leaves no file behind.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from migrator.analysis import PlanAnalysis
from migrator.domain import rules
from migrator.domain.errors import ReadOnlyError, ValidationError
from migrator.domain.model import Dependency, Person, Status, Team, Workstream
from migrator.domain.raid import RaidItem, RaidType, raid_order
from migrator.domain.updates import (
    RaidRequestLine,
    RaidSentRow,
    RequestLine,
    RequestWorkbook,
    SentRow,
    UpdateRequest,
)
from migrator.domain.wording import date_text
from migrator.reports import Progress
from migrator.reports.mail_draft import write_mail_draft
from migrator.reports.safe_file import ReportWriteError, write_problem
from migrator.reports.update_workbook import write_update_workbook
from migrator.services.migration_service import MigrationService

OPEN_STATUSES = frozenset({Status.NOT_STARTED, Status.IN_PROGRESS, Status.BLOCKED})
_STAGING = ".~migrator-requests-"


@dataclass(frozen=True)
class RequestSpec:
    """What a coordinator asks for when sending update requests."""

    out: Path  # the folder the workbooks and drafts go into
    teams: tuple[str, ...] = ()  # team codes; none: every team with open work
    per_owner: bool = False  # one workbook per owner (rows without one go to the team's lead)
    as_of: date | None = None  # the analysis date (forecast finish); default: the service's today
    due: date | None = None  # when the answers are wanted
    message: str = ""  # added to the e-mail and the workbook's request line
    drafts: bool = True  # write an e-mail draft beside each workbook


@dataclass(frozen=True)
class SentRequest:
    """One request recorded and written."""

    request: UpdateRequest
    workbook: Path
    draft: Path | None


@dataclass(frozen=True)
class RequestResult:
    folder: Path
    sent: tuple[SentRequest, ...]
    without_open_work: tuple[str, ...]  # the names of teams asked for that have no open work

    def lines(self) -> list[str]:
        """What the command line says it did."""
        said = [f"Wrote {len(self.sent)} update request(s) into {self.folder}:"]
        for sent in self.sent:
            request = sent.request
            to = f" <{request.recipient_email}>" if request.recipient_email else ""
            draft = " (and its e-mail draft)" if sent.draft is not None else ""
            items = f" and {len(request.raid_rows)} RAID item(s)" if request.raid_rows else ""
            said.append(
                f"  {request.team_name}: {len(request.rows)} workstream(s){items} for {request.recipient}{to}"
            )
            said.append(f"    {sent.workbook.name}{draft}")
        for team in self.without_open_work:
            said.append(f"  {team}: no open work, nothing sent")
        return said


@dataclass(frozen=True)
class _Group:
    team: Team
    recipient: str
    email: str | None
    owner: str | None  # per owner: whose workbook this is
    workstreams: tuple[Workstream, ...]
    items: tuple[RaidItem, ...] = ()  # the open RAID items it answers for


def request_updates(
    service: MigrationService, spec: RequestSpec, progress: Progress | None = None
) -> RequestResult:
    """Record and write the update requests ``spec`` describes; all of them, or none."""
    report = progress or _quiet
    folder = spec.out
    if folder.exists() and not folder.is_dir():
        raise ValidationError(f"{folder} is a file; name a folder for the workbooks.")
    if not folder.exists() and not folder.parent.is_dir():
        raise ValidationError(f"The folder {folder.parent} does not exist; create it or choose another.")
    if service.read_only:
        raise ReadOnlyError(f"{service.name} is read-only, so update requests can't be recorded in it.")
    message = rules.optional_text(spec.message, "The message", max_length=2000)
    as_of = spec.as_of or service.today()
    rules.check_year(as_of, "The as-of date")
    if spec.due is not None:
        rules.check_year(spec.due, "The due date")
        if spec.due < as_of:
            raise ValidationError(
                f"The answers can't be due on {date_text(spec.due)}, before the request ({date_text(as_of)})."
            )
    report(0.02, "Reading and analysing the plan…")
    plan = service.analyse_plan(as_of, with_updates=False)  # a request shows no history
    teams = _chosen_teams(plan.teams, spec.teams)
    people = {person.id: person for person in service.people()}
    plan_name = plan.analysis.migration_name
    items = [item for item in plan.raid if item.is_open]
    groups, idle = _groups(plan.analysis.plan_workstreams, items, teams, people, per_owner=spec.per_owner)
    if not groups:
        asked = ", ".join(team.name for team in teams) or "the plan"
        raise ValidationError(f"{asked}: no open work to ask about (everything is done or cancelled).")
    context = _Context(plan.analysis, plan.dependencies)
    coordinator = service.actor

    made_folder = not folder.exists()
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        raise ReportWriteError(write_problem(error, folder)) from None
    staging = Path(tempfile.mkdtemp(prefix=_STAGING, dir=folder))
    moved: list[Path] = []
    try:
        with service.changing("sending update requests"):
            sent = []
            names = _file_names(groups, as_of, folder)
            for number, (group, name) in enumerate(zip(groups, names, strict=True)):
                report(0.1 + 0.8 * number / len(groups), f"Recording the request to {group.recipient}…")
                request = service.update_records.record_request(
                    team_id=group.team.id, team_code=group.team.code, team_name=group.team.name,
                    recipient=group.recipient, recipient_email=group.email, as_of=as_of, due=spec.due,
                    message=message, rows=[_sent_row(w) for w in group.workstreams],
                    raid_rows=[raid_sent_row(item) for item in group.items],
                )  # fmt: skip
                report(0.1 + 0.8 * (number + 0.1) / len(groups), f"Writing {name}…")
                workbook = RequestWorkbook(
                    request, plan_name, tuple(context.line(w) for w in group.workstreams),
                    tuple(context.raid_line(item) for item in group.items),
                )  # fmt: skip
                staged = staging / f"{name}.xlsx"
                try:
                    write_update_workbook(staged, workbook, coordinator=coordinator)
                    if spec.drafts:
                        write_mail_draft(staging / f"{name}.eml", staged, request, plan_name, coordinator)
                except OSError as error:
                    raise ReportWriteError(write_problem(error, folder / staged.name)) from None
                sent.append(
                    SentRequest(
                        request, folder / staged.name, folder / f"{name}.eml" if spec.drafts else None
                    )
                )
            report(0.92, "Moving the files into place…")
            for staged in sorted(staging.iterdir()):
                try:
                    os.replace(staged, folder / staged.name)
                except OSError as error:
                    raise ReportWriteError(
                        write_problem(error, folder / staged.name, replacing=True)
                    ) from None
                moved.append(folder / staged.name)
    except BaseException:
        for path in moved:  # the recording was refused: no request is out without its record
            path.unlink(missing_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
        if made_folder:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    shutil.rmtree(staging, ignore_errors=True)
    report(1.0, "Done")
    return RequestResult(folder, tuple(sent), idle)


def _chosen_teams(teams: Sequence[Team], codes: Sequence[str]) -> list[Team]:
    if not codes:
        return sorted(teams, key=lambda team: team.name.casefold())
    by_code = {team.code.upper(): team for team in teams}
    chosen = []
    for code in codes:
        team = by_code.get(code.strip().upper())
        if team is None:
            known = ", ".join(sorted(by_code)) or "none"
            raise ValidationError(f"There is no team {code.strip()!r} in the plan (its teams: {known}).")
        if team not in chosen:
            chosen.append(team)
    return chosen


def _groups(
    workstreams: Sequence[Workstream],
    items: Sequence[RaidItem],
    teams: Sequence[Team],
    people: dict[int, Person],
    *,
    per_owner: bool,
) -> tuple[list[_Group], tuple[str, ...]]:
    """Each team's open work and the open RAID items it owns (the item's team, or an owner in the
    team), by team (and by owner), in key order; and the teams with neither."""
    by_team: dict[int, list[Workstream]] = defaultdict(list)
    for workstream in workstreams:
        if workstream.status in OPEN_STATUSES:
            by_team[workstream.team_id].append(workstream)
    items_of: dict[int, list[RaidItem]] = defaultdict(list)
    for item in sorted(items, key=raid_order):
        owner = people.get(item.owner_id) if item.owner_id is not None else None
        team_id = item.team_id if item.team_id is not None else (owner.team_id if owner else None)
        if team_id is not None:
            items_of[team_id].append(item)
    groups: list[_Group] = []
    idle: list[str] = []
    for team in teams:
        work = sorted(by_team.get(team.id, []), key=lambda w: _key_order(w.key))
        owned = items_of.get(team.id, [])
        if not work and not owned:
            idle.append(team.name)
            continue
        lead = people.get(team.lead_id) if team.lead_id is not None else None
        lead_name = lead.name if lead is not None else f"{team.name} team"
        lead_email = lead.email if lead is not None else None
        if not per_owner:
            groups.append(_Group(team, lead_name, lead_email, None, tuple(work), tuple(owned)))
            continue
        by_owner: dict[int | None, list[Workstream]] = defaultdict(list)
        for workstream in work:
            by_owner[workstream.owner_id if workstream.owner_id in people else None].append(workstream)
        items_by_owner: dict[int | None, list[RaidItem]] = defaultdict(list)
        for item in owned:
            items_by_owner[item.owner_id if item.owner_id in people else None].append(item)
        owners = set(by_owner) | set(items_by_owner)
        for owner_id in sorted(owners, key=lambda o: (o is None, people[o].name.casefold() if o else "")):
            work_of, owned_of = tuple(by_owner.get(owner_id, [])), tuple(items_by_owner.get(owner_id, []))
            if owner_id is None:
                groups.append(_Group(team, lead_name, lead_email, None, work_of, owned_of))
            else:
                person = people[owner_id]
                groups.append(_Group(team, person.name, person.email, person.name, work_of, owned_of))
    return groups, tuple(idle)


def _file_names(groups: Sequence[_Group], as_of: date, folder: Path) -> list[str]:
    """ "<Team> status update <date>" (per owner: "<Team> <Owner> …"), safe everywhere, unique,
    and never the name of a file already in ``folder`` (an earlier request, a team's answer)."""
    in_folder = {
        path.stem.casefold()
        for path in folder.iterdir()
        if path.suffix.lower() in (".xlsx", ".eml") and path.is_file()
    }
    names: list[str] = []
    for group in groups:
        who = f"{group.team.name} {group.owner}" if group.owner else group.team.name
        name = f"{safe_file_name(who)} status update {as_of.isoformat()}"
        if name.casefold() in (taken.casefold() for taken in names):  # two owners of one name
            name = f"{safe_file_name(who)} {group.team.code} status update {as_of.isoformat()}"
        base, number = name, 2
        while name.casefold() in in_folder or name.casefold() in (taken.casefold() for taken in names):
            name, number = f"{base} ({number})", number + 1
        names.append(name)
    return names


def safe_file_name(text: str) -> str:
    """``text`` with only characters every file system and mail program takes ("&" becomes "and")."""
    text = text.replace("&", "and")
    text = re.sub(r"[^\w .,()-]+", " ", text, flags=re.ASCII)
    text = re.sub(r"\s+", " ", text).strip(" .")
    return text[:80] or "Team"


def _sent_row(workstream: Workstream) -> SentRow:
    return SentRow(
        workstream.id, workstream.key, workstream.version, workstream.status, workstream.progress,
        workstream.planned_start, workstream.planned_due, workstream.blocker_note,
    )  # fmt: skip


def raid_sent_row(item: RaidItem) -> RaidSentRow:
    return RaidSentRow(
        item.id, item.key, item.type, item.version, item.status, item.probability, item.impact,
        item.actions, item.outcome,
    )  # fmt: skip


class _Context:
    """The read-only context a row shows: forecast finish, what it waits on, who waits on it."""

    def __init__(self, analysis: PlanAnalysis, dependencies: Sequence[Dependency]) -> None:
        self._bands = analysis.risk_bands  # the plan's, as analysed
        self._analysis = analysis
        self._by_id = {w.id: w for w in analysis.plan_workstreams}
        self._waits_on: dict[int, list[int]] = defaultdict(list)
        self._waited_on_by: dict[int, list[int]] = defaultdict(list)
        for link in dependencies:
            self._waits_on[link.successor_id].append(link.predecessor_id)
            self._waited_on_by[link.predecessor_id].append(link.successor_id)

    def line(self, workstream: Workstream) -> RequestLine:
        return RequestLine(
            sent=_sent_row(workstream),
            title=workstream.title,
            owner=workstream.owner_name,
            forecast_finish=self._analysis.glance(workstream.id).forecast_finish,
            waits_on=self._listed(self._waits_on.get(workstream.id, [])),
            waited_on_by=self._listed(self._waited_on_by.get(workstream.id, [])),
        )

    def raid_line(self, item: RaidItem) -> RaidRequestLine:
        return RaidRequestLine(
            sent=raid_sent_row(item),
            title=item.title,
            owner=item.owner_name,
            measure=self._measure(item),
            linked="\n".join(f"{link.label} ({link.role.value})" for link in item.links),
        )

    def _measure(self, item: RaidItem) -> str:
        """A risk's score and band, a decision's needed-by date, an issue's target, an assumption's
        validate-by date: what the team weighs its answer by."""
        if item.type is RaidType.RISK:
            score = item.score
            return "" if score is None else f"{score} ({self._bands.band(score).value})"
        day = {
            RaidType.DECISION: ("Needed by", item.needed_by),
            RaidType.ISSUE: ("Target", item.target_date),
            RaidType.ASSUMPTION: ("Validate by", item.validate_by),
        }[item.type]
        return f"{day[0]} {date_text(day[1])}" if day[1] is not None else ""

    def _listed(self, ids: list[int]) -> str:
        others = sorted((self._by_id[i] for i in ids if i in self._by_id), key=lambda w: _key_order(w.key))
        return "\n".join(f"{w.key} {w.title} ({w.team_name})" for w in others)


def _key_order(key: str) -> tuple[str, int, str]:
    return (key.rsplit("-", 1)[0], rules.key_number(key), key)


def _quiet(_fraction: float, _message: str) -> None:
    return None
