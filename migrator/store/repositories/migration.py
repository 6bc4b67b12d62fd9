"""The migration row (settings, health thresholds, go-live) and its calendar."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from migrator.domain.model import HealthThresholds, Migration
from migrator.domain.raid import RiskBands
from migrator.store import plan_reader
from migrator.store.repositories.common import Repository, get
from migrator.store.schema import MigrationRow, NonWorkingDayRow, WorkstreamRow
from migrator.store.stale_rows import check_version

# The migration's settings as the services name them, and the column each is kept in.
SETTINGS = ("name", "description", "start", "target_go_live", "go_live_milestone_id", "working_weekdays")
_COLUMN = {"start": "start_date"}


class MigrationRepository(Repository):
    def migration(self) -> Migration:
        with self.reading_rows() as connection:
            return plan_reader.read_migration(connection, self.file_name)

    def non_working_days(self) -> dict[date, str]:
        with self.reading_rows() as connection:
            return plan_reader.read_non_working_days(connection)

    def create(self, name: str, description: str, start: date | None, target: date | None) -> None:
        row = MigrationRow(
            id=1, name=name, description=description, start_date=start, target_go_live=target,
            working_weekdays="01234",
        )  # fmt: skip
        self.session.add(row)
        self.unit.record("migration", 1, name, "created")

    def settings(self, expected_version: int | None = None) -> dict[str, Any]:
        """The settings by name (working weekdays as a set, thresholds whole), refused when the
        migration moved on from ``expected_version``."""
        row = get(self.session, MigrationRow, 1, "migration")
        check_version(self.unit, row, expected_version, "migration", row.name)
        values = {field: getattr(row, _COLUMN.get(field, field)) for field in SETTINGS}
        values["working_weekdays"] = frozenset(int(d) for d in row.working_weekdays)
        values["health_thresholds"] = HealthThresholds(
            **{setting.name: getattr(row, setting.name) for setting in dataclasses.fields(HealthThresholds)}
        )
        values["risk_bands"] = RiskBands(row.risk_amber_score, row.risk_red_score)
        return values

    def milestone(self, workstream_id: int) -> tuple[str, bool]:
        """A would-be go-live's key and whether it is a milestone."""
        row = get(self.session, WorkstreamRow, workstream_id, "workstream")
        return row.key, bool(row.is_milestone)

    def write_settings(self, values: Mapping[str, Any], comment: str = "") -> dict[str, Any]:
        """Store the settings ``values`` gives (working weekdays as text), each change recorded;
        returns those that changed. Thresholds are recorded one column each."""
        row = get(self.session, MigrationRow, 1, "migration")
        changed: dict[str, Any] = {}
        for field, value in values.items():
            if field == "health_thresholds":
                if self._write_thresholds(row, value, comment):
                    changed[field] = value
                continue
            if field == "risk_bands":
                if self._write_bands(row, value, comment):
                    changed[field] = value
                continue
            column = _COLUMN.get(field, field)
            old = getattr(row, column)
            if old != value:
                setattr(row, column, value)
                self.unit.record("migration", 1, row.name, "changed", field, old, value, comment)
                changed[field] = value
        return changed

    def _write_thresholds(self, row: MigrationRow, thresholds: HealthThresholds, comment: str) -> bool:
        any_changed = False
        for setting in dataclasses.fields(HealthThresholds):
            old, new = getattr(row, setting.name), getattr(thresholds, setting.name)
            if old != new:
                setattr(row, setting.name, new)
                self.unit.record("migration", 1, row.name, "changed", setting.name, old, new, comment)
                any_changed = True
        return any_changed

    def _write_bands(self, row: MigrationRow, bands: RiskBands, comment: str) -> bool:
        any_changed = False
        for column, new in (("risk_amber_score", bands.amber_score), ("risk_red_score", bands.red_score)):
            old = getattr(row, column)
            if old != new:
                setattr(row, column, new)
                self.unit.record("migration", 1, row.name, "changed", column, old, new, comment)
                any_changed = True
        return any_changed

    def set_non_working_days(self, days: Mapping[date, str]) -> None:
        session, unit = self.session, self.unit
        current = {r.day: r for r in session.scalars(select(NonWorkingDayRow))}
        changed = False
        for day, row in current.items():
            if day not in days:
                session.delete(row)
                unit.record("migration", 1, "calendar", "changed", "non_working_day", day, None)
                changed = True
        for day, name in days.items():
            if day not in current:
                session.add(NonWorkingDayRow(day=day, name=name))
                unit.record("migration", 1, "calendar", "changed", "non_working_day", None, day)
                changed = True
            elif current[day].name != name:
                current[day].name = name
                changed = True
        if changed:  # the calendar is part of the migration: its version moves with it
            flag_modified(get(session, MigrationRow, 1, "migration"), "working_weekdays")

    def go_live_id(self) -> int | None:
        row = self.session.get(MigrationRow, 1)
        return None if row is None else row.go_live_milestone_id

    def set_go_live(self, workstream_id: int | None) -> None:
        """Name the go-live milestone without a history entry (it follows a workstream's own)."""
        row = self.session.get(MigrationRow, 1)
        if row is not None:
            row.go_live_milestone_id = workstream_id
