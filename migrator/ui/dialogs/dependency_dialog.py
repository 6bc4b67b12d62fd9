"""Adding a link to or from a workstream, or changing a link's type, lag and note."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QStringListModel, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from migrator.analysis import HealthLevel
from migrator.domain.model import DependencyType
from migrator.domain.wording import working_days
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.palette import HEALTH_COLOUR

MAX_SHOWN = 200  # matches listed at once; more only slow the list down
TYPE_NAMES = {
    DependencyType.FS: "Finish → Start",
    DependencyType.SS: "Start → Start",
    DependencyType.FF: "Finish → Finish",
    DependencyType.SF: "Start → Finish",
}
# What the successor may do, and when the predecessor does what, for each type.
_MEANING = {
    DependencyType.FS: ("start", "finishes"),
    DependencyType.SS: ("start", "starts"),
    DependencyType.FF: ("finish", "finishes"),
    DependencyType.SF: ("finish", "starts"),
}


def link_meaning(successor: str, predecessor: str, link_type: DependencyType, lag: int) -> str:
    """One line saying what a link asks: "OPS-6 can start 2 working days after LEG-6 finishes."."""
    can, does = _MEANING[link_type]
    when = "once" if lag == 0 else f"{working_days(lag)} {'after' if lag > 0 else 'before'}"
    return f"{successor} can {can} {when} {predecessor} {does}."


class DependencyDialog(QDialog):
    """Links ``workstream_id`` with a workstream picked from the plan, or changes ``dependency_id``."""

    shows_refusals = True  # the main window leaves a refusal to the dialog's own message

    def __init__(
        self,
        document: PlanDocument,
        workstream_id: int,
        parent: QWidget | None = None,
        *,
        waits_on: bool = True,
        dependency_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.workstream_id = workstream_id
        self.link = document.plan.dependencies.get(dependency_id) if dependency_id is not None else None
        key = document.plan.workstreams[workstream_id].key
        self.setWindowTitle(f"Change link {self._link_name()}" if self.link else f"Link {key}")
        self.setMinimumWidth(520)

        self.waits_on = QRadioButton(f"{key} waits on…")
        self.needed_by = QRadioButton(f"…waits on {key}")
        direction = QButtonGroup(self)
        direction.addButton(self.waits_on)
        direction.addButton(self.needed_by)
        (self.waits_on if waits_on else self.needed_by).setChecked(True)
        directions = QHBoxLayout()
        directions.addWidget(self.waits_on)
        directions.addWidget(self.needed_by)
        directions.addStretch(1)

        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Type a key, part of a title or a team")
        self.filter.setClearButtonEnabled(True)
        self.matches = QStringListModel(self)
        self.picker = QListView()
        self.picker.setModel(self.matches)
        self.picker.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.picker.setUniformItemSizes(True)
        self.picker.setMinimumHeight(200)
        self.more = QLabel()
        self.more.setStyleSheet("color: #607D8B;")
        # Searched as typed, so lower-cased once here: a plan may hold 20,000 workstreams.
        others = [w for w in document.plan.workstreams.values() if w.id != workstream_id]
        self._ids = [w.id for w in others]
        self._keys = [w.key for w in others]
        self._search = [f"{w.key} {w.title} {w.team_name} {w.team_code}".lower() for w in others]
        self._labels = [f"{w.key}  {w.title} · {w.team_name}" for w in others]
        self._shown: list[int] = []  # positions in the lists above of the rows the picker shows

        self.type = QComboBox()
        for link_type, name in TYPE_NAMES.items():
            self.type.addItem(f"{link_type.value}   {name}", link_type.value)
        self.lag = QSpinBox()
        self.lag.setRange(-365, 365)
        self.lag.setSuffix(" working days")
        self.lag.setToolTip("Negative: a lead, the successor may begin that many working days early")
        self.meaning = QLabel()
        self.meaning.setStyleSheet("color: #455A64;")
        self.note = QLineEdit()
        self.note.setPlaceholderText("Why the link is there (optional)")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {HEALTH_COLOUR[HealthLevel.RED]};")
        self.message.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Save link" if self.link else "Add link")

        form = QFormLayout()
        form.addRow("Type:", self.type)
        form.addRow("Lag:", self.lag)
        form.addRow("", self.meaning)
        form.addRow("Note:", self.note)
        layout = QVBoxLayout(self)
        if self.link is None:
            layout.addLayout(directions)
            layout.addWidget(self.filter)
            layout.addWidget(self.picker, 1)
            layout.addWidget(self.more)
            layout.addSpacing(6)
        else:
            self.type.setCurrentIndex(self.type.findData(self.link.type.value))
            self.lag.setValue(self.link.lag)
            self.note.setText(self.link.note)
            heading = QLabel(f"<b>{self._link_name()}</b>")
            layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self.filter.textChanged.connect(self._filter)
        self.filter.installEventFilter(self)
        self.picker.selectionModel().currentChanged.connect(self._update)
        self.picker.doubleClicked.connect(lambda _index: self.ok_button.click())
        direction.buttonToggled.connect(self._update)
        self.type.currentIndexChanged.connect(self._update)
        self.lag.valueChanged.connect(self._update)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self._filter("")
        (self.filter if self.link is None else self.type).setFocus()

    def _link_name(self) -> str:
        assert self.link is not None
        return f"{self.link.predecessor_key} → {self.link.successor_key}"

    def chosen_id(self) -> int | None:
        """The other workstream picked in the list, when adding."""
        row = self.picker.currentIndex().row()
        return self._ids[self._shown[row]] if 0 <= row < len(self._shown) else None

    def _filter(self, text: str) -> None:
        words = text.lower().split()
        found = [i for i, haystack in enumerate(self._search) if all(w in haystack for w in words)]
        self._shown = found[:MAX_SHOWN]
        self.matches.setStringList([self._labels[i] for i in self._shown])
        hidden = len(found) - len(self._shown)
        self.more.setText(f"{hidden:,} more — type to narrow" if hidden else "No match")
        self.more.setVisible(bool(hidden) or not found)
        if self._shown:
            self.picker.setCurrentIndex(self.matches.index(0))
        self._update()

    def _update(self) -> None:
        link_type = DependencyType(self.type.currentData())
        if self.link is not None:
            predecessor, successor = self.link.predecessor_key, self.link.successor_key
        else:
            key = self.document.plan.workstreams[self.workstream_id].key
            row = self.picker.currentIndex().row()
            other = self._keys[self._shown[row]] if 0 <= row < len(self._shown) else "the other one"
            predecessor, successor = (other, key) if self.waits_on.isChecked() else (key, other)
        ready = self.link is not None or self.chosen_id() is not None
        self.ok_button.setEnabled(ready and not self.document.read_only)
        self.meaning.setText(link_meaning(successor, predecessor, link_type, self.lag.value()))
        self.message.hide()

    def save(self) -> None:
        """Add or change the link; a refusal (a loop, a duplicate) is shown here and the dialog stays open."""
        with self.document.refusals() as refusals:
            link_type = DependencyType(self.type.currentData())
            note = self.note.text().strip()
            if self.link is not None:
                self.document.edit_dependency(self.link.id, type=link_type, lag=self.lag.value(), note=note)
            else:
                chosen = self.chosen_id()
                if chosen is None:
                    return
                pair = (
                    (chosen, self.workstream_id)
                    if self.waits_on.isChecked()
                    else (self.workstream_id, chosen)
                )
                self.document.add_dependency(*pair, link_type, self.lag.value(), note)
        if refusals:
            self.message.setText(refusals[0])
            self.message.show()
            return
        self.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Up and Down in the search box move through the matches, so the mouse is never needed.
        if watched is self.filter and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
                QCoreApplication.sendEvent(self.picker, event)
                return True
        return super().eventFilter(watched, event)
