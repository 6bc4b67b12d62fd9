"""Status collection as the window reaches it: who answered the update requests sent, and when.

``PlanDocument`` takes this in. What the plan keeps of requests and returns is read once and
kept until a request is sent, a collection applied or undone, or the plan read again; a
quick start's file is not opened for it (the dashboard shows it once the service is open).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from migrator.domain.errors import MigratorError
from migrator.domain.updates import TeamAnswers

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
