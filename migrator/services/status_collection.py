"""Updates in: returned workbooks read, matched to their requests, compared three ways, applied.

``collect_updates`` reads every file given and compares each answered field with what the
request sent and what the plan holds now; it changes nothing. ``apply_updates`` writes the
accepted updates, the comments and the returns in one transaction, history crediting each
change to the person who answered; ``undo_applied`` and ``redo_applied`` are the window's undo
step for it. A file or a row that cannot be trusted is a line in the review, never applied.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from migrator.domain import rules
from migrator.domain.errors import ConcurrentEditError, MigratorError, ReadOnlyError, ValidationError
from migrator.domain.model import HistoryEntry, Workstream
from migrator.domain.raid import RaidItem, RaidType
from migrator.domain.raid_rules import label as raid_label
from migrator.domain.updates import (
    RAID_FIELDS_OF,
    UPDATE_FIELDS,
    AppliedUpdates,
    CommentUpdate,
    FieldUpdate,
    RaidSentRow,
    ReturnedLine,
    ReturnedRaidLine,
    ReturnedWorkbook,
    ReturnReview,
    Review,
    ReviewProblem,
    RowReview,
    SentRow,
    UpdateRequest,
    UpdateValue,
    Verdict,
    request_date,
    verdict,
)
from migrator.importing.update_returns import read_update_workbook
from migrator.reports import Progress
from migrator.services.migration_service import MigrationService

# What a status move may change besides the answered fields: undo puts these back too.
RESTORED_FIELDS = (*UPDATE_FIELDS, "actual_start", "actual_finish")
_ACTOR_LENGTH = 200  # history.actor
_RAID = "raid"  # the RAID items' history entity


@dataclass(frozen=True)
class _Read:
    """One file given to collect: what was read of it, or why it could not be."""

    path: Path
    workbook: ReturnedWorkbook | None
    refusal: str  # "" when read


def collect_updates(
    service: MigrationService, files: Sequence[Path], progress: Progress | None = None
) -> Review:
    """Read the returned workbooks ``files`` and compare them with the plan; changes nothing."""
    report = progress or _quiet
    history_id = service.last_history_id()  # first: anything recorded after it is newer than the review
    read: list[_Read] = []
    for number, path in enumerate(files):
        report(0.8 * number / max(len(files), 1), f"Reading {path.name}…")
        read.append(_read(path))
    report(0.82, "Comparing with the plan…")
    comparer = _Comparer(service)
    returns = comparer.review(read)
    report(1.0, "Done")
    return Review(tuple(returns), history_id, service.now())


def apply_updates(
    service: MigrationService,
    review: Review,
    accepted: Iterable[FieldUpdate],
    comments: Iterable[CommentUpdate] | None = None,
) -> AppliedUpdates:
    """Write the ``accepted`` updates (workstreams' and RAID items') and ``comments`` (default:
    every comment of the review) and record the returns, as one action credited to who answered;
    refuse, changing nothing, if a workstream or RAID item concerned changed since the review or a
    file was collected meanwhile."""
    if service.read_only:
        raise ReadOnlyError(f"{service.name} is read-only, so updates can't be applied to it.")
    wanted = {update.ref for update in accepted}
    chosen = [update for update in review.updates if update.ref in wanted and update.applicable]
    kept_comments = list(review.comments if comments is None else comments)
    rows = {
        (returned.request.id, row.workstream_id): (returned, row)
        for returned in review.returns
        if returned.request is not None and not returned.refused
        for row in returned.rows
    }
    raid_rows = {
        (returned.request.id, row.workstream_id): (returned, row)
        for returned in review.returns
        if returned.request is not None and not returned.refused
        for row in returned.raid_rows
    }
    changes: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)  # request id -> workstream -> fields
    raid_changes: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)  # request id -> item -> fields
    for update in chosen:
        into = raid_changes if update.raid_type is not None else changes
        into[update.request_id].setdefault(update.workstream_id, {})[update.field] = update.returned
    versions = {
        workstream_id: row.version for (_, workstream_id), (_, row) in rows.items() if row.version is not None
    }
    item_versions = {
        item_id: row.version for (_, item_id), (_, row) in raid_rows.items() if row.version is not None
    }
    touched = sorted(
        {w for fields in changes.values() for w in fields}
        | {c.workstream_id for c in kept_comments if c.raid_type is None}
    )
    touched_items = sorted(
        {i for fields in raid_changes.values() for i in fields}
        | {c.workstream_id for c in kept_comments if c.raid_type is not None}
    )
    collector = service.actor
    with service.changing("applying status updates") as uow:
        _refuse_if_collected_since(service, review)
        now = {w.id: w for w in service.workstreams_by_id(touched)}
        for workstream_id in touched:
            if workstream_id not in now:
                raise ConcurrentEditError(
                    "A workstream of the review was deleted since it was made; collect the files again. "
                    "Nothing was applied."
                )
            if now[workstream_id].version != versions.get(workstream_id, now[workstream_id].version):
                raise _moved_on(service, now[workstream_id])
        items_now = {item.id: item for item in service.raid.items(touched_items)}
        for item_id in touched_items:
            if item_id not in items_now:
                raise ConcurrentEditError(
                    "A RAID item of the review was deleted since it was made; collect the files again. "
                    "Nothing was applied."
                )
            item = items_now[item_id]
            if item.version != item_versions.get(item_id, item.version):
                found = service.changed_elsewhere(_RAID, item.id, item.key)
                raise ConcurrentEditError(
                    f"{found} The plan changed since the review: collect the files again to review it. "
                    "Nothing was applied."
                )
        for request_id, by_workstream in changes.items():
            for workstream_id, fields in by_workstream.items():
                returned, row = rows[(request_id, workstream_id)]
                _check_dates(now[workstream_id], fields, returned.file_name, row)
        before = {w: _values(now[w]) for w in touched}
        raid_before = {i: _raid_values(items_now[i]) for i in touched_items}
        by_request: dict[int, list[CommentUpdate]] = defaultdict(list)
        for comment in kept_comments:
            by_request[comment.request_id].append(comment)
        recorded: list[int] = []
        returns_kept: list[tuple[int, str, str, str]] = []
        for returned in review.returns:
            request = returned.request
            if request is None or returned.refused:
                continue
            uow.actor = credit(returned.answered_by, request, collector, shared=service.shared)
            fields_by_workstream = changes.get(request.id, {})
            if fields_by_workstream:
                service.update_workstreams(
                    fields_by_workstream,
                    expected_versions={w: now[w].version for w in fields_by_workstream},
                )
                now.update({w.id: w for w in service.workstreams_by_id(fields_by_workstream)})
            fields_by_item = raid_changes.get(request.id, {})
            for item_id, fields in fields_by_item.items():
                _, row = raid_rows[(request.id, item_id)]
                try:
                    service.raid.update(item_id, fields, expected_version=items_now[item_id].version)
                except ValidationError as error:
                    raise ValidationError(
                        f"{returned.file_name}, RAID items row {row.row} ({row.key}): {error} "
                        "Reject that update; nothing was applied."
                    ) from None
            for comment in by_request.get(request.id, []):
                if comment.raid_type is not None:
                    service.raid.add_comment(comment.workstream_id, comment.text)
                else:
                    service.add_comment(comment.workstream_id, comment.text)
            kept = service.update_records.record_return(
                request.id, returned.answered_by, returned.file_name, returned.file_digest,
                applied=bool(fields_by_workstream or fields_by_item),
            )  # fmt: skip
            recorded.append(kept.id)
            returns_kept.append((request.id, returned.answered_by, returned.file_name, returned.file_digest))
        uow.actor = collector
        change_id = uow.change_id
    after = service.workstreams_by_id(touched)
    changed = [w for w in after if _values(w) != before[w.id]]
    items_after = [
        item for item in service.raid.items(touched_items) if _raid_values(item) != raid_before[item.id]
    ]
    return AppliedUpdates(
        change_id=change_id,
        applied=tuple(chosen),
        comments=tuple(kept_comments),
        before=tuple((w.id, tuple(before[w.id].items())) for w in changed),
        after=tuple((w.id, tuple(_values(w).items())) for w in changed),
        versions=tuple((w.id, w.version) for w in changed),
        return_ids=tuple(recorded),
        returns=tuple(returns_kept),
        raid_before=tuple((i.id, tuple(raid_before[i.id].items())) for i in items_after),
        raid_after=tuple((i.id, tuple(_raid_values(i).items())) for i in items_after),
        raid_versions=tuple((i.id, i.version) for i in items_after),
    )


def undo_applied(service: MigrationService, applied: AppliedUpdates) -> AppliedUpdates:
    """Put back the values ``applied`` replaced (if nobody changed those workstreams and RAID items
    since) and forget its returns; the comments stay (a comment is history, as in the window)."""
    versions = dict(applied.versions)
    item_versions = dict(applied.raid_versions)
    with service.changing("undoing the status updates"):
        if applied.before:
            service.update_workstreams(
                {w: dict(values) for w, values in applied.before}, expected_versions=versions,
                comment="Undo of status updates",
            )  # fmt: skip
        for item_id, values in applied.raid_before:
            service.raid.update(item_id, dict(values), expected_version=item_versions[item_id])
        service.update_records.forget_returns(applied.return_ids)
    now = {w.id: w.version for w in service.workstreams_by_id(versions)}
    items_now = {item.id: item.version for item in service.raid.items(item_versions)}
    return replace(
        applied,
        versions=tuple((w, now[w]) for w, _ in applied.versions if w in now),
        raid_versions=tuple((i, items_now[i]) for i, _ in applied.raid_versions if i in items_now),
        return_ids=(),
    )


def redo_applied(service: MigrationService, undone: AppliedUpdates) -> AppliedUpdates:
    """Apply again what ``undo_applied`` took back, credited as the first time, with its returns."""
    versions = dict(undone.versions)
    item_versions = dict(undone.raid_versions)
    collector = service.actor
    requests = {request.id: request for request in service.update_records.requests_sent()}
    answered = {request_id: who for request_id, who, _, _ in undone.returns}
    by_request: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)
    raid_by_request: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)
    owner = {u.workstream_id: u.request_id for u in undone.applied if u.raid_type is None}
    item_owner = {u.workstream_id: u.request_id for u in undone.applied if u.raid_type is not None}
    for workstream_id, new_values in undone.after:
        by_request[owner.get(workstream_id, 0)][workstream_id] = dict(new_values)
    for item_id, new_values in undone.raid_after:
        raid_by_request[item_owner.get(item_id, 0)][item_id] = dict(new_values)
    recorded: list[int] = []
    with service.changing("applying status updates") as uow:
        for request_id in sorted(set(by_request) | set(raid_by_request)):
            request = requests.get(request_id)
            uow.actor = (
                credit(answered[request_id], request, collector, shared=service.shared)
                if request is not None and request_id in answered
                else collector
            )
            written = by_request.get(request_id, {})
            if written:
                service.update_workstreams(written, expected_versions={w: versions[w] for w in written})
            for item_id, values in raid_by_request.get(request_id, {}).items():
                service.raid.update(item_id, values, expected_version=item_versions[item_id])
        for request_id, who, file_name, digest in undone.returns:
            uow.actor = collector
            kept = service.update_records.record_return(
                request_id, who, file_name, digest,
                applied=request_id in by_request or request_id in raid_by_request,
            )  # fmt: skip
            recorded.append(kept.id)
        uow.actor = collector
        change_id = uow.change_id
    now = {w.id: w.version for w in service.workstreams_by_id(versions)}
    items_now = {item.id: item.version for item in service.raid.items(item_versions)}
    return replace(
        undone,
        change_id=change_id,
        versions=tuple((w, now[w]) for w, _ in undone.versions if w in now),
        raid_versions=tuple((i, items_now[i]) for i, _ in undone.raid_versions if i in items_now),
        return_ids=tuple(recorded),
    )


def credit(answered_by: str, request: UpdateRequest, collector: str, *, shared: bool) -> str:
    """Who history credits for a return's changes: "Lena Ortiz via update request of 3 Mar 2027",
    on a shared plan with the coordinator who collected it (the login history must name)."""
    via = f" via update request of {request_date(request.as_of)}"
    # History keeps 200 characters: long names are shortened, each to at most half of what is left.
    half = (_ACTOR_LENGTH - len(via) - len(" (collected by )")) // 2
    by = f" (collected by {_shortened(collector, half)})" if shared and collector != answered_by else ""
    return f"{_shortened(answered_by, _ACTOR_LENGTH - len(via) - len(by))}{via}{by}"


def _shortened(name: str, most: int) -> str:
    return name if len(name) <= most else name[: most - 1] + "…"


# ---------------------------------------------------------------- reading and comparing


def _read(path: Path) -> _Read:
    try:
        return _Read(path, read_update_workbook(path), "")
    except MigratorError as error:
        return _Read(path, None, str(error))
    except OSError as error:
        return _Read(path, None, f"{path.name} could not be read ({error.strerror or error}).")


class _Comparer:
    """Matches each file to its request and compares its rows with the plan as it is now."""

    def __init__(self, service: MigrationService) -> None:
        self._service = service
        self._identity = service.update_records.plan_identity()
        self._plan_name = service.name
        self._workstreams = {w.id: w for w in service.workstreams()}
        self._items = {item.id: item for item in service.raid.items()}
        self._collected = {r.file_digest: r for r in service.update_records.returns()}
        self._requests: dict[str, UpdateRequest | None] = {}
        self._item_changes: dict[tuple[int, str], HistoryEntry] = {}

    def review(self, read: Sequence[_Read]) -> list[ReturnReview]:
        files: list[tuple[_Read, UpdateRequest | None, str]] = []
        seen: dict[str, str] = {}
        for item in read:
            request, refusal = self._match(item, seen)
            files.append((item, request, refusal))
        headers = self._service.update_records.requests_sent()
        answered = [r for _, r, refusal in files if r is not None and not refusal]
        changes = self._changes_since(answered)
        self._item_changes = self._changes_since([r for r in answered if r.raid_rows], _RAID)
        # A workstream in two files (two teams', or one team's answer sent twice) is applied from neither.
        where: dict[int, list[str]] = defaultdict(list)
        where_items: dict[int, list[str]] = defaultdict(list)
        for item, request, refusal in files:
            if request is not None and not refusal and item.workbook is not None:
                for line in item.workbook.lines:
                    where[line.workstream_id].append(item.workbook.file_name)
                for raid_line in item.workbook.raid_lines:
                    where_items[raid_line.item_id].append(item.workbook.file_name)
        reviews = []
        for item, request, refusal in files:
            if not refusal and request is not None:
                refusal = _superseded(request, headers)
            if refusal or request is None or item.workbook is None:
                name = item.workbook.file_name if item.workbook is not None else item.path.name
                digest = item.workbook.digest if item.workbook is not None else ""
                reviews.append(
                    ReturnReview(
                        name,
                        digest,
                        request,
                        request.recipient if request else "",
                        (),
                        (ReviewProblem(name, refusal),),
                        refused=True,
                    )
                )
                continue
            reviews.append(self._compare(item.workbook, request, where, changes, where_items))
        return sorted(
            reviews,
            key=lambda r: (r.request is None, r.team_name.casefold(), r.file_name.casefold()),
        )

    def _match(self, item: _Read, seen: dict[str, str]) -> tuple[UpdateRequest | None, str]:
        """The request a file answers, and why the file is refused whole ("" when it is not)."""
        workbook = item.workbook
        if workbook is None:
            return None, item.refusal
        name = workbook.file_name
        if workbook.digest in seen:
            first = seen[workbook.digest]
            twice = (
                "was given twice" if first == str(item.path) else f"is the same file as {Path(first).name}"
            )
            return None, f"{name} {twice}: it is collected once."
        seen[workbook.digest] = str(item.path)
        if workbook.plan_identity != self._identity:
            return None, (
                f"{name} comes from another plan, not {self._plan_name}: nothing from it is applied. "
                "Collect it into the plan that sent it."
            )
        if workbook.token not in self._requests:
            self._requests[workbook.token] = self._service.update_records.request_by_token(workbook.token)
        request = self._requests[workbook.token]
        if request is None:
            return None, (
                f"{name} answers an update request {self._plan_name} has no record of (sent from a copy "
                "of the plan, or the request was undone): nothing from it is applied."
            )
        if workbook.team_code != request.team_code:
            return request, (
                f"{name} says it is for team {workbook.team_code}, but its request went to "
                f"{request.team_name} ({request.team_code}): the hidden sheet was edited; "
                "nothing from it is applied."
            )
        if (earlier := self._collected.get(workbook.digest)) is not None:
            return request, (
                f"{name} was already collected on {request_date(earlier.collected_at.date())} "
                f"(as {earlier.file_name}): nothing from it is applied again."
            )
        return request, ""

    def _changes_since(
        self, requests: Sequence[UpdateRequest], entity: str = "workstream"
    ) -> dict[tuple[int, str], HistoryEntry]:
        """The latest change (or delete: field "") of each workstream (or RAID item) field since
        the oldest request."""
        if not requests:
            return {}
        since = min(request.sent_at for request in requests)
        latest: dict[tuple[int, str], HistoryEntry] = {}
        for entry in self._service.record_service.workstream_changes_since(since, entity):
            latest[(entry.entity_id, entry.field or "" if entry.action == "changed" else "")] = entry
        return latest

    def _compare(
        self,
        workbook: ReturnedWorkbook,
        request: UpdateRequest,
        where: dict[int, list[str]],
        changes: dict[tuple[int, str], HistoryEntry],
        where_items: dict[int, list[str]],
    ) -> ReturnReview:
        name = workbook.file_name
        read = {line.workstream_id for line in workbook.lines}
        items_read = {line.item_id for line in workbook.raid_lines}
        problems = [  # the file's own, and those of rows that are not lines (deleted, unknown ids)
            ReviewProblem(name, p.text, p.row, p.column, p.key or None)
            for p in workbook.problems
            if (p.workstream_id is None or p.workstream_id not in read)
            and (p.item_id is None or p.item_id not in items_read)
        ]
        hidden = {row.workstream_id: row for row in workbook.sent}
        rows = []
        for line in workbook.lines:
            row_problems = [
                ReviewProblem(name, p.text, p.row, p.column, p.key or None)
                for p in workbook.problems_for(line.workstream_id)
            ]
            sent = request.row(line.workstream_id)
            at = f"Updates row {line.row} ({line.key})"
            current = self._workstreams.get(line.workstream_id)
            refusal = ""
            if sent is None:
                refusal = f"{at}: this workstream was not in the request; the row is not applied."
            elif not _same_sent(hidden.get(line.workstream_id), sent):
                refusal = (
                    f"{at}: the hidden record of the row differs from what the plan sent (it was edited); "
                    "the row is not applied."
                )
            elif current is None:
                gone = changes.get((line.workstream_id, ""))
                by = (
                    f" by {gone.actor} on {request_date(gone.at.date())}"
                    if gone and gone.action == "deleted"
                    else ""
                )
                refusal = (
                    f"{at}: {sent.key} was deleted from the plan since the request{by}; "
                    "the row is not applied."
                )
            elif len(where[line.workstream_id]) > 1:
                others = ", ".join(f for f in where[line.workstream_id] if f != name) or name
                refusal = (
                    f"{at}: {sent.key} is also in {others}; neither answer is applied. "
                    "Collect the file that should count on its own."
                )
            if refusal or sent is None or current is None:
                row_problems.append(ReviewProblem(name, refusal, line.row, None, line.key))
                rows.append(
                    RowReview(
                        line.workstream_id,
                        line.key,
                        current.title if current else "",
                        line.row,
                        None,
                        (),
                        None,
                        tuple(row_problems),
                    )
                )
                continue
            rows.append(
                RowReview(
                    current.id,
                    current.key,
                    current.title,
                    line.row,
                    current.version,
                    self._fields(request, line, sent, current, changes),
                    _comment(request, line, current),
                    tuple(row_problems),
                )
            )
        raid_rows = [self._raid_row(workbook, request, line, where_items) for line in workbook.raid_lines]
        # Rows of the request that are in no line (deleted from the sheet) are the reader's problems.
        problems.extend(problem for row in (*rows, *raid_rows) for problem in row.problems)
        return ReturnReview(
            name, workbook.digest, request, request.recipient, tuple(rows), tuple(problems), False,
            tuple(raid_rows),
        )  # fmt: skip

    def _raid_row(
        self,
        workbook: ReturnedWorkbook,
        request: UpdateRequest,
        line: ReturnedRaidLine,
        where: dict[int, list[str]],
    ) -> RowReview:
        """One RAID item of the RAID items sheet compared three ways, or why it is not applied."""
        name = workbook.file_name
        row_problems = [
            ReviewProblem(name, p.text, p.row, p.column, p.key or None)
            for p in workbook.problems_for_item(line.item_id)
        ]
        sent = request.raid_row(line.item_id)
        hidden = next((row for row in workbook.raid_sent if row.item_id == line.item_id), None)
        at = f"RAID items row {line.row} ({line.key})"
        current = self._items.get(line.item_id)
        refusal = ""
        if sent is None:
            refusal = f"{at}: this RAID item was not in the request; the row is not applied."
        elif hidden is None or replace(hidden, key=sent.key) != sent:
            refusal = (
                f"{at}: the hidden record of the row differs from what the plan sent (it was edited); "
                "the row is not applied."
            )
        elif current is None:
            gone = self._item_changes.get((line.item_id, ""))
            by = (
                f" by {gone.actor} on {request_date(gone.at.date())}"
                if gone and gone.action == "deleted"
                else ""
            )
            refusal = (
                f"{at}: {sent.key} was deleted from the RAID log since the request{by}; "
                "the row is not applied."
            )
        elif current.type is not sent.type:
            refusal = (
                f"{at}: {sent.key} is {current.type.value} now (it was {sent.type.value} when the request "
                "went out); the row is not applied."
            )
        elif len(where[line.item_id]) > 1:
            others = ", ".join(f for f in where[line.item_id] if f != name) or name
            refusal = (
                f"{at}: {sent.key} is also in {others}; neither answer is applied. "
                "Collect the file that should count on its own."
            )
        if refusal or sent is None or current is None:
            row_problems.append(ReviewProblem(name, refusal, line.row, None, line.key))
            title = current.title if current else ""
            return RowReview(
                line.item_id, line.key, title, line.row, None, (), None, tuple(row_problems),
                raid_type=sent.type if sent else None,
            )  # fmt: skip
        return RowReview(
            current.id, current.key, current.title, line.row, current.version,
            self._raid_fields(request, line, sent, current), _raid_comment(request, line, current),
            tuple(row_problems), raid_type=current.type,
        )  # fmt: skip

    def _raid_fields(
        self, request: UpdateRequest, line: ReturnedRaidLine, sent: RaidSentRow, current: RaidItem
    ) -> tuple[FieldUpdate, ...]:
        fields = []
        for field in RAID_FIELDS_OF[sent.type]:
            was = sent.value(field)
            answer = line.value(field)
            returned = was if answer is None else answer
            now: UpdateValue = getattr(current, field)
            found = verdict(was, returned, now)
            changed = (
                self._item_changes.get((current.id, raid_label(field)))
                if found in (Verdict.CONFLICT, Verdict.ALREADY)
                else None
            )
            fields.append(
                FieldUpdate(
                    request.id, current.id, current.key, field, was, returned, now, found,
                    request.recipient, changed.actor if changed else None,
                    changed.at if changed else None, raid_type=current.type,
                )
            )  # fmt: skip
        return tuple(fields)

    def _fields(
        self,
        request: UpdateRequest,
        line: ReturnedLine,
        sent: SentRow,
        current: Workstream,
        changes: dict[tuple[int, str], HistoryEntry],
    ) -> tuple[FieldUpdate, ...]:
        fields = []
        for field in UPDATE_FIELDS:
            was = sent.value(field)
            answer = line.value(field)
            returned = was if answer is None else answer
            now: UpdateValue = getattr(current, field)
            found = verdict(was, returned, now)
            changed = (
                changes.get((current.id, field)) if found in (Verdict.CONFLICT, Verdict.ALREADY) else None
            )
            fields.append(
                FieldUpdate(
                    request.id,
                    current.id,
                    current.key,
                    field,
                    was,
                    returned,
                    now,
                    found,
                    request.recipient,
                    changed.actor if changed else None,
                    changed.at if changed else None,
                )
            )
        return tuple(fields)


def _comment(request: UpdateRequest, line: ReturnedLine, current: Workstream) -> CommentUpdate | None:
    text = line.comment.strip()
    if not text:
        return None
    return CommentUpdate(request.id, current.id, current.key, text, request.recipient, request.as_of)


def _raid_comment(request: UpdateRequest, line: ReturnedRaidLine, current: RaidItem) -> CommentUpdate | None:
    text = line.comment.strip()
    if not text:
        return None
    return CommentUpdate(
        request.id, current.id, current.key, text, request.recipient, request.as_of, raid_type=current.type
    )


def _same_sent(hidden: SentRow | None, sent: SentRow) -> bool:
    """The workbook's hidden record of a row is what the plan recorded sending (the key aside)."""
    return hidden is not None and replace(hidden, key=sent.key) == sent


def _superseded(request: UpdateRequest, headers: Sequence[UpdateRequest]) -> str:
    newer = [
        other
        for other in headers
        if other.id > request.id
        and other.team_code == request.team_code
        and other.recipient == request.recipient
    ]
    if not newer:
        return ""
    latest = newer[-1]
    return (
        f"answers the update request of {request_date(request.as_of)}, but {request.recipient} "
        f"was sent a newer one on {request_date(latest.as_of)}: nothing from this file is "
        "applied. Collect the answer to the newer request."
    )


def _refuse_if_collected_since(service: MigrationService, review: Review) -> None:
    digests = {r.file_digest: r for r in service.update_records.returns()}
    for returned in review.returns:
        if not returned.refused and returned.file_digest in digests:
            raise ConcurrentEditError(
                f"{returned.file_name} was collected since this review was made "
                f"(by {digests[returned.file_digest].collected_by}); collect the files again. "
                "Nothing was applied."
            )


def _moved_on(service: MigrationService, workstream: Workstream) -> ConcurrentEditError:
    found = service.changed_elsewhere("workstream", workstream.id, workstream.key)
    return ConcurrentEditError(
        f"{found} The plan changed since the review: collect the files again to review it. "
        "Nothing was applied."
    )


def _check_dates(workstream: Workstream, fields: dict[str, Any], file_name: str, row: RowReview) -> None:
    start = fields.get("planned_start", workstream.planned_start)
    due = fields.get("planned_due", workstream.planned_due)
    try:
        rules.check_dates(start, due, is_milestone=workstream.is_milestone, label=workstream.key)
    except ValidationError as error:
        raise ValidationError(
            f"{file_name}, Updates row {row.row} ({row.key}): {error} "
            "Reject one of the dates; nothing was applied."
        ) from None


def _values(workstream: Workstream) -> dict[str, Any]:
    return {field: getattr(workstream, field) for field in RESTORED_FIELDS}


def _raid_values(item: RaidItem) -> dict[str, Any]:
    """The fields a returned update may change of the item (those of its type; a decision's date
    too, which deciding it sets, so undo puts it back)."""
    fields = (*RAID_FIELDS_OF[item.type], *(("decided_on",) if item.type is RaidType.DECISION else ()))
    return {field: getattr(item, field) for field in fields}


def _quiet(_fraction: float, _message: str) -> None:
    return None
