"""Checks every aggregate service makes of what a caller asks to change."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from migrator.domain.errors import ValidationError
from migrator.domain.model import DependencyType
from migrator.domain.workstream_state import WORKSTREAM_FIELDS
from migrator.store.rows import field_label

__all__ = ["check_types", "dependency_type", "field_label", "reject_unknown"]


def reject_unknown(changes: Mapping[str, Any], allowed: Iterable[str], what: str) -> None:
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise ValidationError(f"A {what} has no field(s) {', '.join(unknown)}.")


def check_types(changes: Mapping[str, Any]) -> None:
    """Each workstream field holds its own type (a date, not a datetime; a number, not a bool)."""
    for field, value in changes.items():
        expected = WORKSTREAM_FIELDS[field]
        if isinstance(value, datetime) or (isinstance(value, bool) and expected is int):
            raise ValidationError(f"{field_label(field).capitalize()} cannot be {value!r}.")
        if not isinstance(value, expected):
            raise ValidationError(f"{field_label(field).capitalize()} cannot be {value!r}.")


def dependency_type(value: DependencyType | str) -> DependencyType:
    try:
        return DependencyType(str(value).upper())
    except ValueError:
        raise ValidationError(f"Dependency type '{value}' is not one of FS, SS, FF, SF.") from None
