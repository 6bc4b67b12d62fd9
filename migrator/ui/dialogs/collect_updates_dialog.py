"""File › Collect updates… (or workbooks dropped on the window): the returned workbooks read and
compared with the plan in the background, then reviewed field by field and applied as one step."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from migrator.analysis import HealthLevel
from migrator.domain.errors import MigratorError
from migrator.domain.updates import Review, Verdict
from migrator.domain.wording import plural
from migrator.ui.dialogs.background_job import BackgroundJob
from migrator.ui.dialogs.working_dialog import WorkingDialog
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.dropped_files import dropped_workbooks
from migrator.ui.palette import HEALTH_COLOUR
from migrator.ui.widgets.update_review import UpdateReview
from migrator.ui.window_settings import WindowSettings

WORKBOOKS = "Returned update workbooks (*.xlsx);;Every file (*)"


def choose_returns(parent: QWidget, settings: WindowSettings) -> list[Path]:
    """Ask which returned workbooks to collect (none: the user cancelled)."""
    paths, _filter = QFileDialog.getOpenFileNames(
        parent, "Collect status updates", str(settings.folder("returns")), WORKBOOKS
    )
    if paths:
        settings.set_folder("returns", Path(paths[0]).parent)
    return [Path(path) for path in paths]


class CollectUpdatesDialog(WorkingDialog):
    """Reads ``files`` at once; the review, accept or reject per field, then Apply."""

    shows_refusals = True  # a refused apply is said here, not in a message box over it

    def __init__(
        self,
        document: PlanDocument,
        files: Sequence[Path],
        parent: QWidget | None = None,
        settings: WindowSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.settings = settings or WindowSettings()
        self.files: list[Path] = []
        self.review_made: Review | None = None
        self.applied_text = ""  # what was applied, for the window's status bar
        self.job = BackgroundJob("collect updates", self)
        self.setWindowTitle("Collect status updates")
        self.resize(1100, 720)

        self.files_label = QLabel()
        self.files_label.setWordWrap(True)
        self.add_button = QPushButton("Add files…")
        self.add_button.setAutoDefault(False)
        files_row = QHBoxLayout()
        files_row.addWidget(self.files_label, 1)
        files_row.addWidget(self.add_button)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress_message = QLabel()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refusal = QLabel()
        self.refusal.setWordWrap(True)
        self.refusal.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refusal.setStyleSheet(f"color: {HEALTH_COLOUR[HealthLevel.RED]};")
        self.refusal.hide()
        self.tree = UpdateReview()

        role = QDialogButtonBox.ButtonRole
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.clean_button = self.buttons.addButton("Accept all clean updates", role.ActionRole)
        self.reject_button = self.buttons.addButton("Reject all", role.ActionRole)
        self.again_button = self.buttons.addButton("Collect again", role.ActionRole)
        self.apply_button = self.buttons.addButton("Apply", role.AcceptRole)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        assert cancel is not None
        self.cancel_button = cancel
        for button in (self.clean_button, self.reject_button, self.again_button):
            button.setAutoDefault(False)
        self.again_button.hide()
        self.apply_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addLayout(files_row)
        layout.addWidget(self.progress)
        layout.addWidget(self.progress_message)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.refusal)
        layout.addWidget(self.buttons)

        self.add_button.clicked.connect(self.add_files)
        self.clean_button.clicked.connect(self.tree.accept_clean)
        self.reject_button.clicked.connect(self.tree.reject_all)
        self.again_button.clicked.connect(self.collect)
        self.tree.choice_changed.connect(self._update_apply)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        self.job.progressed.connect(self._show_progress)
        self.job.finished.connect(self._show_review)
        self.setAcceptDrops(True)  # more returned workbooks dropped on the review join it
        self.add(files)

    # ------------------------------------------------------------ reading the files

    def add_files(self) -> None:
        self.add(choose_returns(self, self.settings))

    def add(self, files: Sequence[Path]) -> None:
        """Add workbooks to the review (each once) and read them all again."""
        known = {path.resolve() for path in self.files}
        for path in files:
            if path.resolve() not in known:
                self.files.append(path)
                known.add(path.resolve())
        if self.files:
            self.collect()
        else:
            self._show_files()
            self.summary.setText("Add the workbooks the teams sent back (Add files…).")
            self._update_apply()

    def _show_files(self) -> None:
        names = ", ".join(path.name for path in self.files)
        self.files_label.setText(
            f"{plural(len(self.files), 'file')}: {names}" if self.files else "No file yet."
        )
        self.files_label.setToolTip("\n".join(str(path) for path in self.files))

    def collect(self) -> None:
        if self.job.running or not self.files:
            return
        self._show_files()
        try:
            worker = self.document.collect_worker()
        except MigratorError as error:  # e.g. a shared plan's server away
            self._refuse(str(error))
            return
        files = list(self.files)
        self.review_made = None
        self.tree.clear()
        self.refusal.hide()
        self.again_button.hide()
        self.summary.setText("")
        self.progress.setValue(0)
        self.progress_message.setText("Starting…")
        self.progress.show()
        self.progress_message.show()
        self._update_apply()
        self.job.start(lambda progress: worker(files, progress))

    def _show_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(round(fraction * 100))
        self.progress_message.setText(message)

    def _show_review(self, outcome: object) -> None:
        self.progress.hide()
        self.progress_message.hide()
        if isinstance(outcome, BaseException):
            self._update_apply()
            if not isinstance(outcome, MigratorError | OSError):
                raise outcome  # unexpected: reaches the error dialog; the dialog stays usable
            self._refuse(str(outcome))
            return
        assert isinstance(outcome, Review)
        self.review_made = outcome
        self.tree.show_review(outcome)
        self.summary.setText(summary_text(outcome))
        self._update_apply()

    # ------------------------------------------------------------ applying

    def _answering(self) -> int:
        """The files whose answers Apply records (read and matched to a request)."""
        review = self.review_made
        return sum(1 for r in review.returns if not r.refused and r.request is not None) if review else 0

    def _update_apply(self) -> None:
        updates = len(self.tree.accepted_updates())
        comments = sum(1 for ref in self.tree.accepted() if ref[2] in ("comment", "raid comment"))
        if updates:
            text = f"Apply {plural(updates, 'update')}"
        elif comments:
            text = f"Apply {plural(comments, 'comment')}"
        else:
            text = "Record the answers"  # a team that changed nothing has answered all the same
        self.apply_button.setText(text)
        ready = self.review_made is not None and not self.job.running and not self.document.read_only
        self.apply_button.setEnabled(ready and self._answering() > 0)
        has_choices = ready and bool(self.tree.checkable())
        self.clean_button.setEnabled(has_choices and bool(self.review_made and self.review_made.clean))
        self.reject_button.setEnabled(has_choices)
        self.add_button.setEnabled(not self.job.running)
        if self.document.read_only:
            self._refuse(f"{self.document.name} is read-only: the updates can be reviewed, not applied.")

    def apply(self) -> None:
        review = self.review_made
        if review is None or self.job.running:
            return
        updates = self.tree.accepted_updates()
        chosen = self.tree.accepted()
        comments = [c for c in review.comments if c.ref in chosen]
        with self.document.refusals() as refused:
            done = self.document.apply_collected(review, updates, comments)
        if not done:
            self._refuse(
                " ".join(refused) or "The updates could not be applied.",
                again=True,
            )
            return
        self.applied_text = applied_text(review, len(updates), len(comments))
        self.accept()

    def _refuse(self, message: str, again: bool = False) -> None:
        """Say why in place; after a refused apply the review is out of date: collect again."""
        if again and "Nothing was applied" not in message:
            message += " Nothing was applied."
        self.refusal.setText(message + (" Collect the files again to review them anew." if again else ""))
        self.refusal.show()
        self.again_button.setVisible(again)
        if again:
            self.review_made = None  # Apply waits for the new review
            self._update_apply()

    # ------------------------------------------------------------ more workbooks dropped on it

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._take_workbooks(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self._take_workbooks(event)

    def _take_workbooks(self, event: QDragMoveEvent) -> None:
        if not self.job.running and dropped_workbooks(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        files = dropped_workbooks(event.mimeData())
        if self.job.running or not files:
            event.ignore()
            return
        event.acceptProposedAction()
        self.add(files)

    # ------------------------------------------------------------ staying open while it reads

    def working(self) -> bool:
        return self.job.running


def summary_text(review: Review) -> str:
    """What the files hold, in one line: how many updates of each kind, and what is refused."""
    files = len(review.returns)
    refused = sum(1 for r in review.returns if r.refused)
    teams = len({r.team_name for r in review.returns if r.request is not None and not r.refused})
    counts = {verdict: 0 for verdict in (Verdict.CLEAN, Verdict.CONFLICT, Verdict.ALREADY)}
    for update in review.updates:
        counts[update.verdict] = counts.get(update.verdict, 0) + 1
    conflicts = counts[Verdict.CONFLICT]
    parts = [
        plural(counts[Verdict.CLEAN], "clean update"),
        plural(conflicts, "conflict") + (" (applied only if you tick it)" if conflicts else ""),
    ]
    if counts[Verdict.ALREADY]:
        parts.append(f"{counts[Verdict.ALREADY]} already in the plan")
    parts.append(plural(len(review.comments), "comment"))
    line = f"{plural(files, 'file')} from {plural(teams, 'team')}: " + ", ".join(parts) + "."
    warnings = []
    if refused:
        warnings.append(f"{plural(refused, 'file')} refused")
    if problems := len(review.problems) - refused:
        warnings.append(f"{plural(problems, 'other line')} not applied")
    if warnings:
        line += "\n" + " and ".join(warnings).capitalize() + ": each says why in red below."
    return line


def applied_text(review: Review, updates: int, comments: int) -> str:
    teams = sorted({r.team_name for r in review.returns if r.request is not None and not r.refused})
    whom = teams[0] if len(teams) == 1 else plural(len(teams), "team")
    what = [plural(updates, "update")] + ([plural(comments, "comment")] if comments else [])
    return f"Applied {' and '.join(what)} from {whom}. Edit › Undo takes them back."
