"""The RAID health benchmark runs end to end at a tiny size, and its log is the one it says."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from benchmarks.bench_analysis import domain_plan
from benchmarks.bench_raid import main, raid_log
from benchmarks.generate import generate_plan
from migrator.analysis import HealthLevel, RaidReason, analyse
from migrator.domain.raid import STATUSES_OF, LinkRole, RaidType

RATIO = re.compile(r"\s(\d+\.\d{2})x\s")


def test_main_measures_the_analysis_with_and_without_the_log(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--workstreams", "300", "--items", "40", "--links", "120", "--runs", "1"]) == 0
    out = capsys.readouterr().out
    assert "300 workstreams, 600 dependencies" in out and "a RAID log of 40 items with 120 links" in out
    assert re.search(r"The log gives \d+ reasons; \d+ workstreams turn red and \d+ amber because of it", out)
    lines = out.splitlines()
    without = [line for line in lines if line.lstrip().startswith("without the RAID log")]
    with_log = [line for line in lines if line.lstrip().startswith("with the RAID log's reasons")]
    assert len(without) == len(with_log) == 2, out
    assert all(RATIO.search(line) and line.rstrip().endswith("baseline") for line in without)
    assert all(
        RATIO.search(line)
        and re.search(r"goal <= 1\.2x: (PASS|ABOVE GOAL); median of the 1 turns' ratios \d+\.\d\dx$", line)
        for line in with_log
    )
    assert re.search(
        r"^what moves if D-\d+ comes 10 working days late +\d+\.\d{3} s +\d+ workstreams move", out, re.M
    )


def test_the_log_has_the_four_types_in_turn_and_exactly_the_links_asked_for() -> None:
    plan = domain_plan(generate_plan(200, seed=2))
    log = raid_log(plan, items=40, links=120, seed=3)
    assert Counter(item.type for item in log) == dict.fromkeys(RaidType, 10)
    assert [item.key for item in log[:5]] == ["R-1", "A-1", "I-1", "D-1", "R-2"]
    assert sum(len(item.links) for item in log) == 120 and all(item.links for item in log)
    ids = {w.id for w in plan.workstreams}
    for item in log:
        assert item.status in STATUSES_OF[item.type]
        assert {link.workstream_id for link in item.links} <= ids and len(
            set(item.linked_workstreams())
        ) == len(item.links)
        assert item.type is not RaidType.DECISION or all(
            link.role in (LinkRole.DECIDED_FOR, LinkRole.BLOCKS) for link in item.links
        )
    assert raid_log(plan, items=40, links=120, seed=3) == log  # the same seed, the same log
    analysis = analyse(plan.migration, plan.teams, plan.workstreams, plan.dependencies, plan.as_of, raid=log)
    assert analysis.raid_reasons(), "the log holds some work back"


def test_bad_sizes_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["--items", "-1"], ["--links", "-5"], ["--runs", "0"]):
        with pytest.raises(SystemExit) as stopped:
            main(["--workstreams", "50", *argv])
        assert stopped.value.code == 2, argv
    assert "not negative" in capsys.readouterr().err


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_on_a_generated_plan_the_colours_agree_with_the_logs_reasons(seed: int) -> None:
    """The colours are decided for the whole plan at once, the reasons written on demand: with a
    log, each workstream carries exactly the reasons the log lists for it (red ones first), is red
    exactly when the plan alone or one of them says red, and green exactly when nothing is said."""
    plan = domain_plan(generate_plan(400, seed=seed))
    log = raid_log(plan, items=80, links=240, seed=seed)
    with_log = analyse(plan.migration, plan.teams, plan.workstreams, plan.dependencies, plan.as_of, raid=log)
    without = analyse(plan.migration, plan.teams, plan.workstreams, plan.dependencies, plan.as_of)
    by_workstream: dict[str, list[RaidReason]] = {}
    for reason in with_log.raid_reasons():
        by_workstream.setdefault(reason.workstream_key, []).append(reason)
    assert by_workstream, "the log holds some work back"
    for w in plan.workstreams:
        found, before = with_log.workstream(w.key), without.workstream(w.key)
        mine = by_workstream.get(w.key, [])
        by_text = {m.text: m.health for m in mine}
        texts = {m.text for m in mine}
        assert sorted(r for r in found.health_reasons if r in texts) == sorted(texts), w.key
        assert len(found.health_reasons) >= len(before.health_reasons) + len(mine), w.key
        red = before.derived_health is HealthLevel.RED or any(m.health is HealthLevel.RED for m in mine)
        assert (found.derived_health is HealthLevel.RED) == red, w.key
        if found.derived_health not in (HealthLevel.DONE, HealthLevel.CANCELLED):
            assert (found.derived_health is HealthLevel.GREEN) == (not found.health_reasons), w.key
        assert found.derived_health.severity >= before.derived_health.severity, w.key
        reds = [r for r in found.health_reasons if r in texts and by_text[r] is HealthLevel.RED]
        assert [r for r in found.health_reasons if r in texts][: len(reds)] == reds, w.key
