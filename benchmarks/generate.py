"""Generate realistic, deterministic migration plans (.xlsx and .migrator) for benchmarks."""

from __future__ import annotations

import argparse
import bisect
import random
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from migrator.domain.calendar import WorkingCalendar
from migrator.domain.model import Status

HEADERS = (
    "Key", "Team", "Workstream", "Owner", "Status", "Start", "Due",
    "Progress", "Milestone", "Depends on", "Description",
)  # fmt: skip

TEAMS = (
    ("PRD", "Product"),
    ("BNK", "Banking Platform"),
    ("OPS", "Operations"),
    ("CS", "Customer Service"),
    ("SUP", "Support Engineering"),
    ("MKT", "Marketing"),
    ("LEG", "Legal"),
    ("FIN", "Finance"),
    ("SAL", "Sales"),
    ("DAT", "Data"),
)

# Bigger teams carry more of the plan.
TEAM_WEIGHTS = (12, 18, 14, 9, 8, 6, 5, 9, 7, 12)

FIRST_NAMES = (
    "Alice", "Bruno", "Chloé", "Dmitri", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas",
    "Keiko", "Liam", "Maya", "Nikolai", "Olivia", "Pedro", "Quentin", "Rosa", "Samir", "Tara",
    "Umar", "Vera", "Wen", "Ximena", "Yusuf", "Zoé",
)  # fmt: skip
LAST_NAMES = (
    "Martin", "Okafor", "Lindqvist", "Nakamura", "Rossi", "Haddad", "Novak", "García",
    "Dubois", "Kowalski", "Singh", "Andersen", "Moreau", "Ivanova", "Costa", "Byrne",
)  # fmt: skip

VERBS = (
    "Migrate", "Decommission", "Re-point", "Validate", "Cut over", "Archive", "Reconcile",
    "Test", "Retrain staff on", "Update", "Replace", "Freeze", "Back up", "Sign off",
)  # fmt: skip
OBJECTS = (
    "card ledger", "payment gateway", "customer records", "billing runs", "CRM pipelines",
    "support tickets", "contract archive", "GL postings", "data warehouse", "fraud rules",
    "statement printing", "KYC checks", "reporting dashboards", "partner APIs",
    "chargeback flow", "pricing tables", "call-centre scripts", "marketing lists",
)  # fmt: skip
QUALIFIERS = (
    "", "", "", "(wave 1)", "(wave 2)", "(wave 3)", "for EU", "for US", "for APAC",
    "in staging", "in production", "— pilot", "— rollback plan",
)  # fmt: skip
MILESTONES = (
    "Go/no-go review", "Data freeze", "Dress rehearsal complete", "Regulator sign-off",
    "Wave cut-over", "Legacy read-only", "Hypercare ends",
)  # fmt: skip
DESCRIPTIONS = (
    "",
    "",
    "Agreed with the platform team; see the runbook.",
    "Needs a change window on a weekend.",
    "Depends on vendor confirmation of the new API limits.",
    "Scope confirmed at the last steering committee.",
    "Owner to report progress at the weekly stand-up.",
    "Includes dry run and reconciliation of totals.",
)

DEPENDENCY_TYPES = ("FS", "SS", "FF", "SF")
TYPE_WEIGHTS = (80, 10, 7, 3)
LAGS = (-2, -1, 1, 2, 3, 5, 10)

DURATIONS = (3, 5, 8, 10, 15, 20, 30, 45, 60)  # working days a task adds to its start date
PLAN_START = date(2027, 1, 4)  # a Monday
PLAN_MONTHS = 18
AS_OF_FRACTION = 0.35  # statuses are as of about six months into the plan


@dataclass(frozen=True)
class PlanRow:
    """One workstream as it appears in the spreadsheet (before its links are attached)."""

    key: str
    team: str  # team code
    title: str
    owner: str | None
    status: str  # a Status value, e.g. "in_progress"
    start: date
    due: date
    progress: int
    milestone: bool
    description: str


@dataclass(frozen=True)
class PlanEdge:
    """A dependency: ``predecessor`` must happen before ``successor`` (keys)."""

    predecessor: str
    successor: str
    type: str = "FS"
    lag: int = 0  # working days, negative is lead


@dataclass(frozen=True)
class GeneratedPlan:
    """Rows in a topological order (every edge goes from an earlier to a later row)."""

    rows: list[PlanRow]
    edges: list[PlanEdge]
    teams: tuple[tuple[str, str], ...]  # (code, name)
    start: date
    target: date

    def predecessors(self) -> dict[str, list[PlanEdge]]:
        """Each successor key's incoming edges, in generation order."""
        incoming: dict[str, list[PlanEdge]] = {}
        for edge in self.edges:
            incoming.setdefault(edge.successor, []).append(edge)
        return incoming


# ---------------------------------------------------------------- generating

WEEKDAYS = WorkingCalendar()  # Monday to Friday, no holidays


def _status_and_progress(rng: random.Random, start: date, due: date, as_of: date) -> tuple[str, int]:
    roll = rng.random()
    if roll < 0.01:
        return "cancelled", rng.choice((0, 0, 10, 25, 40))
    if due < as_of:
        if roll < 0.9:
            return "done", 100
        return ("blocked" if roll < 0.95 else "in_progress"), rng.randrange(50, 96, 5)
    if start <= as_of:
        if roll < 0.12:
            return "blocked", rng.randrange(5, 71, 5)
        return "in_progress", rng.randrange(5, 96, 5)
    if roll < 0.03:
        return "in_progress", rng.randrange(5, 21, 5)
    return "not_started", 0


def _owners(rng: random.Random) -> dict[str, list[str]]:
    """About six owners per team, unique names across the company."""
    names = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]
    rng.shuffle(names)
    per_team = 6
    return {code: names[i * per_team : (i + 1) * per_team] for i, (code, _) in enumerate(TEAMS)}


def _rows(rng: random.Random, n: int, start: date, days: int, as_of: date) -> list[PlanRow]:
    owners = _owners(rng)
    codes = [code for code, _ in TEAMS]
    numbers = dict.fromkeys(codes, 0)
    rows: list[PlanRow] = []
    for i in range(n):
        code = rng.choices(codes, TEAM_WEIGHTS)[0]
        numbers[code] += 1
        # Later rows in the topological order start later, with some jitter.
        offset = int(days * 0.85 * i / max(n, 1)) + rng.randrange(0, 21)
        begin = WEEKDAYS.next_working_day(start + timedelta(days=offset))
        milestone = rng.random() < 0.05
        if milestone:
            title = rng.choice(MILESTONES)
            qualifier = rng.choice(QUALIFIERS[3:9])
            end = begin
        else:
            title = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}"
            qualifier = rng.choice(QUALIFIERS)
            end = WEEKDAYS.add_working_days(begin, rng.choice(DURATIONS))
        if qualifier:
            title = f"{title} {qualifier}"
        status, progress = _status_and_progress(rng, begin, end, as_of)
        if milestone and status not in ("done", "cancelled"):
            progress = 0
        owner = None if rng.random() < 0.03 else rng.choice(owners[code])
        rows.append(
            PlanRow(
                key=f"{code}-{numbers[code]}", team=code, title=title, owner=owner,
                status=status, start=begin, due=end, progress=progress, milestone=milestone,
                description=rng.choice(DESCRIPTIONS),
            )
        )  # fmt: skip
    return rows


def _chain_rows(
    rng: random.Random, n: int, length: int, start: date, days: int, as_of: date
) -> list[PlanRow]:
    """``n`` rows dealt into chains of ``length``: each starts the working day after the one
    before it in its chain is due, as a team's sequence of steps is planned back to back.

    A chain's steps share its span, so a long chain has short steps; chains start spread over
    what the plan's span leaves them. Teams, titles, statuses and owners as in ``_rows``."""
    owners = _owners(rng)
    codes = [code for code, _ in TEAMS]
    numbers = dict.fromkeys(codes, 0)
    working_days = days * 5 // 7
    scale = min(1.0, working_days / (length * sum(DURATIONS) / len(DURATIONS)))
    rows: list[PlanRow] = []
    for first in range(0, n, length):
        size = min(length, n - first)
        steps = [
            0 if rng.random() < 0.05 else max(1, round(rng.choice(DURATIONS) * scale)) for _ in range(size)
        ]
        room = max(0, working_days - sum(max(1, step) for step in steps))
        begin = WEEKDAYS.add_working_days(WEEKDAYS.next_working_day(start), rng.randrange(0, room + 1))
        for step in steps:
            code = rng.choices(codes, TEAM_WEIGHTS)[0]
            numbers[code] += 1
            milestone = step == 0
            end = begin if milestone else WEEKDAYS.add_working_days(begin, step - 1)
            title = rng.choice(MILESTONES) if milestone else f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}"
            qualifier = rng.choice(QUALIFIERS[3:9] if milestone else QUALIFIERS)
            status, progress = _status_and_progress(rng, begin, end, as_of)
            owner = None if rng.random() < 0.03 else rng.choice(owners[code])
            rows.append(
                PlanRow(
                    key=f"{code}-{numbers[code]}", team=code, title=f"{title} {qualifier}".strip(),
                    owner=owner, status=status, start=begin, due=end,
                    progress=0 if milestone and status not in ("done", "cancelled") else progress,
                    milestone=milestone, description=rng.choice(DESCRIPTIONS),
                )
            )  # fmt: skip
            begin = WEEKDAYS.next_working_day(end + timedelta(days=1))
    return rows


EARLY_LINKS = 0.04  # links whose planned dates break their rule: conflicts for the analysis to find


def _edges(
    rng: random.Random, rows: Sequence[PlanRow], m: int, given: Sequence[PlanEdge] = ()
) -> list[PlanEdge]:
    """``m`` distinct edges, each from an earlier row to a later one (so no loops): ``given``
    ones first, then drawn ones.

    Rows are in order of start date. About half link two workstreams of one team. Most
    predecessors finish in the eight weeks before their successor starts, as in a plan
    someone scheduled; a few are far back, and a few (``EARLY_LINKS``) are planned to
    finish after their successor starts, as conflicts in real plans are.
    """
    n = len(rows)
    index = {row.key: i for i, row in enumerate(rows)}
    seen = {(index[edge.predecessor], index[edge.successor]) for edge in given}
    edges = list(given)
    if 4 * m > n * (n - 1):  # a dense plan (small n): sample among all pairs
        free = [(p, s) for s in range(n) for p in range(s) if (p, s) not in seen]
        pairs = rng.sample(free, m - len(edges))
        seen.update(pairs)
        edges.extend(_edge(rng, rows, p, s) for p, s in sorted(pairs, key=lambda pair: pair[::-1]))
    # Per team and for the whole plan: row indices by due date, to find who finishes before a start.
    pools: dict[str | None, tuple[list[date], list[int]]] = {}
    for team in [None, *sorted({row.team for row in rows})]:
        finishing = sorted((row.due, i) for i, row in enumerate(rows) if team is None or row.team == team)
        pools[team] = ([due for due, _ in finishing], [i for _, i in finishing])
    attempts = 0
    while len(edges) < m:
        attempts += 1
        if attempts > 50 * m + 1000:
            raise RuntimeError(f"Could not place {m} distinct links among {n} workstreams.")
        succ = rng.randrange(1, n)
        if rng.random() < EARLY_LINKS:
            pred = rng.randrange(max(0, succ - 30), succ)  # a recent row: likely still running
        else:
            dues, indices = pools[rows[succ].team if rng.random() < 0.5 else None]
            start = rows[succ].start
            high = bisect.bisect_left(dues, start)  # rows due before the successor starts
            if high == 0:
                continue
            low = bisect.bisect_left(dues, start - timedelta(weeks=8)) if rng.random() < 0.9 else 0
            pred = indices[rng.randrange(min(low, high - 1), high)]
        if (pred, succ) in seen:
            continue
        seen.add((pred, succ))
        edges.append(_edge(rng, rows, pred, succ))
    return edges


def _edge(rng: random.Random, rows: Sequence[PlanRow], pred: int, succ: int) -> PlanEdge:
    """Mostly finish-to-start; a few SS/FF/SF, and a few with a lag or lead."""
    kind = rng.choices(DEPENDENCY_TYPES, TYPE_WEIGHTS)[0]
    lag = rng.choice(LAGS) if rng.random() < 0.08 else 0
    return PlanEdge(rows[pred].key, rows[succ].key, kind, lag)


def chained_links(n: int, chain: int | None) -> int:
    """The links that chains of ``chain`` make among ``n`` workstreams: one into each step but
    the first of its chain."""
    return 0 if chain is None else n - -(-n // chain)


def generate_plan(n: int, m: int | None = None, seed: int = 1, chain: int | None = None) -> GeneratedPlan:
    """A plan of ``n`` workstreams across ten teams and ``m`` (default 2n) acyclic links.

    ``chain``, a length, deals the workstreams into chains of that many steps planned back to
    back, each linked finish-to-start to the next; the rest of the ``m`` links are drawn as
    without it. A late step then pushes the rest of its chain."""
    if n < 1:
        raise ValueError("A plan needs at least one workstream.")
    m = 2 * n if m is None else m
    if m < 0 or m > n * (n - 1) // 2:
        raise ValueError(f"{n} workstreams can carry from 0 to {n * (n - 1) // 2} links, not {m}.")
    if chain is not None and chain < 1:
        raise ValueError(f"A chain has at least one workstream, not {chain}.")
    chained = chained_links(n, chain)
    if m < chained:
        raise ValueError(f"Chains of {chain} among {n} workstreams need at least {chained} links, not {m}.")
    rng = random.Random(seed)
    days = PLAN_MONTHS * 365 // 12
    as_of = PLAN_START + timedelta(days=int(days * AS_OF_FRACTION))
    made = (
        _rows(rng, n, PLAN_START, days, as_of)
        if chain is None
        else _chain_rows(rng, n, chain, PLAN_START, days, as_of)
    )
    links = [PlanEdge(made[i - 1].key, made[i].key) for i in range(1, n) if chain is not None and i % chain]
    rows = sorted(made, key=lambda row: row.start)
    edges = _edges(rng, rows, m, links)
    target = WEEKDAYS.next_working_day(PLAN_START + timedelta(days=days + 30))
    target = max(target, max(row.due for row in rows))
    return GeneratedPlan(rows, edges, TEAMS, PLAN_START, target)


# ---------------------------------------------------------------- writing


def link_text(edge: PlanEdge) -> str:
    """MS Project's predecessor notation: ``BNK-3``, ``OPS-7SS``, ``FIN-2FS+3d``, ``DAT-9SF-1d``."""
    if edge.lag:
        return f"{edge.predecessor}{edge.type}{edge.lag:+d}d"
    return edge.predecessor if edge.type == "FS" else f"{edge.predecessor}{edge.type}"


def spreadsheet_rows(plan: GeneratedPlan) -> list[tuple[Any, ...]]:
    """The rows of the sheet under ``HEADERS`` (values as openpyxl writes them).

    The Team column holds the team code, so the imported teams get the codes the keys use
    (a team name such as "Banking Platform" would get the code BP beside keys BNK-n)."""
    incoming = plan.predecessors()
    table: list[tuple[Any, ...]] = []
    for row in plan.rows:
        links = ", ".join(link_text(edge) for edge in incoming.get(row.key, ()))
        table.append(
            (
                row.key, row.team, row.title, row.owner or "", Status(row.status).label,
                row.start, row.due, row.progress, "Yes" if row.milestone else "", links,
                row.description,
            )
        )  # fmt: skip
    return table


def write_xlsx(plan: GeneratedPlan, path: str | Path) -> Path:
    """Write the plan as one sheet, one row per workstream (openpyxl write-only: fast)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    path = Path(path)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Plan")
    widths = (10, 22, 44, 22, 13, 12, 12, 9, 10, 30, 50)
    for letter, width in zip("ABCDEFGHIJK", widths, strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.append(HEADERS)

    def day(value: date) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = "yyyy-mm-dd"
        return cell

    for values in spreadsheet_rows(plan):
        sheet.append((*values[:5], day(values[5]), day(values[6]), *values[7:]))
    workbook.save(path)
    return path


def write_migration(plan: GeneratedPlan, path: str | Path, *, name: str = "Benchmark migration") -> Path:
    """Create a .migrator file from the plan through the real plan import."""
    from migrator.services.plan_import import import_plan

    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="migrator-bench-") as folder:
        xlsx = write_xlsx(plan, Path(folder) / "plan.xlsx")
        result = import_plan(xlsx, path, name=name, start=plan.start, target=plan.target)
        close = getattr(result, "close", None)
        if callable(close):
            close()
    return path


# ---------------------------------------------------------------- command line

CHAIN_HELP = "deal the workstreams into chains of L back-to-back steps (default: no chains)"


def benchmark_parser(
    module: str, description: str | None, runs: int = 3, what: str = "measure", chains: bool = True
) -> argparse.ArgumentParser:
    """The options every benchmark takes: the plan's size, seed and chains (unless ``chains`` is
    off: a benchmark that measures several chain lengths takes its own option), and how many
    timed runs."""
    parser = argparse.ArgumentParser(prog=f"python -m benchmarks.{module}", description=description)
    parser.add_argument("--workstreams", type=int, default=20_000, metavar="N")
    parser.add_argument("--dependencies", type=int, default=None, metavar="M", help="default 2N")
    parser.add_argument("--seed", type=int, default=1)
    if chains:
        parser.add_argument("--chain-length", type=int, default=None, metavar="L", help=CHAIN_HELP)
    parser.add_argument("--runs", type=int, default=runs, help=f"timed runs of each {what} (best is kept)")
    return parser


def benchmark_arguments(
    parser: argparse.ArgumentParser, argv: Sequence[str] | None
) -> tuple[argparse.Namespace, GeneratedPlan]:
    """The options and the plan they ask for; a bad size or run count is the parser's error."""
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    try:
        return args, generate_plan(args.workstreams, args.dependencies, args.seed, args.chain_length)
    except ValueError as error:
        parser.error(str(error))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__)
    parser.add_argument("--workstreams", type=int, required=True, metavar="N")
    parser.add_argument("--dependencies", type=int, default=None, metavar="M", help="default 2N")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--chain-length", type=int, default=None, metavar="L", help=CHAIN_HELP)
    parser.add_argument("--xlsx", type=Path, required=True, metavar="OUT.xlsx")
    parser.add_argument("--migration", type=Path, default=None, metavar="OUT.migrator")
    args = parser.parse_args(argv)
    try:
        plan = generate_plan(args.workstreams, args.dependencies, args.seed, args.chain_length)
    except ValueError as error:
        parser.error(str(error))
    write_xlsx(plan, args.xlsx)
    cross = sum(1 for e in plan.edges if e.predecessor.split("-")[0] != e.successor.split("-")[0])
    print(
        f"{args.xlsx}: {len(plan.rows)} workstreams, {len(plan.edges)} dependencies "
        f"({cross} across teams), {len(plan.teams)} teams"
    )
    if args.migration is not None:
        write_migration(plan, args.migration)
        print(f"{args.migration}: imported")
    return 0


if __name__ == "__main__":
    sys.exit(main())
