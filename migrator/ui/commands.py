"""Undo commands: each stores ids and old and new values, and changes the plan through the service.

A command's first ``first_do`` runs before it is pushed, so a refused edit never reaches
the stack; QUndoStack's own first ``redo`` call is then skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QApplication

from migrator.domain.errors import MigratorError
from migrator.domain.model import Dependency, DependencyType, Workstream
from migrator.domain.workstream_state import WORKSTREAM_FIELDS

if TYPE_CHECKING:
    from migrator.services.migration_service import DeletedWorkstream
    from migrator.services.plan_image import PlanImage
    from migrator.ui.plan_document import PlanDocument


@contextmanager
def waiting() -> Iterator[None]:
    """The busy cursor while a wide action runs: at 20,000 workstreams a baseline or an
    import and their undo take a few seconds, and the window should say it is working."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


class PlanCommand(QUndoCommand):
    def __init__(self, document: PlanDocument, text: str) -> None:
        super().__init__(text)
        self.document = document
        self._pushed = False

    def first_do(self) -> None:
        """Do the edit the first time; raises MigratorError (nothing changed) when refused."""
        self.apply()

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True  # QUndoStack.push calls redo: first_do already did it
            return
        self.document.attempt(self.apply)

    def undo(self) -> None:
        self.document.attempt(self.revert)

    # Each command defines them: apply does (or redoes) the edit, revert undoes it.
    apply: Callable[[], None]
    revert: Callable[[], None]


class EditWorkstreams(PlanCommand):
    """Field changes to one or several workstreams; undo puts back every field the edit moved,
    including the actual dates a status move filled in."""

    def __init__(
        self, document: PlanDocument, changes: dict[int, dict[str, Any]], text: str, comment: str = ""
    ) -> None:
        super().__init__(document, text)
        self.changes = changes
        self.comment = comment
        self.before: dict[int, Workstream] = {}
        self.after: dict[int, Workstream] = {}
        self.go_live: int | None = None

    def first_do(self) -> None:
        plan = self.document.plan
        self.before = {i: plan.workstreams[i] for i in self.changes}
        self.go_live = plan.migration.go_live_milestone_id
        fresh = self.document.service.update_workstreams(
            self.changes, comment=self.comment, expected_versions=_versions(self.before.values())
        )
        self.after = {w.id: w for w in fresh}
        self.document._patch_workstreams(fresh)

    def _put(self, target: Mapping[int, Workstream], source: Mapping[int, Workstream]) -> None:
        """Move the rows from ``source`` (what this step left them at) to ``target``; refused
        when someone else has changed one of those fields since (their edit is kept)."""
        current = self.document.plan.workstreams
        service = self.document.service
        changes, shown = {}, []
        for workstream_id, wanted in target.items():
            if workstream_id in current:
                now = current[workstream_id]
                moved = _fields_that_differ(source[workstream_id], wanted)
                if _fields_that_differ(now, source[workstream_id]).keys() & moved.keys():
                    raise service.changed_elsewhere("workstream", workstream_id, now.key)
                shown.append(now)
                # Only what this step moved: a colleague's later change to another field stays.
                fields = dict(moved)
                if "status" in fields:  # a status move fills dates: say exactly which ones we want
                    for name in ("actual_start", "actual_finish", "progress"):
                        fields.setdefault(name, getattr(now, name))
                if fields:
                    changes[workstream_id] = fields
        fresh = service.update_workstreams(changes, expected_versions=_versions(shown))
        if (
            self.go_live in target
            and service.migration().go_live_milestone_id is None
            and target[self.go_live].is_milestone
        ):
            service.update_migration({"go_live_milestone_id": self.go_live})  # the edit had cleared it
        self.document._patch_workstreams(fresh)

    def apply(self) -> None:
        self._put(self.after, self.before)

    def revert(self) -> None:
        self._put(self.before, self.after)


class CreateWorkstream(PlanCommand):
    def __init__(self, document: PlanDocument, team_id: int, title: str, fields: dict[str, Any]) -> None:
        super().__init__(document, f"Add {title}")
        self.team_id, self.title, self.fields = team_id, title, fields
        self.workstream_id: int | None = None
        self.left_at = 0  # the version this step left the row at: undo is refused past it
        self.deleted: DeletedWorkstream | None = None

    def first_do(self) -> None:
        service = self.document.service
        self.workstream_id = service.create_workstream(self.title, self.team_id, **self.fields)
        created = service.workstreams_by_id([self.workstream_id])
        self.setText(f"Add {created[0].key}")
        self.left_at = created[0].version
        self.document._patch_workstreams(created)

    def apply(self) -> None:  # redo brings back the same row, id and key
        assert self.deleted is not None
        self.document.service.restore_workstreams([self.deleted])
        back = self.document.service.workstreams_by_id([self.deleted.workstream.id])
        self.left_at = back[0].version
        self.document._patch_workstreams(back)

    def revert(self) -> None:
        assert self.workstream_id is not None
        versions = {self.workstream_id: self.left_at}
        self.deleted = self.document.service.delete_workstreams([self.workstream_id], versions)[0]
        self.document._patch_workstreams([], gone=[self.workstream_id])  # its links go with it


class DeleteWorkstreams(PlanCommand):
    """Undo restores the workstreams with their ids, keys, links and history."""

    def __init__(self, document: PlanDocument, ids: list[int]) -> None:
        keys = [document.plan.workstreams[i].key for i in ids]
        text = f"Delete {keys[0]}" if len(keys) == 1 else f"Delete {len(keys)} workstreams"
        super().__init__(document, text)
        self.ids = ids
        self.deleted: list[DeletedWorkstream] = []
        self.restored_at: dict[int, int] | None = None  # versions the undo left: redo refused past them

    def apply(self) -> None:
        versions = self.restored_at if self.restored_at is not None else self.document.versions_of(self.ids)
        self.deleted = self.document.service.delete_workstreams(self.ids, versions)
        self.document._patch_workstreams([], gone=self.ids)  # their links go with them

    def revert(self) -> None:
        service = self.document.service
        service.restore_workstreams(self.deleted)
        back = service.workstreams_by_id(self.ids)
        self.restored_at = _versions(back)
        self.document._patch_workstreams(back)
        rows = self.document.plan.workstreams
        back = [
            link for item in self.deleted for link in item.dependencies
            if link.predecessor_id in rows and link.successor_id in rows
        ]  # fmt: skip
        self.document._patch_dependencies(back)


class AddDependency(PlanCommand):
    def __init__(
        self, document: PlanDocument, predecessor_id: int, successor_id: int, type: DependencyType,
        lag: int, note: str,
    ) -> None:  # fmt: skip
        plan = document.plan.workstreams
        pred = plan[predecessor_id].key if predecessor_id in plan else "?"
        succ = plan[successor_id].key if successor_id in plan else "?"
        super().__init__(document, f"Link {pred} → {succ}")
        self.arguments = (predecessor_id, successor_id, type, lag, note)
        self.link: Dependency | None = None

    def first_do(self) -> None:
        service = self.document.service
        self.link = service.dependency(service.add_dependency(*self.arguments))
        self.document._patch_dependencies([self.link])

    def apply(self) -> None:
        assert self.link is not None
        self.link = _restored(self.document, self.link)

    def revert(self) -> None:
        assert self.link is not None  # its version is the one this step left: undo refused past it
        self.document.service.remove_dependency(self.link.id, self.link.version)
        self.document._patch_dependencies(gone=[self.link.id])


class EditDependency(PlanCommand):
    def __init__(
        self, document: PlanDocument, dependency_id: int, *, type: DependencyType | None,
        lag: int | None, note: str | None,
    ) -> None:  # fmt: skip
        link = document.plan.dependencies.get(dependency_id)
        super().__init__(
            document, f"Change link {link.predecessor_key} → {link.successor_key}" if link else "Change link"
        )
        self.dependency_id = dependency_id
        self.new = {"type": type, "lag": lag, "note": note}
        self.old: dict[str, Any] = {}

    def first_do(self) -> None:
        # What the window showed (the file's link if the window has lost it: then refused there).
        link = self.document.plan.dependencies.get(self.dependency_id) or self.document.service.dependency(
            self.dependency_id
        )
        self.new = {k: v for k, v in self.new.items() if v is not None}
        self.old = {k: getattr(link, k) for k in self.new}
        self._put(self.new, self.old)

    def _put(self, values: Mapping[str, Any], source: Mapping[str, Any]) -> None:
        """Give the link ``values``; refused when someone else has changed what this step
        moves since the window showed it at ``source``."""
        service = self.document.service
        shown = self.document.plan.dependencies.get(self.dependency_id)
        if shown is not None and any(
            getattr(shown, k) != source[k] for k in values if values[k] != source[k]
        ):
            label = f"The link {shown.predecessor_key} → {shown.successor_key}"
            raise service.changed_elsewhere("dependency", self.dependency_id, label)
        service.update_dependency(
            self.dependency_id, **values, expected_version=shown.version if shown else None
        )
        self.document._patch_dependencies([service.dependency(self.dependency_id)])

    def apply(self) -> None:
        self._put(self.new, self.old)

    def revert(self) -> None:
        self._put(self.old, self.new)


class RemoveDependency(PlanCommand):
    def __init__(self, document: PlanDocument, dependency_id: int) -> None:
        link = document.plan.dependencies.get(dependency_id)
        super().__init__(
            document, f"Unlink {link.predecessor_key} → {link.successor_key}" if link else "Unlink"
        )
        self.dependency_id = dependency_id
        self.link: Dependency | None = None

    def apply(self) -> None:
        # First time: the version the window showed; on redo, the one the undo left.
        shown = self.link or self.document.plan.dependencies.get(self.dependency_id)
        self.link = self.document.service.remove_dependency(
            self.dependency_id, shown.version if shown else None
        )
        self.document._patch_dependencies(gone=[self.dependency_id])

    def revert(self) -> None:
        assert self.link is not None
        self.link = _restored(self.document, self.link)


class WideEdit(PlanCommand):
    """An action that may touch many rows (import, team removal, settings, baseline): undo and
    redo put the plan's rows back to the image taken before or after it."""

    def __init__(
        self,
        document: PlanDocument,
        text: str,
        action: Callable[[], Any],
        touches: frozenset[str] | None = None,
    ) -> None:
        """``touches``: the parts of the plan the action can change ("migration" or a table's name);
        only those are read before and after it. None: the whole plan."""
        super().__init__(document, text)
        self.action = action
        self.touches = touches
        self.before: PlanImage | None = None
        self.after: PlanImage | None = None

    def first_do(self) -> None:
        # Loaded here: they load SQLAlchemy, kept out of the first paint.
        from migrator.services.plan_image import EVERYTHING, narrowed

        service = self.document.service
        parts = self.touches or EVERYTHING
        with waiting():
            self.before = service.plan_image(parts)
            try:
                self.action()
            except MigratorError:
                # An action of several writes may have made some before the refusal: put them back.
                service.restore_plan_image(self.before, f"Refused: {self.text()}")
                raise
            # Only the rows the action changed are kept: two whole 20,000-row plans per step would not be.
            self.before, self.after = narrowed(self.before, service.plan_image(parts))
            self.document.reload(self.touches)

    def _put(self, image: PlanImage | None, why: str, source: PlanImage | None) -> None:
        """Put the rows back to ``image``; refused (nothing changes) when someone else has
        changed one of them since this step left them at ``source``."""
        assert image is not None
        with waiting():
            self.document.service.restore_plan_image(image, f"{why}: {self.text()}", expected=source)
            self.document.reload(self.touches)

    def apply(self) -> None:
        self._put(self.after, "Redo", self.before)

    def revert(self) -> None:
        self._put(self.before, "Undo", self.after)


def _restored(document: PlanDocument, link: Dependency) -> Dependency:
    """Bring a removed link back; the link as the file now has it (its version included)."""
    document.service.restore_dependency(link)
    back = document.service.dependency(link.id)
    document._patch_dependencies([back])
    return back


def _fields_that_differ(current: Workstream, target: Workstream) -> dict[str, Any]:
    """The editable fields where ``target`` differs from ``current`` (names as the service takes them)."""
    return {n: getattr(target, n) for n in WORKSTREAM_FIELDS if getattr(current, n) != getattr(target, n)}


def _versions(rows: Iterable[Workstream]) -> dict[int, int]:
    """Each row's version as the window showed it: an edit states them, refused if one moved on."""
    return {w.id: w.version for w in rows}
