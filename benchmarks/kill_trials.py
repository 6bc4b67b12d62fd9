"""Kill a writer mid-commit again and again, and count how often the file is then refused.

Each trial starts a Python process that renames every workstream of a plan in one bulk edit
(one transaction, its history included), over and over, printing each committed round; the
trial kills it with SIGKILL at a random moment, then opens the file as `migrator info` does.
A trial fails when the open is refused, or the plan is not exactly the last committed round
(or the one being committed when it died): every title and history entry of one round, none
of another.

    .venv/bin/python -m benchmarks.kill_trials --trials 300 [--workstreams 200] [--seed 1]
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from migrator.domain.errors import MigratorError
from migrator.services import MigrationService, NewMigration

_WRITER = """
import sys
from migrator.services import MigrationService
with MigrationService.open(sys.argv[1], actor="writer") as service:
    ids = [w.id for w in service.workstreams()]
    round = int(sys.argv[2])
    while True:
        round += 1
        service.update_workstreams({i: {"title": f"round {round}"} for i in ids})
        print(round, flush=True)
"""


@dataclass(frozen=True)
class Trial:
    refused: str | None  # the message, when the file was refused
    journal_left: bool  # a journal was beside the file after the kill (hot, or left incomplete)
    consistent: bool  # the plan is one whole round, the last committed or the next


def make_plan(path: Path, workstreams: int) -> None:
    migration = NewMigration("Kill trials", date(2027, 1, 4))
    with MigrationService.create(path, migration, actor="setup") as service:
        team = service.create_team("Banking", "BNK")
        for n in range(workstreams):
            service.create_workstream(f"round 0 #{n}", team)
        service.update_workstreams({w.id: {"title": "round 0"} for w in service.workstreams()})


def start_writer(path: Path, last_round: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(path), str(last_round)], stdout=subprocess.PIPE, text=True
    )


def wait_for_rounds(writer: subprocess.Popen[str], count: int) -> int:
    """The last round the writer says it committed, after at least ``count`` of them."""
    assert writer.stdout is not None
    last = -1
    for _ in range(count):
        line = writer.stdout.readline()
        if not line:
            raise RuntimeError("the writer stopped on its own")
        last = int(line)
    return last


def opened_round(path: Path) -> tuple[str | None, set[str], set[str]]:
    """(refusal, titles, history's newest round titles) as `migrator info` would open the file."""
    try:
        with MigrationService.open(path) as service:
            titles = {w.title for w in service.workstreams()}
            history = {
                entry.new_value or ""
                for w in service.workstreams()
                for entry in service.workstream_history(w.id)[:1]
            }
    except MigratorError as error:
        return str(error), set(), set()
    return None, titles, history


def trial(path: Path, rng: random.Random, last_round: int) -> tuple[Trial, int]:
    writer = start_writer(path, last_round)
    try:
        committed = wait_for_rounds(writer, 2)
        time.sleep(rng.uniform(0.0, 0.3))
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
    assert writer.stdout is not None
    printed = [int(line) for line in writer.stdout.read().split()]
    committed = max([committed, *printed])
    journal_left = path.with_name(path.name + "-journal").exists()
    refused, titles, newest = opened_round(path)
    allowed = ({f"round {committed}"}, {f"round {committed + 1}"})
    consistent = refused is None and titles in allowed and newest == titles
    now = committed + 1 if titles == {f"round {committed + 1}"} else committed
    return Trial(refused, journal_left, consistent), now


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=300)
    parser.add_argument("--workstreams", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "kill.migrator"
        make_plan(path, args.workstreams)
        results: list[Trial] = []
        last_round = 0
        for n in range(args.trials):
            result, last_round = trial(path, rng, last_round)
            results.append(result)
            if result.refused or not result.consistent:
                print(f"trial {n + 1}: {result.refused or 'inconsistent plan'}", flush=True)
            if result.refused:  # start the next trial from a file that opens
                path.unlink()
                path.with_name(path.name + "-journal").unlink(missing_ok=True)
                make_plan(path, args.workstreams)
                last_round = 0
    refused = sum(r.refused is not None for r in results)
    journals = sum(r.journal_left for r in results)
    inconsistent = sum(not r.consistent and r.refused is None for r in results)
    print(
        f"{args.trials} kill trials: {journals} left a journal, {refused} refused, "
        f"{inconsistent} inconsistent"
    )
    return 0 if refused == 0 and inconsistent == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
