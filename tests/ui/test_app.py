"""Starting the window: a file that cannot be opened gives a dialog, not a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from migrator import app


def test_a_foreign_file_is_explained_in_a_dialog(
    qapp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, text: shown.append((title, text)))
    path = tmp_path / "notes.migrator"
    path.write_text("not a plan")

    assert app.main([str(path)]) == 2
    assert shown == [
        (
            "Migrator — cannot open the file",
            "notes.migrator is not a Migrator file: it is not a database at all.",
        )
    ]
