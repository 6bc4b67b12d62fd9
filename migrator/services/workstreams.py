"""Workstreams: creating, editing one or many, commenting, deleting and bringing them back."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from migrator.domain import rules
from migrator.domain.errors import DependencyLoopError, NotFoundError, ValidationError
from migrator.domain.model import Dependency, Workstream
from migrator.domain.raid import RaidLink
from migrator.domain.status_moves import implied_by_status_move
from migrator.domain.workstream_state import WORKSTREAM_FIELDS, checked_workstream_state, new_workstream_state
from migrator.services.checks import check_types, field_label, reject_unknown
from migrator.services.raid import RaidService
from migrator.store.repositories.common import gone
from migrator.store.repositories.dependencies import DependencyRepository, label_of
from migrator.store.repositories.migration import MigrationRepository
from migrator.store.repositories.teams import TeamRepository
from migrator.store.repositories.workstreams import StoredWorkstream, WorkstreamRepository
from migrator.store.rows import column_value
from migrator.store.unit_of_work import UnitOfWork, UnitOfWorkFactory


@dataclass(frozen=True)
class DeletedWorkstream:
    """Everything needed to bring a deleted workstream back (undo)."""

    workstream: Workstream
    dependencies: tuple[Dependency, ...]
    was_go_live: bool
    # The RAID items' links to it and to its dependencies, gone with it and back on undo.
    raid_links: tuple[RaidLink, ...] = ()


class WorkstreamService:
    def __init__(self, units: UnitOfWorkFactory, today: Callable[[], date]) -> None:
        self._units = units
        self._today = today
        self._rows = WorkstreamRepository(units)
        self._teams = TeamRepository(units)
        self._links = DependencyRepository(units)
        self._migration = MigrationRepository(units)
        self._raid = RaidService(units, today)

    # ------------------------------------------------------------ reading

    def workstreams(self, ids: Iterable[int] | None = None) -> list[Workstream]:
        """All workstreams (or the named ones that exist) with their team and owner names, in plan order."""
        return self._rows.workstreams(ids)

    def workstream(self, workstream_id: int) -> Workstream:
        found = self._rows.workstreams([workstream_id])
        if not found:
            raise gone("workstream", workstream_id, shared=self._units.store.shared)
        return found[0]

    def workstream_by_key(self, key: str) -> Workstream:
        key = key.strip().upper()
        found = self._rows.by_key(key)
        if not found:
            raise NotFoundError(f"There is no workstream {key}.")
        return found[0]

    # ------------------------------------------------------------ changing

    def create(
        self, title: str, team_id: int, *, key: str | None = None, comment: str = "", **fields: Any
    ) -> int:
        """Add a workstream; the key is generated from the team code when not given."""
        with self._units.changing():
            reject_unknown(fields, set(WORKSTREAM_FIELDS) - {"key", "title", "team_id"}, "workstream")
            check_types(fields)
            self._teams.require_team(team_id)
            if key and self._rows.key_taken(rules.normalise_key(key)):
                raise ValidationError(
                    f"Key {rules.normalise_key(key)} is already used by another workstream."
                )
            key = self._teams.next_key(team_id, key, self._rows.key_taken)
            state = new_workstream_state(key, team_id, {"title": title, **fields}, self._today())
            self._check_references(state)
            return self._rows.create(state, rules.optional_text(comment, "A comment"))

    def update(
        self,
        workstream_id: int,
        changes: Mapping[str, Any],
        *,
        comment: str = "",
        expected_version: int | None = None,
    ) -> list[str]:
        """Change fields of one workstream (a status move also fills actual dates); the changed fields."""
        with self._units.changing() as uow:
            row = self._rows.stored(workstream_id, expected_version)
            values = self._checked_update(uow, row, changes, comment)
            self._rows.write(workstream_id, values)
            return list(values)

    def update_many(
        self,
        changes: Mapping[int, Mapping[str, Any]],
        *,
        comment: str = "",
        expected_versions: Mapping[int, int] | None = None,
    ) -> None:
        """Change several workstreams as one action (a bulk edit, an undo); all or nothing.
        ``expected_versions``: the version of each row the caller showed; if one moved on since,
        nothing changes and the refusal says who changed it."""
        with self._units.changing() as uow:
            if any("key" in fields for fields in changes.values()):
                self._rows.check_versions(expected_versions or {})
                # A key one row gives up may be another's new key: each row is written (autoflush)
                # before the next is checked.
                for workstream_id, fields in changes.items():
                    self.update(workstream_id, fields, comment=comment)
                return
            rows = self._rows.hold(changes, expected_versions)
            checked = []
            for workstream_id, fields in changes.items():
                row = rows.get(workstream_id)
                if row is None:
                    raise gone("workstream", workstream_id, shared=self._units.store.shared)
                checked.append((row, self._checked_update(uow, row, fields, comment)))
            self._rows.write_many(checked)

    def _checked_update(
        self, uow: UnitOfWork, row: StoredWorkstream, changes: Mapping[str, Any], comment: str
    ) -> dict[str, Any]:
        """The column values ``changes`` give ``row`` (a status move also fills actual dates),
        checked and recorded in history; the caller writes them."""
        reject_unknown(changes, set(WORKSTREAM_FIELDS), "workstream")
        check_types(changes)
        comment = rules.optional_text(comment, "A comment")
        before = row.state
        state = dict(before)
        state.update(changes)
        if "status" in changes:
            state.update(implied_by_status_move(before["status"], state["status"], state, self._today()))
            state.update(changes)
        if "key" in changes and state["key"] != before["key"]:
            state["key"] = rules.normalise_key(state["key"])
            if self._rows.key_taken(state["key"]):
                raise ValidationError(f"Key {state['key']} is already used by another workstream.")
        state = checked_workstream_state(state)
        self._check_references(state)
        changed = [field for field in WORKSTREAM_FIELDS if state[field] != before[field]]
        for field in changed:
            old, new = before[field], state[field]
            if field == "team_id":
                old, new = self._teams.team_name(old), self._teams.team_name(new)
            elif field == "owner_id":
                old, new = self._teams.person_name(old), self._teams.person_name(new)
            uow.record("workstream", row.id, state["key"], "changed", field_label(field), old, new, comment)
        if comment and not changed:
            uow.record("workstream", row.id, row.key, "commented", comment=comment)
        if not state["is_milestone"] and self._migration.go_live_id() == row.id:
            self._migration.set_go_live(None)
        return {field: column_value(state[field]) for field in changed}

    def _check_references(self, state: Mapping[str, Any]) -> None:
        self._teams.require_team(state["team_id"])
        if state["owner_id"] is not None:
            self._teams.require_person(state["owner_id"])

    def add_comment(self, workstream_id: int, comment: str) -> None:
        """A status comment in the workstream's history (e.g. after a stand-up)."""
        comment = rules.require_text(comment, "A comment", max_length=rules.MAX_TEXT)
        with self._units.changing() as uow:
            key = self._rows.require(workstream_id)
            uow.record("workstream", workstream_id, key, "commented", comment=comment)

    # ------------------------------------------------------------ deleting and undoing it

    def delete_many(
        self, workstream_ids: Iterable[int], expected_versions: Mapping[int, int] | None = None
    ) -> list[DeletedWorkstream]:
        """Delete workstreams and their links as one action; their content stays in history.
        ``expected_versions`` as for update_many: one row changed since, none deleted."""
        expected = expected_versions or {}
        with self._units.changing():
            deleted = []
            for workstream_id in workstream_ids:
                raid_links = self._raid.remove_links_of(
                    [workstream_id],
                    self._links.ids_of_workstream(workstream_id),
                    "its workstream was deleted",
                )
                workstream, links, was_go_live = self._rows.delete(workstream_id, expected.get(workstream_id))
                deleted.append(DeletedWorkstream(workstream, tuple(links), was_go_live, tuple(raid_links)))
            return deleted

    def restore_many(self, deleted: Sequence[DeletedWorkstream]) -> None:
        """Undo delete_many: in reverse order, so links between them come back too, with their ids,
        keys and the links whose other end exists."""
        with self._units.changing():
            for item in reversed(deleted):
                self._restore(item)
            for item in deleted:
                self._raid.put_back_links(item.raid_links, "its workstream came back")

    def _restore(self, deleted: DeletedWorkstream) -> None:
        ws = deleted.workstream
        if self._rows.exists(ws.id):
            raise ValidationError(f"{ws.key} already exists.")
        if self._rows.key_taken(ws.key):
            raise ValidationError(f"Key {ws.key} is used by another workstream now.")
        if self._teams.team_name(ws.team_id) is None:
            raise ValidationError(f"{ws.key} cannot come back: its team {ws.team_name} was removed.")
        self._teams.next_key(ws.team_id, ws.key, lambda _key: False)  # the counter moves past the key again
        owner_id = ws.owner_id if ws.owner_id and self._teams.person_name(ws.owner_id) is not None else None
        values = {field: getattr(ws, field) for field in WORKSTREAM_FIELDS}
        values.update(owner_id=owner_id)
        self._rows.create(values, with_id=ws.id)
        for link in deleted.dependencies:
            other = link.successor_id if link.predecessor_id == ws.id else link.predecessor_id
            if not self._rows.exists(other):
                continue
            try:
                # Links made since the delete (in another window, say) may close a loop.
                self._links.refuse_loop(link.predecessor_id, link.successor_id)
            except DependencyLoopError as error:
                raise DependencyLoopError(
                    error.loop,
                    f"{ws.key} cannot come back with its link {label_of(link)}: with the links "
                    f"made since it was deleted it would close a loop ({' → '.join(error.loop)}). "
                    "Remove one of those links first.",
                ) from None
            self._links.put_back(link)
        if deleted.was_go_live:
            self._migration.set_go_live(ws.id)
        self._rows.flush()
