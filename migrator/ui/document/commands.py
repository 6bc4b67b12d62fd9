"""Undo commands: each stores ids and old and new values, and changes the plan through the document.

A command calls only the document's write-and-patch methods (``DocumentEdits``): the file
and the plan the window shows change in the same call, and no command holds the service.
A command's first ``first_do`` runs before it is pushed, so a refused edit never reaches
the stack; QUndoStack's own first ``redo`` call is then skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Protocol, TypeVar

from PySide6.QtGui import QUndoCommand

from migrator.domain.errors import ConcurrentEditError
from migrator.domain.model import Dependency, DependencyType, Migration, Workstream
from migrator.domain.updates import AppliedUpdates, CommentUpdate, FieldUpdate, Review
from migrator.domain.workstream_state import WORKSTREAM_FIELDS

T = TypeVar("T")
# What the service hands back for an undo to hand it again as it is: the record of deleted
# workstreams, the image of the rows a wide action changed.
Deleted = Any
PlanImage = Any


class PlanRows(Protocol):
    """The plan in memory, as a command reads it."""

    migration: Migration
    workstreams: dict[int, Workstream]
    dependencies: dict[int, Dependency]


class DocumentEdits(Protocol):
    """What commands may ask of the document (``PlanDocument`` passes itself)."""

    @property
    def plan(self) -> PlanRows: ...
    def versions_of(self, workstream_ids: Iterable[int]) -> dict[int, int]: ...
    def attempt(self, action: Callable[[], object], command: PlanCommand, *, undoing: bool) -> None: ...
    def stale_edit_refusal(self, entity: str, entity_id: int, label: str) -> ConcurrentEditError: ...
    def link_in_file(self, dependency_id: int) -> Dependency: ...
    def write_workstreams(
        self, changes: Mapping[int, Mapping[str, Any]], versions: Mapping[int, int], comment: str = "",
        go_live: int | None = None,
    ) -> list[Workstream]: ...  # fmt: skip
    def write_new_workstream(self, team_id: int, title: str, fields: Mapping[str, Any]) -> Workstream: ...
    def write_deletion(self, ids: Sequence[int], versions: Mapping[int, int]) -> list[Deleted]: ...
    def write_restoration(self, deleted: Sequence[Deleted]) -> list[Workstream]: ...
    def write_new_link(
        self, predecessor_id: int, successor_id: int, type: DependencyType, lag: int, note: str
    ) -> Dependency: ...
    def write_link(
        self, dependency_id: int, values: Mapping[str, Any], expected_version: int | None
    ) -> Dependency: ...
    def write_link_removal(self, dependency_id: int, expected_version: int | None) -> Dependency: ...
    def write_link_restoration(self, link: Dependency) -> Dependency: ...
    def write_wide(
        self, text: str, action: Callable[[], Any], touches: frozenset[str] | None
    ) -> tuple[PlanImage, PlanImage]: ...
    def write_plan_image(
        self, image: PlanImage, comment: str, expected: PlanImage | None, touches: frozenset[str] | None
    ) -> None: ...
    def write_updates(
        self, review: Review, updates: Sequence[FieldUpdate], comments: Sequence[CommentUpdate]
    ) -> AppliedUpdates: ...
    def write_updates_undone(self, applied: AppliedUpdates) -> AppliedUpdates: ...
    def write_updates_again(self, undone: AppliedUpdates) -> AppliedUpdates: ...


class PlanCommand(QUndoCommand):
    def __init__(self, document: DocumentEdits, text: str) -> None:
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
        if self.passing:
            self.passing = False
            return
        self.document.attempt(self.apply, self, undoing=False)

    def undo(self) -> None:
        if self.passing:
            self.passing = False
            return
        self.document.attempt(self.revert, self, undoing=True)

    # Set when a step could not be made for now (the server away): the stack steps back over
    # this command without doing it again, and the undo history is kept.
    passing = False

    # Each command defines them: apply does (or redoes) the edit, revert undoes it.
    apply: Callable[[], None]
    revert: Callable[[], None]


class EditWorkstreams(PlanCommand):
    """Field changes to one or several workstreams; undo puts back every field the edit moved,
    including the actual dates a status move filled in."""

    def __init__(
        self, document: DocumentEdits, changes: Mapping[int, Mapping[str, Any]], text: str, comment: str = ""
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
        fresh = self.document.write_workstreams(self.changes, _versions(self.before.values()), self.comment)
        self.after = {w.id: w for w in fresh}

    def _put(self, target: Mapping[int, Workstream], source: Mapping[int, Workstream]) -> None:
        """Move the rows from ``source`` (what this step left them at) to ``target``; refused
        when someone else has changed one of those fields since (their edit is kept)."""
        current = self.document.plan.workstreams
        changes, shown = {}, []
        for workstream_id, wanted in target.items():
            if workstream_id in current:
                now = current[workstream_id]
                moved = _fields_that_differ(source[workstream_id], wanted)
                if _fields_that_differ(now, source[workstream_id]).keys() & moved.keys():
                    raise self.document.stale_edit_refusal("workstream", workstream_id, now.key)
                shown.append(now)
                # Only what this step moved: a colleague's later change to another field stays.
                fields = dict(moved)
                if "status" in fields:  # a status move fills dates: say exactly which ones we want
                    for name in ("actual_start", "actual_finish", "progress"):
                        fields.setdefault(name, getattr(now, name))
                if fields:
                    changes[workstream_id] = fields
        # The edit may have cleared the go-live (its milestone was made a task): back it comes.
        back = self.go_live is not None and self.go_live in target and target[self.go_live].is_milestone
        self.document.write_workstreams(changes, _versions(shown), go_live=self.go_live if back else None)

    def apply(self) -> None:
        self._put(self.after, self.before)

    def revert(self) -> None:
        self._put(self.before, self.after)


class CreateWorkstream(PlanCommand):
    def __init__(self, document: DocumentEdits, team_id: int, title: str, fields: dict[str, Any]) -> None:
        super().__init__(document, f"Add {title}")
        self.team_id, self.title, self.fields = team_id, title, fields
        self.workstream_id: int | None = None
        self.left_at = 0  # the version this step left the row at: undo is refused past it
        self.deleted: Deleted | None = None

    def first_do(self) -> None:
        created = self.document.write_new_workstream(self.team_id, self.title, self.fields)
        self.workstream_id = created.id
        self.setText(f"Add {created.key}")
        self.left_at = created.version

    def apply(self) -> None:  # redo brings back the same row, id and key
        assert self.deleted is not None
        self.left_at = self.document.write_restoration([self.deleted])[0].version

    def revert(self) -> None:
        assert self.workstream_id is not None
        versions = {self.workstream_id: self.left_at}
        self.deleted = self.document.write_deletion([self.workstream_id], versions)[0]


class DeleteWorkstreams(PlanCommand):
    """Undo restores the workstreams with their ids, keys, links and history."""

    def __init__(self, document: DocumentEdits, ids: list[int]) -> None:
        keys = [document.plan.workstreams[i].key for i in ids]
        text = f"Delete {keys[0]}" if len(keys) == 1 else f"Delete {len(keys)} workstreams"
        super().__init__(document, text)
        self.ids = ids
        self.deleted: list[Deleted] = []
        self.restored_at: dict[int, int] | None = None  # versions the undo left: redo refused past them

    def apply(self) -> None:
        versions = self.restored_at if self.restored_at is not None else self.document.versions_of(self.ids)
        self.deleted = self.document.write_deletion(self.ids, versions)

    def revert(self) -> None:
        self.restored_at = _versions(self.document.write_restoration(self.deleted))


class AddDependency(PlanCommand):
    def __init__(
        self, document: DocumentEdits, predecessor_id: int, successor_id: int, type: DependencyType,
        lag: int, note: str,
    ) -> None:  # fmt: skip
        plan = document.plan.workstreams
        pred = plan[predecessor_id].key if predecessor_id in plan else "?"
        succ = plan[successor_id].key if successor_id in plan else "?"
        super().__init__(document, f"Link {pred} → {succ}")
        self.arguments = (predecessor_id, successor_id, type, lag, note)
        self.link: Dependency | None = None

    def first_do(self) -> None:
        self.link = self.document.write_new_link(*self.arguments)

    def apply(self) -> None:
        assert self.link is not None
        self.link = self.document.write_link_restoration(self.link)

    def revert(self) -> None:
        assert self.link is not None  # its version is the one this step left: undo refused past it
        self.document.write_link_removal(self.link.id, self.link.version)


class EditDependency(PlanCommand):
    def __init__(
        self, document: DocumentEdits, dependency_id: int, *, type: DependencyType | None,
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
        link = self.document.plan.dependencies.get(self.dependency_id) or self.document.link_in_file(
            self.dependency_id
        )
        self.new = {k: v for k, v in self.new.items() if v is not None}
        self.old = {k: getattr(link, k) for k in self.new}
        self._put(self.new, self.old)

    def _put(self, values: Mapping[str, Any], source: Mapping[str, Any]) -> None:
        """Give the link ``values``; refused when someone else has changed what this step
        moves since the window showed it at ``source``."""
        shown = self.document.plan.dependencies.get(self.dependency_id)
        if shown is not None and any(
            getattr(shown, k) != source[k] for k in values if values[k] != source[k]
        ):
            label = f"The link {shown.predecessor_key} → {shown.successor_key}"
            raise self.document.stale_edit_refusal("dependency", self.dependency_id, label)
        self.document.write_link(self.dependency_id, values, shown.version if shown else None)

    def apply(self) -> None:
        self._put(self.new, self.old)

    def revert(self) -> None:
        self._put(self.old, self.new)


class RemoveDependency(PlanCommand):
    def __init__(self, document: DocumentEdits, dependency_id: int) -> None:
        link = document.plan.dependencies.get(dependency_id)
        super().__init__(
            document, f"Unlink {link.predecessor_key} → {link.successor_key}" if link else "Unlink"
        )
        self.dependency_id = dependency_id
        self.link: Dependency | None = None

    def apply(self) -> None:
        # First time: the version the window showed; on redo, the one the undo left.
        shown = self.link or self.document.plan.dependencies.get(self.dependency_id)
        self.link = self.document.write_link_removal(self.dependency_id, shown.version if shown else None)

    def revert(self) -> None:
        assert self.link is not None
        self.link = self.document.write_link_restoration(self.link)


class WideEdit(PlanCommand):
    """An action that may touch many rows (import, team removal, settings, baseline): undo and
    redo put the plan's rows back to the image taken before or after it."""

    def __init__(
        self,
        document: DocumentEdits,
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
        self.before, self.after = self.document.write_wide(self.text(), self.action, self.touches)

    def _put(self, image: PlanImage | None, why: str, source: PlanImage | None) -> None:
        """Put the rows back to ``image``; refused (nothing changes) when someone else has
        changed one of them since this step left them at ``source``."""
        assert image is not None
        self.document.write_plan_image(image, f"{why}: {self.text()}", source, self.touches)

    def apply(self) -> None:
        self._put(self.after, "Redo", self.before)

    def revert(self) -> None:
        self._put(self.before, "Undo", self.after)


def _fields_that_differ(current: Workstream, target: Workstream) -> dict[str, Any]:
    """The editable fields where ``target`` differs from ``current`` (names as the service takes them)."""
    return {n: getattr(target, n) for n in WORKSTREAM_FIELDS if getattr(current, n) != getattr(target, n)}


def _versions(rows: Iterable[Workstream]) -> dict[int, int]:
    """Each row's version as the window showed it: an edit states them, refused if one moved on."""
    return {w.id: w.version for w in rows}


class ApplyUpdates(PlanCommand):
    """The updates collected from the teams' returned workbooks, applied as one step: undo puts
    back the values they replaced and forgets the returns (their comments stay: history)."""

    def __init__(
        self,
        document: DocumentEdits,
        review: Review,
        updates: Sequence[FieldUpdate],
        comments: Sequence[CommentUpdate],
        text: str,
    ) -> None:
        super().__init__(document, text)
        self.review, self.updates, self.comments = review, updates, comments
        self.applied: AppliedUpdates | None = None

    def first_do(self) -> None:
        self.applied = self.document.write_updates(self.review, self.updates, self.comments)

    def apply(self) -> None:
        assert self.applied is not None
        self.applied = self.document.write_updates_again(self.applied)

    def revert(self) -> None:
        assert self.applied is not None
        self.applied = self.document.write_updates_undone(self.applied)
