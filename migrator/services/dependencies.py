"""Links between workstreams: adding, editing, removing and putting back, never into a loop."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from migrator.domain import rules
from migrator.domain.errors import ValidationError
from migrator.domain.model import Dependency, DependencyType
from migrator.domain.raid import RaidLink
from migrator.domain.workstream_state import link_label
from migrator.services.checks import dependency_type
from migrator.services.raid import RaidService
from migrator.store.repositories.common import gone
from migrator.store.repositories.dependencies import DependencyRepository, label_of
from migrator.store.repositories.workstreams import WorkstreamRepository
from migrator.store.unit_of_work import UnitOfWorkFactory


class DependencyService:
    def __init__(self, units: UnitOfWorkFactory, raid: RaidService) -> None:
        self._units = units
        self._links = DependencyRepository(units)
        self._workstreams = WorkstreamRepository(units)
        self._raid = raid
        # The RAID links each removed link (by id) took along: its undo (restore) brings them back.
        self._raid_links_removed: dict[int, list[RaidLink]] = {}

    def dependencies(self, ids: Iterable[int] | None = None) -> list[Dependency]:
        """Every link (or the named ones that exist)."""
        return self._links.dependencies(ids)

    def dependency(self, dependency_id: int) -> Dependency:
        found = self._links.dependencies([dependency_id])
        if not found:
            raise gone("dependency", dependency_id, shared=self._units.store.shared)
        return found[0]

    def add(
        self,
        predecessor_id: int,
        successor_id: int,
        type: DependencyType = DependencyType.FS,
        lag: int = 0,
        note: str = "",
    ) -> int:
        """Link two workstreams; refuses self links, duplicates and loops (naming the loop).
        Many links added in one unit of work check loops against one graph of the file's links."""
        with self._units.changing():
            pred = self._workstreams.require(predecessor_id)
            succ = self._workstreams.require(successor_id)
            type = dependency_type(type)
            lag = rules.check_lag(lag)
            note = rules.optional_text(note, "A dependency note")
            if predecessor_id == successor_id:
                raise ValidationError(f"{pred} cannot depend on itself.")
            if self._links.linked(predecessor_id, successor_id):
                raise ValidationError(f"{succ} already depends on {pred}.")
            self._links.refuse_loop(predecessor_id, successor_id)
            return self._links.add(
                predecessor_id, successor_id, type.value, lag, note, link_label(pred, succ)
            )

    def restore(self, link: Dependency) -> None:
        """Bring a removed link back with its id (undo); refused like a new one if it would loop."""
        with self._units.changing():
            if self._links.exists(link.id):
                raise ValidationError(f"The link {label_of(link)} already exists.")
            for end in (link.predecessor_id, link.successor_id):
                self._workstreams.require(end)
            self._links.refuse_loop(link.predecessor_id, link.successor_id)
            self._links.put_back(link)
            self._links.flush()
            self._raid.put_back_links(self._raid_links_removed.pop(link.id, []), "its dependency came back")

    def update(
        self,
        dependency_id: int,
        *,
        type: DependencyType | None = None,
        lag: int | None = None,
        note: str | None = None,
        expected_version: int | None = None,
    ) -> None:
        with self._units.changing():
            link = self._links.for_change(dependency_id, expected_version)
            values: dict[str, Any] = {}
            if type is not None:
                values["type"] = dependency_type(type).value
            if lag is not None:
                values["lag"] = rules.check_lag(lag)
            if note is not None:
                values["note"] = rules.optional_text(note, "A dependency note")
            self._links.write(dependency_id, values, label_of(link))

    def remove(self, dependency_id: int, expected_version: int | None = None) -> Dependency:
        with self._units.changing():
            link = self._links.for_change(dependency_id, expected_version)
            raid_links = self._raid.remove_links_of([], [dependency_id], "its dependency was removed")
            self._links.remove(link)
            if raid_links:
                self._raid_links_removed[link.id] = raid_links
            return link
