"""Where Migrator's files are: its own data (demo, logs) per platform, and the resources it ships.

Data: MIGRATOR_DATA_DIR overrides; nothing fails when the folder cannot be made, the program
runs without its data folder. Resources (the icon, the style sheets, the desktop entry) live in
the checkout's top-level ``resources/`` folder; a built wheel carries a copy inside the package
(``migrator/resources``, copied by setup.py's build step). Plain Python, so the command line
and the demo can find resources as well as the window.
"""

from __future__ import annotations

import contextlib
import os
import sys
from functools import cache
from importlib import resources
from pathlib import Path
from string import Template

_CHECKOUT_RESOURCES = Path(__file__).resolve().parent.parent / "resources"


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


def resource_root() -> Path:
    """The folder resources are read from: the installed package's copy, else the checkout's."""
    installed = resources.files("migrator") / "resources"
    if isinstance(installed, Path) and installed.is_dir():
        return installed
    return _CHECKOUT_RESOURCES


def resource(*parts: str) -> Path:
    """A resource's path, e.g. ``resource("icons", "migrator.svg")``.

    Raises FileNotFoundError naming what is missing: an installation without its resources
    is broken, and saying so beats a window without its look.
    """
    path = resource_root().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"Migrator's resource {'/'.join(parts)} is missing from {resource_root()}.")
    return path


@cache
def style_sheet(name: str, **values: str) -> str:
    """A Qt style sheet from ``resources/style/<name>.qss``, with its ``$NAME`` values filled in
    (the colours a view also paints with are named once, in its module)."""
    text = resource("style", f"{name}.qss").read_text(encoding="utf-8")
    return Template(text).substitute(values)
