"""The table-export benchmark runs end to end, and the MS Project CSV it writes reads back as its plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.bench_import_table import main, write_ms_project_csv
from benchmarks.generate import generate_plan
from migrator.importing.readers import read_table
from migrator.importing.source_plan import OUTLINE, SourceFormat
from migrator.importing.table_dialects import read_table_source


def test_main_prints_both_readings_and_their_ratio(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--workstreams", "300", "--runs", "1"])
    out = capsys.readouterr().out
    assert "MS Project CSV export: 310 tasks, 600 links (ms-project.csv)" in out
    assert "Our own CSV of the same plan: 300 rows" in out
    assert "(a) / (b)" in out and "goal ≤ 2x" in out


def test_the_written_export_is_the_generated_plan(tmp_path: Path) -> None:
    plan = generate_plan(300, seed=1)
    source = read_table_source(read_table(write_ms_project_csv(plan, tmp_path / "export.csv")))
    assert source.format is SourceFormat.MS_PROJECT_TABLE
    assert source.problems == []
    assert source.grouping_choices == [OUTLINE, "Resource Group"]
    summaries = [t for t in source.tasks if t.is_summary]
    assert sorted(t.name for t in summaries if t.name) == sorted(name for _, name in plan.teams)
    first = plan.rows[0]
    found = next(
        t for t in source.tasks if not t.is_summary and t.name == first.title and t.start == first.start
    )
    assert (found.finish, found.progress, found.milestone) == (first.due, first.progress, first.milestone)
    assert len(source.tasks) == 310  # ten teams' summary tasks over the 300
    assert len(source.links) == 600
