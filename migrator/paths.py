"""Where Migrator keeps its own files (demo, logs), per platform; MIGRATOR_DATA_DIR overrides."""

from __future__ import annotations

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
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "migrator"
    base.mkdir(parents=True, exist_ok=True)
    return base


def log_path() -> Path:
    return data_dir() / "migrator.log"


def demo_path() -> Path:
    return data_dir() / "Card fleet replacement (demo).migrator"
