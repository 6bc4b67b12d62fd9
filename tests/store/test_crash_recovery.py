"""A writer killed mid-save (SIGKILL): the next open rolls its half-save back, never refuses the file."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.kill_trials import make_plan, start_writer, wait_for_rounds
from migrator.cli import main
from migrator.domain.errors import MigrationFileError
from migrator.services import MigrationService

# Files only: journals and half-written pages (a killed writer on a server: test_shared_concurrency.py).
pytestmark = pytest.mark.file_only

# Each round renames all 100 workstreams in one transaction (and records 100 history
# entries), so most of the writer's time is spent inside a save.
WORKSTREAMS = 100


# A save caught in the middle, for certain: more changed pages than SQLite may keep in memory,
# so it has journalled them and written some into the file itself when the writer is killed.
_HALF_SAVE = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size = 10")
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE workstream SET title = 'half-saved', description = hex(randomblob(3000))")
print("written", flush=True)
time.sleep(120)
"""


def _killed_mid_save(path: Path) -> int:
    """Kill a writer so that it dies with its save half-done (a hot journal left beside the file:
    complete, so SQLite must play it back); return the last round it reported committed.

    A few kills of Migrator's own writer at random moments first; a kill lands inside a save
    only some of the time (often under load, rarely on an idle machine), so when none did, a
    writer is killed once it has written part of a save into the file."""
    last = 0
    for attempt in range(5):
        writer = start_writer(path, last)
        try:
            last = wait_for_rounds(writer, 1)
            time.sleep(0.005 * (attempt % 7))
        finally:
            os.kill(writer.pid, signal.SIGKILL)
            writer.wait()
        assert writer.stdout is not None
        last = max([last, *(int(line) for line in writer.stdout.read().split())])
        if _is_hot(_journal(path)):
            return last
        last = _round(path)
    before = path.read_bytes()
    writer = subprocess.Popen(
        [sys.executable, "-c", _HALF_SAVE, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline() == "written\n"
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
    assert _is_hot(_journal(path)) and path.read_bytes() != before  # the file itself is half-written
    return last


def _journal(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


def _is_hot(journal: Path) -> bool:
    """A journal whose header was written (SQLite zeroes or empties one it need not play back)."""
    try:
        return journal.read_bytes()[:1] not in (b"", b"\x00")
    except FileNotFoundError:
        return False


def _round(path: Path) -> int:
    with MigrationService.open(path, read_only=True) as service:
        (title,) = {w.title for w in service.workstreams()}
    return int(title.removeprefix("round "))


def _history_rounds(path: Path) -> set[str]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        latest = conn.execute("SELECT max(change_id) FROM history").fetchone()[0]
        rows = conn.execute("SELECT new_value FROM history WHERE change_id = ?", (latest,)).fetchall()
    finally:
        conn.close()
    return {value for (value,) in rows}


@pytest.fixture(scope="module")
def killed_once(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """A file and the hot journal its killed writer left (made once: each kill costs seconds)."""
    path = tmp_path_factory.mktemp("killed") / "plan.migrator"
    make_plan(path, WORKSTREAMS)
    return path, _killed_mid_save(path)


@pytest.fixture
def killed(killed_once: tuple[Path, int], tmp_path: Path) -> tuple[Path, int]:
    """This test's own copy of the killed writer's file and journal (a copy keeps the journal hot)."""
    original, committed = killed_once
    path = tmp_path / original.name
    shutil.copy(original, path)
    shutil.copy(_journal(original), _journal(path))
    return path, committed


def test_a_writer_killed_mid_save_leaves_the_last_saved_round_whole(killed: tuple[Path, int]) -> None:
    path, committed = killed
    with MigrationService.open(path, read_only=True) as service:  # the strictest entry point
        titles = {w.title for w in service.workstreams()}
    # The round being saved when it died is either wholly there (its commit finished) or not at all.
    assert titles in ({f"round {committed}"}, {f"round {committed + 1}"})
    assert _history_rounds(path) == titles
    assert not _journal(path).exists()
    assert main(["check", str(path)]) == 0


def test_a_copy_taken_mid_save_with_its_journal_opens_at_the_last_save(
    killed: tuple[Path, int], tmp_path: Path
) -> None:
    path, committed = killed
    copy = tmp_path / "mailed" / "plan.migrator"
    copy.parent.mkdir()
    shutil.copy(path, copy)
    shutil.copy(_journal(path), _journal(copy))
    assert main(["info", str(copy)]) == 0
    assert _round(copy) in (committed, committed + 1)
    assert _history_rounds(copy) == {f"round {_round(copy)}"}


def test_a_half_save_that_cannot_be_rolled_back_says_why_and_changes_nothing(
    killed: tuple[Path, int],
) -> None:
    path, _ = killed
    path.chmod(0o444)
    before, journal_before = path.read_bytes(), _journal(path).read_bytes()
    with pytest.raises(MigrationFileError) as refused:
        MigrationService.open(path)
    assert str(refused.value) == (
        "plan.migrator was left half-saved by a program that stopped while saving; "
        "plan.migrator-journal beside it holds what it was before, and Migrator puts it back when "
        "it opens the file, but the file or its folder is read-only. Make both writable (or copy "
        "both files into a writable folder) and open it again; nothing was changed."
    )
    assert (path.read_bytes(), _journal(path).read_bytes()) == (before, journal_before)
    path.chmod(0o644)
    assert _round(path) >= 1


def test_a_stale_journal_is_removed_on_open(service: MigrationService) -> None:
    service.close()
    journal = _journal(service.path)
    journal.write_bytes(b"")  # a save killed before it wrote anything into its journal
    with MigrationService.open(service.path) as reopened:
        assert reopened.migration().name == "Card fleet replacement"
    assert not journal.exists()
