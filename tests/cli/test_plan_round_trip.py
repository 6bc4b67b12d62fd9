"""The round trip: the demo handed to MS Project (``export-plan`` as XML) and brought back
(``import-plan`` into a new file) is the same plan: keys, titles, teams, owners, dates,
milestones, progress, actual and baseline dates, notes, links with their types and lags, the
working week and the non-working days with their names."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from migrator.cli import main
from migrator.domain.model import DependencyType
from migrator.services import MigrationService

WORKSTREAM_FIELDS = (
    "title", "team_name", "team_code", "owner_name", "planned_start", "planned_due", "is_milestone",
    "progress", "actual_start", "actual_finish", "baseline_start", "baseline_due", "description",
)  # fmt: skip


def _plan(path: Path) -> dict[str, Any]:
    with MigrationService.open(path, read_only=True) as service:
        migration = service.migration()
        workstreams = {
            w.key: tuple(getattr(w, name) for name in WORKSTREAM_FIELDS) for w in service.workstreams()
        }
        return {
            "workstreams": workstreams,
            "links": {(d.predecessor_key, d.successor_key, d.type, d.lag) for d in service.dependencies()},
            "teams": {(t.name, t.code) for t in service.teams()},
            "people": {(p.name, p.email) for p in service.people()},
            "project": (migration.name, migration.start, migration.target_go_live),
            "week": migration.working_weekdays,
            "holidays": service.non_working_days(),
        }


@pytest.fixture
def round_trip(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str]:
    exported, back = tmp_path / "handed back.xml", tmp_path / "back.migrator"
    assert main(["export-plan", str(demo), "-o", str(exported)]) == 0
    capsys.readouterr()
    assert main(["import-plan", str(exported), "--into", str(back)]) == 0
    return back, capsys.readouterr().out


def test_the_demo_comes_back_from_ms_project_xml_the_same(demo: Path, round_trip: tuple[Path, str]) -> None:
    back, _said = round_trip
    original, returned = _plan(demo), _plan(back)
    assert len(original["workstreams"]) == 88 and len(original["links"]) == 119
    assert returned["workstreams"] == original["workstreams"]
    assert returned["links"] == original["links"]
    assert returned["teams"] == original["teams"]
    assert returned["people"] == original["people"]
    assert returned["project"] == original["project"]
    assert returned["week"] == original["week"]
    assert returned["holidays"] == original["holidays"]


def test_the_round_trip_keeps_these_figures(round_trip: tuple[Path, str]) -> None:
    """What the comparison above stands on, written out: a sample of the demo as it came back."""
    back, said = round_trip
    plan = _plan(back)
    assert plan["workstreams"]["BNK-1"][:8] == (
        "Issuer processor selection", "Banking & Payments", "BNK", "Mateo García", date(2026, 11, 17),
        date(2026, 11, 26), False, 100,
    )  # fmt: skip
    assert ("BNK-2", "BNK-3", DependencyType.SS, 5) in plan["links"]
    assert sum(1 for values in plan["workstreams"].values() if values[6]) == 5  # the milestones
    assert plan["project"] == (
        "Card fleet replacement: prepaid to debit",
        date(2026, 11, 17),
        date(2027, 6, 28),
    )
    assert plan["week"] == frozenset(range(5))
    assert plan["holidays"][date(2027, 3, 26)] == "Karfreitag (Good Friday)"
    assert len(plan["holidays"]) == 9
    assert said.startswith("Read as MS Project XML (saved by Project 2010 or later)\n")
    assert "Workstreams created: 88" in said
