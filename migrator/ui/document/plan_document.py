"""The open migration as the window sees it: the plan in memory, its analysis, and undo.

The window's only door to the file: views, widgets and dialogs read the plan, history,
snapshots and calendar here and hear of changes by its signals. Every edit is one
QUndoCommand that calls the document's write-and-patch methods (plan_edits.py), so the plan
in memory is patched with what the service returns; the analysis is recomputed in a worker
thread so the window never waits for it. A current file can be shown from a quick read (no
SQLAlchemy) and its service opened after the window's first paint.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from migrator.analysis import PlanAnalysis, analyse
from migrator.analysis.plan_state import SnapshotInfo, last_report
from migrator.domain.errors import (
    ConcurrentEditError,
    DependencyLoopError,
    FileBusyError,
    MigratorError,
    NotFoundError,
    ServerUnreachableError,
)
from migrator.domain.model import (
    Dependency,
    DependencyType,
    HistoryEntry,
    Person,
    Team,
)
from migrator.domain.places import Place, ServerAddress, file_of
from migrator.domain.updates import CommentUpdate, FieldUpdate, Review
from migrator.domain.wording import plural
from migrator.domain.workstream_state import plan_order
from migrator.logs import write_crash_log
from migrator.ui.document import commands
from migrator.ui.document.outside_changes import notice_of
from migrator.ui.document.plan_edits import PlanEdits, differs, one_date_for_milestones
from migrator.ui.document.plan_in_memory import OpenedPlan, Plan, QuickStart
from migrator.ui.document.raid_edits import RaidEdits
from migrator.ui.document.status_updates import StatusUpdates

if TYPE_CHECKING:
    from migrator.reports import Progress
    from migrator.services import MigrationService
    from migrator.services.plan_export import PlanExportResult
    from migrator.services.plan_import import ImportChoices, ImportReport
    from migrator.services.reporting import BaselineResult, ExportRequest, ExportResult

T = TypeVar("T")

# What a team's or a person's own edit can change: only these rows are kept for its undo.
TEAMS = frozenset({"teams"})
PEOPLE = frozenset({"people"})
MIGRATION = frozenset({"migration"})  # its settings and calendar
WORKSTREAMS = frozenset({"workstreams"})

WATCH_INTERVAL_MS = 500  # how often the window looks whether another window or program wrote
# A shared plan's server says when others commit (its notices); looking is then only a safety net,
# kept rare since each look waits for the server in the window's thread.
SHARED_WATCH_INTERVAL_MS = 10_000
PATCH_AT_MOST = 50  # changes made elsewhere patched into the plan; more: the plan is read again
COLLECTOR_HELD_AT_MOST_MS = 3000  # a window that never paints its plan lets the collector run again
WHOLE_PLAN = frozenset({"team", "person", "migration"})  # changes elsewhere that reload the plan


class PlanDocument(QObject, PlanEdits, StatusUpdates, RaidEdits):
    """One open migration file, shared by every view of the window.

    Made from an open MigrationService; from a QuickStart: then the plan is shown at once
    and the service opens when first used, or after ``open_service_after`` has seen a paint; or
    from an OpenedPlan, a service and its plan read in another thread (a shared plan).
    Once a window watches it (``open_service_after``), history is read only after that paint.
    """

    reloaded = Signal()  # the whole plan was read again (open, import, settings, their undo)
    workstreams_changed = Signal(list)  # ids of workstreams added, changed or removed
    dependencies_changed = Signal()
    raid_changed = Signal(list)  # ids of RAID items added, changed or removed; []: the whole log
    analysed = Signal()  # a fresh analysis is in self.analysis
    analysis_failed = Signal(str)  # the analysis raised (logged); the last figures stay, out of date
    server_lost = Signal(str)  # a shared plan's server cannot be reached: why, for a banner
    server_back = Signal()  # it can again (the plan has caught up from history)
    _heard = Signal(str)  # from the notice listener's thread: "change", "lost" or "back"
    service_opened = Signal()  # the service of a quick start is open: history can be read
    refused = Signal(str)  # an edit was refused; the message says why, nothing changed
    changed_elsewhere = Signal(str)  # another window or program changed the file: what and by whom
    snapshot_added = Signal(object)  # SnapshotInfo an export kept (now in plan.snapshots)
    history_changed = Signal(object)  # ids of workstreams whose history grew; None: any (read it again)
    answers_changed = Signal()  # update requests sent or answered: team_answers() may differ
    _snapshot_kept = Signal(object)  # from an export's thread: the SnapshotInfo it stored
    _finished = Signal(int, object)  # from the worker: generation, PlanAnalysis or the exception

    def __init__(
        self,
        service: MigrationService | QuickStart | OpenedPlan,
        as_of: date | None = None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        quick = service if isinstance(service, QuickStart) else None
        opened = service if isinstance(service, OpenedPlan) else None
        self._open_later = quick.open_service if quick else None
        self._service: MigrationService | None = None
        if opened is not None:
            self._service = opened.service
        elif not isinstance(service, QuickStart | OpenedPlan):
            self._service = service
        self._closed = False
        self._first_paint: QWidget | None = None  # the view history waits for: see open_service_after
        self.place: Place = service.place  # a file's path or a server's address
        self.name = service.name  # how messages and the title name it
        self.as_of = as_of or service.today()
        self.undo_stack = QUndoStack(self)
        self.analysis: PlanAnalysis | None = None
        self.analysis_error: str | None = None  # why the latest analysis failed, until one succeeds
        self.analysis_loop: list[str] | None = None  # the keys of a loop in the links, when that was why
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="analysis")
        self._generation = 0  # of the latest analysis asked for
        self._analysed_generation = -1  # of the one in self.analysis
        self._pending: concurrent.futures.Future[PlanAnalysis] | None = None
        # Queued even when the worker is done before add_done_callback returns: views always
        # hear of a new analysis from the event loop, never in the middle of an edit.
        self._finished.connect(self._take_analysis, Qt.ConnectionType.QueuedConnection)
        self._snapshot_kept.connect(self._add_snapshot, Qt.ConnectionType.QueuedConnection)
        self._seen_history = 0  # the last history entry the plan in memory reflects
        self._stop_listening: Callable[[], None] | None = None
        self.server_reachable = True  # False while a shared plan's server is away
        self.caught_up = ""  # what others changed while the server was away, once it is back
        # A shared plan read-only on purpose, not because the login may only read it.
        self.read_only_asked = opened.read_only_asked if opened is not None else False
        self._heard.connect(self._on_heard, Qt.ConnectionType.QueuedConnection)
        # The collector held off since the read began: it runs again once the first analysis
        # is painted (see _first_analysis_shown), when the plan closes, or after a moment anyway.
        self._collector_hold = opened.hold if opened is not None else None
        if self._collector_hold is not None:
            QTimer.singleShot(COLLECTOR_HELD_AT_MOST_MS, self, self._collector_hold.release)
        if opened is not None:  # read in another thread, its state noted before
            self._seen_history = opened.seen_history
            self._stop_listening = opened.service.listen_for_changes(self._heard.emit)
            QTimer.singleShot(0, self, self.look_for_changes_elsewhere)  # written since it was read
        elif self._service is not None:
            self._start_watching()
        if opened is not None:
            self.plan = opened.plan
        else:
            self.plan = Plan.of(quick.plan) if quick is not None else self._read()
        self._raid_workstreams = frozenset(self.plan.workstreams)
        self.workstreams_changed.connect(self._workstreams_moved)
        if opened is not None and opened.analysis is not None and opened.analysis.as_of == self.as_of:
            self.analysis = opened.analysis  # made with the read: the panes are built analysed
            self._analysed_generation = self._generation
        else:
            self.reanalyse()
        # Another window's or program's writes are noticed within about a second.
        self._watch = QTimer(self)
        shared = isinstance(self.place, ServerAddress)
        self._watch.setInterval(SHARED_WATCH_INTERVAL_MS if shared else WATCH_INTERVAL_MS)
        self._watch.timeout.connect(self.look_for_changes_elsewhere)
        self._watch.start()

    @property
    def path(self) -> Path:
        """The file (a shared plan has none: see ``place``)."""
        return file_of(self.place)

    # ------------------------------------------------------------ the service

    @property
    def service(self) -> MigrationService:
        """The file's service; after a quick start it opens here on first use (may raise MigratorError)."""
        return self._service if self._service is not None else self._open()

    def _open(self) -> MigrationService:
        assert self._open_later is not None
        self._service = self._open_later()
        self._start_watching()
        self.service_opened.emit()
        self.history_changed.emit(None)  # it can be read now
        self.forget_answers()  # the teams' answers can be read now too
        return self._service

    def _start_watching(self) -> None:
        """Take note of the file's state: later writes by others are what the watch reports.
        A shared plan's server also sends a notice of each commit, heard on a thread of its own."""
        assert self._service is not None
        self._service.file_changed_elsewhere()
        self._seen_history = self._service.last_history_id()
        self._stop_listening = self._service.listen_for_changes(self._heard.emit)

    def _on_heard(self, what: str) -> None:
        if self._closed:
            return
        if what == "lost":
            self.server_reachable = False
            self.server_lost.emit(
                f"The server of {self.name} cannot be reached. You can look at the plan as it was; "
                "changes are refused until it is back. Migrator reconnects by itself."
            )
        elif what == "back":
            self.server_reachable = True
            # Notices are not kept while away: catch up from history.
            self.caught_up = self.look_for_changes_elsewhere() or ""
            self.history_changed.emit(None)  # a history pane that could not be read can be now
            self.server_back.emit()
        else:
            self.look_for_changes_elsewhere()

    @property
    def service_is_open(self) -> bool:
        return self._service is not None

    @property
    def history_readable(self) -> bool:
        """Whether history may be read now: the service is open and the window has shown the
        first analysis (history_changed says when it can be)."""
        return self._service is not None and self._first_paint is None

    def open_service(self) -> None:
        """Open a quick start's service now; a file that cannot be opened any more is reported."""
        if self._closed or self._service is not None:
            return
        try:
            self._open()
        except MigratorError as error:
            self.refused.emit(f"{error} The plan shown cannot be changed.")

    def open_service_after(self, view: QWidget) -> None:
        """Once ``view`` paints the first analysis (or its failure), open a quick start's
        service and let history be read: the window shows the analysed plan before SQLAlchemy
        loads, and before a history read takes the interpreter from the analysis. A view that
        is not visible when the analysis settles paints nothing: then history is read at once."""
        self._first_paint = view
        view.installEventFilter(self)
        if self._analysis_settled():  # made with the read: once the window had the chance to show it
            QTimer.singleShot(0, self, self._unless_painted)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._analysis_settled():
            QTimer.singleShot(0, self._first_analysis_shown)  # once this paint is on screen
        return False

    def _analysis_settled(self) -> bool:
        return self.analysis is not None or self.analysis_error is not None

    def _first_analysis_shown(self) -> None:
        """The watched view has shown the first analysis, or will not (it is not visible)."""
        if self._collector_hold is not None:
            self._collector_hold.release()
        view, self._first_paint = self._first_paint, None
        if view is None or self._closed:
            return
        view.removeEventFilter(self)
        if self._service is None:
            self.open_service()  # says history can be read (history_changed), or why not
        else:
            self.history_changed.emit(None)  # it can be read now

    # ------------------------------------------------------------ reading

    @property
    def read_only(self) -> bool:
        # A quick start is only made for a writable file.
        return self._service is not None and self._service.read_only

    def _read(self) -> Plan:
        return Plan.of(self.service.read_plan())

    def reload(self, touched: frozenset[str] | None = None) -> None:
        """Read the plan again; after an edit of ``touched`` teams or people alone, only those."""
        self.plan = self._with_teams_and_people() if touched and touched <= TEAMS | PEOPLE else self._read()
        self.reanalyse()  # first: whoever hears of the change knows the analysis is behind
        self.reloaded.emit()
        if touched and touched <= TEAMS | PEOPLE:
            self._read_raid_again()  # the owners' names its items show
        else:
            self._raid_plan_read()
        self.history_changed.emit(None)
        self.forget_answers()  # e.g. another window collected updates

    def _with_teams_and_people(self) -> Plan:
        """The plan with its teams and people read again, and the names its workstreams show: no
        workstream row changes when a team or person is added or edited, so none is read."""
        teams, people = self.service.teams(), self.service.people()
        team_of = {t.id: t for t in teams}
        name_of = {p.id: p.name for p in people}
        workstreams, renamed = {}, False
        for workstream_id, w in self.plan.workstreams.items():
            team = team_of[w.team_id]
            owner = name_of.get(w.owner_id) if w.owner_id is not None else None
            if (w.team_name, w.team_code, w.owner_name) != (team.name, team.code, owner):
                renamed = renamed or w.team_name != team.name
                w = dataclasses.replace(w, team_name=team.name, team_code=team.code, owner_name=owner)
            workstreams[workstream_id] = w
        if renamed:  # plan order is by team name, as the file is read
            workstreams = dict(sorted(workstreams.items(), key=lambda item: plan_order(item[1])))
        return dataclasses.replace(self.plan, teams=teams, people=people, workstreams=workstreams)

    def snapshots(self) -> list[SnapshotInfo]:
        """The file's kept snapshots (reports and baselines), oldest first."""
        return list(self.plan.snapshots)

    def workstream_history(self, workstream_id: int) -> list[HistoryEntry]:
        """A workstream's own history and that of its links, newest first (opens a quick start's service)."""
        return self.service.workstream_history(workstream_id)

    def non_working_days(self) -> dict[date, str]:
        """The migration's calendar: each non-working day and its name."""
        return self.service.non_working_days()

    def set_actor(self, name: str) -> None:
        """Whose name the next edits are recorded under; a quick start's service opens under it."""
        if self._service is not None:
            self._service.set_actor(name)

    def set_as_of(self, as_of: date) -> None:
        self.as_of = as_of
        self.reanalyse()

    def team(self, team_id: int) -> Team | None:
        return next((t for t in self.plan.teams if t.id == team_id), None)

    def links_of(self, workstream_id: int) -> tuple[list[Dependency], list[Dependency]]:
        """A workstream's predecessor links and successor links."""
        before, after = [], []
        for d in self.plan.dependencies.values():  # one pass: a plan has tens of thousands of links
            if d.successor_id == workstream_id:
                before.append(d)
            if d.predecessor_id == workstream_id:
                after.append(d)
        return before, after

    def last_report(self) -> SnapshotInfo | None:
        """The report "changed since the last report" counts from, as of the document's date."""
        return last_report(self.plan.snapshots, self.as_of)

    def changed_since_last_report(self) -> set[int]:
        """Workstreams edited or commented on after the last report was taken."""
        report = self.last_report()
        if report is None:
            return set()
        return {i for i, at in self.plan.last_updates.items() if at > report.taken_at}

    # ------------------------------------------------------------ analysis in the background

    def reanalyse(self) -> None:
        """Start a fresh analysis; an older one still running is ignored when it ends."""
        self._generation += 1
        generation, work = self._generation, _analysis_job(self.plan, self.as_of, self.analysis)
        if self._pending is not None:
            self._pending.cancel()  # not started yet: skip it, this one supersedes it
        future = self._pending = self._pool.submit(work)
        future.add_done_callback(
            lambda done: (
                None
                if done.cancelled()
                else self._finished.emit(generation, done.exception() or done.result())
            )
        )

    def _take_analysis(self, generation: int, outcome: object) -> None:
        if generation != self._generation:
            return  # a later edit already asked for a newer one
        if isinstance(outcome, BaseException):
            # The plan itself is untouched; the window says the figures are out of date.
            write_crash_log("The analysis failed:\n" + "".join(traceback.format_exception(outcome)))
            self.analysis_error = str(outcome) or type(outcome).__name__
            self.analysis_loop = outcome.loop if isinstance(outcome, DependencyLoopError) else None
            self.analysis_failed.emit(self.analysis_error)
            self._unless_painted()
            return
        assert isinstance(outcome, PlanAnalysis)
        self.analysis = outcome
        self._analysed_generation = generation
        self.analysis_error = None
        self.analysis_loop = None
        self.analysed.emit()
        self._unless_painted()

    def _unless_painted(self) -> None:
        """The first analysis has settled: a watched view that is not visible paints nothing."""
        if self._first_paint is not None and not self._first_paint.isVisible():
            QTimer.singleShot(0, self._first_analysis_shown)

    @property
    def analysis_is_current(self) -> bool:
        """Whether ``analysis`` is of the plan as it is now (else a newer one is on its way)."""
        return self.analysis is not None and self._analysed_generation == self._generation

    def analyse_now(self) -> PlanAnalysis:
        """The analysis the worker runs, in the caller's thread (the benchmark profiles it)."""
        return _analysis_job(self.plan, self.as_of)()

    def announce_analysis(self) -> None:
        """Say that the analysis is in, when it came with the plan (a shared plan's read): panes
        built after it take it as they take any analysis, before their first paint."""
        if self.analysis is not None:
            self.analysed.emit()

    @staticmethod
    def first_analysis(opened: OpenedPlan, as_of: date) -> OpenedPlan:
        """``opened`` with its plan analysed as of ``as_of``, in the caller's thread: the thread
        that read it, so the window builds its panes on the analysed plan and paints them once.
        An analysis that fails (a loop in the links) is left to the document, which says why."""
        try:
            analysis = _analysis_job(opened.plan, as_of)()
        except Exception:  # reported by the document's own analysis, as for any plan
            return opened
        return dataclasses.replace(opened, analysis=analysis)

    def close(self) -> None:
        self._closed = True
        if self._collector_hold is not None:
            self._collector_hold.release()
        self._watch.stop()
        if self._stop_listening is not None:
            self._stop_listening()
        self._generation += 1
        self._pool.shutdown(wait=True, cancel_futures=True)
        if self._service is not None:
            self._service.close()

    # ------------------------------------------------------------ changes made elsewhere

    def look_for_changes_elsewhere(self) -> str | None:
        """If another window or program wrote to the file, bring the plan up to date (the
        changed rows when few, else the whole plan) and say what changed and by whom (also
        returned). A shared plan's server is not asked while it is known to be away."""
        service = self._service
        if self._closed or service is None or not self.server_reachable:
            return None
        try:
            if not service.file_changed_elsewhere():
                return None
            entries, self._seen_history = service.changes_by_others(self._seen_history)
            if len(entries) > PATCH_AT_MOST or any(e.entity in WHOLE_PLAN for e in entries) or not entries:
                self.reload()  # not entries: e.g. a report's snapshot kept by another program
            else:
                self._patch_from_elsewhere(entries)
                self.forget_answers()  # e.g. another coordinator collected a team's updates
        except MigratorError:  # e.g. busy while the other writes: the next look tries again
            return None
        if not entries:
            return None
        notice = notice_of(entries)
        self.changed_elsewhere.emit(notice)
        return notice

    def _patch_from_elsewhere(self, entries: list[HistoryEntry]) -> None:
        workstream_ids = {e.entity_id for e in entries if e.entity == "workstream"}
        link_ids = {e.entity_id for e in entries if e.entity == "dependency"}
        if workstream_ids:
            fresh = self.service.workstreams_by_id(workstream_ids)
            self._patch_workstreams(fresh, gone=workstream_ids - {w.id for w in fresh})
        if link_ids:
            links = self.service.dependencies_by_id(link_ids)
            self._patch_dependencies(links, gone=link_ids - {d.id for d in links})
        if raid_ids := {e.entity_id for e in entries if e.entity == "raid"}:
            self._read_raid_again(raid_ids)

    def export_worker(self) -> Callable[[ExportRequest, Progress], ExportResult]:
        """A status report export to run in another thread. It runs on a service of its own on
        the same file, not the document's: that service's engine pools one SQLite connection
        per thread, and the window's thread keeps reading through it meanwhile. Its own service
        gives the export's thread a connection nobody else uses, closed when the export ends,
        instead of leaving one behind in the shared pool for every export's thread. A snapshot
        it keeps is added to the plan (``snapshot_added``) back in the window's thread."""
        from migrator.services.reporting import export_report  # loaded when first used

        opening = self.service.open_again

        def export(request: ExportRequest, progress: Progress) -> ExportResult:
            with opening() as service:
                result = export_report(service, request, progress)
            if result.snapshot is not None:
                self._snapshot_kept.emit(result.snapshot)
            return result

        return export

    def import_preview_worker(self) -> Callable[[Path, str | None, ImportChoices | None], ImportReport]:
        """A plan file's preview (a dry run, changing nothing) to run in another thread, on a
        service of its own on the same plan (see ``export_worker``): a large plan is read and
        matched while the window stays responsive. Problems raise PlanImportError."""
        from migrator.services.plan_import import import_plan_into  # loaded when first used

        opening = self.service.open_again

        def preview(path: Path, sheet: str | None, choices: ImportChoices | None) -> ImportReport:
            with opening() as service:
                return import_plan_into(service, path, sheet=sheet, dry_run=True, choices=choices)

        return preview

    def _add_snapshot(self, snapshot: SnapshotInfo) -> None:
        if self._closed or any(s.id == snapshot.id for s in self.plan.snapshots):
            return  # e.g. the plan was read again meanwhile
        self.plan.snapshots = [*self.plan.snapshots, snapshot]
        self.snapshot_added.emit(snapshot)

    def export_plan(self, path: Path, format: str | None = None) -> PlanExportResult:
        """Write the plan as it is in the file to ``path``: MS Project XML or CSV (``format``,
        else by the suffix). Nothing in the plan changes, so a read-only plan exports too."""
        from migrator.services.plan_export import export_plan  # loaded when first used

        return export_plan(self.service, path, format)

    def import_preview(
        self, path: Path, sheet: str | None = None, choices: ImportChoices | None = None
    ) -> ImportReport:
        """What importing a plan file would change under ``choices`` (None: remembered for this
        kind of file, else guessed), changing nothing (raises PlanImportError; an
        ImportProblemsError carries how the file was read)."""
        from migrator.services.plan_import import import_plan_into  # loaded when first used

        return import_plan_into(self.service, path, sheet=sheet, dry_run=True, choices=choices)

    def versions_of(self, workstream_ids: Iterable[int]) -> dict[int, int]:
        """The version of each workstream as the window shows it: an edit states them."""
        rows = self.plan.workstreams
        return {i: rows[i].version for i in workstream_ids if i in rows}

    # ------------------------------------------------------------ running edits

    def run(self, command: commands.PlanCommand) -> bool:
        """Do ``command`` and put it on the undo stack; a refusal is reported and changes nothing."""
        try:
            command.first_do()
        except MigratorError as error:
            message = str(error)
            if isinstance(error, NotFoundError | ConcurrentEditError):
                # The file moved on without this window (another window or coordinator): catch up,
                # once the caller is done (a table may still be closing the editor of that row).
                QTimer.singleShot(0, self._catch_up)
                message += f" The plan is read again {self._source('from')}."
            self.refused.emit(message)
            return False
        self.undo_stack.push(command)
        return True

    def _source(self, preposition: str) -> str:
        """Where the plan is read from, for messages: "from the file", "on the server"."""
        if isinstance(self.place, ServerAddress):
            return "on the server" if preposition == "in" else "from the server"
        return f"{preposition} the file"

    def _catch_up(self) -> None:
        if self._closed:
            return
        try:
            self.reload()
        except MigratorError as error:  # e.g. busy: the next edit or reload tries again
            self.refused.emit(str(error))

    @contextmanager
    def refusals(self) -> Iterator[list[str]]:
        """The messages edits made inside are refused with, for a dialog that says them in place."""
        heard: list[str] = []

        def hear(message: str) -> None:
            heard.append(message)

        self.refused.connect(hear)
        try:
            yield heard
        finally:
            self.refused.disconnect(hear)

    def attempt(self, action: Callable[[], object], command: commands.PlanCommand, *, undoing: bool) -> None:
        """Run a step of an undo or redo. A refused step changed nothing, but QUndoStack has
        already moved past it. When the plan could not be reached for now (its server away, the
        file busy), the stack steps back over the command and the history is kept: the step can
        be tried again. Otherwise the history is cleared (once the stack is done) so no later
        undo or redo builds on a step that did not happen, and the plan is read again."""
        try:
            action()
            return
        except (ServerUnreachableError, FileBusyError) as error:
            command.passing = True
            QTimer.singleShot(0, self, self.undo_stack.redo if undoing else self.undo_stack.undo)
            message = f"{error} The undo history is kept: try again in a moment."
        except MigratorError as error:
            message = (
                f"{error} The plan was reloaded as it is {self._source('in')}; "
                "the undo history starts again here."
            )
            QTimer.singleShot(0, self, self.undo_stack.clear)
            try:
                self.reload()
            except MigratorError as again:  # e.g. still locked: the next edit or reload tries again
                message += f" ({again})"
        # Said once the stack is done: a message box's event loop inside the undo would change
        # the stack under the very step being undone (a crash).
        QTimer.singleShot(0, self, partial(self.refused.emit, message))

    # ------------------------------------------------------------ edits (each one undo step)

    def edit_workstreams(
        self,
        changes: Mapping[int, Mapping[str, Any]],
        text: str,
        comment: str = "",
        versions: Mapping[int, int] | None = None,
    ) -> bool:
        """Change fields of one or several workstreams as one step (inline, details, bulk).

        ``versions``: the version each row was shown at when that is older than the plan's (a
        field typed in while someone else's change arrived); a row that moved on since is refused,
        naming who changed it, so their value is never overwritten unseen."""
        ids = list(changes)
        rows = self.plan.workstreams
        changes = {
            i: one_date_for_milestones(rows[i], fields)
            for i, fields in changes.items()
            if i in rows and differs(rows[i], fields)
        }
        moved = [i for i in changes if versions and i in versions and versions[i] != rows[i].version]
        if moved:
            self.refused.emit(str(self.service.changed_elsewhere("workstream", moved[0], rows[moved[0]].key)))
            return False
        if not changes:  # nothing to undo; a comment alone is history
            return all(self.add_comment(i, comment) for i in ids) if comment else True
        return self.run(commands.EditWorkstreams(self, changes, text, comment))

    def create_workstream(self, team_id: int, title: str, **fields: Any) -> int | None:
        command = commands.CreateWorkstream(self, team_id, title, fields)
        return command.workstream_id if self.run(command) else None

    def delete_workstreams(self, ids: Iterable[int]) -> bool:
        ids = [i for i in ids if i in self.plan.workstreams]
        return bool(ids) and self.run(commands.DeleteWorkstreams(self, ids))

    def add_dependency(
        self, predecessor_id: int, successor_id: int, type: DependencyType = DependencyType.FS,
        lag: int = 0, note: str = "",
    ) -> bool:  # fmt: skip
        return self.run(commands.AddDependency(self, predecessor_id, successor_id, type, lag, note))

    def edit_dependency(
        self, dependency_id: int, *, type: DependencyType | None = None, lag: int | None = None,
        note: str | None = None,
    ) -> bool:  # fmt: skip
        link = self.plan.dependencies.get(dependency_id)
        wanted = {"type": type, "lag": lag, "note": note}
        if link is not None and all(v is None or getattr(link, k) == v for k, v in wanted.items()):
            return True  # nothing changes: no undo step
        return self.run(commands.EditDependency(self, dependency_id, type=type, lag=lag, note=note))

    def remove_dependency(self, dependency_id: int) -> bool:
        return self.run(commands.RemoveDependency(self, dependency_id))

    def add_comment(self, workstream_id: int, comment: str) -> bool:
        """A status comment is history, not an edit of the plan: it is kept, not undone."""
        try:
            self.service.add_comment(workstream_id, comment)
        except MigratorError as error:
            self.refused.emit(str(error))
            return False
        self.plan.last_updates[workstream_id] = self.service.now()
        self.workstreams_changed.emit([workstream_id])
        self.history_changed.emit([workstream_id])
        return True

    # The wide actions below are undone by putting the plan's rows back as they were.

    def _wide(self, text: str, action: Callable[[], T], touches: frozenset[str] | None = None) -> T | None:
        """``action`` as one undo step; what it returned, or None when it was refused."""
        results: list[T] = []
        command = commands.WideEdit(self, text, lambda: results.append(action()), touches)
        return results[0] if self.run(command) else None

    def _team_name(self, team_id: int) -> str:
        team = self.team(team_id)
        return team.name if team else str(team_id)

    def create_team(self, name: str, code: str | None = None, colour: str | None = None) -> int | None:
        return self._wide(f"Add team {name}", lambda: self.service.create_team(name, code, colour), TEAMS)

    def update_team(self, team_id: int, changes: Mapping[str, Any]) -> bool:
        text = f"Change team {self._team_name(team_id)}"
        version = _version(self.team(team_id))
        return self.run(
            commands.WideEdit(self, text, lambda: self.service.update_team(team_id, changes, version), TEAMS)
        )

    def delete_team(self, team_id: int, move_workstreams_to: int | None = None) -> bool:
        text = f"Remove team {self._team_name(team_id)}"
        version = _version(self.team(team_id))
        return self.run(
            commands.WideEdit(
                self, text, lambda: self.service.delete_team(team_id, move_workstreams_to, version)
            )
        )

    def create_person(self, name: str, email: str | None = None, team_id: int | None = None) -> int | None:
        return self._wide(f"Add {name}", lambda: self.service.create_person(name, email, team_id), PEOPLE)

    def _person(self, person_id: int) -> Person | None:
        return next((p for p in self.plan.people if p.id == person_id), None)

    def update_person(self, person_id: int, changes: Mapping[str, Any]) -> bool:
        version = _version(self._person(person_id))
        return self.run(
            commands.WideEdit(
                self, "Change person", lambda: self.service.update_person(person_id, changes, version), PEOPLE
            )
        )

    def delete_person(self, person_id: int) -> bool:
        person = self._person(person_id)
        name = person.name if person else str(person_id)
        version = _version(person)
        return self.run(
            commands.WideEdit(self, f"Remove {name}", lambda: self.service.delete_person(person_id, version))
        )

    def update_migration(
        self, changes: Mapping[str, Any], non_working_days: Mapping[date, str] | None = None
    ) -> bool:
        """The migration's settings (name, dates, target, thresholds, calendar) as one step."""

        version = self.plan.migration.version
        return self.run(
            commands.WideEdit(
                self,
                "Change migration settings",
                lambda: self.service.update_settings(changes, non_working_days, version),
                MIGRATION,
            )
        )

    def import_plan(
        self, path: Any, sheet: str | None = None, choices: ImportChoices | None = None
    ) -> ImportReport | None:
        """Apply a plan file (CSV, .xlsx, MS Project XML, GanttProject) under ``choices`` as one
        undoable step; the choices are remembered for the next file of its kind."""
        from migrator.services.plan_import import import_plan_into  # loaded when first used

        text = f"Import {getattr(path, 'name', path)}"
        return self._wide(text, lambda: import_plan_into(self.service, path, sheet=sheet, choices=choices))

    def apply_collected(
        self, review: Review, updates: Sequence[FieldUpdate], comments: Sequence[CommentUpdate]
    ) -> bool:
        """Apply the accepted updates and comments of ``review`` as ONE undo step; a refusal (the
        plan moved on since the review) is reported and changes nothing."""
        teams = sorted({r.team_name for r in review.returns if r.request is not None and not r.refused})
        whom = teams[0] if len(teams) == 1 else plural(len(teams), "team")
        return self.run(
            commands.ApplyUpdates(self, review, updates, comments, f"Apply status updates from {whom}")
        )

    def take_baseline(self, snapshot: str | None = None) -> BaselineResult | None:
        """Set the baseline from a snapshot or from the plan now, as one undoable step."""
        from migrator.services.reporting import take_baseline  # loaded when first used

        # Only baseline dates change (the snapshot it keeps is not part of the plan's image).
        return self._wide(
            "Take baseline",
            lambda: take_baseline(self.service, snapshot=snapshot, as_of=self.as_of),
            WORKSTREAMS,
        )


def _version(row: Team | Person | None) -> int | None:
    """The version of a team or person as the window shows it (None: the window has lost it)."""
    return row.version if row is not None else None


def _analysis_job(
    plan: Plan, as_of: date, previous: PlanAnalysis | None = None
) -> Callable[[], PlanAnalysis]:
    """The analysis of ``plan`` as it is now: later edits patch the plan, not this job's lists.
    ``previous`` lends its compiled network when the edit kept the same workstreams and links."""
    workstreams, dependencies = list(plan.workstreams.values()), list(plan.dependencies.values())
    raid = list(plan.raid.values())  # its decisions, risks and issues give health reasons
    return partial(analyse, plan.migration, plan.teams, workstreams, dependencies, as_of, previous, raid)
