"""A disk that refuses the write: a clear message, and nothing half-written or lost."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from migrator.cli import main
from migrator.domain.errors import MigratorError
from migrator.services import MigrationService


@pytest.mark.file_only
def test_a_full_disk_rolls_the_action_back_with_a_clear_message(service: MigrationService) -> None:
    team = service.create_team("Banking", "BNK")
    service.create_workstream("Issuer contract", team)
    before = service.workstreams()
    with service.store.engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
    service.store.engine.dispose()

    @event.listens_for(service.store.engine, "connect")
    def _no_room(dbapi_connection: Any, _: Any) -> None:
        # SQLite's own "database or disk is full": the file may not grow past its size.
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    full = r"could not be written \(database or disk is full\); nothing"
    with pytest.raises(MigratorError, match=full), service.changing():
        for number in range(500):
            service.create_workstream(f"Workstream {number}", team, description="x" * 2000)
    assert service.workstreams() == before


def test_a_refused_move_into_place_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def disk_full(source: Any, target: Any) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", disk_full)
    path = tmp_path / "demo.migrator"
    assert main(["demo", str(path), "--as-of", "2027-03-01"]) == 2
    err = capsys.readouterr().err
    assert "demo.migrator could not be written" in err
    assert "No space left on device. Nothing was created." in err
    assert list(tmp_path.iterdir()) == []
