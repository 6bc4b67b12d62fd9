"""A file another program is writing: every read, write and open says it is busy, changes nothing
and leaves the file as it was; nothing is called damaged."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from migrator.domain.errors import FileBusyError, MigrationFileError, MigratorError
from migrator.domain.model import Status
from migrator.services import MigrationService
from migrator.store import file_probe
from migrator.store.plan_reader import read_current_file
from tests.conftest import AS_OF


@pytest.fixture
def demo(demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(file_probe, "BUSY_TIMEOUT_MS", 50)  # give up at once, not after 5 s
    return demo_file


@pytest.fixture
def held(demo: Path) -> Iterator[sqlite3.Connection]:
    """Another program in the middle of writing the file."""
    other = sqlite3.connect(demo, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    yield other
    other.rollback()
    other.close()


def test_reading_and_writing_a_busy_file_say_so_and_change_nothing(demo: Path) -> None:
    with MigrationService.open(demo, today=lambda: AS_OF) as service:
        before = service.read_plan()
        first = before.workstreams[0]
        other = sqlite3.connect(demo, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        try:
            with pytest.raises(MigratorError, match=r"demo\.migrator is busy in another program"):
                service.read_plan()
            with pytest.raises(MigratorError, match="busy in another program; nothing was changed"):
                service.update_workstreams({first.id: {"status": Status.BLOCKED}})
        finally:
            other.rollback()
            other.close()
        assert service.read_plan() == before


def test_opening_a_busy_file_says_so_without_calling_it_damaged(demo: Path, held: sqlite3.Connection) -> None:
    with pytest.raises(FileBusyError, match=r"demo\.migrator is busy: another program is writing to it"):
        MigrationService.open(demo, today=lambda: AS_OF)
    with pytest.raises(FileBusyError):  # the quick read says so too: the full open would only wait again
        read_current_file(demo)


def test_a_file_damaged_by_another_program_while_open_is_said_damaged(demo: Path) -> None:
    with MigrationService.open(demo, today=lambda: AS_OF) as service:
        service.read_plan()
        other = sqlite3.connect(demo)
        page_size = other.execute("PRAGMA page_size").fetchone()[0]
        root = other.execute("SELECT rootpage FROM sqlite_master WHERE name = 'workstream'").fetchone()[0]
        other.execute("PRAGMA user_version = 7")  # its own commit, as another program's would be
        other.commit()
        other.close()
        with demo.open("r+b") as raw:
            raw.seek((root - 1) * page_size + 8)
            raw.write(b"\xff" * 64)
        for read in (service.read_plan, service.workstreams, lambda: service.workstream_history(1)):
            with pytest.raises(MigrationFileError, match=r"demo\.migrator is damaged and cannot be read"):
                read()
