"""The writes an undo step makes, each patching the plan in memory in the same call.

These are the only document methods the undo commands call: a command holds ids and old and
new values, never the service, so a write and the plan the window shows cannot part ways.
``PlanDocument`` takes them in; they read its ``service``, ``plan`` and signals.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from migrator.domain.errors import ConcurrentEditError, MigratorError
from migrator.domain.model import Dependency, DependencyType, Workstream
from migrator.domain.workstream_state import plan_order

if TYPE_CHECKING:
    from migrator.services import MigrationService
    from migrator.services.migration_service import DeletedWorkstream
    from migrator.services.plan_image import PlanImage
    from migrator.ui.document.plan_in_memory import Plan


@contextmanager
def waiting() -> Iterator[None]:
    """The busy cursor while a wide action runs: at 20,000 workstreams a baseline or an
    import and their undo take a few seconds, and the window should say it is working."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


class PlanEdits:
    """Write-and-patch methods of ``PlanDocument`` (see the module's docstring)."""

    # What the document provides (declared for readers; PlanDocument defines them).
    plan: Plan
    if TYPE_CHECKING:

        @property
        def service(self) -> MigrationService: ...

    workstreams_changed: Any
    dependencies_changed: Any
    history_changed: Any
    reanalyse: Callable[[], None]
    reload: Callable[[frozenset[str] | None], None]

    # ------------------------------------------------------------ reads an undo step states

    def stale_edit_refusal(self, entity: str, entity_id: int, label: str) -> ConcurrentEditError:
        """The refusal of a step on a row someone else changed since: who, when and what."""
        return self.service.changed_elsewhere(entity, entity_id, label)

    def link_in_file(self, dependency_id: int) -> Dependency:
        """A link as the file has it (raises NotFoundError when it is gone)."""
        return self.service.dependency(dependency_id)

    # ------------------------------------------------------------ workstreams

    def write_workstreams(
        self,
        changes: Mapping[int, Mapping[str, Any]],
        versions: Mapping[int, int],
        comment: str = "",
        go_live: int | None = None,
    ) -> list[Workstream]:
        """Change fields of workstreams shown at ``versions``; the rows as the file now has them.
        ``go_live``: a milestone to make the go-live again if the change had cleared it (an undo)."""
        fresh = self.service.update_workstreams(changes, comment=comment, expected_versions=versions)
        if go_live is not None and self.service.migration().go_live_milestone_id is None:
            self.service.update_migration({"go_live_milestone_id": go_live})
        self._patch_workstreams(fresh)
        return fresh

    def write_new_workstream(self, team_id: int, title: str, fields: Mapping[str, Any]) -> Workstream:
        workstream_id = self.service.create_workstream(title, team_id, **fields)
        created = self.service.workstreams_by_id([workstream_id])
        self._patch_workstreams(created)
        return created[0]

    def write_deletion(self, ids: Sequence[int], versions: Mapping[int, int]) -> list[DeletedWorkstream]:
        """Delete workstreams shown at ``versions``; what their restoration needs."""
        deleted = self.service.delete_workstreams(list(ids), dict(versions))
        self._patch_workstreams([], gone=ids)  # their links go with them
        return deleted

    def write_restoration(self, deleted: Sequence[DeletedWorkstream]) -> list[Workstream]:
        """Bring deleted workstreams back with their ids, keys, links and history."""
        self.service.restore_workstreams(deleted)
        back = self.service.workstreams_by_id([item.workstream.id for item in deleted])
        self._patch_workstreams(back)
        rows = self.plan.workstreams
        links = [
            link for item in deleted for link in item.dependencies
            if link.predecessor_id in rows and link.successor_id in rows
        ]  # fmt: skip
        if links:
            self._patch_dependencies(links)
        return back

    # ------------------------------------------------------------ links

    def write_new_link(
        self, predecessor_id: int, successor_id: int, type: DependencyType, lag: int, note: str
    ) -> Dependency:
        link_id = self.service.add_dependency(predecessor_id, successor_id, type, lag, note)
        link = self.service.dependency(link_id)
        self._patch_dependencies([link])
        return link

    def write_link(
        self, dependency_id: int, values: Mapping[str, Any], expected_version: int | None
    ) -> Dependency:
        self.service.update_dependency(dependency_id, **values, expected_version=expected_version)
        link = self.service.dependency(dependency_id)
        self._patch_dependencies([link])
        return link

    def write_link_removal(self, dependency_id: int, expected_version: int | None) -> Dependency:
        """Remove a link shown at ``expected_version``; the link as it was, to restore it."""
        removed = self.service.remove_dependency(dependency_id, expected_version)
        self._patch_dependencies(gone=[dependency_id])
        return removed

    def write_link_restoration(self, link: Dependency) -> Dependency:
        """Bring a removed link back; the link as the file now has it (its version included)."""
        self.service.restore_dependency(link)
        back = self.service.dependency(link.id)
        self._patch_dependencies([back])
        return back

    # ------------------------------------------------------------ wide actions, undone by images

    def write_wide(
        self, text: str, action: Callable[[], Any], touches: frozenset[str] | None
    ) -> tuple[PlanImage, PlanImage]:
        """Run ``action`` (it may touch many rows); the rows it changed before and after it.
        ``touches``: the parts it can change ("migration" or a table's name); None: everything."""
        # Loaded here: they load SQLAlchemy, kept out of the first paint.
        from migrator.services.plan_image import EVERYTHING, narrowed

        parts = touches or EVERYTHING
        with waiting():
            before = self.service.plan_image(parts)
            try:
                action()
            except MigratorError:
                # An action of several writes may have made some before the refusal: put them back.
                self.service.restore_plan_image(before, f"Refused: {text}")
                raise
            # Only the rows the action changed are kept: two whole 20,000-row plans per step would not be.
            before, after = narrowed(before, self.service.plan_image(parts))
            self.reload(touches)
        return before, after

    def write_plan_image(
        self, image: PlanImage, comment: str, expected: PlanImage | None, touches: frozenset[str] | None
    ) -> None:
        """Put the rows back to ``image``; refused (nothing changes) when someone else has changed
        one of them since the step left them at ``expected``."""
        with waiting():
            self.service.restore_plan_image(image, comment, expected=expected)
            self.reload(touches)

    # ------------------------------------------------------------ patching the plan in memory

    def _patch_workstreams(self, fresh: Iterable[Workstream], gone: Iterable[int] = ()) -> None:
        now = self.service.now()
        rows = self.plan.workstreams
        ids: list[int] = []
        milestones = False  # the go-live follows milestones: an edit clears it, a restore brings it back
        for workstream_id in gone:
            old = rows.pop(workstream_id, None)
            milestones |= old is not None and old.is_milestone
            ids.append(workstream_id)
        moved = False
        for workstream in fresh:
            old = rows.get(workstream.id)
            moved |= old is None or (old.team_name, old.key) != (workstream.team_name, workstream.key)
            milestones |= workstream.is_milestone or (old is not None and old.is_milestone)
            rows[workstream.id] = workstream
            self.plan.last_updates[workstream.id] = now
            ids.append(workstream.id)
        if moved:  # keep plan order: team, then key number
            self.plan.workstreams = {w.id: w for w in sorted(rows.values(), key=plan_order)}
        if milestones:
            self.plan.migration = self.service.migration()
        links = self._links_following(set(ids))
        self.reanalyse()
        self.workstreams_changed.emit(ids)
        if links:
            self.dependencies_changed.emit()
        self.history_changed.emit(ids)

    def _links_following(self, ids: set[int]) -> bool:
        """Drop the links of removed workstreams and give the others their ends' current keys
        (a delete or a key change); whether any link changed."""
        rows, changed = self.plan.workstreams, False
        kept: dict[int, Dependency] = {}
        for link in self.plan.dependencies.values():
            if link.predecessor_id in ids or link.successor_id in ids:
                pred, succ = rows.get(link.predecessor_id), rows.get(link.successor_id)
                if pred is None or succ is None:
                    changed = True
                    continue
                if (pred.key, succ.key) != (link.predecessor_key, link.successor_key):
                    link = dataclasses.replace(link, predecessor_key=pred.key, successor_key=succ.key)
                    changed = True
            kept[link.id] = link
        if changed:
            self.plan.dependencies = kept
        return changed

    def _patch_dependencies(self, fresh: Iterable[Dependency] = (), gone: Iterable[int] = ()) -> None:
        """Put the links an edit added, changed or removed in the plan, without re-reading them all."""
        links = self.plan.dependencies
        ends: set[int] = set()  # the workstreams whose history records the change
        for dependency_id in gone:
            if (old := links.pop(dependency_id, None)) is not None:
                ends.update((old.predecessor_id, old.successor_id))
        for link in fresh:
            links[link.id] = link
            ends.update((link.predecessor_id, link.successor_id))
        self.reanalyse()
        self.dependencies_changed.emit()
        if ends:
            self.history_changed.emit(sorted(ends))


def one_date_for_milestones(workstream: Workstream, fields: Mapping[str, Any]) -> dict[str, Any]:
    """A milestone has one date: moving its start or due moves both, and making a task a
    milestone puts it on its due date."""
    fields = dict(fields)
    if not fields.get("is_milestone", workstream.is_milestone):
        return fields
    day = fields.get("planned_due", fields.get("planned_start"))
    if "planned_due" not in fields and "planned_start" not in fields:
        if "is_milestone" not in fields:
            return fields
        day = workstream.planned_due or workstream.planned_start
    fields["planned_start"] = fields["planned_due"] = day
    return fields


def differs(workstream: Workstream, fields: Mapping[str, Any]) -> bool:
    """Whether ``fields`` change anything of ``workstream``: an edit that does not is no undo step."""
    return any(getattr(workstream, name) != value for name, value in fields.items())
