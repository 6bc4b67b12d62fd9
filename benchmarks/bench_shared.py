"""Benchmark shared plans on a PostgreSQL server: opening, another window's edit, conflicting
edits from two coordinators, and copying a plan to the server and back.

The plan is generated and imported into a migration file (not timed). The server is a throwaway
one started for the run (as the test suite starts it), or the one ``--url`` names: its login must
be allowed to create databases and roles. Every database and role made here is dropped at the end.

- **Open**: the shared plan until its analysed table shows, through the service and in the main
  window, against a raw psycopg SELECT of the same rows.
- **Edit in window A until painted in window B**: two coordinators' logins on one plan; window A
  is a plan document in a process of its own (as on another computer), window B the main window
  here. A status edit through A's document, until B has heard it, patched its plan and painted
  the new value; then until B's analysis of it has painted too.
- **Conflicting edits**: two clients in two threads, each editing titles of the same few
  workstreams from what it last read (stating those versions); then history is checked for
  every landed write and for any value overwritten without being seen.
- **Copy**: ``copy_plan`` of ``services/sharing.py`` (the copy behind ``migrator copy``) of the
  file to the server and back, against a raw COPY into an empty schema and a raw executemany
  into an empty file.

    python -m benchmarks.bench_shared [--workstreams 20000] [--runs 3] [--url postgresql://...]
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import gc
import io
import os
import pstats
import queue
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import psycopg
from psycopg import sql
from psycopg.types.string import TextLoader
from PySide6.QtCore import QSettings

from benchmarks.bench_analysis import plan_as_of
from benchmarks.bench_store import Table, Timed, seconds
from benchmarks.bench_window import (
    ROOT,
    WAIT_LIMIT,
    WINDOW_SIZE,
    AnalysisWatch,
    Opened,
    PaintWatch,
    application,
    dispose,
    edit_targets,
    milliseconds,
    process_until,
    settle,
    verdict,
)
from benchmarks.generate import GeneratedPlan, benchmark_arguments, benchmark_parser, write_migration
from migrator.analysis import analyse
from migrator.domain.errors import ConcurrentEditError, FileBusyError, MigratorError
from migrator.domain.model import HistoryEntry, Status, Workstream
from migrator.domain.places import ServerAddress
from migrator.services import MigrationService
from migrator.services.sharing import copy_plan, init_server
from migrator.store import database
from migrator.store.copying import ORDER
from migrator.store.schema import Base
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.file_opening import FileOpener
from migrator.ui.main_window import MainWindow
from migrator.ui.server_login import ServerLogin
from migrator.ui.server_passwords import ServerPasswords
from migrator.ui.window_settings import WindowSettings
from tests.support.memory_keyring import MemoryKeyring

OPEN_GOAL = 3.0  # seconds until the analysed table shows
OPEN_RATIO_GOAL = 3.0  # and at most 3x a raw SELECT of the same rows
EDIT_MEDIAN_GOAL = 0.300  # seconds from an edit in window A until window B has painted it: median
EDIT_WORST_GOAL = 1.0  # and worst
COPY_GOAL = 3.0  # a copy at most 3x a raw COPY / executemany of the same rows
BULK_SHARE = 0.2  # of the conflicting edits, this share edits three rows at once
BULK_ROWS = 3
COORDINATORS = ("Ana Ruiz", "Ben Okafor")  # the names history credits the two logins with

T = TypeVar("T", bound=Timed)


@dataclass
class Clocked(Timed):
    """A figure with the CPU seconds this process spent meanwhile (every thread of it)."""

    cpu: float = 0.0


def best_of_rounds(runs: int, *actions: Callable[[], T]) -> list[T]:
    """The fastest run of each action over ``runs`` rounds, each round running every action
    once in turn, so a baseline and the figures divided by it see the same moments of a busy
    machine; a full garbage collection before each run."""
    results: list[list[T]] = [[] for _ in actions]
    for _ in range(runs):
        for action, found in zip(actions, results, strict=True):
            gc.collect()
            found.append(action())
    return [min(found, key=lambda result: result.seconds) for found in results]


class Clock:
    """Wall and CPU time from the moment it is made."""

    def __init__(self) -> None:
        self.start, self.start_cpu = time.perf_counter(), time.process_time()

    def stop(self, parts: dict[str, float] | None = None, counts: tuple[int, ...] = ()) -> Clocked:
        wall, cpu = time.perf_counter() - self.start, time.process_time() - self.start_cpu
        return Clocked(wall, parts or {}, counts, cpu)


# ---------------------------------------------------------------- the server


@dataclass(frozen=True)
class Login:
    """A coordinator's own login role, with the name history credits it with (the role's comment)."""

    role: str
    name: str
    password: str


def connect(address: ServerAddress, password: str | None = None) -> psycopg.Connection[Any]:
    return psycopg.connect(
        host=address.host or None,
        port=address.port,
        dbname=address.database or None,
        user=address.user or None,
        password=password,
        service=address.service or None,
        autocommit=True,
        connect_timeout=10,
    )


class Server:
    """The server, through a login that may create databases and roles; what it makes here has
    a name of this run's own and is dropped by ``drop_everything``."""

    def __init__(self, url: str) -> None:
        self.address = ServerAddress.parse(url)
        self.prefix = f"migrator_bench_{uuid.uuid4().hex[:8]}"
        self._databases: list[str] = []
        self._roles: list[str] = []

    def run(self, statement: sql.SQL | sql.Composed) -> list[tuple[Any, ...]]:
        with connect(self.address) as connection:
            cursor = connection.execute(statement)
            return cursor.fetchall() if cursor.description is not None else []

    def version(self) -> str:
        return str(self.run(sql.SQL("SHOW server_version"))[0][0])

    def new_database(self, what: str) -> ServerAddress:
        """A new empty database; its address as the server's own login."""
        name = f"{self.prefix}_{what}_{len(self._databases) + 1}"
        self.run(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        self._databases.append(name)
        return dataclasses.replace(self.address, database=name)

    def new_login(self, name: str) -> Login:
        """A login role that history credits with ``name``."""
        login = Login(f"{self.prefix}_{len(self._roles) + 1}", name, uuid.uuid4().hex)
        role = sql.Identifier(login.role)
        self.run(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(role, sql.Literal(login.password)))
        self._roles.append(login.role)
        self.run(sql.SQL("COMMENT ON ROLE {} IS {}").format(role, sql.Literal(name)))
        return login

    def let_edit(self, plan: ServerAddress, *logins: Login) -> None:
        """Give ``logins`` an editor's rights on the plan at ``plan``."""
        with connect(plan) as connection:
            for login in logins:
                role = sql.Identifier(login.role)
                connection.execute(
                    sql.SQL(
                        "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}"
                    ).format(role)
                )
                connection.execute(
                    sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(role)
                )

    def drop_everything(self) -> None:
        for name in reversed(self._databases):
            self.run(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        for role in reversed(self._roles):
            self.run(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
        self._databases.clear()
        self._roles.clear()


def as_login(address: ServerAddress, login: Login) -> ServerAddress:
    return address.with_user(login.role)


@contextmanager
def server_for(url: str | None) -> Iterator[tuple[Server, str]]:
    """The server of ``url``, or a throwaway one started here (as the tests start theirs), and
    how the output names it. What the run made on it is dropped when the block ends."""
    cluster = None
    if url is None:
        from tests.support.postgres import ThrowawayCluster  # the tests' own server, started the same way

        started = time.perf_counter()
        cluster = ThrowawayCluster.start()
        url = cluster.url("postgres")
        where = f"a throwaway local server started in {time.perf_counter() - started:.1f} s"
    else:
        where = "the server of --url"
    server = Server(url)
    try:
        yield server, where
    finally:
        try:
            server.drop_everything()
        finally:
            if cluster is not None:
                cluster.stop()


# ---------------------------------------------------------------- opening the plan

# What read_plan reads, the same rows and columns (see migrator/store/plan_reader.py), in the
# order the service gives them.
RAW_OPEN = (
    """SELECT w.id, w.key, w.title, w.team_id, t.code, t.name, w.owner_id, p.name, w.status,
              w.planned_start, w.planned_due, w.actual_start, w.actual_finish, w.progress,
              w.is_milestone, w.description, w.blocker_note, w.health_override,
              w.health_override_reason, w.baseline_start, w.baseline_due, w.source_ref, w.version
       FROM workstream AS w JOIN team AS t ON w.team_id = t.id
       LEFT JOIN person AS p ON w.owner_id = p.id
       ORDER BY t.name, length(w.key), w.key""",
    "SELECT id, predecessor_id, successor_id, type, lag, note, version FROM dependency ORDER BY id",
    """SELECT entity_id, max(at) FROM history WHERE entity = 'workstream'
       AND (field IS NULL OR field NOT IN ('baseline_start', 'baseline_due')) GROUP BY entity_id""",
    """SELECT t.id, t.name, t.code, t.colour, t.lead_id, p.name, t.version
       FROM team AS t LEFT JOIN person AS p ON t.lead_id = p.id ORDER BY t.name""",
    "SELECT id, name, email, team_id, version FROM person ORDER BY name",
    "SELECT * FROM migration WHERE id = 1",
    "SELECT day, name FROM non_working_day",
    """SELECT id, taken_at, as_of, label, actor, audience, projected_go_live, overall_health
       FROM snapshot ORDER BY id""",
    "SELECT count(*) FROM workstream",
)


def raw_select(address: ServerAddress, password: str | None) -> Clocked:
    """The floor: connect and fetch the same rows with psycopg in one transaction, nothing converted."""
    clock = Clock()
    with connect(address, password) as connection, connection.transaction():
        found = [connection.execute(query).fetchall() for query in RAW_OPEN]
    return clock.stop(counts=(len(found[0]), len(found[1]), len(found[3])))


def service_open(address: ServerAddress, password: str | None, as_of: date) -> Clocked:
    """MigrationService.open, read_plan and the analysis the window starts at once."""
    clock = Clock()
    service = MigrationService.open(address, password=password, today=lambda: as_of)
    opened = time.perf_counter()
    plan = service.read_plan()
    read = time.perf_counter()
    analysis = analyse(plan.migration, plan.teams, plan.workstreams, plan.dependencies, as_of)
    end = time.perf_counter()
    parts = {
        "MigrationService.open: connect, check the schema and the login": opened - clock.start,
        "read_plan(): every row as domain values": read - opened,
        "the analysis": end - read,
    }
    timed = clock.stop(parts, (len(plan.workstreams), len(plan.dependencies), len(analysis.workstreams)))
    service.close()
    return timed


def window_open(
    address: ServerAddress, password: str | None, settings: Path, as_of: date
) -> tuple[Opened, Clocked]:
    """MainWindow and the shared plan opened in it as a coordinator opens it (File → Open shared
    plan…, Open Recent, the command line): connected to, read and analysed in another thread, its
    panes built; then shown, until the table has painted with the analysis."""
    clock = Clock()
    login = ServerLogin(ServerPasswords(MemoryKeyring()))  # the password as if typed this run
    if password is not None:
        login.passwords.use(address, password, remember=False)
    remembered = WindowSettings(QSettings(str(settings), QSettings.Format.IniFormat))
    window = MainWindow(settings=remembered, as_of=as_of, opener=FileOpener(remembered, as_of, login))
    window.resize(*WINDOW_SIZE)
    built = time.perf_counter()
    if not window.open_shared(address):
        raise RuntimeError(f"The window could not open {address}.")
    opened = time.perf_counter()
    document, workspace = window.document, window.workspace
    assert document is not None and workspace is not None
    paints = PaintWatch(workspace.table.viewport())
    analysis = None if document.analysis_is_current else AnalysisWatch(document, paints)
    window.show()
    if analysis is None:
        process_until(lambda: paints.count > 0, "the table to paint")
        arrived = opened
    else:  # the analysis made with the read failed: the window's own one
        arrived = analysis.wait()
    end = time.perf_counter()
    parts = {
        "MainWindow()": built - clock.start,
        "open_shared: connect, read and analyse (another thread), build the panes": opened - built,
        "show(), until the analysis arrives": max(arrived - opened, 0.0),
        "until the table has painted with it": end - max(arrived, opened),
    }
    return Opened(window, document, workspace, paints), clock.stop(parts)


def timed_window_open(address: ServerAddress, password: str | None, settings: Path, as_of: date) -> Clocked:
    opened, timed = window_open(address, password, settings, as_of)
    dispose(opened.window)
    return timed


# ---------------------------------------------------------------- an edit in A, painted in B

# Window A: a plan document in a process of its own, as on another coordinator's computer (in
# this process its analysis of each edit would take the interpreter lock from window B's). It
# reads a workstream id a line, sets it Blocked and prints when the edit was written.
WINDOW_A = """\
import sys
from benchmarks.bench_shared import window_a
window_a(sys.argv[1], sys.argv[2])
"""


def window_a(address: str, as_of: str) -> None:
    """Window A's process: its password comes in PGPASSWORD."""
    app = application()
    day = date.fromisoformat(as_of)
    service = MigrationService.open(ServerAddress.parse(address), today=lambda: day)
    document = PlanDocument(service, day)
    print("ready", flush=True)
    for line in sys.stdin:
        app.processEvents()  # what the window heard meanwhile (its own notices)
        done = document.edit_workstreams({int(line): {"status": Status.BLOCKED}}, "bench")
        print(f"{'written' if done else 'refused'} {time.perf_counter()!r}", flush=True)
    document.close()


class WindowA:
    """Window A's process, as the benchmark drives it. Its perf_counter is this process's clock
    (the system's monotonic clock)."""

    def __init__(self, address: ServerAddress, login: Login, as_of: date) -> None:
        env = {**os.environ, "PGPASSWORD": login.password}
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        self.process = subprocess.Popen(
            [sys.executable, "-c", WINDOW_A, str(address), as_of.isoformat()],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
        )
        self._lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, name="window-a", daemon=True).start()
        if self._next(WAIT_LIMIT) != "ready":
            raise RuntimeError("Window A did not open the plan.")

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line.strip())
        self._lines.put("ended")

    def _next(self, timeout: float = 0.0) -> str | None:
        """Its next line, waiting at most ``timeout`` seconds (0: not at all)."""
        try:
            return self._lines.get(timeout=timeout) if timeout else self._lines.get_nowait()
        except queue.Empty:
            return None

    def edit(self, workstream_id: int) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(f"{workstream_id}\n")
        self.process.stdin.flush()

    def written(self, wait: float = 0.0) -> float | None:
        """When the last edit was written, once it says; raises if it was refused or A ended."""
        line = self._next(wait)
        if line is None:
            return None
        what, _, at = line.partition(" ")
        if what != "written":
            raise RuntimeError(f"Window A's edit failed: {line}")
        return float(at)

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclass
class EditSeen:
    """One edit: until window B painted the new value, and until it painted its analysis too."""

    value: Timed
    analysed: Timed


def edit_seen_in_b(a: WindowA, b: Opened, workstream_id: int) -> EditSeen:
    """Window A sets one workstream Blocked; until window B has heard it, patched its plan and
    painted the new value in its table (scrolled to the row first, not timed), then until B's
    analysis of it has arrived and painted as well."""
    model = b.workspace.table.model_
    row = model.row_of(workstream_id)
    assert row is not None
    b.workspace.table.scrollTo(model.index(row, 0))
    settle()
    patched: list[tuple[float, int]] = []
    analysed: list[tuple[float, int]] = []
    written: list[float] = []

    def on_changed(ids: list[int]) -> None:
        if workstream_id in ids and not patched:
            patched.append((time.perf_counter(), b.paints.count))

    def on_analysed() -> None:
        if patched and not analysed:
            analysed.append((time.perf_counter(), b.paints.count))

    def value_painted() -> bool:
        if not written and (at := a.written()) is not None:
            written.append(at)
        return bool(patched) and b.paints.count > patched[0][1]

    b.document.workstreams_changed.connect(on_changed)
    b.document.analysed.connect(on_analysed)  # after the window's own slots
    try:
        start = time.perf_counter()
        a.edit(workstream_id)
        process_until(value_painted, "window B to paint the edit")
        shown = time.perf_counter()
        process_until(lambda: bool(analysed) and b.paints.count > analysed[0][1], "window B's analysis")
        end = time.perf_counter()
    finally:
        b.document.workstreams_changed.disconnect(on_changed)
        b.document.analysed.disconnect(on_analysed)
    if not written:
        at = a.written(WAIT_LIMIT)
        assert at is not None
        written.append(at)
    if b.document.plan.workstreams[workstream_id].status is not Status.BLOCKED:
        raise RuntimeError("Window B painted without the edit.")
    (heard, _), (arrived, _) = patched[0], analysed[0]
    value = {
        "window A writes and commits (edit_workstreams)": written[0] - start,
        "until window B has heard it and patched its plan": heard - written[0],
        "window B's table repainted with the new value": shown - heard,
    }
    whole = {
        "until window B has patched its plan": heard - start,
        "window B's analysis, until it arrives": arrived - heard,
        "window B repainted with it": end - arrived,
    }
    return EditSeen(Timed(shown - start, value), Timed(end - start, whole))


# ---------------------------------------------------------------- two clients, conflicting edits


@dataclass
class Client:
    """One coordinator's service editing from what it last read of each row."""

    login: Login
    service: MigrationService
    seen: dict[int, Workstream]
    landed: list[dict[int, tuple[str, str]]] = field(default_factory=list)  # row -> (title seen, written)
    refusals: list[str] = field(default_factory=list)  # ConcurrentEditError's words
    busy: list[str] = field(default_factory=list)  # waited too long for the other's write
    failures: list[str] = field(default_factory=list)  # anything else
    latencies: list[float] = field(default_factory=list)  # seconds per write, landed or refused


def edit_randomly(
    client: Client, rows: Sequence[int], edits: int, seed: int, start: threading.Barrier
) -> None:
    """``edits`` title edits of random rows (some of three at once), each stating the versions
    this client last read; a refused edit reads those rows again, as a window does."""
    pick = random.Random(seed)
    start.wait()
    for n in range(1, edits + 1):
        chosen = pick.sample(list(rows), BULK_ROWS if pick.random() < BULK_SHARE else 1)
        title = f"{client.login.name} #{n}"
        versions = {row: client.seen[row].version for row in chosen}
        began = time.perf_counter()
        try:
            fresh = client.service.update_workstreams(
                {row: {"title": title} for row in chosen}, comment="bench", expected_versions=versions
            )
        except MigratorError as error:
            kind = (
                client.refusals
                if isinstance(error, ConcurrentEditError)
                else client.busy
                if isinstance(error, FileBusyError)
                else client.failures
            )
            kind.append(str(error))
            client.latencies.append(time.perf_counter() - began)
            try:
                client.seen.update((w.id, w) for w in client.service.workstreams_by_id(chosen))
            except MigratorError as again:
                client.failures.append(str(again))
            continue
        client.latencies.append(time.perf_counter() - began)
        client.landed.append({row: (client.seen[row].title, title) for row in chosen})
        client.seen.update((w.id, w) for w in fresh)


@dataclass
class Audit:
    """What history says of the clients' writes."""

    landed_rows: int = 0  # row writes the clients were told landed
    recorded: int = 0  # of them, found exactly once in history, credited to their client
    unexplained: int = 0  # history entries no landed write accounts for
    split: int = 0  # multi-row edits whose rows went in under more than one change
    silent: int = 0  # landed writes that replaced a title their client had not seen
    breaks: int = 0  # places where a row's history does not follow on from the value before
    named: int = 0  # refusals naming the other coordinator and the time of their change
    refusals: int = 0


def audit(
    reader: MigrationService, clients: Sequence[Client], after_id: int, before: Mapping[int, str]
) -> Audit:
    """Every landed write has its history entry and replaced the value its client saw; the
    rows' histories run on without a gap; every refusal names who changed the row and when."""
    result = Audit()
    entries = reader.history_since(after_id)
    found: dict[tuple[int, str], list[HistoryEntry]] = {}
    for entry in entries:
        if entry.entity == "workstream" and entry.action == "changed" and entry.new_value is not None:
            found.setdefault((entry.entity_id, entry.new_value), []).append(entry)
        else:
            result.unexplained += 1
    explained = 0
    for client in clients:
        for edit in client.landed:
            changes = set()
            for row, (seen, written) in edit.items():
                result.landed_rows += 1
                recorded = found.get((row, written), [])
                explained += len(recorded)
                if len(recorded) == 1 and recorded[0].actor == client.login.name:
                    result.recorded += 1
                    result.silent += recorded[0].old_value != seen
                    changes.add(recorded[0].change_id)
            result.split += len(changes) > 1
    result.unexplained += sum(len(found_entries) for found_entries in found.values()) - explained
    by_row: dict[int, list[HistoryEntry]] = {}
    for entry in entries:
        by_row.setdefault(entry.entity_id, []).append(entry)
    now = {w.id: w.title for w in reader.workstreams_by_id(before)}
    for row, title in before.items():
        for entry in by_row.get(row, []):
            result.breaks += entry.old_value != title
            title = entry.new_value or ""
        result.breaks += now.get(row) != title
    for client in clients:
        others = [c.login.name for c in clients if c is not client]
        for message in client.refusals:
            result.refusals += 1
            named = any(f"by {other} at " in message for other in others)
            result.named += (
                named and bool(re.search(r" at \d{1,2}:\d{2}", message)) and "not saved" in message
            )
    return result


@dataclass
class Conflicts:
    clients: list[Client]
    audit: Audit
    seconds: float
    rows: int


def conflicting_edits(
    address: ServerAddress, logins: Sequence[Login], edits: int, shared: int, seed: int, as_of: date
) -> Conflicts:
    """Two clients, each in a thread of its own with its own service, ``edits`` edits each of
    the titles of ``shared`` not-started workstreams."""
    with MigrationService.open(address, today=lambda: as_of) as reader:
        candidates = [
            w for w in reader.workstreams() if w.status is Status.NOT_STARTED and not w.is_milestone
        ]
        rows = [w.id for w in random.Random(seed).sample(candidates, min(shared, len(candidates)))]
        before = {w.id: w.title for w in reader.workstreams_by_id(rows)}
        after_id = reader.last_history_id()
        clients = []
        for login in logins:
            service = MigrationService.open(
                as_login(address, login), password=login.password, today=lambda: as_of
            )
            clients.append(Client(login, service, {w.id: w for w in service.workstreams_by_id(rows)}))
        start = threading.Barrier(len(clients))
        threads = [
            threading.Thread(target=edit_randomly, args=(client, rows, edits, seed + 1 + i, start))
            for i, client in enumerate(clients)
        ]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        took = time.perf_counter() - began
        for client in clients:
            client.service.close()
        return Conflicts(clients, audit(reader, clients, after_id, before), took, len(rows))


# ---------------------------------------------------------------- copying


def copy_timed(source: Path | ServerAddress, destination: Path | ServerAddress) -> Clocked:
    clock = Clock()
    result = copy_plan(source, destination)
    return clock.stop(counts=tuple(result.rows.values()))


def _columns(name: str) -> list[str]:
    return [column.name for column in Base.metadata.tables[name].columns]


def _select_all(name: str) -> str:
    key = ", ".join(column.name for column in Base.metadata.tables[name].primary_key.columns)
    return f"SELECT {', '.join(_columns(name))} FROM {name} ORDER BY {key}"


def _without_leads(name: str, rows: list[Any]) -> tuple[list[Any], list[tuple[Any, Any]]]:
    """A team's lead is a person, and a person's team a team: teams go in without their leads,
    which are set once the people are in (as copy_plan does)."""
    if name != "team":
        return rows, []
    lead, key = _columns(name).index("lead_id"), _columns(name).index("id")
    leads = [(row[lead], row[key]) for row in rows if row[lead] is not None]
    return [(*row[:lead], None, *row[lead + 1 :]) for row in rows], leads


def raw_to_server(path: Path, address: ServerAddress) -> Clocked:
    """Baseline: every row of every table read with sqlite3 and written with psycopg's COPY into
    a database holding the empty schema (made beforehand, not timed), in one transaction."""
    clock = Clock()
    source = sqlite3.connect(path)
    try:
        rows = {name: source.execute(_select_all(name)).fetchall() for name in ORDER}
    finally:
        source.close()
    read = time.perf_counter()
    with connect(address) as connection, connection.transaction(), connection.cursor() as cursor:
        for name in ORDER:
            batch, leads = _without_leads(name, rows[name])
            with cursor.copy(f"COPY {name} ({', '.join(_columns(name))}) FROM STDIN") as copy:
                for row in batch:
                    copy.write_row(row)
            if leads:
                cursor.executemany("UPDATE team SET lead_id = %s WHERE id = %s", leads)
    parts = {
        "sqlite3 SELECT of every table": read - clock.start,
        "psycopg COPY into them": time.perf_counter() - read,
    }
    return clock.stop(parts, tuple(len(rows[name]) for name in ORDER))


def raw_to_file(address: ServerAddress, path: Path) -> Clocked:
    """Baseline: every row of every table read with psycopg (dates and times as the text SQLite
    keeps) and written with sqlite3's executemany into a file holding the empty schema (copied
    from one made beforehand, not timed), in one transaction, foreign keys checked."""
    clock = Clock()
    with connect(address) as connection, connection.transaction():
        for kind in ("date", "timestamp"):
            connection.adapters.register_loader(kind, TextLoader)
        rows = {name: connection.execute(_select_all(name)).fetchall() for name in ORDER}
    read = time.perf_counter()
    target = sqlite3.connect(path, isolation_level=None)
    try:
        target.execute("PRAGMA foreign_keys = ON")
        target.execute("BEGIN")
        for name in ORDER:
            batch, leads = _without_leads(name, rows[name])
            columns = _columns(name)
            insert = f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            target.executemany(insert, batch)
            target.executemany("UPDATE team SET lead_id = ? WHERE id = ?", leads)
        target.execute("COMMIT")
    finally:
        target.close()
    parts = {
        "psycopg SELECT of every table": read - clock.start,
        "sqlite3 executemany into them": time.perf_counter() - read,
    }
    return clock.stop(parts, tuple(len(rows[name]) for name in ORDER))


def empty_file(path: Path) -> Path:
    """A migration file at the newest schema revision with no rows at all."""
    with database.new_file_in_place(path):
        pass
    return path


@dataclass
class Copies:
    to_server: Clocked
    raw_to_server: Clocked
    back: Clocked
    raw_back: Clocked


def measure_copies(server: Server, path: Path, folder: Path, runs: int) -> tuple[Copies, ServerAddress]:
    """Each copy into a new empty database or file (made beforehand, not timed); the first copy
    on the server is kept as the shared plan the other figures use."""
    plans: list[ServerAddress] = []
    schema = empty_file(folder / "empty-schema.migrator")
    counter = iter(range(1, 1_000_000))

    def to_server() -> Clocked:
        plans.append(server.new_database("plan"))
        return copy_timed(path, plans[-1])

    def raw_in() -> Clocked:
        target = server.new_database("raw")
        init_server(target)
        return raw_to_server(path, target)

    def back() -> Clocked:
        return copy_timed(plans[0], folder / f"back-{next(counter)}.migrator")

    def raw_back() -> Clocked:
        return raw_to_file(plans[0], Path(shutil.copy(schema, folder / f"raw-back-{next(counter)}.migrator")))

    copies = Copies(*best_of_rounds(runs, to_server, raw_in), *best_of_rounds(runs, back, raw_back))
    return copies, plans[0]


# ---------------------------------------------------------------- report


def profiled(action: Callable[[], object], limit: int = 22) -> str:
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


def cpu_note(timed: Clocked, baseline: Clocked) -> str:
    return f"CPU {timed.cpu:.3f} s ({timed.cpu / baseline.cpu:.1f}x the baseline's)"


def add_parts(
    table: Table, timed: Timed, show: Callable[[float], str] = seconds, indent: str = "    "
) -> None:
    for part, value in timed.parts.items():
        table.add(f"{indent}{part}", show(value), f"{value / timed.seconds:.0%}", "of the row above")


def open_rows(table: Table, runs: int, raw: Clocked, service: Clocked, window: Clocked) -> dict[str, float]:
    """The open's rows; returns how far each figure is from its goals (above 1.0: missed)."""
    table.add(f"Open the shared plan, until the analysed table shows (best of {runs})")
    table.add(
        "  raw psycopg SELECT of the same rows",
        seconds(raw.seconds),
        "1.0x",
        f"baseline: connect, {raw.counts[0]:,} workstreams, {raw.counts[1]:,} links and the rest; "
        f"CPU {raw.cpu:.3f} s",
    )
    read = service.parts["MigrationService.open: connect, check the schema and the login"]
    read += service.parts["read_plan(): every row as domain values"]
    table.add(
        "  service open + read_plan",
        seconds(read),
        f"{read / raw.seconds:.2f}x",
        "informational: the same rows as domain values",
    )
    shares = {}
    for label, timed, key in (
        ("  service open + read_plan + analysis", service, "open"),
        ("  MainWindow + open_shared + show, analysed table painted", window, "window open"),
    ):
        ratio = timed.seconds / raw.seconds
        table.add(
            label,
            seconds(timed.seconds),
            f"{ratio:.2f}x",
            f"goal <= {OPEN_GOAL:.0f} s: {verdict(timed.seconds <= OPEN_GOAL)}; "
            f"<= {OPEN_RATIO_GOAL:.0f}x: {verdict(ratio <= OPEN_RATIO_GOAL)}; {cpu_note(timed, raw)}",
        )
        add_parts(table, timed)
        shares[key] = max(timed.seconds / OPEN_GOAL, ratio / OPEN_RATIO_GOAL)
    return shares


def edit_rows(table: Table, edits: list[EditSeen]) -> float:
    """The edits' rows; returns how far the new value's figures are from their goals (above 1.0: missed)."""
    table.add(f"Edit in window A, until painted in window B ({len(edits)} status edits)")
    shares = []
    for what, figures, informational in (
        ("new value painted", [edit.value for edit in edits], False),
        ("and B's analysis of it", [edit.analysed for edit in edits], True),
    ):
        totals = [figure.seconds for figure in figures]
        median, worst = statistics.median(totals), max(totals)
        for label, took, goal in (("median", median, EDIT_MEDIAN_GOAL), ("worst", worst, EDIT_WORST_GOAL)):
            verdicts = f"of the goal <= {goal * 1000:.0f} ms: {verdict(took <= goal)}"
            table.add(
                f"  {label}: {what}",
                milliseconds(took),
                f"{took / goal:.2f}x",
                f"informational, against the same goal: {verdict(took <= goal)}"
                if informational
                else verdicts,
            )
            if label == "median":
                for part in figures[0].parts:
                    value = statistics.median(figure.parts[part] for figure in figures)
                    table.add(
                        f"    {part}", milliseconds(value), f"{value / median:.0%}", "median of each part"
                    )
            else:
                add_parts(table, figures[totals.index(worst)], milliseconds)
            if not informational:
                shares.append(took / goal)
    return max(shares)


def conflict_rows(table: Table, conflicts: Conflicts, edits: int) -> None:
    found, clients = conflicts.audit, conflicts.clients
    table.add(f"Conflicting edits: {len(clients)} clients x {edits:,}, {conflicts.rows} workstreams shared")
    landed = sum(len(client.landed) for client in clients)
    refused = sum(len(client.refusals) for client in clients)
    other = sum(len(client.busy) + len(client.failures) for client in clients)
    total = landed + refused + other
    table.add(
        "  edits landed",
        f"{landed:,}",
        f"{landed / total:.0%}",
        f"{found.landed_rows:,} rows written: titles, {BULK_SHARE:.0%} of the edits {BULK_ROWS} rows "
        "at once, each stating the versions its client last read",
    )
    table.add(
        "  edits refused: the other had changed a row since",
        f"{refused:,}",
        f"{refused / total:.0%}",
        f"naming who and when: {found.named:,}; goal every one: {verdict(found.named == refused)}",
    )
    table.add("  edits refused for another reason", f"{other:,}", f"{other / total:.0%}", "busy or failed")
    table.add(
        "  landed row writes found in history",
        f"{found.recorded:,}",
        f"{found.recorded / max(found.landed_rows, 1):.0%}",
        f"each once, credited to its client; entries no landed write explains: {found.unexplained}; "
        f"edits split across changes: {found.split}",
    )
    lost = found.silent + found.breaks + (found.landed_rows - found.recorded) + found.unexplained
    table.add(
        "  silent lost updates",
        f"{lost:,}",
        "",
        f"goal 0: {verdict(lost == 0)}; writes over a title their client never saw: {found.silent}, "
        f"gaps in a row's history: {found.breaks}",
    )
    latencies = [latency for client in clients for latency in client.latencies]
    table.add(
        "  median write, landed or refused",
        milliseconds(statistics.median(latencies)),
        "",
        f"informational; {total / conflicts.seconds:.0f} edits a second, {conflicts.seconds:.1f} s in all",
    )


def copy_shares(copies: Copies) -> dict[str, float]:
    """How far each copy is from its goal (above 1.0: missed)."""
    return {
        "copy to server": copies.to_server.seconds / copies.raw_to_server.seconds / COPY_GOAL,
        "copy back": copies.back.seconds / copies.raw_back.seconds / COPY_GOAL,
    }


def copy_rows(table: Table, runs: int, copies: Copies) -> None:
    """Each copy against its baseline; copy_plan is what `migrator copy` runs."""
    for heading, timed, raw, what in (
        ("Copy the file to the server", copies.to_server, copies.raw_to_server, "sqlite3 read, psycopg COPY"),
        ("Copy the server to a file", copies.back, copies.raw_back, "psycopg read, sqlite3 executemany"),
    ):
        table.add(f"{heading} (best of {runs})")
        table.add(
            f"  raw {what}",
            seconds(raw.seconds),
            "1.0x",
            f"baseline: the same {sum(raw.counts):,} rows into an empty schema; CPU {raw.cpu:.3f} s",
        )
        add_parts(table, raw)
        ratio = timed.seconds / raw.seconds
        table.add(
            "  copy_plan: read, write, read back, compare",
            seconds(timed.seconds),
            f"{ratio:.2f}x",
            f"goal <= {COPY_GOAL:.0f}x: {verdict(ratio <= COPY_GOAL)}; {cpu_note(timed, raw)}",
        )


@dataclass
class Profiling:
    """What a profile of each step needs."""

    server: Server
    file: Path
    shared: ServerAddress
    login: Login
    folder: Path
    as_of: date


def profiled_window_open(address: ServerAddress, password: str, settings: Path, as_of: date) -> str:
    """The window's open profiled; the window is closed afterwards, outside the profile."""
    opened: list[Opened] = []
    profile = profiled(lambda: opened.append(window_open(address, password, settings, as_of)[0]))
    dispose(opened[0].window)
    return profile


def profile_steps(
    shares: dict[str, float], setup: Profiling, a: WindowA | None = None, b: Opened | None = None
) -> str:
    """A profile of every step above its goal, or of the one nearest its goal when all pass
    (windows A and B are for the edit's step)."""
    missed = [name for name, share in shares.items() if share > 1.0]
    address, password = as_login(setup.shared, setup.login), setup.login.password
    out = []
    for name in missed or [max(shares, key=shares.__getitem__)]:
        out.append(f"\ncProfile of the {name} step (main thread only), by own time then cumulative time:\n\n")
        if name == "edit":
            out.append("(window A runs in a process of its own: this is window B)\n")
        if name == "open":
            step: Callable[[], object] = partial(service_open, address, password, setup.as_of)
        elif name == "window open":
            out.append(profiled_window_open(address, password, setup.folder / "window.ini", setup.as_of))
            continue
        elif name == "edit":
            assert a is not None and b is not None
            step = partial(edit_seen_in_b, a, b, edit_targets(b.document, 1)[0])
        elif name == "copy to server":
            step = partial(copy_plan, setup.file, setup.server.new_database("profile"))
        else:
            step = partial(copy_plan, setup.shared, setup.folder / "profiled-back.migrator")
        out.append(profiled(step))
    return "".join(out)


def run(args: argparse.Namespace, plan: GeneratedPlan, folder: Path) -> int:
    n, m = len(plan.rows), len(plan.edges)
    as_of = plan_as_of(plan)
    app = application()
    started = time.perf_counter()
    path = write_migration(plan, folder / f"bench-{n}.migrator")
    print(f"Migrator shared-plan benchmark: {n:,} workstreams, {m:,} dependencies, {len(plan.teams)} teams")
    with server_for(args.url) as (server, where):
        print(
            f"Python {sys.version.split()[0]}, psycopg {psycopg.__version__}, PostgreSQL {server.version()} "
            f"on {where}; platform {app.platformName()}; as of {as_of}"
        )
        print(f"Plan imported into {path.name} in {time.perf_counter() - started:.1f} s (not timed)\n")
        table = Table()

        if args.only_open:
            shared = server.new_database("plan")
            copy_plan(path, shared)  # the shared plan, not timed
            shares: dict[str, float] = {}
        else:
            # The copies first: the first one on the server is the shared plan the rest work on.
            copies, shared = measure_copies(server, path, folder, args.runs)
            shares = copy_shares(copies)
        ana, ben = (server.new_login(name) for name in COORDINATORS)
        server.let_edit(shared, ana, ben)
        at_a, at_b = as_login(shared, ana), as_login(shared, ben)

        settings = folder / "window.ini"
        timed_window_open(at_a, ana.password, settings, as_of)  # the platform's start, not counted
        raw, service, window = best_of_rounds(
            args.runs,
            lambda: raw_select(at_a, ana.password),
            lambda: service_open(at_a, ana.password, as_of),
            lambda: timed_window_open(at_a, ana.password, settings, as_of),
        )
        shares |= open_rows(table, args.runs, raw, service, window)
        if args.only_open:
            print(table.render())
            if args.profile:
                print(profile_steps(shares, Profiling(server, path, shared, ana, folder, as_of)), end="")
            return 0

        a = WindowA(at_a, ana, as_of)
        b, _ = window_open(at_b, ben.password, folder / "window-b.ini", as_of)
        settle()
        edits = [edit_seen_in_b(a, b, target) for target in edit_targets(b.document, args.edits)]
        shares["edit"] = edit_rows(table, edits)
        profiles = ""
        if args.profile:
            setup = Profiling(server, path, shared, ana, folder, as_of)
            profiles = profile_steps(shares, setup, a, b)
        a.close()
        dispose(b.window)

        conflicts = conflicting_edits(shared, (ana, ben), args.conflicts, args.shared_rows, args.seed, as_of)
        conflict_rows(table, conflicts, args.conflicts)
        copy_rows(table, args.runs, copies)
        print(table.render())
        print(profiles, end="")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = benchmark_parser("bench_shared", __doc__)
    parser.add_argument(
        "--url",
        default=None,
        metavar="postgresql://USER@HOST:PORT/DATABASE",
        help="a server whose login may create databases and roles (default: start a throwaway one)",
    )
    parser.add_argument(
        "--edits", type=int, default=30, metavar="N", help="edits from window A to B (default 30)"
    )
    parser.add_argument(
        "--conflicts",
        type=int,
        default=1000,
        metavar="N",
        help="conflicting edits by each client (default 1000)",
    )
    parser.add_argument(
        "--shared-rows",
        type=int,
        default=20,
        metavar="N",
        help="workstreams the conflicting edits share (default 20)",
    )
    parser.add_argument("--profile", action="store_true", help="also print a cProfile of the slowest step")
    parser.add_argument(
        "--only-open",
        action="store_true",
        help="measure only the open (the shared plan is copied to the server untimed)",
    )
    args, plan = benchmark_arguments(parser, argv)
    with tempfile.TemporaryDirectory(prefix="migrator-bench-shared-") as folder:
        return run(args, plan, Path(folder))


if __name__ == "__main__":
    sys.exit(main())
