"""The import choices a coordinator made for each kind of plan file (its shape), kept in the
user's data folder so the next import of a newer export of that plan starts from them."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from migrator import paths
from migrator.importing.source_plan import ImportChoices

FILE_NAME = "import-choices.json"
MAX_REMEMBERED = 200  # shapes kept; the oldest are forgotten first

log = logging.getLogger(__name__)


def choices_path() -> Path:
    return paths.data_dir() / FILE_NAME


def remembered_choices(shape: str) -> ImportChoices | None:
    """The choices last used for a plan of this shape, or None (never remembered, or the file
    is damaged: then it is ignored and logged)."""
    if not shape:
        return None
    found = _read().get(shape)
    return _choices(found) if found is not None else None


def remember_choices(shape: str, choices: ImportChoices) -> None:
    """Keep ``choices`` for plans of this shape (a folder that refuses the write is logged: the
    import itself succeeded, and remembering is a courtesy)."""
    if not shape:
        return
    everything = {name: value for name, value in _read().items() if name != shape}
    everything[shape] = {
        "team_from": choices.team_from,
        "date_order": choices.date_order,
        "columns": dict(choices.columns) if choices.columns else None,
    }
    while len(everything) > MAX_REMEMBERED:
        del everything[next(iter(everything))]
    path = choices_path()
    temp: str | None = None
    try:
        handle, temp = tempfile.mkstemp(prefix=".import-choices-", suffix=".tmp", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(everything, out, ensure_ascii=False, indent=1)
        os.replace(temp, path)
        temp = None
    except OSError as error:
        log.warning("The import choices could not be remembered in %s: %s", path, error)
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)


def _read() -> dict[str, Any]:
    path = choices_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        log.warning("The remembered import choices in %s are ignored: %s", path, error)
        return {}
    try:
        found = json.loads(text)
    except ValueError as error:
        log.warning("The remembered import choices in %s are ignored: %s", path, error)
        return {}
    if not isinstance(found, dict):
        log.warning("The remembered import choices in %s are ignored: not a JSON object.", path)
        return {}
    return found


def _choices(value: Any) -> ImportChoices | None:
    """The choices stored for one shape, or None when they are not what remember_choices wrote."""
    if not isinstance(value, dict):
        log.warning("Remembered import choices that are not an object are ignored: %r", value)
        return None
    team_from, date_order, columns = value.get("team_from"), value.get("date_order"), value.get("columns")
    valid = (
        (team_from is None or isinstance(team_from, str))
        and date_order in (None, "dmy", "mdy")
        and (
            columns is None
            or (
                isinstance(columns, dict)
                and all(isinstance(k, str) and isinstance(v, str) for k, v in columns.items())
            )
        )
    )
    if not valid:
        log.warning("Remembered import choices that are not valid are ignored: %r", value)
        return None
    return ImportChoices(
        team_from, "dmy" if date_order == "dmy" else "mdy" if date_order == "mdy" else None, columns
    )
