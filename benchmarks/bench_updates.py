"""Benchmark status collection: update requests out, returned workbooks in.

The plan is generated and imported (not timed) and its ten teams split in two, so twenty teams
share the workstreams. Two measures, each against a baseline run in this process on the same
files, in CPU seconds (this one thread), best of ``--runs``:

- writing all requests: ``request_updates`` for every team (read and analyse the plan, record
  the requests and their rows, write each workbook with its styles, validation, protection and
  very hidden sheet, and its e-mail draft, move them into place) against openpyxl's write-only
  mode dumping the very cell values those workbooks hold (read back, not timed), no styles;
- collecting: 30 % of each returned workbook's rows changed as a team lead would (not timed),
  then ``collect_updates`` on the twenty files until the review is ready (read, match, compare
  three ways, find who changed the plan side) against reading the same files with openpyxl's
  read-only mode alone, every cell of every sheet.

    python -m benchmarks.bench_updates [--workstreams 20000] [--runs 2]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from benchmarks.bench_analysis import plan_as_of
from benchmarks.bench_report import Sheets
from benchmarks.bench_store import Table, Timed, best_of, seconds
from benchmarks.generate import GeneratedPlan, benchmark_arguments, benchmark_parser, write_migration
from migrator.domain.model import Status
from migrator.domain.update_form import FIRST_ROW, HEADER_ROW, UPDATES_SHEET
from migrator.services import MigrationService
from migrator.services.status_collection import collect_updates
from migrator.services.status_requests import RequestSpec, request_updates

WRITE_GOAL = 1.3  # writing all requests at most 1.3x a raw write-only dump of the same cells
COLLECT_GOAL = 2.0  # collecting until the review is ready at most 2x reading the files read-only
CHANGED = 0.3  # the share of each returned workbook's rows a team changes
CLOCK = time.process_time
# request_updates' progress messages, by their first word, as the phases they time.
_PHASES = {
    "Recording": "recording the requests and their rows",
    "Writing": "writing the workbooks and drafts",
}


def split_teams(service: MigrationService) -> int:
    """Twenty teams: each generated team gives every other workstream to a new team of its own."""
    with service.changing():
        moves: dict[int, dict[str, Any]] = {}
        for team in service.teams():
            twin = service.create_team(f"{team.name} II", f"{team.code}T")
            mine = [w for w in service.workstreams() if w.team_id == team.id]
            moves.update({w.id: {"team_id": twin} for w in mine[1::2]})
        service.update_workstreams(moves)
    return len(service.teams())


def read_all(paths: Sequence[Path]) -> list[Sheets]:
    """Every value of every sheet of each workbook (hidden ones too), with openpyxl read-only."""
    from openpyxl import load_workbook

    found = []
    for path in paths:
        book = load_workbook(path, read_only=True)
        names = list(book.sheetnames)
        found.append(Sheets(names, [list(book[name].iter_rows(values_only=True)) for name in names]))
        book.close()
    return found


def raw_dump(books: Sequence[Sheets], folder: Path) -> Timed:
    """Baseline of the writing: the same values through openpyxl's write-only mode, no styles."""
    from openpyxl import Workbook

    start = CLOCK()
    for number, sheets in enumerate(books):
        book = Workbook(write_only=True)
        for name, rows in zip(sheets.names, sheets.rows, strict=True):
            sheet = book.create_sheet(name)
            for row in rows:
                sheet.append(row)
        book.save(folder / f"raw-{number}.xlsx")
    return Timed(CLOCK() - start)


def raw_read(paths: Sequence[Path]) -> Timed:
    """Baseline of the collecting: openpyxl read-only through every cell of every sheet."""
    from openpyxl import load_workbook

    start = CLOCK()
    cells = 0
    for path in paths:
        book = load_workbook(path, read_only=True, data_only=False)
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                cells += len(row)
        book.close()
    return Timed(CLOCK() - start, counts=(cells,))


def fill_in_a_share(path: Path, target: Path, share: float, step: int) -> int:
    """Change ``share`` of the rows as a team lead would (progress, a status, a due date, a
    comment, in turn) and save to ``target``; the rows changed."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book[UPDATES_SHEET]
    columns = {cell.value: cell.column for cell in sheet[HEADER_ROW] if cell.value}
    rows = list(range(FIRST_ROW, sheet.max_row + 1))
    every = max(1, round(1 / share))
    changed = 0
    for n, row in enumerate(rows):
        if (n + step) % every:
            continue
        changed += 1
        kind = (n // every) % 4
        if kind == 0:
            cell = sheet.cell(row, columns["Progress %"])
            cell.value = min(100, int(cell.value or 0) + 10)
        elif kind == 1:
            sheet.cell(row, columns["New status"]).value = Status.IN_PROGRESS.label
        elif kind == 2:
            cell = sheet.cell(row, columns["New due"])
            if cell.value is not None:
                cell.value = cell.value + timedelta(days=7)
        sheet.cell(row, columns["Comment for the report"]).value = f"Stand-up note {n}"
    book.save(target)
    return changed


def run(args: argparse.Namespace, plan: GeneratedPlan, folder: Path) -> int:
    n = len(plan.rows)
    start = time.perf_counter()
    migration = write_migration(plan, folder / "bench.migrator")
    as_of = plan_as_of(plan)
    out = folder / "requests"
    with MigrationService.open(migration, today=lambda: as_of, actor="Coordinator") as service:
        teams = split_teams(service)
        print(f"Migrator status collection benchmark: {n:,} workstreams, {len(plan.edges):,} dependencies, "
              f"{teams} teams")  # fmt: skip
        print(f"Plan imported and teams split in {time.perf_counter() - start:.1f} s (not timed)")
        print(f"Python {sys.version.split()[0]}; as of {as_of}\n")

        def write_requests(drafts: bool) -> Timed:
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir()
            marks: list[tuple[float, str]] = []
            began = CLOCK()
            spec = RequestSpec(out=out, as_of=as_of, drafts=drafts)
            result = request_updates(service, spec, lambda _f, said: marks.append((CLOCK(), said)))
            total = CLOCK() - began
            parts: dict[str, float] = {}
            ends = [at for at, _said in marks[1:]] + [began + total]
            for (at, said), end in zip(marks, ends, strict=True):
                phase = _PHASES.get(said.split(" ")[0], said.rstrip("…"))
                parts[phase] = parts.get(phase, 0.0) + end - at
            rows = sum(len(s.request.rows) for s in result.sent)
            return Timed(total, parts, counts=(len(result.sent), rows))

        without_drafts = best_of(args.runs, lambda: write_requests(False))
        written = best_of(args.runs, lambda: write_requests(True))
        workbooks = sorted(out.glob("*.xlsx"))
        books = read_all(workbooks)
        raw_folder = folder / "raw"
        raw_folder.mkdir()
        raw = best_of(args.runs, lambda: raw_dump(books, raw_folder))

        returned_folder = folder / "returned"
        returned_folder.mkdir()
        returned = [returned_folder / path.name for path in workbooks]
        changed = sum(
            fill_in_a_share(path, target, CHANGED, step)
            for step, (path, target) in enumerate(zip(workbooks, returned, strict=True))
        )

        def collect() -> Timed:
            began = CLOCK()
            review = collect_updates(service, returned)
            return Timed(
                CLOCK() - began, counts=(len(review.updates), len(review.comments), len(review.problems))
            )

        collected = best_of(args.runs, collect)
        read = best_of(args.runs, lambda: raw_read(returned))

    requests, rows = written.counts
    cells = sum(sheets.cells for sheets in books)
    write_ratio = written.seconds / raw.seconds
    collect_ratio = collected.seconds / read.seconds
    table = Table()
    table.add(f"Writing all requests: {requests} workbooks, {rows:,} rows (best of {args.runs})")
    table.add(
        "  raw openpyxl write-only dump of the same cells", seconds(raw.seconds), "1.0x",
        f"baseline: {cells:,} values on {sum(len(b.names) for b in books)} sheets, no styles",
    )  # fmt: skip
    verdict = "PASS" if write_ratio <= WRITE_GOAL else "ABOVE GOAL"
    table.add(
        "  request_updates (read, analyse, record, write, drafts)", seconds(written.seconds),
        f"{write_ratio:.2f}x", f"goal <= {WRITE_GOAL}x: {verdict}",
    )  # fmt: skip
    for phase, spent in written.parts.items():
        if phase == "Done":
            continue
        table.add(f"    {phase}", seconds(spent), f"{spent / raw.seconds:.2f}x", "of raw")
    table.add(
        "  request_updates without the e-mail drafts", seconds(without_drafts.seconds),
        f"{without_drafts.seconds / raw.seconds:.2f}x", "of raw",
    )  # fmt: skip
    updates, comments, problems = collected.counts
    table.add(f"Collecting {len(returned)} returned workbooks, {changed:,} rows changed ({CHANGED:.0%})")
    table.add(
        "  openpyxl read-only through every cell", seconds(read.seconds), "1.0x",
        f"baseline: {read.counts[0]:,} cells",
    )  # fmt: skip
    table.add(
        "  collect_updates until the review is ready", seconds(collected.seconds), f"{collect_ratio:.2f}x",
        f"goal <= {COLLECT_GOAL}x: {'PASS' if collect_ratio <= COLLECT_GOAL else 'ABOVE GOAL'}",
    )  # fmt: skip
    table.add(f"  the review: {updates:,} field updates, {comments:,} comments, {problems} problem lines")
    print(table.render())
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = benchmark_parser("bench_updates", __doc__, runs=2)
    args, plan = benchmark_arguments(parser, argv)
    with tempfile.TemporaryDirectory(prefix="migrator-bench-updates-") as folder:
        return run(args, plan, Path(folder))


if __name__ == "__main__":
    sys.exit(main())
