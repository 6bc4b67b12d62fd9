"""Benchmark the main window on a large plan: launch, sorting, filtering, edits and the plan's views.

The plan is generated and imported into a migration file (not timed). Every figure runs until
what changed has painted: launch against a bare window with an empty table, in this process and
in a fresh one; a sort by due date; one filter keystroke; one status edit until the new
analysis reaches the status bar. Then the views in the centre tabs: the timeline's and the
network's first show, scroll or pan and zoom steps, a slip-impact preview beside the timeline,
and the dashboard. The window's settings live in a temporary ini file.

    python -m benchmarks.bench_window [--workstreams 20000] [--runs 3] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import math
import pstats
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import PySide6
from PySide6.QtCore import QEvent, QEventLoop, QObject, QPoint, QPointF, QSettings, Qt, QTimer, qVersion
from PySide6.QtGui import QStandardItemModel, QWheelEvent
from PySide6.QtWidgets import QAbstractSlider, QApplication, QMainWindow, QTableView, QWidget

from benchmarks.bench_analysis import domain_plan, largest_downstream, plan_as_of
from benchmarks.bench_store import Table, Timed, best_of, seconds
from benchmarks.generate import (
    GeneratedPlan,
    benchmark_arguments,
    benchmark_parser,
    write_migration,
)
from migrator.domain.model import Status
from migrator.layout.timeline import ZOOM_LEVELS
from migrator.ui.collector import MainThreadCollector
from migrator.ui.dialogs.what_if_dialog import WhatIfDialog
from migrator.ui.document import plan_document
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.main_window import MainWindow
from migrator.ui.models.workstream_table_model import COLUMNS, DUE
from migrator.ui.views.dashboard_view import DashboardView
from migrator.ui.views.network_view import ZOOM_STEP, NetworkView
from migrator.ui.views.timeline_view import TimelineView
from migrator.ui.widgets.plan_views import PlanViews
from migrator.ui.window_settings import WindowSettings
from migrator.ui.workspace import Workspace

LAUNCH_GOAL = 3.0  # seconds until the window shows the analysed table
LAUNCH_RATIO_GOAL = 4.0  # launch at most 4x a bare window with an empty table
SORT_GOAL = 0.100  # seconds: a sort by due date, repainted
FILTER_GOAL = 0.100  # seconds: one filter keystroke, repainted
EDIT_GOAL = 0.150  # seconds: one status edit until the status bar shows the new analysis
BUILD_GOAL = 1.0  # seconds: the timeline's or the network's tab shown the first time, painted
STEP_GOAL = 0.050  # seconds: a scroll, pan or zoom step of a view, repainted
WHAT_IF_GOAL = 0.050  # seconds: a slip-impact preview, the dialog and the timeline repainted
SCROLL_PAGES = 10  # page steps down the timeline, from the middle of the plan
PAN_SCALES = (1.0, 0.5, 0.25, 0.1)  # the network is panned at each of these zooms
PAN_STEPS = 5  # wheel notches down, then right, at each zoom
NOTCH = 120  # pixels a wheel notch scrolls a view: three lines of 40 px
PREVIEW_DAYS = (1, 5, 20, 60, 260)  # working days typed into the what-if dialog, one after another
WINDOW_SIZE = (1440, 900)  # the main window's size when it has none saved
FILTER_WORD = "card ledger"  # typed a key at a time; part of many generated titles
WAIT_LIMIT = 300.0  # seconds: waiting longer than this for a paint or an analysis is a bug
ROOT = Path(__file__).resolve().parents[1]

# A fresh process's clock starts before PySide6 is imported (the interpreter's own start is
# not counted: it is the same for any Python program) and stops, as in this process, at the
# first paint of the table after what it waits for. It prints each step as it passes it.
COLD_PRELUDE = """\
import sys, time
start = time.perf_counter()
def mark(label):
    print(f"{time.perf_counter() - start:.6f}\t{label}", flush=True)
from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
mark("import PySide6, QApplication")
guard = QTimer()
guard.start(100)
class Paints(QObject):
    count = 0
    def eventFilter(self, watched, event):
        self.count += event.type() == QEvent.Type.Paint
        return False
paints = Paints()
def until(done):
    while not done():
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
"""
COLD_BARE = (
    COLD_PRELUDE
    + """\
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QMainWindow, QTableView
window = QMainWindow()
view = QTableView()
view.setModel(QStandardItemModel(0, int(sys.argv[1]), view))
window.setCentralWidget(view)
window.resize(int(sys.argv[2]), int(sys.argv[3]))
view.viewport().installEventFilter(paints)
window.show()
until(lambda: paints.count)
mark("bare window shown and painted")
window.close()
"""
)
COLD_WINDOW = (
    COLD_PRELUDE
    + """\
from datetime import date
from pathlib import Path
from PySide6.QtCore import QSettings
from migrator.ui.main_window import MainWindow
from migrator.ui.window_settings import WindowSettings
mark("import migrator.ui.main_window")
settings = WindowSettings(QSettings(sys.argv[2], QSettings.Format.IniFormat))
window = MainWindow(settings=settings, as_of=date.fromisoformat(sys.argv[3]))
window.resize(int(sys.argv[4]), int(sys.argv[5]))
if not window.open_file(Path(sys.argv[1])):
    sys.exit(f"cannot open {sys.argv[1]}")
mark("MainWindow + open_file")
window.workspace.table.viewport().installEventFilter(paints)
arrived = [] if window.document.analysis is None else [0]
window.document.analysed.connect(lambda: arrived.append(paints.count))
window.show()
until(lambda: arrived and paints.count > arrived[0])
mark("show, until the analysed table has painted")
window.close()
"""
)


# ---------------------------------------------------------------- waiting for the window


class PaintWatch(QObject):
    """Counts the paint events a widget (the table's viewport, a view's picture) receives."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    @classmethod
    def on(cls, widget: QWidget) -> PaintWatch:
        """The widget's watch, made the first time, so that runs over the same view don't pile up
        event filters."""
        found = widget.findChild(cls, "", Qt.FindChildOption.FindDirectChildrenOnly)
        return found if isinstance(found, PaintWatch) else cls(widget)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def process_until(done: Callable[[], bool], what: str) -> None:
    """Process events until ``done()``, sleeping in Qt in between, as the app's event loop does.

    Sleeping releases the interpreter lock, so the analysis worker runs at full speed; a
    spinning loop would take turns with it. The timer wakes the loop now and then, so that a
    wait that never ends fails instead of hanging."""
    guard = QTimer()
    guard.start(100)
    deadline = time.perf_counter() + WAIT_LIMIT
    try:
        while not done():
            if time.perf_counter() > deadline:
                raise RuntimeError(f"Gave up waiting for {what} after {WAIT_LIMIT:.0f} s.")
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    finally:
        guard.stop()


def settle(seconds: float = 0.2) -> None:
    """Process events for a while, so that the layouts and paints a change leaves behind (the
    service opening, a tab switch, the zoom's label) are done before the next figure starts."""
    end = time.perf_counter() + seconds
    process_until(lambda: time.perf_counter() > end, "the window to settle")


class AnalysisWatch:
    """When the document's next analysis arrived; connected after the window's own slots, so
    the status bar and the table have taken it by then."""

    def __init__(self, document: PlanDocument, paints: PaintWatch) -> None:
        self.document = document
        self.paints = paints
        self.arrived: float | None = None
        self.paints_then = 0
        document.analysed.connect(self._arrived)

    def _arrived(self) -> None:
        self.arrived = time.perf_counter()
        self.paints_then = self.paints.count

    def wait(self) -> float:
        """Until the analysis arrived and the table painted after it; returns when it arrived."""
        try:
            process_until(lambda: self.arrived is not None, "the analysis")
            process_until(lambda: self.paints.count > self.paints_then, "the table to repaint")
        finally:
            self.document.analysed.disconnect(self._arrived)
        assert self.arrived is not None
        return self.arrived


@dataclass
class Opened:
    """A main window with a file open, and a watch on its table's paints."""

    window: MainWindow
    document: PlanDocument
    workspace: Workspace
    paints: PaintWatch

    def painted(self, action: Callable[[], object]) -> float:
        """Seconds for ``action`` and the table's repaint after it."""
        return until_painted((self.paints,), action, "the table to repaint")


def until_painted(paints: Sequence[PaintWatch], action: Callable[[], object], what: str) -> float:
    """Seconds for ``action`` and the repaint after it of every widget watched.

    A top-level window paints all that changed in it in one pass, so one watched widget stands
    for its window; the what-if dialog is a window of its own and is watched as well."""
    before = [watch.count for watch in paints]
    start = time.perf_counter()
    action()
    process_until(lambda: all(w.count > n for w, n in zip(paints, before, strict=True)), what)
    return time.perf_counter() - start


def application() -> QApplication:
    """The running QApplication, or a new one (the caller keeps it for the whole run), collecting
    garbage on this thread only, as the app does (``migrator.ui.collector``)."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(sys.argv[:1])
    MainThreadCollector(app)
    return app


def dispose(window: QMainWindow) -> None:
    """Close the window (which closes its document) and delete it now, not at the next loop."""
    window.close()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


# ---------------------------------------------------------------- what is measured


def timed_bare_window() -> Timed:
    """Baseline: a bare QMainWindow with an empty table of as many columns, shown and painted."""
    start = time.perf_counter()
    window = QMainWindow()
    view = QTableView()
    view.setModel(QStandardItemModel(0, len(COLUMNS), view))
    window.setCentralWidget(view)
    window.resize(*WINDOW_SIZE)
    paints = PaintWatch(view.viewport())
    window.show()
    process_until(lambda: paints.count > 0, "the bare window to paint")
    elapsed = time.perf_counter() - start
    dispose(window)
    return Timed(elapsed)


def launch(path: Path, settings: Path, as_of: date) -> tuple[Opened, Timed]:
    """MainWindow, open_file and show, until the table has painted with the analysis."""
    clock = time.perf_counter
    start = clock()
    window = MainWindow(
        settings=WindowSettings(QSettings(str(settings), QSettings.Format.IniFormat)), as_of=as_of
    )
    # The size of a first start, every run: the offscreen screen is 800x800, so the geometry
    # the last window saved comes back shrunk to 1152x774.
    window.resize(*WINDOW_SIZE)
    built = clock()
    if not window.open_file(path):
        raise RuntimeError(f"The window could not open {path}.")
    opened = clock()
    document, workspace = window.document, window.workspace
    assert document is not None and workspace is not None
    paints = PaintWatch(workspace.table.viewport())
    analysis = AnalysisWatch(document, paints)
    if document.analysis is not None:
        analysis.arrived = opened
    window.show()
    arrived = analysis.wait()
    end = clock()
    parts = {
        "MainWindow()": built - start,
        "open_file: read the plan, build the panes": opened - built,
        "show(), until the analysis arrives": max(arrived - opened, 0.0),
        "until the table has painted with it": end - max(arrived, opened),
    }
    return Opened(window, document, workspace, paints), Timed(end - start, parts)


def timed_launch(path: Path, settings: Path, as_of: date) -> Timed:
    opened, timed = launch(path, settings, as_of)
    dispose(opened.window)
    return timed


def cold_launch(code: str, *args: str) -> Timed:
    """``code`` in a fresh interpreter: the figure and its parts come from the times it prints.

    The process's wall clock (interpreter start and exit included) is kept in ``counts``, in ms."""
    start = time.perf_counter()
    done = cold_run(code, *args)
    wall = time.perf_counter() - start
    parts, before = {}, 0.0
    for line in done.stdout.splitlines():
        elapsed, _, label = line.partition("\t")
        if label:
            parts[label], before = float(elapsed) - before, float(elapsed)
    if not parts or done.returncode:
        raise RuntimeError(f"The cold launch failed (exit {done.returncode}):\n{done.stdout}{done.stderr}")
    return Timed(before, parts, (round(wall * 1000),))


def cold_run(code: str, *args: str, python: Sequence[str] = ()) -> subprocess.CompletedProcess[str]:
    """``python -c code args`` from the project root, with ``python``'s options, its output kept."""
    return subprocess.run(
        [sys.executable, *python, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=WAIT_LIMIT,
    )


def cold_arguments(path: Path, folder: Path, as_of: date) -> tuple[str, ...]:
    """COLD_WINDOW's arguments: the file, a settings file of its own, the as-of date, the size."""
    return str(path), str(folder / "cold.ini"), as_of.isoformat(), *map(str, WINDOW_SIZE)


def import_times(code: str, *args: str, limit: int = 25) -> str:
    """The slowest imports of ``code`` in a fresh interpreter (``-X importtime``), nesting kept."""
    done = cold_run(code, *args, python=("-X", "importtime"))
    rows = []
    for line in done.stderr.splitlines():
        fields = line.removeprefix("import time:").split("|")
        if len(fields) == 3 and fields[1].strip().isdigit():
            rows.append((int(fields[1]), fields[2].rstrip()))
    rows.sort(reverse=True)
    return "\n".join(f"{cumulative / 1000:9.1f} ms  {name}" for cumulative, name in rows[:limit])


def timed_sort(opened: Opened, order: Qt.SortOrder, after: tuple[int, Qt.SortOrder]) -> Timed:
    """Sort by due date from the order ``after`` leaves (set first, not timed), then repaint."""
    model = opened.workspace.table.model_
    if (model.sort_column, model.sort_order) != after:  # already so: nothing would repaint
        opened.painted(lambda: model.sort(*after))
    return Timed(opened.painted(lambda: model.sort(DUE, order)))


def timed_typing(opened: Opened, word: str) -> list[float]:
    """Each keystroke of ``word`` typed into the cleared filter, with its relayout and repaint."""
    line = opened.workspace.filter_bar.text
    if line.text():
        opened.painted(line.clear)
    return [opened.painted(partial(line.insert, key)) for key in word]


@contextmanager
def clocked(owner: object, name: str, marks: list[float]) -> Iterator[None]:
    """While inside, ``owner.name`` (a method of one object, or a module's function) notes when
    each call returns: the split of an edit, without changing the code it measures."""
    original = getattr(owner, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        try:
            return original(*args, **kwargs)
        finally:
            marks.append(time.perf_counter())  # list.append is safe from the worker thread

    setattr(owner, name, timed)
    try:
        yield
    finally:
        setattr(owner, name, original)


def timed_edit(
    opened: Opened, workstream_id: int, paints: PaintWatch | None = None, status: Status = Status.BLOCKED
) -> Timed:
    """Set one not-started workstream to ``status``, until the status bar has the new analysis
    and the table (or the view ``paints`` watches) painted. Blocked work is scheduled as before
    (the analysis reuses its network as it was); work in progress keeps its actual start, so
    the links into it are compiled again."""
    document = opened.document
    clock = time.perf_counter
    written: list[float] = []
    analysed: list[float] = []
    analysis = AnalysisWatch(document, paints or opened.paints)
    with (
        clocked(document.service, "update_workstreams", written),
        clocked(plan_document, "analyse", analysed),
    ):
        start = clock()
        if not document.edit_workstreams({workstream_id: {"status": status}}, "bench"):
            raise RuntimeError(f"The edit of workstream {workstream_id} was refused.")
        edited = clock()
        arrived = analysis.wait()
        end = clock()
    # The analysis starts with the edit, beside the window's own update: what it adds is the
    # wait after that update (none when it ended first).
    worker_done = max(analysed[-1], edited)
    parts = {
        "service write (update_workstreams)": written[0] - start,
        "plan patched, table and details updated, undo step": edited - written[0],
        "analysis in the worker, until it ends": worker_done - edited,
        "the window takes it: status bar, table, teams, views": arrived - worker_done,
        "repaint": end - arrived,
    }
    return Timed(end - start, parts)


def edit_targets(document: PlanDocument, count: int) -> list[int]:
    """``count`` not-started workstreams spread through the plan, each edited once."""
    ids = [w.id for w in document.plan.workstreams.values() if w.status is Status.NOT_STARTED]
    if len(ids) < count:
        raise RuntimeError(f"The plan has {len(ids)} not-started workstreams; {count} are needed.")
    step = len(ids) / count
    return [ids[int(i * step)] for i in range(count)]


# ---------------------------------------------------------------- the views in the centre tabs


def painted_part(view: QWidget) -> QWidget:
    """The widget whose paint shows that a tab's view is on screen."""
    if isinstance(view, TimelineView):
        return view.chart.viewport()
    if isinstance(view, NetworkView):
        return view.canvas.viewport()
    if isinstance(view, DashboardView):
        page = view.scroll_area.widget()
        assert page is not None
        return page
    assert isinstance(view, QTableView)
    return view.viewport()


def ready(path: Path, settings: Path, as_of: date) -> Opened:
    """A window as a user finds it a moment after opening: analysed, painted, its service open."""
    opened, _ = launch(path, settings, as_of)
    process_until(lambda: opened.document.service_is_open, "the service to open")
    settle()
    return opened


def show_tab(opened: Opened, tab: int) -> Any:
    """Bring ``tab`` to the front (not timed) and return its view, painted."""
    views = opened.workspace.views
    if views.currentIndex() != tab:
        views.setCurrentIndex(tab)
        paints = PaintWatch.on(painted_part(views.view(tab)))
        before = paints.count
        process_until(lambda: paints.count > before, f"the {PlanViews.TITLES[tab]} tab to paint")
        settle()
    return views.view(tab)


def first_show(opened: Opened, tab: int) -> Timed:
    """Switch to ``tab`` for the first time: its view built and laid out, then painted.

    The view is made while the tab switches, and painted when events are next processed, so
    the paint watch is put on it in between."""
    views = opened.workspace.views
    clock = time.perf_counter
    start = clock()
    views.setCurrentIndex(tab)
    built = clock()
    paints = PaintWatch(painted_part(views.view(tab)))
    process_until(lambda: paints.count > 0, f"the {PlanViews.TITLES[tab]} tab to paint")
    end = clock()
    parts = {"built and laid out (setCurrentIndex)": built - start, "until painted": end - built}
    return Timed(end - start, parts)


def timed_first_show(path: Path, settings: Path, as_of: date, tab: int) -> Timed:
    """``first_show`` in a window of its own, opened for it (not timed)."""
    opened = ready(path, settings, as_of)
    try:
        return first_show(opened, tab)
    finally:
        dispose(opened.window)


def best_steps(runs: int, action: Callable[[], dict[str, float]]) -> dict[str, float]:
    """Each step's best time over ``runs`` runs of the same steps (a full collection before each run)."""
    times: list[dict[str, float]] = []
    for _ in range(runs):
        gc.collect()
        times.append(action())
    return {step: min(run[step] for run in times) for step in times[0]}


def ctrl_wheel(widget: QWidget, delta: int) -> None:
    """One Ctrl+wheel notch (``delta`` 120 up, -120 down) over the middle of ``widget``."""
    middle = QPointF(widget.width() / 2, widget.height() / 2)
    QApplication.sendEvent(
        widget,
        QWheelEvent(
            middle,
            widget.mapToGlobal(middle),
            QPoint(),
            QPoint(0, delta),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.ControlModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        ),
    )


def timeline_scrolls(opened: Opened) -> dict[str, float]:
    """Page Down through the timeline from the middle of the plan (or as near it as leaves room
    for the pages), each page until repainted."""
    view = show_tab(opened, PlanViews.TIMELINE)
    paints = (PaintWatch.on(view.chart.viewport()),)
    bar = view.chart.verticalScrollBar()
    start = max(0, min(bar.maximum() // 2, bar.maximum() - SCROLL_PAGES * bar.pageStep()))
    if bar.value() != start:
        until_painted(paints, partial(bar.setValue, start), "the timeline to repaint")
        settle()
    steps = {}
    for page in range(SCROLL_PAGES):
        if bar.value() == bar.maximum():
            break  # a plan shorter than the pages
        steps[f"page {page + 1}"] = until_painted(
            paints,
            partial(bar.triggerAction, QAbstractSlider.SliderAction.SliderPageStepAdd),
            "the timeline to repaint",
        )
    return steps


def timeline_zooms(opened: Opened) -> dict[str, float]:
    """Ctrl+wheel over the middle of the chart: out to the widest zoom, in to the closest, back."""
    view = show_tab(opened, PlanViews.TIMELINE)
    viewport = view.chart.viewport()
    paints = (PaintWatch.on(viewport),)
    level = ZOOM_LEVELS.index(view.scale.px_per_day)
    notches = [-NOTCH] * level + [NOTCH] * (len(ZOOM_LEVELS) - 1) + [-NOTCH] * (len(ZOOM_LEVELS) - 1 - level)
    steps = {}
    for delta in notches:
        before = view.scale.px_per_day
        took = until_painted(paints, partial(ctrl_wheel, viewport, delta), "the timeline to repaint")
        steps[f"{before:g} to {view.scale.px_per_day:g} px/day"] = took
    return steps


def network_pans(opened: Opened) -> dict[str, float]:
    """Wheel notches down, then right, from the middle of the picture, at several zooms."""
    view = show_tab(opened, PlanViews.NETWORK)
    canvas = view.canvas
    paints = (PaintWatch.on(canvas.viewport()),)
    down, across = canvas.verticalScrollBar(), canvas.horizontalScrollBar()
    steps = {}
    for scale in PAN_SCALES:

        def middle(scale: float = scale) -> None:
            canvas.set_scale(scale)
            down.setValue(down.maximum() // 2)
            across.setValue(across.maximum() // 2)

        until_painted(paints, middle, "the network to repaint")
        settle()
        for name, bar in (("down", down), ("right", across)):
            if bar.maximum() - bar.value() < PAN_STEPS * NOTCH:
                continue  # the picture is about as tall (or wide) as the screen at this zoom
            for step in range(PAN_STEPS):
                steps[f"{name} at {scale:.0%}, notch {step + 1}"] = until_painted(
                    paints, partial(bar.setValue, bar.value() + NOTCH), "the network to repaint"
                )
    return steps


def network_zooms(opened: Opened) -> dict[str, float]:
    """Ctrl+wheel over the middle of the picture: from 100 % out to the least zoom, then back in."""
    view = show_tab(opened, PlanViews.NETWORK)
    canvas = view.canvas
    viewport = canvas.viewport()
    paints = (PaintWatch.on(viewport),)
    until_painted(paints, lambda: canvas.set_scale(1.0), "the network to repaint")
    settle()
    out = math.ceil(math.log(1 / canvas.least_scale(), ZOOM_STEP))
    steps = {}
    for step, delta in enumerate([-NOTCH] * out + [NOTCH] * out):
        before = canvas.scale
        took = until_painted(paints, partial(ctrl_wheel, viewport, delta), "the network to repaint")
        steps[f"notch {step + 1}, {before:.1%} to {canvas.scale:.1%}"] = took
    return steps


def slip_target(plan: GeneratedPlan, document: PlanDocument) -> tuple[int, int]:
    """The open workstream with the most work downstream, and how many items that is."""
    key, downstream = largest_downstream(plan, domain_plan(plan))
    return next(w.id for w in document.plan.workstreams.values() if w.key == key), downstream


@contextmanager
def what_if_open(opened: Opened, workstream_id: int) -> Iterator[WhatIfDialog]:
    """The window's "What if it slips…" on ``workstream_id``: the dialog beside the timeline, painted."""
    show_tab(opened, PlanViews.TIMELINE)  # the window leaves the network up; the moved bars show here
    window = opened.window
    window.what_if(workstream_id)
    dialog = window.findChild(WhatIfDialog)
    assert isinstance(dialog, WhatIfDialog)
    paints = PaintWatch.on(dialog.table.viewport())
    process_until(lambda: paints.count > 0, "the what-if dialog to paint")
    settle()
    try:
        yield dialog
    finally:
        dialog.reject()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def what_if_previews(opened: Opened, dialog: WhatIfDialog) -> dict[str, float]:
    """Each slip in PREVIEW_DAYS typed in and previewed, until the dialog's table and the timeline's
    highlighted bars have painted. The dialog previews a moment after the last keystroke; that wait
    is not counted."""
    timeline = opened.workspace.views.view(PlanViews.TIMELINE)
    paints = (PaintWatch.on(dialog.table.viewport()), PaintWatch.on(timeline.chart.viewport()))
    steps = {}
    for days in PREVIEW_DAYS:

        def preview(days: int = days) -> None:
            dialog.days.setValue(days)
            dialog.refresh()

        took = until_painted(paints, preview, "the preview to paint")
        moved = len(dialog.impact.moved) if dialog.impact is not None else 0
        steps[f"{days} working day{'s' * (days > 1)}, {moved:,} moved"] = took
    return steps


def dashboard_after_edit(opened: Opened, workstream_id: int) -> Timed:
    """A status edit in the table (not timed), then back to the dashboard: it rebuilds on the new analysis."""
    views = opened.workspace.views
    show_tab(opened, PlanViews.TABLE)
    timed_edit(opened, workstream_id)
    settle()
    paints = PaintWatch.on(painted_part(views.view(PlanViews.DASHBOARD)))
    back = partial(views.setCurrentIndex, PlanViews.DASHBOARD)
    return Timed(until_painted((paints,), back, "the dashboard to paint"))


def dashboard_edit(opened: Opened, workstream_id: int) -> Timed:
    """A status edit with the dashboard on screen, until it has painted the new analysis."""
    view = show_tab(opened, PlanViews.DASHBOARD)
    return timed_edit(opened, workstream_id, PaintWatch.on(painted_part(view)))


def profiled(action: Callable[[], object], limit: int = 20) -> str:
    """cProfile of ``action`` (this thread only), by own time and by cumulative time."""
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        action()
    finally:
        profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(limit)
    stats.sort_stats("cumulative").print_stats(limit)
    return out.getvalue()


# ---------------------------------------------------------------- report


def milliseconds(value: float) -> str:
    return f"{value * 1000:.1f} ms"


def verdict(met: bool) -> str:
    return "PASS" if met else "ABOVE GOAL"


def launch_note(timed: Timed, baseline: Timed) -> tuple[str, str, float]:
    """The ratio, the goals' note, and how far over its goals it is (above 1.0: missed)."""
    ratio = timed.seconds / baseline.seconds
    note = (
        f"goal <= {LAUNCH_GOAL:.0f} s: {verdict(timed.seconds <= LAUNCH_GOAL)}; "
        f"<= {LAUNCH_RATIO_GOAL:.0f}x: {verdict(ratio <= LAUNCH_RATIO_GOAL)}"
    )
    return f"{ratio:.1f}x", note, max(timed.seconds / LAUNCH_GOAL, ratio / LAUNCH_RATIO_GOAL)


def add_parts(table: Table, timed: Timed, show: Callable[[float], str]) -> None:
    for part, value in timed.parts.items():
        table.add(f"    {part}", show(value), f"{value / timed.seconds:.0%}", "of the row above")


def add_against(table: Table, label: str, took: float, goal: float, note: str = "") -> None:
    """A row in milliseconds against a goal, with its verdict (and ``note``)."""
    verdicts = f"of the goal <= {goal * 1000:.0f} ms: {verdict(took <= goal)}"
    table.add(label, milliseconds(took), f"{took / goal:.2f}x", f"{verdicts}; {note}" if note else verdicts)


def add_build(table: Table, timed: Timed, runs: int, note: str) -> float:
    """A view's first show against the build goal, with its parts; returns how far from the goal."""
    table.add(
        f"  first show: built, laid out, painted (best of {runs})",
        seconds(timed.seconds),
        f"{timed.seconds / BUILD_GOAL:.2f}x",
        f"of the goal <= {BUILD_GOAL:.0f} s: {verdict(timed.seconds <= BUILD_GOAL)}; {note}",
    )
    add_parts(table, timed, seconds)
    return timed.seconds / BUILD_GOAL


def add_steps(table: Table, what: str, steps: dict[str, float], goal: float, runs: int) -> float:
    """The slowest step against ``goal``, and the median for information; returns how far from it."""
    slowest = max(steps, key=steps.__getitem__)
    worst, median = steps[slowest], statistics.median(steps.values())
    table.add(
        f"  slowest {what} (best of {runs} each)",
        milliseconds(worst),
        f"{worst / goal:.2f}x",
        f"of the goal <= {goal * 1000:.0f} ms: {verdict(worst <= goal)}; {slowest}",
    )
    table.add(
        f"  median {what}",
        milliseconds(median),
        f"{median / goal:.2f}x",
        f"of the goal; informational; {len(steps)} steps",
    )
    return worst / goal


def run(args: argparse.Namespace, plan: GeneratedPlan, folder: Path) -> int:
    n, m = len(plan.rows), len(plan.edges)
    start = time.perf_counter()
    path = write_migration(plan, folder / f"bench-{n}.migrator")
    prepared = time.perf_counter() - start
    as_of = plan_as_of(plan)
    app = application()
    print(f"Migrator window benchmark: {n:,} workstreams, {m:,} dependencies, {len(plan.teams)} teams")
    print(
        f"Python {sys.version.split()[0]}, PySide6 {PySide6.__version__} (Qt {qVersion()}), "
        f"platform {app.platformName()}; as of {as_of}; files in {folder}"
    )
    print(f"Plan imported into {path.name} in {prepared:.1f} s (not timed)\n")
    table = Table()
    steps: dict[str, float] = {}  # how far each step is from its goal (above 1.0: missed)

    # Launch, in this process: the first window also pays the platform's start (not counted).
    settings = folder / "window.ini"
    timed_bare_window()
    bare = best_of(args.runs, timed_bare_window)
    window = best_of(args.runs, lambda: timed_launch(path, settings, as_of))
    ratio, note, steps["launch"] = launch_note(window, bare)
    table.add(f"Launch in this process (best of {args.runs})")
    table.add(
        "  bare QMainWindow, empty QTableView, shown and painted",
        seconds(bare.seconds),
        "1.0x",
        "baseline; imports and the platform's start not counted",
    )
    table.add("  MainWindow + open_file + show, analysed table painted", seconds(window.seconds), ratio, note)
    add_parts(table, window, seconds)

    # Launch in a fresh process, imports included.
    columns, width, height = str(len(COLUMNS)), str(WINDOW_SIZE[0]), str(WINDOW_SIZE[1])
    cold_bare = best_of(args.runs, lambda: cold_launch(COLD_BARE, columns, width, height))
    cold = best_of(args.runs, lambda: cold_launch(COLD_WINDOW, *cold_arguments(path, folder, as_of)))
    ratio, note, steps["cold launch"] = launch_note(cold, cold_bare)
    table.add(f"Launch in a fresh process (best of {args.runs})")
    table.add(
        "  bare window: import PySide6, show, paint",
        seconds(cold_bare.seconds),
        "1.0x",
        f"baseline; timed from before importing PySide6; process wall clock "
        f"{seconds(cold_bare.counts[0] / 1000)}",
    )
    add_parts(table, cold_bare, seconds)
    table.add(
        "  import migrator.ui.main_window, open, show, paint",
        seconds(cold.seconds),
        ratio,
        f"{note}; process wall clock {seconds(cold.counts[0] / 1000)}",
    )
    add_parts(table, cold, seconds)

    # The rest works on one window, as a user would: once the service it opens after the first
    # paint is open, so that opening is not charged to the first sort.
    opened, _ = launch(path, settings, as_of)
    process_until(lambda: opened.document.service_is_open, "the service to open")
    model = opened.workspace.table.model_
    ascending = best_of(
        args.runs, lambda: timed_sort(opened, Qt.SortOrder.AscendingOrder, (-1, Qt.SortOrder.AscendingOrder))
    )
    descending = best_of(
        args.runs,
        lambda: timed_sort(opened, Qt.SortOrder.DescendingOrder, (DUE, Qt.SortOrder.AscendingOrder)),
    )
    steps["sort"] = max(ascending.seconds, descending.seconds) / SORT_GOAL
    table.add(f"Sort by due date (best of {args.runs}; model.sort and the repaint)")
    for label, timed in (
        ("  ascending, from plan order", ascending),
        ("  descending, after ascending", descending),
    ):
        add_against(table, label, timed.seconds, SORT_GOAL, f"{model.rowCount():,} rows")

    # Filter keystrokes, on the table sorted by due date as the sort left it.
    line = opened.workspace.filter_bar.text
    first = opened.painted(lambda: line.insert(FILTER_WORD[0]))
    shown_first = model.rowCount()
    typed: list[list[float]] = []
    for _ in range(args.runs):
        gc.collect()
        typed.append(timed_typing(opened, FILTER_WORD))
    shown_last = model.rowCount()
    keys = [min(run[i] for run in typed) for i in range(len(FILTER_WORD))]
    slowest = max(keys)
    steps["filter"] = max(first, slowest) / FILTER_GOAL
    table.add(f'Filter: "{FILTER_WORD}" typed a key at a time, table sorted by due')
    add_against(
        table,
        "  first keystroke since opening (builds the search text)",
        first,
        FILTER_GOAL,
        f"one run, {shown_first:,} rows left",
    )
    add_against(
        table,
        f"  slowest keystroke (best of {args.runs} each)",
        slowest,
        FILTER_GOAL,
        f'the "{FILTER_WORD[keys.index(slowest)]}" of "{FILTER_WORD}"',
    )
    table.add(
        "  median keystroke",
        milliseconds(statistics.median(keys)),
        f"{statistics.median(keys) / FILTER_GOAL:.2f}x",
        f"of the goal; informational; {shown_last:,} rows after the last key",
    )
    opened.painted(line.clear)

    # One status edit, until the status bar shows the analysis that follows it; the dashboard
    # below edits as many again.
    targets = iter(edit_targets(opened.document, 5 * args.runs))
    sorted_edit = best_of(args.runs, lambda: timed_edit(opened, next(targets)))
    started = best_of(args.runs, lambda: timed_edit(opened, next(targets), status=Status.IN_PROGRESS))
    opened.painted(lambda: model.sort(-1, Qt.SortOrder.AscendingOrder))
    plain_edit = best_of(args.runs, lambda: timed_edit(opened, next(targets)))
    steps["edit"] = max(sorted_edit.seconds, started.seconds) / EDIT_GOAL
    table.add(f"Status edit, until shown (best of {args.runs})")
    for label, timed in (
        ("  to Blocked, table sorted by due date", sorted_edit),
        ("  to In progress, table sorted by due date", started),
    ):
        add_against(table, label, timed.seconds, EDIT_GOAL)
        add_parts(table, timed, milliseconds)
    table.add(
        "  to Blocked, table in plan order",
        milliseconds(plain_edit.seconds),
        f"{plain_edit.seconds / EDIT_GOAL:.2f}x",
        "of the goal; informational",
    )
    add_parts(table, plain_edit, milliseconds)

    # The views, each tab first shown in a window of its own (opened for it, not timed); then
    # their steps in the window above, once the analysis of its last edit is in.
    builds = {
        tab: best_of(args.runs, partial(timed_first_show, path, settings, as_of, tab))
        for tab in (PlanViews.TIMELINE, PlanViews.NETWORK, PlanViews.DASHBOARD)
    }
    timeline: TimelineView = show_tab(opened, PlanViews.TIMELINE)
    shown, rows = len(timeline.shown_ids()), len(timeline.rows)
    table.add(f"Timeline tab: {shown:,} workstreams in {rows - shown} teams, {rows:,} rows")
    steps["timeline build"] = add_build(
        table, builds[PlanViews.TIMELINE], args.runs, f"opens at {timeline.scale.px_per_day:g} px/day"
    )
    scrolls = best_steps(args.runs, partial(timeline_scrolls, opened))
    steps["timeline scroll"] = add_steps(table, "Page Down + repaint", scrolls, STEP_GOAL, args.runs)
    zooms = best_steps(args.runs, partial(timeline_zooms, opened))
    steps["timeline zoom"] = add_steps(table, "Ctrl+wheel zoom step + repaint", zooms, STEP_GOAL, args.runs)

    network: NetworkView = show_tab(opened, PlanViews.NETWORK)
    laid_out = network.network
    table.add(f"Network tab: {len(laid_out.ids):,} boxes, {len(laid_out.links):,} links")
    steps["network build"] = add_build(
        table, builds[PlanViews.NETWORK], args.runs, f"least zoom {network.canvas.least_scale():.1%}"
    )
    pans = best_steps(args.runs, partial(network_pans, opened))
    steps["network pan"] = add_steps(table, f"pan of {NOTCH} px + repaint", pans, STEP_GOAL, args.runs)
    zooms = best_steps(args.runs, partial(network_zooms, opened))
    steps["network zoom"] = add_steps(table, "Ctrl+wheel zoom step + repaint", zooms, STEP_GOAL, args.runs)

    slipped, downstream = slip_target(plan, opened.document)
    key = opened.document.plan.workstreams[slipped].key
    with what_if_open(opened, slipped) as dialog:
        previews = best_steps(args.runs, partial(what_if_previews, opened, dialog))
    table.add(
        f"What if {key} slips: the item with most work downstream ({downstream:,}), beside the timeline"
    )
    steps["what-if"] = add_steps(table, "preview + repaint", previews, WHAT_IF_GOAL, args.runs)

    # The dashboard has no goal of its own: it is set against the other views' goals.
    table.add("Dashboard tab (informational)")
    dashboard = builds[PlanViews.DASHBOARD]
    table.add(
        f"  first show: built, laid out, painted (best of {args.runs})",
        seconds(dashboard.seconds),
        f"{dashboard.seconds / BUILD_GOAL:.2f}x",
        "of the views' build goal; informational",
    )
    add_parts(table, dashboard, seconds)
    back = best_of(args.runs, lambda: dashboard_after_edit(opened, next(targets)))
    table.add(
        f"  back to it after an edit in the table (best of {args.runs})",
        milliseconds(back.seconds),
        f"{back.seconds / BUILD_GOAL:.2f}x",
        "of the views' build goal; informational; it rebuilds on the new analysis",
    )
    live = best_of(args.runs, lambda: dashboard_edit(opened, next(targets)))
    table.add(
        f"  status edit with it on screen, until painted (best of {args.runs})",
        milliseconds(live.seconds),
        f"{live.seconds / EDIT_GOAL:.2f}x",
        "of the table's edit goal; informational",
    )
    add_parts(table, live, milliseconds)
    print(table.render())
    status = opened.window
    health = re.sub(r"<[^>]+>", "", status.health_label.text()).replace("  ", ", ")
    print(f"Status bar after the edits: {status.go_live_label.text()}; {health}")

    if args.profile:
        profile_steps(opened, steps, path, folder, as_of, slipped)
    dispose(opened.window)
    return 0


VIEW_STEPS = {
    "timeline scroll": timeline_scrolls,
    "timeline zoom": timeline_zooms,
    "network pan": network_pans,
    "network zoom": network_zooms,
}
BUILDS = {"timeline build": PlanViews.TIMELINE, "network build": PlanViews.NETWORK}


def profile_steps(
    opened: Opened, steps: dict[str, float], path: Path, folder: Path, as_of: date, slipped: int
) -> None:
    """A profile of every step above its goal, or of the one nearest its goal when all pass.

    ``slipped`` is the workstream the what-if preview slips."""
    missed = [name for name, share in steps.items() if share > 1.0]
    for name in missed or [max(steps, key=steps.__getitem__)]:
        if name == "cold launch":
            print("\nThe slowest imports of a fresh launch (-X importtime, cumulative):\n")
            print(import_times(COLD_WINDOW, *cold_arguments(path, folder, as_of)))
            continue
        print(f"\ncProfile of the {name} step (main thread only), by own time then cumulative time:\n")
        if name == "launch":
            print(profiled(lambda: timed_launch(path, folder / "window.ini", as_of)))
        elif name == "sort":
            ascending = Qt.SortOrder.AscendingOrder
            print(profiled(partial(timed_sort, opened, ascending, (-1, ascending))))
        elif name == "filter":
            # A reload drops the search text, so the profile has the first keystroke's cost too.
            reloaded = AnalysisWatch(opened.document, opened.paints)
            opened.document.reload()
            reloaded.wait()
            print(profiled(lambda: timed_typing(opened, FILTER_WORD)))
        elif name in BUILDS:
            probe = ready(path, folder / "window.ini", as_of)  # a window of its own, as measured
            print(profiled(partial(first_show, probe, BUILDS[name])))
            dispose(probe.window)
        elif name in VIEW_STEPS:
            print(profiled(partial(VIEW_STEPS[name], opened)))
        elif name == "what-if":
            with what_if_open(opened, slipped) as dialog:
                print(profiled(partial(what_if_previews, opened, dialog)))
        else:
            print(profiled(partial(timed_edit, opened, edit_targets(opened.document, 1)[0])))
            print("The analysis itself runs in a worker thread; here it is in this thread:\n")
            print(profiled(opened.document.analyse_now))


def main(argv: Sequence[str] | None = None) -> int:
    parser = benchmark_parser("bench_window", __doc__)
    parser.add_argument("--keep", type=Path, default=None, metavar="DIR", help="keep the files in DIR")
    parser.add_argument("--profile", action="store_true", help="also print a cProfile of the slowest step")
    args, plan = benchmark_arguments(parser, argv)
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        (args.keep / f"bench-{len(plan.rows)}.migrator").unlink(missing_ok=True)
        return run(args, plan, args.keep)
    with tempfile.TemporaryDirectory(prefix="migrator-bench-window-") as folder:
        return run(args, plan, Path(folder))


if __name__ == "__main__":
    sys.exit(main())
