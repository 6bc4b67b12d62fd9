"""The listener that hears other coordinators' commits on a shared plan: a commit is heard at once,
and stopping it (a window closing the plan) does not keep the window waiting."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from migrator.domain.places import ServerAddress
from migrator.services import MigrationService
from migrator.services.sharing import copy_plan


@pytest.fixture
def address(demo_file: Path, server_url: str) -> ServerAddress:
    shared = ServerAddress.parse(server_url)
    copy_plan(demo_file, shared)
    return shared


def test_another_coordinators_commit_is_heard_within_a_second(address: ServerAddress) -> None:
    heard: list[str] = []
    with MigrationService.open(address) as listening, MigrationService.open(address) as other:
        stop = listening.listen_for_changes(heard.append)
        assert stop is not None
        time.sleep(0.5)  # connected and listening
        bnk7 = other.workstream_by_key("BNK-7")
        other.update_workstream(bnk7.id, {"progress": 10})
        committed = time.monotonic()
        while not heard and time.monotonic() - committed < 3:
            time.sleep(0.02)
        assert heard == ["change"]
        assert time.monotonic() - committed < 1
        stop()


def test_stopping_the_listener_takes_a_moment_not_the_seconds_between_pings(address: ServerAddress) -> None:
    heard: list[str] = []
    with MigrationService.open(address) as listening:
        stop = listening.listen_for_changes(heard.append)
        assert stop is not None
        time.sleep(0.6)  # listening, well before its first ping

        stopping = time.monotonic()
        stop()

        assert time.monotonic() - stopping < 0.5
    assert heard == []
