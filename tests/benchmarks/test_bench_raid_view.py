"""The RAID view's benchmark runs offscreen at a tiny size and prints every figure and its goal."""

from __future__ import annotations

import re

import pytest

from benchmarks.bench_raid_view import generate_items, main
from migrator.domain.raid import RaidType


def test_the_generated_log_has_every_type_and_unique_keys() -> None:
    items = generate_items(200)
    assert {item.type for item in items.values()} == set(RaidType)
    assert len({item.key for item in items.values()}) == 200


def test_the_benchmark_prints_each_sort_and_filter(capsys: pytest.CaptureFixture[str], qapp: object) -> None:
    assert main(["--items", "60", "--runs", "1"]) == 0
    out = capsys.readouterr().out
    assert "RAID view at 60 items (best of 1):" in out
    assert len(re.findall(r"sort by .+ \((up|down)\)\s+\d+\.\d ms\s+\d+\.\d ms", out)) == 14
    assert "filter: heat map cell 4 × 4" in out
    assert re.search(r"slowest \d+\.\d ms; goal <= 100 ms: (PASS|ABOVE GOAL)", out)
