"""Benchmark the RAID view's table: sort by each column and filter, at 2,000 items, repainted.

The items are generated in memory (risks, assumptions, issues and decisions with three links
each on average to 20,000 workstream keys) and shown in the view's own table model and a
QTableView on screen (offscreen platform). Each figure is the best of ``--runs`` (7), from the call
until the table has repainted. Goal: each sort and each filter at most 100 ms.

    python -m benchmarks.bench_raid_view [--items 2000] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView

from migrator.domain.raid import (
    STATUSES_OF,
    LinkRole,
    RaidItem,
    RaidLink,
    RaidStatus,
    RaidType,
    Response,
    RiskBands,
)
from migrator.ui.models.raid_table_model import COLUMNS, RaidFilter, RaidTableModel

GOAL = 0.100  # seconds: a sort or a filter at 2,000 items, repainted
TABLE_SIZE = (820, 640)  # the RAID view's table in a 1440 × 900 window, beside the heat map and details
AS_OF = date(2027, 3, 1)
WORDS = (
    "card", "ledger", "bureau", "sign-off", "cutover", "branch", "mortgage", "payments", "statement",
    "migration", "print", "archive", "customers", "business", "vendor", "rehearsal", "data", "quality",
)  # fmt: skip
PEOPLE = ("Ana Ruiz", "Ben Okafor", "Chen Li", "Dana Novak", "Eli Haddad", "Fay Moreau", "Gus Berg")


def generate_items(count: int, workstreams: int = 20_000, seed: int = 18) -> dict[int, RaidItem]:
    """``count`` items of all four types, about three links each."""
    rng = random.Random(seed)
    numbers = dict.fromkeys(RaidType, 0)
    items: dict[int, RaidItem] = {}
    link_id = 0
    for item_id in range(1, count + 1):
        kind = rng.choice(list(RaidType))
        numbers[kind] += 1
        links = []
        for _ in range(rng.randint(0, 6)):
            link_id += 1
            ws = rng.randrange(1, workstreams + 1)
            links.append(RaidLink(link_id, item_id, LinkRole.THREATENS, ws, None, f"WS-{ws}", 1))
        day = AS_OF + timedelta(days=rng.randint(-60, 120))
        owner = rng.randrange(len(PEOPLE))
        items[item_id] = RaidItem(
            id=item_id, key=f"{kind.prefix}-{numbers[kind]}", type=kind,
            title=" ".join(rng.sample(WORDS, 4)).capitalize(), description=" ".join(rng.sample(WORDS, 8)),
            owner_id=owner, owner_name=PEOPLE[owner], team_id=rng.randrange(10), team_code=None,
            status=rng.choice(STATUSES_OF[kind]), created=AS_OF - timedelta(days=90), updated=AS_OF,
            probability=rng.randint(1, 5) if kind is RaidType.RISK else None,
            impact=rng.randint(1, 5) if kind is RaidType.RISK else None,
            proximity=day if kind is RaidType.RISK else None,
            response=rng.choice(list(Response)) if kind is RaidType.RISK else None,
            review_date=day - timedelta(days=30),
            needed_by=day if kind is RaidType.DECISION else None,
            target_date=day if kind is RaidType.ISSUE else None,
            validate_by=day if kind is RaidType.ASSUMPTION else None,
            links=tuple(links),
        )  # fmt: skip
    return items


def _painted(app: QApplication, view: QTableView, action: Callable[[], object]) -> tuple[float, float]:
    """The model's own time, and the time until the table has repainted."""
    start = time.perf_counter()
    action()
    done = time.perf_counter()
    app.processEvents()
    view.viewport().repaint()
    return done - start, time.perf_counter() - start


def measure(count: int, runs: int) -> list[tuple[str, float, float]]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    model = RaidTableModel()
    view = QTableView()  # as the RAID view has it, at its size in a 1440 × 900 window
    view.setModel(model)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    view.resize(*TABLE_SIZE)
    view.show()
    items = generate_items(count)
    model.set_items(items, RiskBands(), AS_OF)
    app.processEvents()
    figures: list[tuple[str, float, float]] = []

    def best(label: str, action: Callable[[], object], reset: Callable[[], object] | None = None) -> None:
        times = []
        for _ in range(runs):
            if reset is not None:
                reset()
                app.processEvents()
                view.viewport().repaint()
            times.append(_painted(app, view, action))
        figures.append((label, min(t[0] for t in times), min(t[1] for t in times)))

    for column, spec in enumerate(COLUMNS):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            word = "up" if order is Qt.SortOrder.AscendingOrder else "down"
            best(f"sort by {spec.title.lower()} ({word})", partial(model.sort, column, order),
                 lambda: model.sort(1, Qt.SortOrder.AscendingOrder))  # fmt: skip
    model.sort(1)
    clear = lambda: model.set_filter(RaidFilter())  # noqa: E731
    typed = ""
    for letter in "ledger":
        before = RaidFilter(text=typed)
        typed += letter
        best(f"filter keystroke: '{typed}'", partial(model.set_filter, RaidFilter(text=typed)),
             partial(model.set_filter, before))  # fmt: skip
    best("filter: risks", lambda: model.set_filter(RaidFilter(type=RaidType.RISK)), clear)
    best("filter: open", lambda: model.set_filter(RaidFilter(status=RaidStatus.OPEN)), clear)
    best("filter: owner", lambda: model.set_filter(RaidFilter(owner_id=2)), clear)
    best("filter: needs review", lambda: model.set_filter(RaidFilter(needs_review=True)), clear)
    best("filter: decisions due", lambda: model.set_filter(RaidFilter(decisions_due=True)), clear)
    best("filter: heat map cell 4 × 4", lambda: model.set_filter(RaidFilter(cell=(4, 4))), clear)
    best("filter cleared", clear, lambda: model.set_filter(RaidFilter(type=RaidType.RISK)))
    view.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=7)
    arguments = parser.parse_args(argv)
    figures = measure(arguments.items, arguments.runs)
    width = max(len(label) for label, _, _ in figures)
    print(f"RAID view at {arguments.items} items (best of {arguments.runs}):")
    print(f"  {'':<{width}}  {'model':>9}  {'repainted':>10}")
    for label, model_seconds, seconds in figures:
        print(f"  {label:<{width}}  {model_seconds * 1000:6.1f} ms  {seconds * 1000:7.1f} ms")
    slowest = max(seconds for _, _, seconds in figures)
    verdict = "PASS" if slowest <= GOAL else "ABOVE GOAL"
    print(f"slowest {slowest * 1000:.1f} ms; goal <= {GOAL * 1000:.0f} ms: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
