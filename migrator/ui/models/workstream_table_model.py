"""The workstream table: plan rows with their analysis, sorted and filtered in the model itself.

A sort proxy re-sorts through virtual calls per comparison, which takes seconds on a
50,000-row plan; here each sort is one Python ``sorted`` over precomputed keys, and a
filter is one pass over cached lower-case text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from migrator.analysis import HealthLevel
from migrator.analysis.engine import Glance
from migrator.analysis.plan_state import SnapshotInfo
from migrator.domain import wording
from migrator.domain.model import Status, Workstream
from migrator.domain.workstream_state import field_name, key_order, plan_order
from migrator.ui import palette
from migrator.ui.document.plan_document import PlanDocument

Index = QModelIndex | QPersistentModelIndex
# An edit of up to this many rows checks whether they stay put before re-sorting the table.
IN_PLACE_CHECKS = 50


@dataclass(frozen=True)
class RowFilter:
    """What the filter bar and the teams panel ask for; an empty filter shows everything."""

    text: str = ""
    team_id: int | None = None
    statuses: frozenset[Status] = frozenset()
    health: HealthLevel | None = None
    late: bool = False
    blocked: bool = False
    critical: bool = False
    changed: bool = False  # changed since the last report


@dataclass(frozen=True)
class Column:
    title: str
    field: str | None  # the workstream field an edit changes; None: not editable
    width: int
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft
    tip: str = ""


_RIGHT, _CENTRE = Qt.AlignmentFlag.AlignRight, Qt.AlignmentFlag.AlignHCenter

COLUMNS = (
    Column("Key", "key", 70),
    Column("Workstream", "title", 270),
    Column("Team", "team_id", 64, tip="The team's code; the tooltip gives its name"),
    Column("Owner", "owner_id", 124),
    Column("Status", "status", 100),
    # Not edited inline: an override needs a reason, given in the details pane.
    Column("Health", None, 84, tip="Derived from the plan; the tooltip gives the reasons"),
    Column("Start", "planned_start", 92),
    Column("Due", "planned_due", 92),
    Column("Forecast", None, 92, tip="Forecast finish, from progress and dependencies"),
    Column("Float", None, 60, _RIGHT, "Working days this can slip before it delays go-live"),
    Column("Progress", "progress", 74, _RIGHT),
    Column("Critical", None, 64, _CENTRE, "On the critical path to go-live"),
)
KEY, TITLE, TEAM, OWNER, STATUS, HEALTH, START, DUE, FORECAST, FLOAT, PROGRESS, CRITICAL = range(len(COLUMNS))
# Worked out once: Qt asks for these for every cell it paints, and combining flags is a Python call.
_ALIGNMENT = tuple(int(c.align | Qt.AlignmentFlag.AlignVCenter) for c in COLUMNS)
_READ_ONLY_CELL = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDITABLE_CELL = _READ_ONLY_CELL | Qt.ItemFlag.ItemIsEditable


def edit_name(ws: Workstream, field: str, value: object) -> str:
    """How the undo history names an edit of one field, in the table and the details pane alike
    ("Change planned due of BNK-7"); making a task a milestone says which dates move with it."""
    if field != "is_milestone" or not value:
        return f"Change {field_name(field)} of {ws.key}"
    moved = [
        f"{name} {date_text(start)} → {date_text(due)}"
        for name, start, due in (
            ("planned start", ws.planned_start, ws.planned_due),
            ("baseline start", ws.baseline_start, ws.baseline_due),
        )
        if start is not None and due is not None and start != due
    ]
    return f"Make {ws.key} a milestone" + (f" ({'; '.join(moved)})" if moved else "")


def date_text(day: date | None) -> str:
    """A cell's date as reports write it (English month names, whatever the locale), or ""."""
    return wording.date_text(day) if day else ""


class WorkstreamTableModel(QAbstractTableModel):
    """Rows are workstream ids in display order; values come from the document's plan."""

    ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the workstream id of a row

    def __init__(self, document: PlanDocument, parent: Any = None) -> None:
        super().__init__(parent)
        self.document = document
        self.filter = RowFilter()
        self.sort_column, self.sort_order = -1, Qt.SortOrder.AscendingOrder
        self._order: list[int] = []
        self._row_of: dict[int, int] = {}
        self._haystack: dict[int, str] = {}
        self._glances: dict[int, Glance] = {}  # of the analysis being shown
        self._counted_from: SnapshotInfo | None = None  # the report "changed" last filtered against
        self._bold = QFont()
        self._bold.setBold(True)
        document.reloaded.connect(self._plan_reloaded)
        document.workstreams_changed.connect(self._workstreams_changed)
        document.analysed.connect(self._analysis_changed)
        document.snapshot_added.connect(self._report_kept)
        self._plan_reloaded()

    # ------------------------------------------------------------ rows

    def workstream_id(self, row: int) -> int:
        return self._order[row]

    def row_of(self, workstream_id: int) -> int | None:
        return self._row_of.get(workstream_id)

    def visible_ids(self) -> list[int]:
        return list(self._order)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        column = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.ToolTipRole and column.tip:
            return column.tip
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _ALIGNMENT[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if COLUMNS[index.column()].field and not self.document.read_only:
            return _EDITABLE_CELL
        return _READ_ONLY_CELL

    # ------------------------------------------------------------ values

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._order):
            return None
        workstream_id = self._order[index.row()]
        ws = self.document.plan.workstreams.get(workstream_id)
        if ws is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(ws, column, self._result(workstream_id))
        if role == Qt.ItemDataRole.EditRole:
            name = COLUMNS[column].field
            return getattr(ws, name) if name else None
        if role == self.ID_ROLE:
            return workstream_id
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _ALIGNMENT[column]
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(ws, column, self._result(workstream_id))
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(ws, column, self._result(workstream_id))
        if role == Qt.ItemDataRole.DecorationRole and column == HEALTH:
            result = self._result(workstream_id)
            return palette.health_dot(result.health) if result else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(ws, column, self._result(workstream_id))
        if role == Qt.ItemDataRole.FontRole and column == KEY:
            return self._bold
        return None

    def _result(self, workstream_id: int) -> Glance | None:
        found = self._glances.get(workstream_id)
        if found is None:
            analysis = self.document.analysis
            if analysis is None or workstream_id not in analysis.workstreams:
                return None  # added after the analysis being shown; the next one has it
            found = self._glances[workstream_id] = analysis.glance(workstream_id)
        return found

    def _reasons(self, workstream_id: int) -> tuple[str, ...]:
        analysis = self.document.analysis
        if analysis is None or workstream_id not in analysis.workstreams:
            return ()
        return analysis.workstreams[workstream_id].health_reasons

    def _text(self, ws: Workstream, column: int, result: Glance | None) -> str:
        if column == KEY:
            return ws.key
        if column == TITLE:
            return f"◆ {ws.title}" if ws.is_milestone else ws.title
        if column == TEAM:
            return ws.team_code
        if column == OWNER:
            return ws.owner_name or ""
        if column == STATUS:  # ⚠: started before what it waits on (an FS or SS predecessor) allowed
            return ws.status.label + (" ⚠" if result is not None and result.started_before else "")
        if column == START:
            return date_text(ws.planned_start)
        if column == DUE:
            return date_text(ws.planned_due)
        if column == PROGRESS:
            return f"{ws.progress} %"
        if result is None:
            return ""
        if column == HEALTH:
            return result.health.label + (" *" if _overridden(ws) else "")
        if column == FORECAST:
            return date_text(result.forecast_finish)
        if column == FLOAT:
            return "" if result.total_float is None else f"{result.total_float} d"
        if column == CRITICAL:
            return "●" if result.critical else ""
        return ""

    def _foreground(self, ws: Workstream, column: int, result: Glance | None) -> Any:
        if column == STATUS:
            return palette.STATUS_TEXT[ws.status]
        if column == CRITICAL:
            return palette.CRITICAL
        if result is None:
            return None
        if column == HEALTH:
            return palette.HEALTH_TEXT[result.health]
        if column == FORECAST and result.is_late:
            return palette.HEALTH_TEXT[HealthLevel.RED]
        if column == FLOAT and result.total_float is not None and result.total_float < 0:
            return palette.HEALTH_TEXT[HealthLevel.RED]
        if ws.status in (Status.DONE, Status.CANCELLED) and column == TITLE:
            return palette.MUTED
        return None

    def _background(self, ws: Workstream, column: int, result: Glance | None) -> Any:
        if column == STATUS:
            return palette.STATUS_FILL[ws.status]
        if column == HEALTH and result is not None:
            return palette.HEALTH_FILL[result.health]
        return None

    def _tooltip(self, ws: Workstream, column: int, result: Glance | None) -> str | None:
        if column == HEALTH and result is not None:
            lines = [f"{result.health.label}" + (" (set by hand)" if _overridden(ws) else "")]
            lines += [f"• {reason}" for reason in self._reasons(ws.id)]
            return "\n".join(lines)
        if column == STATUS and result is not None and result.started_before:
            return started_early_text(result.started_before)
        if column == STATUS and ws.status is Status.BLOCKED and ws.blocker_note:
            return f"Blocked: {ws.blocker_note}"
        if column == TITLE and ws.description:
            return ws.description
        if column == TEAM:
            return ws.team_name
        if column == FORECAST and result is not None and result.is_late:
            return f"{result.days_late} working days after the due date"
        return None

    # ------------------------------------------------------------ editing

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        name = COLUMNS[index.column()].field
        ws = self.document.plan.workstreams.get(self._order[index.row()])
        if name is None or ws is None:
            return False
        if getattr(ws, name) == value:
            return True
        return self.document.edit_workstreams({ws.id: {name: value}}, edit_name(ws, name, value))

    # ------------------------------------------------------------ sorting and filtering

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column < 0 and self.sort_column < 0:
            return  # plan order already; the view asks this when sorting is switched on
        self.sort_column, self.sort_order = column, order
        self._relayout()

    def set_filter(self, row_filter: RowFilter) -> None:
        if row_filter != self.filter:
            self.filter = row_filter
            self._relayout()

    def _relayout(self) -> None:
        """Recompute the visible rows and their order, keeping the selection and current row."""
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        ids = [self._order[i.row()] if 0 <= i.row() < len(self._order) else None for i in old]
        self._order = self._sorted(self._filtered())
        self._row_of = dict(zip(self._order, range(len(self._order)), strict=True))  # in C: 20,000 rows
        new = []
        for index, workstream_id in zip(old, ids, strict=True):
            row = self._row_of.get(workstream_id) if workstream_id is not None else None
            new.append(QModelIndex() if row is None else self.index(row, index.column()))
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _filtered(self) -> list[int]:
        tests = self._filter_tests()
        if not tests:  # no filter: every row, without a test for each
            return list(self.document.plan.workstreams)
        return [i for i in self.document.plan.workstreams if all(test(i) for test in tests)]

    def _filter_tests(self) -> list[Callable[[int], bool]]:
        """What a workstream id must pass to be shown, the cheapest test first."""
        plan, wanted = self.document.plan.workstreams, self.filter
        tests: list[Callable[[int], bool]] = []
        if wanted.team_id is not None:
            tests.append(lambda i: plan[i].team_id == wanted.team_id)
        if wanted.statuses:
            tests.append(lambda i: plan[i].status in wanted.statuses)
        if wanted.blocked:
            tests.append(lambda i: plan[i].status is Status.BLOCKED)
        if wanted.changed:
            self._counted_from = self.document.last_report()
            changed = self.document.changed_since_last_report()
            tests.append(changed.__contains__)
        if wanted.health is not None or wanted.late or wanted.critical:
            results = self._result
            if wanted.health is not None:
                tests.append(lambda i: (r := results(i)) is not None and r.health is wanted.health)
            if wanted.late:
                tests.append(lambda i: (r := results(i)) is not None and r.is_late)
            if wanted.critical:
                tests.append(lambda i: (r := results(i)) is not None and r.critical)
        needle = wanted.text.strip().casefold()
        if needle:
            haystack = self._haystack_of
            tests.insert(0, lambda i: needle in haystack(i))
        return tests

    def _haystack_of(self, workstream_id: int) -> str:
        text = self._haystack.get(workstream_id)
        if text is None:
            ws = self.document.plan.workstreams[workstream_id]
            text = f"{ws.key}\n{ws.title}\n{ws.owner_name or ''}\n{ws.description}".casefold()
            self._haystack[workstream_id] = text
        return text

    def _sorted(self, ids: list[int]) -> list[int]:
        """``ids`` in the chosen column's order; ties and unsorted keep plan order."""
        column = self.sort_column
        if column < 0:
            return ids
        plan = self.document.plan.workstreams
        key = self._sort_key(column, plan)
        # Missing values stay last in both directions, as in a spreadsheet.
        present = [i for i in ids if key(i) is not None]
        missing = [i for i in ids if key(i) is None]
        present.sort(key=key, reverse=self.sort_order == Qt.SortOrder.DescendingOrder)
        return present + missing

    def _sort_key(self, column: int, plan: dict[int, Workstream]) -> Callable[[int], Any]:
        if column == KEY:
            return lambda i: (plan[i].team_code, key_order(plan[i].key))
        if column == TITLE:
            return lambda i: plan[i].title.casefold()
        if column == TEAM:
            return lambda i: plan[i].team_name.casefold()
        if column == OWNER:
            return lambda i: _casefolded(plan[i].owner_name)
        if column == STATUS:
            order = {s: n for n, s in enumerate(Status)}
            return lambda i: order[plan[i].status]
        if column == START:
            return lambda i: plan[i].planned_start
        if column == DUE:
            return lambda i: plan[i].planned_due
        if column == PROGRESS:
            return lambda i: plan[i].progress
        result = self._result
        if column == HEALTH:
            return lambda i: (r := result(i)) and r.health.severity
        if column == FORECAST:
            return lambda i: (r := result(i)) and r.forecast_finish
        if column == FLOAT:
            return lambda i: (r := result(i)) and r.total_float
        return lambda i: (r := result(i)) is not None and r.critical

    # ------------------------------------------------------------ the document changed

    def _plan_reloaded(self) -> None:
        self._haystack.clear()
        self._relayout()

    def _report_kept(self) -> None:
        """An export kept a report: "changed since the last report" may count from it now."""
        if self.filter.changed and self.document.last_report() != self._counted_from:
            self._relayout()

    def _workstreams_changed(self, ids: list[int]) -> None:
        for workstream_id in ids:
            self._haystack.pop(workstream_id, None)
        if len(ids) <= IN_PLACE_CHECKS and self._still_in_place(ids):
            self._rows_changed(ids)
        else:
            self._relayout()  # rows come, go, move, or stop matching the filter

    def _still_in_place(self, ids: list[int]) -> bool:
        """Whether each changed row is still shown exactly when it passes the filter, and still
        sits between its neighbours in the table's order: then only those rows repaint, instead
        of filtering and sorting every row again."""
        plan, tests = self.document.plan.workstreams, self._filter_tests()
        for workstream_id in ids:
            if workstream_id not in plan:
                return False
            row = self._row_of.get(workstream_id)
            if all(test(workstream_id) for test in tests) != (row is not None):
                return False
            if row is None:
                continue
            above = self._order[row - 1] if row > 0 else None
            below = self._order[row + 1] if row + 1 < len(self._order) else None
            if not (self._in_order(above, workstream_id) and self._in_order(workstream_id, below)):
                return False
        return True

    def _in_order(self, upper: int | None, lower: int | None) -> bool:
        """Whether row ``upper`` belongs above row ``lower`` in the order _sorted gives."""
        if upper is None or lower is None:
            return True
        plan = self.document.plan.workstreams
        in_plan_order = plan_order(plan[upper]) < plan_order(plan[lower])  # ties keep plan order
        if self.sort_column < 0:
            return in_plan_order
        key = self._sort_key(self.sort_column, plan)
        first, second = key(upper), key(lower)
        if first is None or second is None:  # missing values last, in plan order
            return second is None and (first is not None or in_plan_order)
        if first == second:
            return in_plan_order
        return bool(first > second if self.sort_order == Qt.SortOrder.DescendingOrder else first < second)

    def _analysis_changed(self) -> None:
        self._glances.clear()
        wanted = self.filter
        # A new as-of date may bring another last report for "changed" to count from.
        recounted = wanted.changed and self.document.last_report() != self._counted_from
        if recounted or wanted.health or wanted.late or wanted.critical or self.sort_column in (
            HEALTH, FORECAST, FLOAT, CRITICAL,
        ):  # fmt: skip
            self._relayout()
        elif self._order:
            # Only the analysed columns: a range over an open editor would reset what is typed.
            last = len(self._order) - 1
            for first_column, last_column in ((HEALTH, HEALTH), (FORECAST, FLOAT), (CRITICAL, CRITICAL)):
                self.dataChanged.emit(self.index(0, first_column), self.index(last, last_column))

    def _rows_changed(self, ids: Iterable[int]) -> None:
        for workstream_id in ids:
            row = self._row_of.get(workstream_id)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))


def started_early_text(keys: tuple[str, ...]) -> str:
    """ "Started before BNK-3 allowed it: it still waits on it." What the marker means."""
    names = ", ".join(keys)
    return f"Started before {names} allowed it: it still waits on {'it' if len(keys) == 1 else 'them'}."


def _overridden(ws: Workstream) -> bool:
    return ws.health_override is not None and ws.status not in (Status.DONE, Status.CANCELLED)


def _casefolded(name: str | None) -> str | None:
    """The sort key of an optional name: an empty one counts as missing (sorted last)."""
    return name.casefold() if name else None
