"""Status collection as the window reaches it: who answered the update requests sent, and when.

``PlanDocument`` takes this in. What the plan keeps of requests and returns is read once and
kept until a request is sent, a collection applied or undone, or the plan read again; a
quick start's file is not opened for it (the dashboard shows it once the service is open).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from migrator.domain.errors import MigratorError
from migrator.domain.model import Workstream
from migrator.domain.updates import AppliedUpdates, CommentUpdate, FieldUpdate, Review, TeamAnswers
from migrator.ui.document.plan_edits import waiting

if TYPE_CHECKING:
    from migrator.reports import Progress
    from migrator.services import MigrationService
    from migrator.services.status_requests import RequestResult, RequestSpec


class StatusUpdates:
    """The update requests' part of ``PlanDocument`` (see the module's docstring)."""

    if TYPE_CHECKING:

        @property
        def service(self) -> MigrationService: ...
        @property
        def service_is_open(self) -> bool: ...

        def _patch_workstreams(self, fresh: Iterable[Workstream], gone: Iterable[int] = ()) -> None: ...
        def _read_raid_again(self, ids: Iterable[int] | None = None) -> None: ...

    answers_changed: Any  # Signal(): what the teams answered may have changed
    _answers: list[TeamAnswers] | None = None

    def team_answers(self) -> list[TeamAnswers] | None:
        """Per team asked for status: when it last answered, and the request it has not answered
        yet; None while it cannot be read (a quick start's file not open yet, a server away)."""
        if self._answers is None and self.service_is_open:
            try:
                self._answers = self.service.update_records.team_answers()
            except MigratorError:
                return None  # the next change or reload asks again
        return self._answers

    def forget_answers(self) -> None:
        """Requests or returns changed (here or elsewhere): read them again when next asked."""
        self._answers = None
        self.answers_changed.emit()

    # ------------------------------------------------------------ sending requests

    def request_worker(self) -> Callable[[RequestSpec, Progress], RequestResult]:
        """Update requests to write in another thread, on a service of its own on the same plan
        (see ``export_worker`` why); once written, the teams' answers are read again."""
        from migrator.services.status_requests import request_updates  # loaded when first used

        opening = self.service.open_again

        def send(spec: RequestSpec, progress: Progress) -> RequestResult:
            with opening() as service:
                return request_updates(service, spec, progress)

        return send

    # ------------------------------------------------------------ collecting returns

    def collect_worker(self) -> Callable[[Sequence[Path], Progress], Review]:
        """Returned workbooks to read and compare with the plan in another thread (on a service of
        its own, see ``export_worker``); it changes nothing."""
        from migrator.services.status_collection import collect_updates  # loaded when first used

        opening = self.service.open_again

        def collect(files: Sequence[Path], progress: Progress) -> Review:
            with opening() as service:
                return collect_updates(service, files, progress)

        return collect

    # The writes of the undo step PlanDocument.apply_collected makes (commands.ApplyUpdates),
    # each patching the plan in memory.

    def write_updates(
        self, review: Review, updates: Sequence[FieldUpdate], comments: Sequence[CommentUpdate]
    ) -> AppliedUpdates:
        from migrator.services.status_collection import apply_updates

        with waiting():
            applied = apply_updates(self.service, review, updates, comments)
        self._after_updates(applied)
        return applied

    def write_updates_undone(self, applied: AppliedUpdates) -> AppliedUpdates:
        from migrator.services.status_collection import undo_applied

        with waiting():
            undone = undo_applied(self.service, applied)
        self._after_updates(undone)
        return undone

    def write_updates_again(self, undone: AppliedUpdates) -> AppliedUpdates:
        from migrator.services.status_collection import redo_applied

        with waiting():
            applied = redo_applied(self.service, undone)
        self._after_updates(applied)
        return applied

    def _after_updates(self, applied: AppliedUpdates) -> None:
        ids = {*applied.workstream_ids, *(c.workstream_id for c in applied.comments if c.raid_type is None)}
        self._patch_workstreams(self.service.workstreams_by_id(sorted(ids)))
        if raid_ids := {item_id for item_id, _version in applied.raid_versions}:
            self._read_raid_again(raid_ids)  # the RAID view and the health reasons the log gives
        self.forget_answers()
