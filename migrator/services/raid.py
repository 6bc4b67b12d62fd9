"""The RAID log: creating, editing, linking and deleting risks, assumptions, issues and decisions.

Every change is checked (the status its type allows, probability and impact 1–5, plausible
dates, an owner and team that exist, texts within limits) and recorded in history under the
entity "raid", labelled by the item's key; deletes and unlinks return what undo needs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from migrator.domain import raid_rules, rules
from migrator.domain.errors import NotFoundError, ValidationError
from migrator.domain.raid import STATUSES_OF, LinkRole, RaidItem, RaidLink, RaidStatus, RaidType
from migrator.domain.raid_rules import EDITABLE, checked_item, label, link_role, raid_type
from migrator.store.repositories.common import gone
from migrator.store.repositories.raid import ENTITY, RaidRepository
from migrator.store.repositories.teams import TeamRepository
from migrator.store.unit_of_work import UnitOfWork, UnitOfWorkFactory

__all__ = ["RaidService"]


class RaidService:
    def __init__(self, units: UnitOfWorkFactory, today: Callable[[], date]) -> None:
        self._units = units
        self._today = today
        self._rows = RaidRepository(units)
        self._teams = TeamRepository(units)

    # ------------------------------------------------------------ reading

    def items(self, ids: Iterable[int] | None = None) -> list[RaidItem]:
        """Every item (or the named ones that exist) with its links: risks, assumptions, issues,
        decisions, each by key number."""
        return self._rows.items(ids)

    def item(self, item_id: int) -> RaidItem:
        found = self._rows.items([item_id])
        if not found:
            raise gone("RAID item", item_id, shared=self._units.store.shared)
        return found[0]

    def item_by_key(self, key: str) -> RaidItem:
        """An item by its key, written any way ("r-12", " R-12 ")."""
        wanted = normalise_key(key)
        found = self._rows.id_by_key(wanted)
        if found is None:
            raise NotFoundError(f"There is no RAID item {wanted}.")
        return self.item(found)

    def links(self, workstream_ids: Iterable[int] = (), dependency_ids: Iterable[int] = ()) -> list[RaidLink]:
        """The links to these workstreams or dependencies (what removing one of them takes along)."""
        return self._rows.links_of(workstream_ids, dependency_ids)

    # ------------------------------------------------------------ changing

    def create(self, type: RaidType | str, title: str, **fields: Any) -> int:
        """Add an item of ``type`` with its next key (R-1, A-1, I-1, D-1...); ``fields`` are those
        of its type (raid_rules.fields_of). Open unless a status is given."""
        kind = raid_type(type)
        with self._units.changing():
            key = self._rows.next_key(kind)
            return self._create(kind, key, {"title": title, **fields}, key)

    def _create(self, kind: RaidType, key: str, fields: Mapping[str, Any], where: str) -> int:
        unknown = sorted(set(fields) - set(EDITABLE))
        if unknown:
            raise ValidationError(f"{where}: a RAID item has no field(s) {', '.join(unknown)}.")
        raid_rules.reject_other_types(kind, fields, where)
        state = {"status": STATUSES_OF[kind][0], **fields}
        checked = checked_item(kind, state, self._today(), where)
        self._check_references(checked, where, None)
        today = self._today()
        return self._rows.create(key, kind, {**checked, "created": today, "updated": today})

    def update(
        self, item_id: int, changes: Mapping[str, Any], expected_version: int | None = None
    ) -> list[str]:
        """Change fields of one item (those of its type); returns the fields that changed."""
        with self._units.changing() as uow:
            key, kind, before = self._rows.stored(item_id, expected_version)
            values = self._checked_update(uow, item_id, key, kind, before, changes)
            if values:
                self._rows.write(item_id, {**values, "updated": self._today()})
            return list(values)

    def add_comment(self, item_id: int, comment: str) -> None:
        """A comment in the item's history (e.g. one a team returned with its update)."""
        text = rules.require_text(comment, "A comment", max_length=rules.MAX_TEXT)
        with self._units.changing() as uow:
            key, _kind, _state = self._rows.stored(item_id)
            uow.record(ENTITY, item_id, key, "commented", comment=text)

    def _checked_update(
        self,
        uow: UnitOfWork,
        item_id: int,
        key: str,
        kind: RaidType,
        before: Mapping[str, Any],
        changes: Mapping[str, Any],
        comment: str = "",
    ) -> dict[str, Any]:
        unknown = sorted(set(changes) - set(EDITABLE))
        if unknown:
            raise ValidationError(f"{key}: a RAID item has no field(s) {', '.join(unknown)}.")
        raid_rules.reject_other_types(kind, changes, key)
        state = {**before, **changes}
        checked = checked_item(kind, state, self._today(), key)
        self._check_references(checked, key, item_id)
        old_state = checked_item(kind, before, date.max, key) if before else {}
        changed = {field: checked[field] for field in EDITABLE if checked[field] != old_state.get(field)}
        for field, new in changed.items():
            old = old_state.get(field)
            if field == "owner_id":
                old, new_text = self._teams.person_name(old), self._teams.person_name(new)
            elif field == "team_id":
                old, new_text = self._teams.team_name(old), self._teams.team_name(new)
            else:
                new_text = new
            uow.record(ENTITY, item_id, key, "changed", label(field), old, new_text, comment)
        return changed

    def _check_references(self, state: Mapping[str, Any], where: str, item_id: int | None) -> None:
        if state["owner_id"] is not None and self._teams.person_name(state["owner_id"]) is None:
            raise ValidationError(f"{where}: the owner (person id {state['owner_id']}) is not in the plan.")
        if state["team_id"] is not None and self._teams.team_name(state["team_id"]) is None:
            raise ValidationError(f"{where}: the team (id {state['team_id']}) is not in the plan.")
        raised_from = state["raised_from_id"]
        if raised_from is not None and (raised_from == item_id or not self._rows.exists(raised_from)):
            raise ValidationError(f"{where}: it cannot be raised from RAID item id {raised_from}.")

    # ------------------------------------------------------------ deleting and undoing it

    def delete_many(
        self, item_ids: Iterable[int], expected_versions: Mapping[int, int] | None = None
    ) -> list[RaidItem]:
        """Delete items and their links as one action; their content stays in history and the
        items returned bring them back (restore_many). Keys are not handed out again."""
        expected = expected_versions or {}
        with self._units.changing():
            return [self._rows.delete(item_id, expected.get(item_id)) for item_id in item_ids]

    def restore_many(self, deleted: Sequence[RaidItem]) -> None:
        """Undo delete_many: the items back with their ids, keys and the links whose other end
        exists."""
        with self._units.changing():
            for item in deleted:
                if self._rows.exists(item.id):
                    raise ValidationError(f"{item.key} already exists.")
                if self._rows.key_taken(item.key):
                    raise ValidationError(f"Key {item.key} is used by another RAID item now.")
                values = {field: getattr(item, field) for field in EDITABLE}
                if values["owner_id"] is not None and self._teams.person_name(values["owner_id"]) is None:
                    values["owner_id"] = None
                if values["team_id"] is not None and self._teams.team_name(values["team_id"]) is None:
                    values["team_id"] = None
                if values["raised_from_id"] is not None and not self._rows.exists(values["raised_from_id"]):
                    values["raised_from_id"] = None
                self._rows.move_counter_past(item.type, item.key)
                self._rows.create(
                    item.key, item.type, {**values, "created": item.created, "updated": item.updated},
                    with_id=item.id,
                )  # fmt: skip
            for item in deleted:
                for link in item.links:
                    self._put_back(link, item.key, "")

    # ------------------------------------------------------------ links

    def link(
        self,
        item_id: int,
        role: LinkRole | str,
        workstream_id: int | None = None,
        dependency_id: int | None = None,
    ) -> int:
        """Tie an item to one workstream or one dependency; the link's id."""
        checked_role = link_role(role)
        if (workstream_id is None) == (dependency_id is None):
            raise ValidationError("A RAID link ties an item to one workstream or one dependency.")
        with self._units.changing():
            key = self._rows.key_of(item_id)
            return self._rows.add_link(item_id, key, checked_role.value, workstream_id, dependency_id).id

    def unlink(self, link_id: int, expected_version: int | None = None) -> RaidLink:
        """Remove a link; returns it for relink (undo)."""
        with self._units.changing():
            link, key = self._rows.link(link_id, expected_version)
            self._rows.remove_links([link], {link.item_id: key})
            return link

    def relink(self, link: RaidLink) -> None:
        """Undo unlink: the link back with its id, while its item and its other end exist."""
        with self._units.changing():
            if not self._rows.exists(link.item_id):
                raise ValidationError(
                    f"The link to {link.label} cannot come back: its RAID item was removed."
                )
            key = self._rows.keys_of([link.item_id])[link.item_id]
            if self._rows.link_exists(link.id):
                raise ValidationError(f"{key} is already linked to {link.label}.")
            self._rows.end_label(link.workstream_id, link.dependency_id)  # NotFoundError if gone
            self._rows.put_back_link(link, key)

    def _put_back(self, link: RaidLink, key: str, comment: str) -> bool:
        """A link back if its item and its other end are there (undo of a delete); whether it was."""
        if self._rows.link_exists(link.id) or not self._rows.exists(link.item_id):
            return False
        try:
            self._rows.end_label(link.workstream_id, link.dependency_id)
        except NotFoundError:
            return False
        self._rows.put_back_link(link, key, comment)
        return True

    def remove_links_of(
        self, workstream_ids: Iterable[int], dependency_ids: Iterable[int], comment: str
    ) -> list[RaidLink]:
        """Inside a delete of workstreams or dependencies: their RAID links go too, recorded."""
        with self._units.changing():
            links = self._rows.links_of(workstream_ids, dependency_ids)
            if links:
                self._rows.remove_links(links, self._rows.keys_of(link.item_id for link in links), comment)
            return links

    def put_back_links(self, links: Sequence[RaidLink], comment: str = "") -> None:
        """Inside an undo of such a delete: the links whose item and other end are back."""
        with self._units.changing():
            keys = self._rows.keys_of(link.item_id for link in links)
            for link in links:
                if link.item_id in keys:
                    self._put_back(link, keys[link.item_id], comment)

    # ------------------------------------------------------------ an assumption found invalid

    def assumption_to_issue(self, item_id: int, expected_version: int | None = None) -> int:
        """An assumption found invalid: closed, and an issue raised from it in the same action,
        with its title, description, owner, team and links (a link the assumption was "assumed
        by" becomes one the issue "threatens"). Both are recorded in history; the new issue's id.
        Undo: delete the issue (delete_many) and reopen the assumption (update status open)."""
        with self._units.changing() as uow:
            key, kind, before = self._rows.stored(item_id, expected_version)
            if kind is not RaidType.ASSUMPTION:
                raise ValidationError(f"{key} is {raid_rules.a(kind)}, not an assumption.")
            if before["status"] != RaidStatus.OPEN.value:
                raise ValidationError(
                    f"{key} is closed already: only an open assumption can be found invalid."
                )
            assumption = self.item(item_id)
            issue_key = self._rows.next_key(RaidType.ISSUE)
            issue_id = self._create(
                RaidType.ISSUE,
                issue_key,
                {
                    "title": assumption.title, "description": assumption.description,
                    "owner_id": assumption.owner_id, "team_id": assumption.team_id,
                    "raised_from_id": item_id,
                },
                issue_key,
            )  # fmt: skip
            comment = f"{key} found invalid: raised as {issue_key}"
            changed = self._checked_update(
                uow, item_id, key, kind, before, {"status": RaidStatus.CLOSED}, comment
            )
            self._rows.write(item_id, {**changed, "updated": self._today()})
            for link in assumption.links:
                role = LinkRole.THREATENS if link.role is LinkRole.ASSUMED_BY else link.role
                self._rows.add_link(issue_id, issue_key, role.value, link.workstream_id, link.dependency_id)
            return issue_id


def normalise_key(key: str) -> str:
    """ "r-12" and " R-12 " are R-12."""
    return "".join(str(key).split()).upper()
