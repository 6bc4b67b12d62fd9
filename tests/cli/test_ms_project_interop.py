"""A second opinion from MPXJ, the library ProjectLibre opens and saves MS Project files with:
the plan Migrator hands to MS Project reads there as the coordinator planned it, and a plan saved
by MPXJ's own MS Project XML writer comes into Migrator whole."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from migrator.cli import main
from migrator.domain.model import DependencyType
from migrator.services import MigrationService
from tests.support.projectlibre import mpxj_build, mpxj_read, needs_mpxj

pytestmark = needs_mpxj


@pytest.fixture(scope="module")
def demo_as_projectlibre_reads_it(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("interop")
    plan, exported = folder / "demo.migrator", folder / "demo.xml"
    assert main(["demo", str(plan), "--as-of", "2027-03-01"]) == 0
    assert main(["export-plan", str(plan), "-o", str(exported)]) == 0
    return mpxj_read(exported)


def _task(project: dict[str, Any], name: str) -> dict[str, Any]:
    return next(task for task in project["tasks"] if task["name"] == name)


def test_the_exported_demo_reads_in_projectlibre_as_planned(
    demo_as_projectlibre_reads_it: dict[str, Any],
) -> None:
    project = demo_as_projectlibre_reads_it
    assert project["name"] == "Card fleet replacement: prepaid to debit"
    assert (project["start"], project["finish"]) == ("2026-11-17", "2027-06-28")
    # The project's summary task, one summary task per team, and the 88 workstreams under them.
    assert len(project["tasks"]) == 1 + 10 + 88
    summaries = [task["name"] for task in project["tasks"] if task["summary"] and task["level"] == 1]
    assert summaries == [
        "Banking & Payments", "Card Operations & Logistics", "Cards Product Squad", "Customer Success",
        "Data & Analytics", "Finance", "Legal & Compliance", "Marketing & Communications", "Sales", "Support",
    ]  # fmt: skip
    assert [task["name"] for task in project["tasks"] if task["milestone"]] == [
        "Prepaid cards switched off", "Staff pilot live", "Pilot cohort live", "General availability",
        "Issuer contract signed",
    ]  # fmt: skip


def test_dates_owners_and_links_read_in_projectlibre_as_planned(
    demo_as_projectlibre_reads_it: dict[str, Any],
) -> None:
    project = demo_as_projectlibre_reads_it
    sponsorship = _task(project, "BIN sponsorship set-up")
    # 21 Dec to 21 Jan is 20 working days once 24, 25 and 31 Dec and 1 Jan are taken out.
    assert (sponsorship["start"], sponsorship["finish"], sponsorship["duration_days"]) == (
        "2026-12-21", "2027-01-21", 20.0,
    )  # fmt: skip
    assert sponsorship["percent"] == 100.0
    assert sponsorship["resources"] == ["Ingrid Solberg"]
    assert sponsorship["notes"] == "BIN ranges, product codes and scheme registration with the sponsor bank."
    contract = _task(project, "Issuer contract signed")
    assert sponsorship["predecessors"] == [{"uid": contract["uid"], "type": "FS", "lag": "0.0d"}]
    ledger = _task(project, "Core banking ledger integration for debit accounts")
    assert ledger["predecessors"] == [{"uid": sponsorship["uid"], "type": "SS", "lag": "5.0d"}]
    assert project["calendar"]["exceptions"][:5] == [
        "2026-12-24", "2026-12-25", "2026-12-31", "2027-01-01", "2027-03-08",
    ]  # fmt: skip
    ingrid = next(person for person in project["resources"] if person["name"] == "Ingrid Solberg")
    assert ingrid["group"] == "Banking & Payments"
    assert ingrid["email"] is not None and ingrid["email"].endswith("@cardfleet.example")


ROLLOUT = {
    "name": "Debit card rollout",
    "start": "2027-03-01",
    "holidays": {"2027-04-02": "Good Friday", "2027-04-05": "Easter Monday"},
    "people": [
        {"name": "Ann Dupont", "email": "ann.dupont@example.com", "group": "Card Operations"},
        {"name": "Chen Li", "email": "chen.li@example.com", "group": "Payments"},
    ],
    "summaries": [
        {
            "name": "Card Operations",
            "tasks": [
                {"name": "Extract card data", "start": "2027-03-01", "finish": "2027-03-12", "days": 10,
                 "percent": 50, "owner": "Ann Dupont", "notes": "Every active card, with its PAN token."},
                {"name": "Rehearse the cut-over", "start": "2027-03-17", "finish": "2027-03-23", "days": 5,
                 "owner": "Ann Dupont"},
            ],
        },
        {
            "name": "Payments",
            "tasks": [
                {"name": "Build the SEPA gateway", "start": "2027-03-01", "finish": "2027-03-26", "days": 20,
                 "percent": 100, "owner": "Chen Li"},
                {"name": "Gateway live", "start": "2027-04-06", "finish": "2027-04-06", "days": 0,
                 "milestone": True},
            ],
        },
    ],
    "links": [
        {"from": "Extract card data", "to": "Rehearse the cut-over", "type": "FS", "lag": [2, "d"]},
        {"from": "Build the SEPA gateway", "to": "Gateway live", "type": "FS"},
        {"from": "Rehearse the cut-over", "to": "Gateway live", "type": "SS", "lag": [7, "ed"]},
    ],
}  # fmt: skip


def test_a_plan_saved_by_mpxj_comes_in_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    saved = mpxj_build(ROLLOUT, tmp_path / "rollout.xml")
    plan = tmp_path / "rollout.migrator"
    assert main(["import-plan", str(saved), "--into", str(plan), "--as-of", "2027-03-15"]) == 0
    said = capsys.readouterr().out
    assert "MS Project XML" in said
    # Seven elapsed days are five working days: converted, and said so.
    assert "7" in said and "elapsed" in said
    with MigrationService.open(plan, read_only=True) as service:
        teams = {team.name for team in service.teams()}
        work = {w.title: w for w in service.workstreams()}
        links = {(d.predecessor_key, d.successor_key, d.type, d.lag) for d in service.dependencies()}
        people = {(p.name, p.email) for p in service.people()}
        holidays = service.non_working_days()
        migration = service.migration()
    assert teams == {"Card Operations", "Payments"}  # the summary tasks, never work
    assert set(work) == {
        "Extract card data", "Rehearse the cut-over", "Build the SEPA gateway", "Gateway live",
    }  # fmt: skip
    extract = work["Extract card data"]
    assert (extract.team_name, extract.owner_name) == ("Card Operations", "Ann Dupont")
    assert (extract.planned_start, extract.planned_due, extract.progress) == (
        date(2027, 3, 1), date(2027, 3, 12), 50,
    )  # fmt: skip
    assert extract.description == "Every active card, with its PAN token."
    assert work["Gateway live"].is_milestone and work["Gateway live"].planned_due == date(2027, 4, 6)
    assert work["Build the SEPA gateway"].progress == 100
    rehearse, gateway, live = (
        work[name].key for name in ("Rehearse the cut-over", "Build the SEPA gateway", "Gateway live")
    )
    assert links == {
        (extract.key, rehearse, DependencyType.FS, 2),
        (gateway, live, DependencyType.FS, 0),
        (rehearse, live, DependencyType.SS, 5),
    }
    assert ("Ann Dupont", "ann.dupont@example.com") in people
    assert ("Chen Li", "chen.li@example.com") in people
    assert holidays[date(2027, 4, 2)] == "Good Friday" and holidays[date(2027, 4, 5)] == "Easter Monday"
    assert migration.name == "Debit card rollout"  # the project's name, not MPXJ's default title "Project1"
