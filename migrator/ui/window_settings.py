"""What the window remembers between sessions (QSettings), always read with explicit types."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from migrator.domain.places import AddressError, Place, ServerAddress, place_of

MAX_RECENT = 8


class WindowSettings:
    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings or QSettings()

    def recent_places(self) -> list[Place]:
        """Recent files that still exist and shared plans, newest first. A shared plan is kept as
        its address, which never holds a password (ServerAddress refuses one)."""
        value = self._settings.value("recentFiles", [], type=list)
        places: list[Place] = []
        for text in value if isinstance(value, list) else []:  # value() is typed object
            try:
                place = place_of(str(text))
            except AddressError:  # written by hand, or by a later Migrator: not offered
                continue
            if isinstance(place, ServerAddress) or place.exists():
                places.append(place)
        return places

    def recent_files(self) -> list[Path]:
        """Recent files that still exist, newest first."""
        return [p for p in self.recent_places() if isinstance(p, Path)]

    def recent_servers(self) -> list[ServerAddress]:
        """Recent shared plans, newest first."""
        return [p for p in self.recent_places() if isinstance(p, ServerAddress)]

    def add_recent(self, place: Place) -> None:
        if isinstance(place, Path):
            place = place.resolve()
        recent = [p for p in self.recent_places() if not _same(p, place)]
        self._settings.setValue("recentFiles", [str(p) for p in [place, *recent][:MAX_RECENT]])

    def forget_recent(self, place: Place) -> None:
        recent = [p for p in self.recent_places() if not _same(p, place)]
        self._settings.setValue("recentFiles", [str(p) for p in recent])

    def last_place(self) -> Place | None:
        """The file or shared plan opened last."""
        recent = self.recent_places()
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


def _same(one: Place, other: Place) -> bool:
    if isinstance(one, Path) and isinstance(other, Path):
        return one.resolve() == other.resolve()
    return str(one) == str(other)
