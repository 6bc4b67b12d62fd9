"""The demo as of 2027-03-01 row for row as it was written before its content became a data file.

The golden (demo_golden.json) was dumped from the demo built by Python literals; whatever builds
the demo now must write the same teams, people, workstreams, links, history and snapshots.
Only what legitimately differs between two ways of writing the same plan is left out: the
history's row and change numbers (how writes are grouped) and the rows' edit counters.
Regenerate only on purpose: ``python -m tests.services.test_demo_golden OUT.json``.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from datetime import date
from pathlib import Path
from typing import Any

from migrator.services.demo import write_demo

GOLDEN = Path(__file__).with_name("demo_golden.json")
TABLES = ("migration", "non_working_day", "team", "person", "workstream", "dependency", "history", "snapshot")
# How the writes are grouped and counted, not what the plan holds; and the plan's identity, new
# for each plan written (checked in its own test).
UNCOMPARED = {"history": ("id", "change_id"), "migration": ("identity",), "*": ("version",)}


def demo_rows(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Every row of the tables a plan is made of, in stored order, as JSON-ready values."""
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    try:
        return {
            table: [
                {name: _plain(row[name]) for name in row.keys()}  # noqa: SIM118 (a Row iterates values)
                for row in connection.execute(f"SELECT * FROM {table} ORDER BY rowid")
            ]
            for table in TABLES
        }
    finally:
        connection.close()


def golden_text(rows: dict[str, list[dict[str, Any]]]) -> str:
    """The rows as JSON, one row a line, so a change to the demo reads as a short diff."""
    tables = (
        f"{json.dumps(table)}: [\n" + ",\n".join(json.dumps(row, ensure_ascii=False) for row in lines) + "\n]"
        for table, lines in rows.items()
    )
    return "{\n" + ",\n".join(tables) + "\n}\n"


def _plain(value: Any) -> Any:
    return value.hex() if isinstance(value, bytes) else value  # a snapshot's state is a blob


def _compared(rows: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    left_out = UNCOMPARED["*"]
    return {
        table: [
            {k: v for k, v in row.items() if k not in left_out and k not in UNCOMPARED.get(table, ())}
            for row in table_rows
        ]
        for table, table_rows in rows.items()
    }


def test_the_demo_writes_the_recorded_plan_row_for_row(tmp_path: Path) -> None:
    path = write_demo(tmp_path / "demo.migrator", date(2027, 3, 1))
    expected = _compared(json.loads(GOLDEN.read_text(encoding="utf-8")))
    actual = _compared(demo_rows(path))
    for table in TABLES:
        assert len(actual[table]) == len(expected[table]), table
        for number, (got, wanted) in enumerate(zip(actual[table], expected[table], strict=True)):
            assert got == wanted, f"{table} row {number + 1}"


def test_each_demo_written_is_a_plan_of_its_own(tmp_path: Path) -> None:
    identities = [
        demo_rows(write_demo(tmp_path / f"demo{n}.migrator", date(2027, 3, 1)))["migration"][0]["identity"]
        for n in (1, 2)
    ]
    assert all(len(identity) == 36 for identity in identities)
    assert identities[0] != identities[1]


if __name__ == "__main__":
    written = write_demo(Path(sys.argv[1]).with_suffix(".migrator"), date(2027, 3, 1))
    Path(sys.argv[1]).write_text(golden_text(demo_rows(written)), encoding="utf-8")
