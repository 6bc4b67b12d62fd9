"""What the window remembers between sessions (QSettings), always read with explicit types."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 8


class WindowSettings:
    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings or QSettings()

    def recent_files(self) -> list[Path]:
        """Recent files that still exist, newest first."""
        value = self._settings.value("recentFiles", [], type=list)
        paths = [Path(str(p)) for p in value] if isinstance(value, list) else []  # value() is typed object
        return [p for p in paths if p.exists()]

    def add_recent(self, path: Path) -> None:
        path = path.resolve()
        recent = [p for p in self.recent_files() if p.resolve() != path]
        self._settings.setValue("recentFiles", [str(p) for p in [path, *recent][:MAX_RECENT]])

    def forget_recent(self, path: Path) -> None:
        recent = [p for p in self.recent_files() if p.resolve() != path.resolve()]
        self._settings.setValue("recentFiles", [str(p) for p in recent])

    def last_file(self) -> Path | None:
        recent = self.recent_files()
        return recent[0] if recent else None

    def state(self, name: str) -> QByteArray | None:
        """A saved geometry, splitter or header state; None when there is none yet."""
        value = self._settings.value(f"state/{name}", None, type=QByteArray)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_state(self, name: str, value: QByteArray) -> None:
        self._settings.setValue(f"state/{name}", value)

    def folder(self, name: str) -> Path:
        """The folder last used for a kind of file (reports, plans, migrations)."""
        value = self._settings.value(f"folders/{name}", "", type=str)
        path = Path(str(value)) if value else Path.home()
        return path if path.is_dir() else Path.home()

    def set_folder(self, name: str, folder: Path) -> None:
        self._settings.setValue(f"folders/{name}", str(folder))

    def user_name(self) -> str | None:
        """The name the user gave for history and reports; None until they have said."""
        value = str(self._settings.value("user/name", "", type=str) or "").strip()
        return value or None

    def set_user_name(self, name: str) -> None:
        self._settings.setValue("user/name", name.strip())

    def sync(self) -> None:
        self._settings.sync()
