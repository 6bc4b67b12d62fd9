"""Two coordinators on one plan at the same time, each with a client of their own: edits of
different rows both land, a stale edit, bulk edit, undo or redo is refused naming who changed the
row and when, and nothing is ever lost silently. On a server also: a client killed in the middle
of a change, the server restarted in the middle of an edit, the notices of others' commits, the
write lock named to those who wait for it, and the login roles that say who may write and who
history credits.

The first part runs on both engines (two connections to one file, or two logins on one server);
what only a server has is marked server_only.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from migrator.domain.errors import (
    ConcurrentEditError,
    FileBusyError,
    NotFoundError,
    ReadOnlyError,
    ServerUnreachableError,
)
from migrator.domain.model import Status
from migrator.domain.places import ServerAddress
from migrator.services import MigrationService
from tests.conftest import Coordinators, changed_by
from tests.support.postgres import ThrowawayCluster

NOT_SAVED = "Your change was not saved."
REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Plan:
    """Banking's BNK-1, BNK-2 and BNK-3 (by key, their ids), open for Ana and Ben."""

    ws: dict[str, int]
    ana: MigrationService
    ben: MigrationService
    changed_by: str  # how a refusal names who changed the row: "was changed [in another window ]by"


@pytest.fixture
def plan(service: MigrationService, coordinators: Coordinators, engine: str) -> Plan:
    team = service.create_team("Banking", "BNK")
    ws = {
        f"BNK-{n}": service.create_workstream(title, team, planned_due=date(2027, 3, 31))
        for n, title in ((1, "Ledger"), (2, "Cards"), (3, "Branches"))
    }
    ana, ben = coordinators(service.place, "Ana Ruiz"), coordinators(service.place, "Ben Okafor")
    return Plan(ws, ana, ben, changed_by(engine))


def progress(service: MigrationService, ids: dict[str, int]) -> dict[str, int]:
    return {key: service.workstream(ws_id).progress for key, ws_id in ids.items()}


# ---------------------------------------------------------------- two clients, both engines


def test_edits_of_different_rows_both_land_and_each_client_reads_the_others(plan: Plan) -> None:
    ana, ben, ws = plan.ana, plan.ben, plan.ws
    seen_by_ana, seen_by_ben = ana.workstream(ws["BNK-1"]), ben.workstream(ws["BNK-2"])

    ana.update_workstream(ws["BNK-1"], {"progress": 40}, expected_version=seen_by_ana.version)
    ben.update_workstream(ws["BNK-2"], {"progress": 25}, expected_version=seen_by_ben.version)

    assert progress(ana, ws) == progress(ben, ws) == {"BNK-1": 40, "BNK-2": 25, "BNK-3": 0}
    assert [(e.entity_label, e.actor, e.new_value) for e in ben.recent_history(2)] == [
        ("BNK-2", "Ben Okafor", "25"),
        ("BNK-1", "Ana Ruiz", "40"),
    ]


def test_the_second_edit_of_one_row_is_refused_naming_who_and_when_and_the_first_stays(plan: Plan) -> None:
    ana, ben, branches = plan.ana, plan.ben, plan.ws["BNK-3"]
    seen_by_ben = ben.workstream(branches)
    ana.update_workstream(branches, {"status": Status.IN_PROGRESS}, expected_version=seen_by_ben.version)

    with pytest.raises(ConcurrentEditError) as refused:
        ben.update_workstream(branches, {"progress": 30}, expected_version=seen_by_ben.version)

    assert str(refused.value) == (
        f"BNK-3 {plan.changed_by} Ana Ruiz at 14:02: status In progress, actual start 2027-03-01. {NOT_SAVED}"
    )
    kept = ana.workstream(branches)
    assert (kept.status, kept.progress) == (Status.IN_PROGRESS, 0)
    assert {e.actor for e in ana.workstream_history(branches) if e.action == "changed"} == {"Ana Ruiz"}


def test_a_bulk_edit_with_one_row_changed_since_changes_none_of_its_rows(plan: Plan) -> None:
    ana, ben, ws = plan.ana, plan.ben, plan.ws
    versions = {w.id: w.version for w in ben.workstreams()}
    ana.update_workstream(ws["BNK-2"], {"title": "Debit cards"})
    before = len(ben.history_since(0))

    every = {ws_id: {"status": Status.BLOCKED, "blocker_note": "Vendor down"} for ws_id in ws.values()}
    with pytest.raises(
        ConcurrentEditError,
        match=f"^BNK-2 {plan.changed_by} Ana Ruiz at 14:02: title Debit cards. {NOT_SAVED}$",
    ):
        ben.update_workstreams(every, expected_versions=versions)

    assert {w.key: w.status for w in ana.workstreams()} == dict.fromkeys(ws, Status.NOT_STARTED)
    assert len(ana.history_since(0)) == before


def test_an_undo_and_a_redo_of_rows_changed_since_are_refused_and_change_nothing(plan: Plan) -> None:
    ana, ben, ws = plan.ana, plan.ben, plan.ws
    # Ben's wide action (undone by putting the rows back): every workstream moves a week.
    before = ben.plan_image()
    ben.update_workstreams({ws_id: {"planned_due": date(2027, 4, 7)} for ws_id in ws.values()})
    after = ben.plan_image()
    ana.update_workstream(ws["BNK-3"], {"planned_due": date(2027, 4, 14)})  # Ana moves one again

    moved = f"BNK-3 {plan.changed_by} Ana Ruiz at 14:02: planned due 2027-04-14. {NOT_SAVED}"
    with pytest.raises(ConcurrentEditError, match=f"^{re.escape(moved)}$"):
        ben.restore_plan_image(before, "Undo: Move 3 workstreams", expected=after)
    assert [w.planned_due for w in ana.workstreams()] == [
        date(2027, 4, 7),
        date(2027, 4, 7),
        date(2027, 4, 14),
    ]

    # Undone before Ana's edit, Ben's redo then finds her change and is refused alike.
    ana.update_workstream(ws["BNK-3"], {"planned_due": date(2027, 4, 7)})
    undone = ben.plan_image()
    assert ben.restore_plan_image(before, "Undo: Move 3 workstreams", expected=undone) > 0
    ana.update_workstream(ws["BNK-1"], {"title": "Core ledger"})
    with pytest.raises(
        ConcurrentEditError,
        match=f"^BNK-1 {plan.changed_by} Ana Ruiz at 14:02: title Core ledger. {NOT_SAVED}$",
    ):
        ben.restore_plan_image(after, "Redo: Move 3 workstreams", expected=before)
    assert [w.planned_due for w in ana.workstreams()] == [date(2027, 3, 31)] * 3


# How a refusal says a row is gone: from the file (another window), or from a shared plan.
GONE = {
    "file": "There is no workstream with id {id} in the file; it may have been removed in another window.",
    "server": "There is no workstream with id {id} in the plan; another coordinator may have removed it.",
}


@pytest.mark.parametrize("edit", ["one", "bulk", "delete", "comment", "read"])
def test_an_edit_of_a_workstream_the_other_client_deleted_says_it_is_gone_and_changes_nothing(
    plan: Plan, engine: str, edit: str
) -> None:
    branches, ben = plan.ws["BNK-3"], plan.ben
    plan.ana.delete_workstream(branches)
    history = len(ben.history_since(0))
    changes: dict[str, Callable[[], object]] = {
        "one": lambda: ben.update_workstream(branches, {"progress": 10}),
        "bulk": lambda: ben.update_workstreams(
            {plan.ws["BNK-1"]: {"progress": 10}, branches: {"progress": 10}}
        ),
        "delete": lambda: ben.delete_workstreams([branches]),
        "comment": lambda: ben.add_comment(branches, "Vendor called"),
        "read": lambda: ben.workstream(branches),
    }
    with pytest.raises(NotFoundError) as refused:
        changes[edit]()
    assert str(refused.value) == GONE[engine].format(id=branches)
    assert progress(ben, {"BNK-1": plan.ws["BNK-1"]}) == {"BNK-1": 0}
    assert len(ben.history_since(0)) == history


# ---------------------------------------------------------------- no lost update, under load

EDITS = 200  # per client


@dataclass(frozen=True)
class Attempt:
    client: str
    workstream: int
    seen: str  # the title the client read
    wanted: str  # the title it wrote: unique to this attempt
    saved: bool
    refusal: str = ""


def _edit_at_random(service: MigrationService, name: str, ids: list[int], seed: int) -> list[Attempt]:
    """EDITS edits of a random row's title, each stating the version read; the pause between
    reading and writing lets the other client's edits land in between."""
    chosen = random.Random(seed)
    attempts = []
    for number in range(EDITS):
        ws_id = chosen.choice(ids)
        seen = service.workstream(ws_id)
        time.sleep(chosen.random() * 0.004)
        wanted = f"{name} {number}"
        try:
            service.update_workstream(ws_id, {"title": wanted}, expected_version=seen.version)
        except ConcurrentEditError as error:
            attempts.append(Attempt(name, ws_id, seen.title, wanted, saved=False, refusal=str(error)))
        else:
            attempts.append(Attempt(name, ws_id, seen.title, wanted, saved=True))
    return attempts


def test_two_clients_making_conflicting_edits_lose_no_update(plan: Plan) -> None:
    ids = list(plan.ws.values())
    results: dict[str, list[Attempt]] = {}
    errors: list[BaseException] = []

    def run(service: MigrationService, name: str, seed: int) -> None:
        try:
            results[name] = _edit_at_random(service, name, ids, seed)
        except BaseException as error:  # reported below: a thread's failure must fail the test
            errors.append(error)

    threads = [
        threading.Thread(target=run, args=(plan.ana, "Ana Ruiz", 1)),
        threading.Thread(target=run, args=(plan.ben, "Ben Okafor", 2)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == []
    attempts = results["Ana Ruiz"] + results["Ben Okafor"]
    saved = [a for a in attempts if a.saved]
    refused = [a for a in attempts if not a.saved]

    # Every attempt either landed or was refused, and both happened.
    assert len(attempts) == 2 * EDITS == 400
    assert len(saved) + len(refused) == 400
    assert len(saved) > 0 and len(refused) > 0
    # Each refusal names the other coordinator, who changed the row since it was read.
    other = {"Ana Ruiz": "Ben Okafor", "Ben Okafor": "Ana Ruiz"}
    unnamed = [a for a in refused if f"{plan.changed_by} {other[a.client]} at 14:02: title " not in a.refusal]
    assert unnamed == []
    # Each landed edit has exactly one history entry, by its client, replacing exactly the title
    # its client read: an edit that overwrote one it had not seen would show another old value.
    titles = [e for e in plan.ana.history_since(0) if e.field == "title"]
    entry = {e.new_value: e for e in titles}
    assert len(titles) == len(entry) == len(saved)
    lost = [a for a in saved if (entry[a.wanted].old_value, entry[a.wanted].actor) != (a.seen, a.client)]
    assert lost == []
    assert not any(a.wanted in entry for a in refused)  # nothing of a refused edit was kept
    # Each row holds the last edit that landed on it.
    last = {e.entity_id: e.new_value for e in titles}
    assert {w.id: w.title for w in plan.ben.workstreams()} == last


# ---------------------------------------------------------------- a client killed mid-change

_KILLED_WRITER = """
import sys, time
from migrator.domain.places import ServerAddress
from migrator.services import MigrationService

with MigrationService.open(ServerAddress.parse(sys.argv[1]), actor="Carla") as service:
    with service.changing("importing a plan"):
        service.create_team("Treasury", "TRE")
        service.update_workstream(int(sys.argv[2]), {"progress": 90})
        print("written", flush=True)
        time.sleep(600)  # killed here, before the commit
"""


@pytest.mark.server_only
def test_a_client_killed_mid_change_leaves_nothing_and_no_lock(
    plan: Plan, postgres_cluster: ThrowawayCluster
) -> None:
    from tests.support import engines

    place = plan.ana.place
    assert isinstance(place, ServerAddress)
    engines.login_role(postgres_cluster, "carla", display_name="Carla Mendes")
    carla = str(place.with_user("carla"))
    before = plan.ana.read_plan()
    writer = subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, carla, str(plan.ws["BNK-1"])],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline() == "written\n"
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
    finally:
        writer.kill()

    started = time.monotonic()
    plan.ben.update_workstream(plan.ws["BNK-2"], {"progress": 15})  # the lock went with the client
    assert time.monotonic() - started < 1.0
    after = plan.ana.read_plan()
    assert "TRE" not in {t.code for t in after.teams}
    assert [w.progress for w in after.workstreams] == [0, 15, 0]
    assert after.teams == before.teams and after.people == before.people
    assert [e.actor for e in plan.ana.history_since(0) if e.actor.startswith("Carla")] == []


# ---------------------------------------------------------------- the server restarted mid-edit


@pytest.mark.server_only
def test_an_edit_after_a_restart_is_refused_in_words_or_saved_whole(
    plan: Plan, postgres_cluster: ThrowawayCluster
) -> None:
    ana, ledger = plan.ana, plan.ws["BNK-1"]
    seen = ana.workstream(ledger)  # read before the restart, on a connection the restart cuts
    postgres_cluster.restart()
    try:
        ana.update_workstream(ledger, {"progress": 35}, expected_version=seen.version)
    except ServerUnreachableError as error:
        assert "cannot be reached" in str(error) and "nothing was changed" in str(error)
        assert ana.workstream(ledger).progress == 0
    else:
        assert ana.workstream(ledger).progress == 35
        assert [(e.field, e.new_value) for e in ana.workstream_history(ledger)[:1]] == [("progress", "35")]
    ana.update_workstream(ledger, {"title": "Core ledger"})  # the next edit works
    assert plan.ben.workstream(ledger).title == "Core ledger"


@pytest.mark.server_only
def test_a_restart_in_the_middle_of_a_change_applies_none_of_it(
    plan: Plan, postgres_cluster: ThrowawayCluster
) -> None:
    ana, ws = plan.ana, plan.ws
    history = len(ana.history_since(0))
    with (
        pytest.raises(ServerUnreachableError, match=r"cannot be reached .*nothing was changed"),
        ana.changing(),
    ):
        ana.update_workstream(ws["BNK-1"], {"progress": 50})
        postgres_cluster.restart()
        ana.update_workstream(ws["BNK-2"], {"progress": 50})
    assert progress(ana, ws) == {"BNK-1": 0, "BNK-2": 0, "BNK-3": 0}
    assert len(ana.history_since(0)) == history
    ana.update_workstream(ws["BNK-2"], {"progress": 60})
    assert progress(plan.ben, ws) == {"BNK-1": 0, "BNK-2": 60, "BNK-3": 0}


# ---------------------------------------------------------------- notices


class Heard:
    """What a listener heard, with when, from the listener's thread."""

    def __init__(self) -> None:
        self.items: list[tuple[float, str]] = []
        self._lock = threading.Condition()

    def __call__(self, what: str) -> None:
        with self._lock:
            self.items.append((time.monotonic(), what))
            self._lock.notify_all()

    def wait_for(self, what: str, timeout: float, after: float = 0.0) -> float:
        """When ``what`` was first heard after ``after`` (monotonic); fails after ``timeout`` s."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = [at for at, item in self.items if item == what and at >= after]
                if found:
                    return found[0]
                left = deadline - time.monotonic()
                assert left > 0, f"{what!r} not heard within {timeout} s: {self.items}"
                self._lock.wait(left)


@pytest.fixture
def listening(plan: Plan) -> Iterator[Heard]:
    """Ana's service listening for changes (the thread the window's document uses)."""
    heard = Heard()
    stop = plan.ana.listen_for_changes(heard)
    assert stop is not None
    time.sleep(0.2)  # its LISTEN is in place
    yield heard
    stop()


@pytest.mark.server_only
def test_another_clients_commit_is_heard_within_a_second(plan: Plan, listening: Heard) -> None:
    committed = time.monotonic()
    plan.ben.update_workstream(plan.ws["BNK-1"], {"progress": 10})
    assert listening.wait_for("change", timeout=1.0, after=committed) - committed < 1.0
    entries, _last = plan.ana.changes_by_others(0)
    assert [(e.entity_label, e.actor) for e in entries][-1] == ("BNK-1", "Ben Okafor")


@pytest.mark.server_only
def test_the_listener_says_lost_on_a_restart_and_back_after_and_hears_again(
    plan: Plan, listening: Heard, postgres_cluster: ThrowawayCluster
) -> None:
    restarted = time.monotonic()
    postgres_cluster.restart()
    lost = listening.wait_for("lost", timeout=10, after=restarted)
    assert listening.wait_for("back", timeout=15, after=lost) > lost
    committed = time.monotonic()
    plan.ben.update_workstream(plan.ws["BNK-2"], {"progress": 20})
    listening.wait_for("change", timeout=1.0, after=committed)


class _AddedLate(set[int]):
    """A set of one's own change ids whose ``add`` comes late, as when the thread that committed
    is paused before it notes the change as its own."""

    def add(self, change_id: int) -> None:
        time.sleep(0.5)
        super().add(change_id)


@pytest.mark.server_only
def test_a_notice_heard_while_an_own_edit_is_in_flight_is_not_taken_for_anothers(
    plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    ana = plan.ana
    monkeypatch.setattr(ana.units, "own_changes", _AddedLate())
    seen = ana.last_history_id()
    ana.file_changed_elsewhere()
    told: list[tuple[list[str], bool]] = []

    def on_notice(what: str) -> None:
        if what == "change":  # as a window would, on the listener's thread
            entries, _last = ana.changes_by_others(seen)
            told.append(([f"{e.actor}: {e.entity_label}" for e in entries], ana.file_changed_elsewhere()))

    stop = ana.listen_for_changes(on_notice)
    assert stop is not None
    try:
        time.sleep(0.2)
        ana.update_workstream(plan.ws["BNK-1"], {"progress": 10})  # Ana's own edit
        time.sleep(0.5)
        assert told == [([], False)]  # heard, and known as her own
        plan.ben.update_workstream(plan.ws["BNK-2"], {"progress": 20})
        deadline = time.monotonic() + 2
        while len(told) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert told[1] == (["Ben Okafor: BNK-2"], True)
    finally:
        stop()


@pytest.mark.server_only
def test_a_listener_stops_at_once(plan: Plan) -> None:
    stop = plan.ana.listen_for_changes(lambda _what: None)
    assert stop is not None
    time.sleep(0.3)
    started = time.monotonic()
    stop()  # closing a window on a shared plan waits for this
    assert time.monotonic() - started < 0.5


# ---------------------------------------------------------------- the write lock, named


@pytest.mark.server_only
def test_an_edit_waits_for_a_long_action_and_is_refused_naming_who_does_what(plan: Plan) -> None:
    ana, ben = plan.ana, plan.ben
    inside, release = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def import_a_plan() -> None:
        try:
            with ana.changing("importing a plan"):
                ana.create_team("Treasury", "TRE")
                inside.set()
                release.wait(timeout=30)
        except BaseException as error:
            failures.append(error)

    holder = threading.Thread(target=import_a_plan)
    holder.start()
    try:
        assert inside.wait(timeout=10)
        started = time.monotonic()
        with pytest.raises(FileBusyError) as refused:
            ben.update_workstream(plan.ws["BNK-1"], {"progress": 5})
        waited = time.monotonic() - started
    finally:
        release.set()
        holder.join(timeout=30)
    assert failures == []
    assert 2.9 <= waited < 5.0
    assert str(refused.value) == (
        f"Ana Ruiz is importing a plan on {ben.name}; your change was not saved. Try again when it is done."
    )
    assert ben.workstream(plan.ws["BNK-1"]).progress == 0
    ben.update_workstream(plan.ws["BNK-1"], {"progress": 5})  # once it is done
    assert "TRE" in {t.code for t in ben.teams()}


# ---------------------------------------------------------------- login roles


@pytest.mark.server_only
def test_a_login_that_may_only_read_opens_the_plan_read_only(plan: Plan, coordinators: Coordinators) -> None:
    reader = coordinators(plan.ana.place, "Rita Reader", reader=True)
    assert reader.read_only
    assert [w.key for w in reader.workstreams()] == ["BNK-1", "BNK-2", "BNK-3"]
    with pytest.raises(
        ReadOnlyError, match=r"is read-only: changes cannot be saved\. Your login may only read"
    ):
        reader.update_workstream(plan.ws["BNK-1"], {"progress": 5})
    assert plan.ana.workstream(plan.ws["BNK-1"]).progress == 0


@pytest.mark.server_only
def test_history_credits_the_logins_display_name(
    plan: Plan, coordinators: Coordinators, postgres_cluster: ThrowawayCluster
) -> None:
    from tests.support import engines

    engines.login_role(postgres_cluster, "ana")
    postgres_cluster.run_sql("COMMENT ON ROLE ana IS 'Ana Ruiz'")
    place = plan.ana.place
    assert isinstance(place, ServerAddress)
    with MigrationService.open(place.with_user("ana"), actor="someone else") as ana:
        assert ana.actor == "Ana Ruiz"
        ana.update_workstream(plan.ws["BNK-1"], {"progress": 5})
        ana.set_actor("Not Ana")  # the login's name stays
        ana.add_comment(plan.ws["BNK-1"], "Checked")
    assert [e.actor for e in plan.ben.workstream_history(plan.ws["BNK-1"])[:2]] == ["Ana Ruiz", "Ana Ruiz"]
