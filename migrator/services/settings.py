"""The migration's settings (name, dates, working week, go-live, health thresholds) and calendar."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from migrator.domain import rules
from migrator.domain.calendar import WorkingCalendar
from migrator.domain.errors import ValidationError
from migrator.domain.model import HealthThresholds, Migration
from migrator.domain.raid import RiskBands
from migrator.domain.raid_rules import check_risk_bands
from migrator.services.checks import reject_unknown
from migrator.store.repositories.migration import SETTINGS, MigrationRepository
from migrator.store.unit_of_work import UnitOfWorkFactory


class SettingsService:
    def __init__(self, units: UnitOfWorkFactory) -> None:
        self._units = units
        self._migration = MigrationRepository(units)

    def migration(self) -> Migration:
        return self._migration.migration()

    def calendar(self) -> WorkingCalendar:
        migration = self.migration()
        return WorkingCalendar(migration.working_weekdays, migration.non_working_dates)

    def non_working_days(self) -> dict[date, str]:
        return self._migration.non_working_days()

    def create_migration(self, name: str, description: str, start: date | None, target: date | None) -> None:
        """The migration of a new file (a working week of Monday to Friday)."""
        name = rules.require_text(name, "The migration's name")
        rules.check_target_after_start(start, target)
        with self._units.changing():
            self._migration.create(name, description, start, target)

    def update_migration(
        self, changes: Mapping[str, Any], comment: str = "", expected_version: int | None = None
    ) -> dict[str, Any]:
        """Change the migration's settings; returns the changed ones' new values.

        ``health_thresholds`` (a HealthThresholds) is stored as one column per threshold and
        recorded in history per threshold ("red_slip_days", ...); it is returned whole, as is
        ``risk_bands`` (a RiskBands: "risk_amber_score", "risk_red_score").
        """
        with self._units.changing():
            reject_unknown(changes, {*SETTINGS, "health_thresholds", "risk_bands"}, "migration")
            values = self._migration.settings(expected_version)
            values.update(changes)
            values["name"] = rules.require_text(values["name"], "The migration's name")
            values["description"] = rules.optional_text(values["description"], "Description")
            rules.check_target_after_start(values["start"], values["target_go_live"])
            weekdays = frozenset(values["working_weekdays"])
            if not weekdays or not weekdays <= set(range(7)):
                raise ValidationError("The working week needs at least one day, Monday to Sunday.")
            if values["go_live_milestone_id"] is not None:
                key, is_milestone = self._migration.milestone(values["go_live_milestone_id"])
                if not is_milestone:
                    raise ValidationError(f"{key} is not a milestone, so it cannot be the go-live.")
            values["working_weekdays"] = "".join(str(d) for d in sorted(weekdays))
            thresholds = values["health_thresholds"]
            if not isinstance(thresholds, HealthThresholds):
                raise ValidationError(f"Health thresholds cannot be {thresholds!r}.")
            rules.check_health_thresholds(thresholds)
            if not isinstance(values["risk_bands"], RiskBands):
                raise ValidationError(f"Risk bands cannot be {values['risk_bands']!r}.")
            check_risk_bands(values["risk_bands"])
            comment = rules.optional_text(comment, "A comment")
            return self._migration.write_settings({field: values[field] for field in changes}, comment)

    def set_non_working_days(self, days: Mapping[date, str]) -> None:
        """Replace the public holidays and other non-working dates."""
        named = {
            day: rules.optional_text(
                name.strip(), f"The name of the non-working day {day.isoformat()}", max_length=rules.MAX_NAME
            )
            for day, name in days.items()
        }
        with self._units.changing():
            self._migration.set_non_working_days(named)

    def update_settings(
        self,
        changes: Mapping[str, Any],
        non_working_days: Mapping[date, str] | None,
        expected_version: int | None = None,
    ) -> None:
        """The settings and the calendar as one action, refused as a whole when the migration
        changed since it was read at ``expected_version``."""
        with self._units.changing():
            self.update_migration(changes, expected_version=expected_version)
            if non_working_days is not None:
                self.set_non_working_days(non_working_days)
