"""Copying a whole plan between a file and a server: every value arrives as it was (a server
takes the rows with COPY, a file with one executemany of the driver), and the checksum that
proves it is the one the copy has always used."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest

from migrator.domain.errors import MigrationFileError
from migrator.domain.places import ServerAddress
from migrator.domain.updates import SentRow, UpdateRequest
from migrator.services import MigrationService
from migrator.services.reporting import take_baseline
from migrator.store.copying import ORDER, Rows, checksum, copy_plan, read_plan_rows
from tests.conftest import AS_OF


def stored(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows as SQLite holds them, with no conversion at all."""
    connection = sqlite3.connect(path)
    try:
        return {name: connection.execute(f"SELECT * FROM {name} ORDER BY 1, 2").fetchall() for name in ORDER}
    finally:
        connection.close()


AWKWARD = "Tab\there, a new\nline, back\\slash, \\N, 'quotes' \"too\", é and ✓"


def test_the_checksum_of_known_rows_is_the_one_copies_have_always_shown() -> None:
    # Computed over the tables of revision r0008 (the update requests' and RAID tables are empty here).
    rows: Rows = {
        "team": [
            {"id": 1, "name": "Banking", "code": "BNK", "colour": "#607D8B", "lead_id": None,
             "next_key_number": 2, "version": 1},
        ],
        "workstream": [
            {"id": 7, "key": "BNK-1", "title": "Tab\there, line\nbreak", "team_id": 1, "owner_id": None,
             "status": "blocked", "planned_start": date(2027, 1, 4), "planned_due": date(2027, 2, 26),
             "actual_start": None, "actual_finish": None, "progress": 40, "is_milestone": False,
             "description": "", "blocker_note": "Waits on KYC", "health_override": None,
             "health_override_reason": "", "baseline_start": None, "baseline_due": None, "source_ref": None,
             "version": 3},
        ],
        "history": [
            {"id": 1, "change_id": 1, "at": datetime(2027, 3, 1, 9, 30, 5, 120), "actor": "Ana Ruiz",
             "entity": "workstream", "entity_id": 7, "entity_label": "BNK-1", "action": "changed",
             "field": "status", "old_value": "in_progress", "new_value": "blocked", "comment": ""},
        ],
        "snapshot": [
            {"id": 1, "taken_at": datetime(2027, 3, 1, 10, 0), "as_of": date(2027, 3, 1), "label": "Week 9",
             "actor": "Ana Ruiz", "audience": "full", "history_id": 1, "projected_go_live": None,
             "overall_health": "amber", "state": b"\x00\x01state"},
        ],
    }  # fmt: skip
    assert checksum(rows) == "de5eed76168f8a600f31aace1c3db66d066a29fef859455993b8d6a47a18d6fc"


def test_a_plan_goes_to_the_server_and_back_value_for_value(
    demo_file: Path, server_url: str, tmp_path: Path
) -> None:
    with MigrationService.open(demo_file, today=lambda: AS_OF) as service:
        edited = service.workstream_by_key("BNK-1").id
        service.update_workstream(edited, {"description": AWKWARD, "blocker_note": ""})
        take_baseline(service, as_of=AS_OF)  # a snapshot: its state is bytes
        request = _an_update_request_answered(service)
        risk = service.raid.create("risk", "Bank sign-off", description=AWKWARD, probability=4, impact=5)
        service.raid.link(risk, "threatens", workstream_id=edited)
        service.raid.link(risk, "blocks", dependency_id=service.dependencies()[0].id)
        service.raid.create("decision", "Business first?", needed_by=date(2027, 3, 12))
        raid_log = service.raid.items()
    address = ServerAddress.parse(server_url)

    there = copy_plan(demo_file, address)
    back = copy_plan(address, tmp_path / "back.migrator")

    source = read_plan_rows(demo_file)
    assert read_plan_rows(address) == source
    assert read_plan_rows(tmp_path / "back.migrator") == source
    assert there.checksum == back.checksum == checksum(source)
    assert there.rows == back.rows
    assert there.rows["snapshot"] == 1 and there.rows["workstream"] == len(source["workstream"])
    assert (there.rows["raid_item"], there.rows["raid_link"], there.rows["raid_key"]) == (2, 2, 2)
    # The file written from the server stores every value as the original does, byte for byte
    # (dates and times as SQLAlchemy writes them, flags as 0 and 1).
    assert stored(tmp_path / "back.migrator") == stored(demo_file)
    with MigrationService.open(address) as shared:
        assert shared.workstream(edited).description == AWKWARD
        assert isinstance(shared.snapshots()[0].taken_at, datetime)
        # Update requests go with the plan: a team's returned workbook is collected into the copy.
        assert shared.update_records.request_by_token(request.token) == request
        assert shared.update_records.plan_identity() == request.plan_identity
        assert [r.answered_by for r in shared.update_records.returns()] == ["Lena Ortiz"]
        # The RAID log goes with it, links and key counters too.
        assert shared.raid.items() == raid_log
        assert shared.raid.item(shared.raid.create("risk", "After the copy")).key == "R-2"
        # The ids' sequences moved past the copied rows: a new row takes a new id.
        team = shared.workstream(edited).team_id
        assert shared.create_workstream("After the copy", team) > max(r["id"] for r in source["workstream"])


def test_a_copy_is_checked_value_for_value_and_by_its_checksum() -> None:
    from migrator.store.copying import Tuples, _tables, _verify

    def plan(*teams: tuple[object, ...]) -> Tuples:
        return {table: list(teams) if table.name == "team" else [] for table in _tables()}

    banking = (1, "Banking", "BNK", "#607D8B", None, 2, 1)
    source = plan(banking)
    assert _verify(source, plan(banking), "copy.migrator") == checksum(
        {
            "team": [
                dict(
                    zip(
                        ("id", "name", "code", "colour", "lead_id", "next_key_number", "version"),
                        banking,
                        strict=True,
                    )
                )
            ]
        }
    )
    # True is 1 in the checksum's text as in Python: the same content
    assert _verify(plan((*banking[:6], True)), source, "copy.migrator") == _verify(source, source, "c")
    with pytest.raises(MigrationFileError, match="differs from its source"):
        _verify(source, plan((1, "Banking", "BNK", "#607D8B", None, 2, 2)), "copy.migrator")
    with pytest.raises(MigrationFileError, match="differs from its source"):  # 1 == 1.0, but not as text
        _verify(source, plan((1, "Banking", "BNK", "#607D8B", None, 2, 1.0)), "copy.migrator")
    with pytest.raises(MigrationFileError, match="holds 0 team rows, not 1: it is not a faithful copy"):
        _verify(source, plan(), "copy.migrator")


def test_a_file_is_read_for_a_copy_in_one_transaction(demo_file: Path) -> None:
    from migrator.store import database
    from migrator.store.copying import _read_tuples

    store = database.open_store(demo_file, read_only=True)
    statements: list[str] = []
    try:
        with store.engine.connect() as connection:
            driver = connection.connection.dbapi_connection
            assert isinstance(driver, sqlite3.Connection)
            driver.set_trace_callback(statements.append)
            _read_tuples(connection)
            assert driver.in_transaction
            connection.rollback()
    finally:
        store.close()
    assert statements[0] == "BEGIN"
    assert [s.split()[0] for s in statements[1 : len(ORDER) + 2]] == ["SELECT"] * len(ORDER) + ["ROLLBACK"]


def _an_update_request_answered(service: MigrationService) -> UpdateRequest:
    legal = service.team_by_code("LEG")
    rows = [
        SentRow(w.id, w.key, w.version, w.status, w.progress, w.planned_start, w.planned_due, w.blocker_note)
        for w in service.workstreams()
        if w.team_id == legal.id
    ]
    with service.changing():
        request = service.update_records.record_request(
            team_id=legal.id, team_code=legal.code, team_name=legal.name, recipient="Lena Ortiz",
            recipient_email="lena@example.com", as_of=AS_OF, due=None, message="By Friday, please", rows=rows,
        )  # fmt: skip
        service.update_records.record_return(request.id, "Lena Ortiz", "Legal.xlsx", "0" * 64, applied=False)
    return request
