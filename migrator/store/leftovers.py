"""Leftovers of a killed Migrator beside a migration file, removed when it is opened for writing."""

from __future__ import annotations

from pathlib import Path

from migrator.leftovers import partial_pattern, remove_old


def remove_beside(path: Path) -> list[Path]:
    """Old half-made files of this migration (``.NAME-XXXXXXXX.partial``, from a killed import
    or new file). A hot journal is not a leftover: opening the file rolls it back."""
    return remove_old(path.parent, partial_pattern(path.stem))
