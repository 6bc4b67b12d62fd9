"""What the file remembers: history, changes by others, snapshots, the baseline, and plan
images for undoing the wide actions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from migrator.analysis.plan_state import PlanState, SnapshotInfo
from migrator.domain import rules
from migrator.domain.errors import ConcurrentEditError, NotFoundError, ValidationError
from migrator.domain.model import HistoryEntry
from migrator.store.plan_images import EVERYTHING, PlanImage, PlanImageRepository
from migrator.store.repositories.history import HistoryRepository
from migrator.store.repositories.snapshots import SnapshotRepository
from migrator.store.repositories.workstreams import WorkstreamRepository
from migrator.store.unit_of_work import UnitOfWorkFactory


class RecordService:
    def __init__(self, units: UnitOfWorkFactory, now: Callable[[], datetime]) -> None:
        self._units = units
        self._now = now
        self._history = HistoryRepository(units)
        self._snapshots = SnapshotRepository(units)
        self._images = PlanImageRepository(units)
        self._workstreams = WorkstreamRepository(units)
        self._data_version: int | None = None  # of the file, when file_changed_elsewhere last looked

    # ------------------------------------------------------------ history

    def history(self, entity: str, entity_id: int) -> list[HistoryEntry]:
        """One entity's history, newest first."""
        return self._history.history(entity, entity_id)

    def workstream_history(self, workstream_id: int) -> list[HistoryEntry]:
        """A workstream's own history and that of its links, newest first."""
        return self._history.workstream_history(workstream_id)

    def recent_history(self, limit: int = 200) -> list[HistoryEntry]:
        return self._history.recent(limit)

    def history_since(self, after_id: int = 0) -> list[HistoryEntry]:
        """Every history entry recorded after entry ``after_id``, oldest first."""
        return self._history.since(after_id)

    def workstream_changes_since(self, at: datetime, entity: str = "workstream") -> list[HistoryEntry]:
        """Workstreams' (or RAID items', ``entity`` "raid") changes and deletes since ``at`` (UTC),
        oldest first: who moved what."""
        return self._history.workstream_changes_since(at, entity)

    def last_history_id(self) -> int:
        """The newest history entry's id (0 for none): where a window starts watching from."""
        return self._history.last_id()

    def last_updates(self) -> dict[int, datetime]:
        """When each workstream (by id) was last changed or commented on."""
        return self._history.last_updates()

    def file_changed_elsewhere(self) -> bool:
        """Whether another connection (a window, a program) wrote to the file since the last
        call (never this service's own commits). The first call only takes note."""
        version = self._history.data_version()
        seen, self._data_version = self._data_version, version
        return seen is not None and seen != version

    def changed_elsewhere(self, entity: str, entity_id: int, label: str) -> ConcurrentEditError:
        """The refusal of an edit (an undo) of a row that someone else has changed since:
        who, when and what, from the row's history."""
        return self._history.changed_elsewhere(self._now(), entity, entity_id, label)

    def changes_by_others(self, after_id: int) -> tuple[list[HistoryEntry], int]:
        """The history entries after ``after_id`` that others recorded (not this service's own
        edits), oldest first, and the id to ask from next time."""
        entries = self.history_since(after_id)
        last = entries[-1].id if entries else after_id
        return [e for e in entries if e.change_id not in self._units.own_changes], last

    # ------------------------------------------------------------ snapshots and the baseline

    def snapshots(self) -> list[SnapshotInfo]:
        """Every stored snapshot, oldest first."""
        return self._snapshots.snapshots()

    def snapshot(self, snapshot_id: int) -> tuple[SnapshotInfo, PlanState, int]:
        """A snapshot's header, the plan state it kept, and the last history entry it had seen."""
        found = self._snapshots.snapshot(snapshot_id)
        if found is None:
            raise NotFoundError(f"There is no snapshot #{snapshot_id} in this plan; see migrator snapshots.")
        return found

    def find_snapshot(self, reference: str) -> SnapshotInfo:
        """A snapshot by its number ("3", "#3") or as-of date (the latest as of that day or before)."""
        text = reference.strip().lstrip("#")
        known = self.snapshots()
        if text.isascii() and text.isdecimal():
            found = next((s for s in known if s.id == int(text)), None)
            if found is None:
                raise NotFoundError(f"There is no snapshot #{text} in this plan; see migrator snapshots.")
            return found
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise ValidationError(
                f"'{reference}' is neither a snapshot number nor a date (YYYY-MM-DD)."
            ) from None
        earlier = [s for s in known if s.as_of <= day]
        if not earlier:
            raise NotFoundError(f"No snapshot in this plan is as of {day.isoformat()} or earlier.")
        return max(earlier, key=lambda s: (s.as_of, s.id))

    def store_snapshot(
        self, state: PlanState, seen: int, *, label: str = "", audience: str = "full"
    ) -> SnapshotInfo:
        """Keep ``state`` as a snapshot (an export commits it with its report when it runs inside
        the export's unit of work); ``seen`` is the last history entry the state reflects."""
        with self._units.changing():
            label = rules.optional_text(label, "A snapshot's label", max_length=200)
            return self._snapshots.store(state, seen, label, audience)

    def set_baseline(self, snapshot_id: int) -> int:
        """Fill the workstreams' baseline dates from a stored snapshot; how many changed."""
        info, state, _seen = self.snapshot(snapshot_id)
        return self.set_baseline_from(info, state)

    def set_baseline_from(self, info: SnapshotInfo, state: PlanState) -> int:
        """Fill the baseline dates from ``state`` (the snapshot ``info`` kept), recorded in
        history; how many workstreams changed.

        The baseline is what the plan said then: the planned dates, or the forecast where a
        date was missing. Workstreams added since keep theirs.
        """
        comment = f"Baseline from snapshot #{info.id}" + (f" ({info.label})" if info.label else "")
        with self._units.changing("setting the baseline") as uow:
            rows = self._workstreams.baseline_dates()
            updates = []
            for kept in state.workstreams:
                row = rows.get(kept.id)
                if row is None:
                    continue
                values = {
                    "baseline_start": kept.planned_start or kept.forecast_start,
                    "baseline_due": kept.planned_due or kept.forecast_finish,
                }
                moved = {field: new for field, new in values.items() if getattr(row, field) != new}
                for field, new in moved.items():
                    uow.record(
                        "workstream", row.id, row.key, "changed", field, getattr(row, field), new, comment
                    )
                updates.append((row, moved))
            self._workstreams.write_many(updates)
            return sum(bool(moved) for _row, moved in updates)

    # ------------------------------------------------------------ undoing the wide actions

    def plan_image(self, parts: frozenset[str] = EVERYTHING) -> PlanImage:
        """The plan's rows (not history or snapshots), or only ``parts``, for undoing a wide action."""
        return self._images.read(parts)

    def restore_plan_image(self, image: PlanImage, comment: str, expected: PlanImage | None = None) -> int:
        """Put the plan back to ``image`` in one recorded transaction; how many rows changed.

        ``expected``: what the caller believes those rows hold now (an undo: the image taken
        after the action); if someone else changed one of them since, nothing changes."""
        with self._units.changing("putting the plan back (undo or redo)"):
            return self._images.restore(image, comment, expected)
