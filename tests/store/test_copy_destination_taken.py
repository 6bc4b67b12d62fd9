"""A copy into a place that already holds a plan is refused as PlanExistsError (the window asks
whether to replace it), changes nothing there, and goes ahead when told to replace."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrator.domain.errors import PlanExistsError
from migrator.domain.places import ServerAddress
from migrator.services import MigrationService
from migrator.services.sharing import copy_plan


def _titles(place: Path | ServerAddress) -> dict[str, str]:
    with MigrationService.open(place, read_only=True) as service:
        return {w.key: w.title for w in service.workstreams()}


def test_a_server_holding_a_plan_is_refused_as_taken_until_replace_is_asked(
    demo_file: Path, server_url: str, tmp_path: Path
) -> None:
    address = ServerAddress.parse(server_url)
    copy_plan(demo_file, address)
    with MigrationService.open(address) as service:
        ledger = service.workstream_by_key("BNK-1")
        service.update_workstream(ledger.id, {"title": "Changed on the server"})

    with pytest.raises(PlanExistsError, match="already holds a plan; nothing was changed"):
        copy_plan(demo_file, address)
    assert _titles(address)["BNK-1"] == "Changed on the server"

    copy_plan(demo_file, address, replace=True)
    assert _titles(address) == _titles(demo_file)


def test_a_file_in_the_way_is_refused_as_taken_until_replace_is_asked(
    demo_file: Path, server_url: str, tmp_path: Path
) -> None:
    address = ServerAddress.parse(server_url)
    copy_plan(demo_file, address)
    in_the_way = tmp_path / "mine.migrator"
    in_the_way.write_bytes(b"not yet a plan")

    with pytest.raises(PlanExistsError, match="already holds a file; nothing was changed"):
        copy_plan(address, in_the_way)
    assert in_the_way.read_bytes() == b"not yet a plan"

    copy_plan(address, in_the_way, replace=True)
    assert _titles(in_the_way) == _titles(demo_file)
