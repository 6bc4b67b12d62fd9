"""A tool's plan (a SourcePlan) turned into the rows an import applies, under the coordinator's
choices: which tasks are work, which team each goes to, and its links re-attached through summaries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from migrator.domain import rules
from migrator.domain.errors import ValidationError
from migrator.importing.plan import LinkSpec, ParsedPlan, PlanProblem, PlanRow
from migrator.importing.source_plan import NO_TEAM, OUTLINE, ImportChoices, SourcePlan, SourceTask


@dataclass(frozen=True)
class _Outline:
    """The tasks by id, the work among them, and each summary's work below it."""

    tasks: dict[str, SourceTask]
    work: list[SourceTask]  # imported as workstreams, in the file's order
    leaves: dict[str, list[str]]  # summary id → the ids of the work under it, in order
    # One summary task holding the whole plan (MS Project users often make one): the project,
    # so its own summary tasks name the teams.
    project: SourceTask | None = None

    def ancestors(self, task: SourceTask) -> list[SourceTask]:
        """Its summary, that one's summary, … up to the top (a loop of parents stops)."""
        found: list[SourceTask] = []
        seen = {task.source_id}
        parent = task.parent_id
        while parent is not None and parent in self.tasks and parent not in seen:
            seen.add(parent)
            found.append(self.tasks[parent])
            parent = self.tasks[parent].parent_id
        return found


def team_from_used(source: SourcePlan, choices: ImportChoices) -> str:
    """The grouping that names teams: the chosen one; else the one that names a team for the most
    tasks (the tool's order breaks a tie), so a Jira export whose few epics hold a handful of its
    issues is grouped by its components; else none."""
    if choices.team_from is not None:
        spoken = choices.team_from.strip().casefold()
        offered = [*source.grouping_choices, OUTLINE, NO_TEAM]
        return next((name for name in offered if name.casefold() == spoken), choices.team_from)
    if not source.grouping_choices:
        return NO_TEAM
    outline = _outline(source)
    covered = {
        grouping: sum(1 for task in outline.work if _team(task, outline, grouping)[0])
        for grouping in source.grouping_choices
    }
    return max(source.grouping_choices, key=lambda grouping: covered[grouping])  # the first of the best


def plan_from_source(source: SourcePlan, choices: ImportChoices | None = None) -> ParsedPlan:
    """The rows to import from ``source``: summary tasks never become work, every task gets its
    team from ``choices.team_from``, links to or from summaries apply to their work, and whatever
    is left out is listed in ``skipped`` or ``notices`` (never silently)."""
    choices = choices or ImportChoices()
    team_from = team_from_used(source, choices)
    header = {use.field: use.source for use in source.columns if use.field}
    header.setdefault("depends_on", "Predecessors")
    plan = ParsedPlan(
        source.sheet,
        header,
        [],
        list(source.problems),
        notices=list(source.notices),
        source=source,
        choices=replace(choices, team_from=team_from),
    )
    if team_from not in (OUTLINE, NO_TEAM, *source.grouping_choices):
        offered = ", ".join(f'"{c}"' for c in [*source.grouping_choices, OUTLINE, NO_TEAM])
        plan.problem(
            None, None, f'"{team_from}" cannot name the teams of this plan: choose one of {offered}.'
        )
        return plan
    outline = _outline(source)
    for task in source.tasks:
        if task.skip_reason is not None:
            plan.skipped.append(f"{_label(task)} ({task.skip_reason})")
        elif task.is_summary:
            plan.skipped.append(f"{_label(task)} ({_summary_fate(task, outline, team_from)})")
    links = _links(plan, source, outline)
    for task in outline.work:
        plan.rows.append(_row(plan, task, outline, team_from, links.get(task.source_id, [])))
    if not plan.rows and not plan.problems:
        plan.problem(None, None, "the plan has no tasks to import.")
    return plan


def _notice(plan: ParsedPlan, position: int | None, message: str) -> None:
    plan.notices.append(PlanProblem(plan.sheet, position, None, message))


def _label(task: SourceTask) -> str:
    return f"{task.source_id} '{task.name}'" if task.name else task.source_id


def _outline(source: SourcePlan) -> _Outline:
    tasks = {task.source_id: task for task in source.tasks}
    work = [task for task in source.tasks if not task.is_summary and task.skip_reason is None]
    leaves: dict[str, list[str]] = defaultdict(list)
    outline = _Outline(tasks, work, leaves)
    for task in work:
        for summary in outline.ancestors(task):
            leaves[summary.source_id].append(task.source_id)
    tops = [t for t in source.tasks if t.is_summary and t.skip_reason is None and t.parent_id is None]
    if len(tops) == 1 and len(leaves[tops[0].source_id]) == len(work):
        holds_summaries = any(t.is_summary and t.parent_id == tops[0].source_id for t in source.tasks)
        if holds_summaries:
            return _Outline(tasks, work, leaves, project=tops[0])
    return outline


def _top_summary(task: SourceTask, outline: _Outline) -> SourceTask | None:
    """The summary that names the task's team: its top-level one, or the one just under the
    summary that holds the whole plan (None when the task sits right under that one)."""
    above = outline.ancestors(task)
    if above and outline.project is not None and above[-1] is outline.project:
        above = above[:-1]
    return above[-1] if above else None


def _summary_fate(task: SourceTask, outline: _Outline, team_from: str) -> str:
    if team_from == OUTLINE and task is outline.project:
        return "summary task holding the whole plan: taken as the project, its summary tasks name the teams"
    if team_from == OUTLINE:
        top = _top_summary(task, outline) or task
        if top is task:
            return (
                f"summary task: made team {task.name}"
                if task.name
                else "summary task: its tasks have no team"
            )
        return f"summary task: its tasks go to team {top.name}"
    return "summary task: its tasks are imported"


def _team(task: SourceTask, outline: _Outline, team_from: str) -> tuple[str | None, str | None]:
    """The team's name (None: the default team) and, from a Migrator export, its code."""
    if team_from == NO_TEAM:
        return None, None
    if team_from != OUTLINE:
        value = task.groupings.get(team_from)
        return (value.strip() or None) if value else None, None
    top = _top_summary(task, outline)
    if top is None or not top.name:
        return None, None
    code = None
    if top.key:
        try:
            code = rules.normalise_team_code(top.key)
        except ValidationError:
            code = None
    return top.name.strip(), code


def _links(plan: ParsedPlan, source: SourcePlan, outline: _Outline) -> dict[str, list[LinkSpec]]:
    """Successor id → its predecessors, each link between two pieces of work, once."""
    result: dict[str, list[LinkSpec]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    told: dict[int | None, list[str]] = defaultdict(list)  # what the reader noticed, by position
    for notice in source.notices:
        told[notice.row].append(notice.message)
    for link in source.links:
        pred, succ = outline.tasks.get(link.predecessor_id), outline.tasks.get(link.successor_id)
        where = succ.position if succ else (pred.position if pred else None)
        shown = f"{link.predecessor_id} → {link.successor_id}"
        if pred is None or succ is None:
            missing = link.predecessor_id if pred is None else link.successor_id
            _notice(plan, where, f"the link {shown} is skipped: there is no task {missing}.")
            continue
        if pred.skip_reason is not None or succ.skip_reason is not None:
            which = pred if pred.skip_reason is not None else succ
            _notice(
                plan,
                where,
                f"the link {_label(pred)} → {_label(succ)} is skipped: {_label(which)} is not imported "
                f"({which.skip_reason}).",
            )
            continue
        if _within(pred, succ, outline) or _within(succ, pred, outline):
            _notice(
                plan,
                where,
                f"the link {_label(pred)} → {_label(succ)} is skipped: it joins a task to its summary.",
            )
            continue
        preds = _work_of(pred, outline)
        succs = _work_of(succ, outline)
        for summary, work in ((pred, preds), (succ, succs)):
            if summary.is_summary:
                _notice(
                    plan,
                    where,
                    f"the link {_label(pred)} → {_label(succ)}: {_label(summary)} is a summary task, "
                    f"so the link applies to its {len(work)} task{'s' if len(work) != 1 else ''}.",
                )
        if link.approximated and not any(link.approximated in said for said in told.get(where, ())):
            _notice(
                plan,
                where,
                f"the link {_label(pred)} → {_label(succ)}: its lag is approximated ({link.approximated}).",
            )
        for before in preds:
            for after in succs:
                if before == after or (before, after) in seen:
                    continue
                seen.add((before, after))
                result[after].append(LinkSpec(before, link.type, link.lag))
    return result


def _within(task: SourceTask, summary: SourceTask, outline: _Outline) -> bool:
    return any(above.source_id == summary.source_id for above in outline.ancestors(task))


def _work_of(task: SourceTask, outline: _Outline) -> list[str]:
    return list(outline.leaves.get(task.source_id, [])) if task.is_summary else [task.source_id]


def _row(
    plan: ParsedPlan, task: SourceTask, outline: _Outline, team_from: str, links: list[LinkSpec]
) -> PlanRow:
    row = PlanRow(task.position)
    if task.key and rules.is_workstream_key(task.key):
        row.key = rules.normalise_key(task.key)
    if len(task.source_id) > rules.MAX_SOURCE_REF:
        plan.problem(row.number, "key", f"an identifier is at most {rules.MAX_SOURCE_REF} characters long.")
    else:
        row.source_ref = task.source_id
    row.team, row.team_code = _team(task, outline, team_from)
    row.title = _text(plan, row, "title", task.name, rules.MAX_NAME)
    row.owner = _text(plan, row, "owner", task.owner, rules.MAX_NAME)
    if row.team is not None and len(row.team) > rules.MAX_NAME:
        plan.problem(row.number, "team", f"the team's name is longer than {rules.MAX_NAME} characters.")
        row.team = None
    row.description = _text(plan, row, "description", task.notes, rules.MAX_TEXT)
    row.status = task.status
    row.progress = task.progress
    row.milestone = task.milestone
    row.start, row.due = task.start, task.finish
    if task.milestone:
        row.start = row.due = task.finish or task.start
        if task.start and task.finish and task.start != task.finish:
            _notice(
                plan,
                row.number,
                f"{_label(task)} is a milestone with a duration: it is imported on its finish date "
                f"{task.finish.isoformat()}.",
            )
    row.actual_start, row.actual_finish = task.actual_start, task.actual_finish
    row.baseline_start, row.baseline_due = task.baseline_start, task.baseline_finish
    row.source_links = links
    return row


def _text(plan: ParsedPlan, row: PlanRow, column: str, value: str | None, max_length: int) -> str | None:
    if value is None or not value.strip():
        return None
    if len(value.strip()) > max_length:
        plan.problem(row.number, column, f"the text is longer than {max_length} characters.")
        return None
    return value
