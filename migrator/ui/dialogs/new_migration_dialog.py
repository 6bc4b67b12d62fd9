"""Asking for a new migration: its name, start, target go-live and the file to create it in."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from migrator.analysis import HealthLevel
from migrator.domain.wording import date_text
from migrator.services import NewMigration
from migrator.ui.dialogs.export_dialog import file_name_of
from migrator.ui.palette import HEALTH_COLOUR
from migrator.ui.widgets.date_edit import DateEdit, dates_read, with_message
from migrator.ui.window_settings import WindowSettings

SUFFIX = ".migrator"


def target_problem(start: date | None, target: date | None) -> str:
    """What is wrong with a target go-live for this start, or "" when nothing is."""
    if start and target and target <= start:
        return f"The target go-live ({date_text(target)}) must be after the start ({date_text(start)})."
    return ""


def date_field(value: date | None, today: date) -> DateEdit:
    """A date that may stay empty ("—"), as the details pane edits dates."""
    field = DateEdit(today=today)
    field.set_value(value)
    return field


class NewMigrationDialog(QDialog):
    def __init__(
        self, parent: QWidget | None = None, today: date | None = None, settings: WindowSettings | None = None
    ) -> None:
        super().__init__(parent)
        self.settings = settings or WindowSettings()  # the window's: its remembered folders
        today = today or date.today()
        self.setWindowTitle("New migration")
        self.setMinimumWidth(560)

        self.name = QLineEdit()
        self.name.setMaxLength(200)
        self.name.setPlaceholderText("e.g. Card fleet replacement")
        self.start = date_field(today, today)
        self.target = date_field(None, today + timedelta(days=182))
        self.target.setToolTip("The date the migration should be live; leave it unticked if not agreed yet.")
        self.path = QLineEdit()
        self.path.setPlaceholderText(f"Where to create the {SUFFIX} file")
        self.browse_button = QPushButton("Browse…")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self._suggested = ""  # the file name last suggested from the migration's name

        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow("Name:", self.name)
        form.addRow("Start:", with_message(self.start))
        form.addRow("Target go-live:", with_message(self.target))
        form.addRow("File:", path_row)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Create")

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.name.textChanged.connect(self._follow_name)
        for field in (self.start, self.target):
            field.date_changed.connect(self._validate)
        self.path.textChanged.connect(self._validate)
        self.browse_button.clicked.connect(self.browse)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._validate()

    @classmethod
    def ask(
        cls, parent: QWidget | None = None, today: date | None = None, settings: WindowSettings | None = None
    ) -> tuple[Path, NewMigration] | None:
        """The file to create and what to put in it, or None when the user cancelled."""
        dialog = cls(parent, today, settings)
        try:
            return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    # ------------------------------------------------------------ the file

    def _follow_name(self) -> None:
        """Suggest a file named after the migration until the user picks one of their own."""
        name = file_name_of(self.name.text())
        suggested = str(self.settings.folder("migrations") / f"{name}{SUFFIX}") if name else ""
        if self.path.text() == self._suggested:
            self.path.setText(suggested)
        self._suggested = suggested
        self._validate()

    def browse(self) -> None:
        start = self.path.text().strip() or str(self.settings.folder("migrations"))
        # Not the system's "Replace?" question: an existing file is refused here either way.
        path, _filter = QFileDialog.getSaveFileName(
            self, "Create the migration file", start, f"Migrator files (*{SUFFIX})",
            options=QFileDialog.Option.DontConfirmOverwrite,
        )  # fmt: skip
        if path:
            self.path.setText(str(self._with_suffix(Path(path))))

    def _with_suffix(self, path: Path) -> Path:
        return path if path.suffix.lower() == SUFFIX else path.with_name(path.name + SUFFIX)

    def chosen_path(self) -> Path | None:
        text = self.path.text().strip()
        if not text:
            return None
        path = Path(text).expanduser()
        if not path.is_absolute():
            path = self.settings.folder("migrations") / path
        return self._with_suffix(path)

    # ------------------------------------------------------------ checking and answering

    def _problem(self) -> tuple[str, bool]:
        """What stops the file being created (and whether it is a mistake rather than a gap)."""
        if not self.name.text().strip():
            return "Name the migration.", False
        if problem := target_problem(self.start.value(), self.target.value()):
            return problem, True
        path = self.chosen_path()
        if path is None:
            return "Choose where to create the file.", False
        if path.exists():
            return (
                f"{path.name} already exists in {path.parent}. Choose a new name: "
                "a new migration never replaces a file.",
                True,
            )
        if not path.parent.is_dir():
            return f"The folder {path.parent} does not exist.", True
        return "", False

    def _validate(self) -> bool:
        problem, mistake = self._problem()
        self.message.setStyleSheet(f"color: {HEALTH_COLOUR[HealthLevel.RED]};" if mistake else "")
        path = self.chosen_path()
        if not problem and path is not None:
            self.message.setText(f"Creates {path.name} in {path.parent}.")
        else:
            self.message.setText(problem)
        self.ok_button.setEnabled(not problem)
        return not problem

    def chosen(self) -> tuple[Path, NewMigration] | None:
        path = self.chosen_path()
        if path is None or self._problem()[0]:
            return None
        return path, NewMigration(self.name.text().strip(), self.start.value(), self.target.value())

    def accept(self) -> None:
        if not dates_read(self.start, self.target):
            return  # the reason is beside the date
        if not self._validate():  # the file may have appeared since the last keystroke
            return
        path = self.chosen_path()
        assert path is not None
        self.settings.set_folder("migrations", path.parent)
        super().accept()
