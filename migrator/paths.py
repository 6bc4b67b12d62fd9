"""Where Migrator keeps its own files (demo, logs), per platform; MIGRATOR_DATA_DIR overrides.

Nothing here fails when the folder cannot be made: the program runs without its data folder."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path


def data_dir() -> Path:
    override = os.environ.get("MIGRATOR_DATA_DIR")
    if override:
        base = Path(override)
    elif sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming")) / "Migrator"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support" / "Migrator"
    else:
        xdg = os.environ.get("XDG_DATA_HOME", "")
        # The XDG spec: an empty or relative value is ignored (never a folder in the working directory).
        base = (Path(xdg) if os.path.isabs(xdg) else Path.home() / ".local" / "share") / "migrator"
    # A read-only or impossible folder: whoever writes there says so (the crash log keeps quiet).
    with contextlib.suppress(OSError):
        base.mkdir(parents=True, exist_ok=True)
    return base


def log_path() -> Path:
    return data_dir() / "migrator.log"


def demo_path() -> Path:
    return data_dir() / "Card fleet replacement (demo).migrator"
