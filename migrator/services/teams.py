"""Teams and people: creating, renaming, leading, removing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from migrator.domain import rules
from migrator.domain.errors import NotFoundError, ValidationError
from migrator.domain.model import Person, Team, TeamSummary
from migrator.services.checks import reject_unknown
from migrator.store.repositories.common import gone
from migrator.store.repositories.teams import TeamRepository
from migrator.store.unit_of_work import UnitOfWorkFactory

TEAM_COLOURS = (
    "#1F77B4", "#FF7F0E", "#2CA02C", "#D62728", "#9467BD",
    "#8C564B", "#E377C2", "#7F7F7F", "#BCBD22", "#17BECF",
)  # fmt: skip


class TeamService:
    def __init__(self, units: UnitOfWorkFactory) -> None:
        self._units = units
        self._teams = TeamRepository(units)

    # ------------------------------------------------------------ reading

    def teams(self) -> list[Team]:
        return self._teams.teams()

    def team(self, team_id: int) -> Team:
        for team in self.teams():
            if team.id == team_id:
                return team
        raise gone("team", team_id, shared=self._units.store.shared)

    def team_by_code(self, code: str) -> Team:
        teams = self.teams()
        for team in teams:
            if team.code == code.strip().upper():
                return team
        known = ", ".join(sorted(team.code for team in teams))
        raise NotFoundError(f"There is no team with code '{code}' (teams: {known or 'none yet'}).")

    def team_summaries(self) -> list[TeamSummary]:
        """Each team with its number of workstreams by status."""
        counts = self._teams.status_counts()
        return [TeamSummary(t, sum(counts[t.id].values()), dict(counts[t.id])) for t in self.teams()]

    def people(self) -> list[Person]:
        return self._teams.people()

    # ------------------------------------------------------------ teams

    def create_team(
        self, name: str, code: str | None = None, colour: str | None = None, lead_id: int | None = None
    ) -> int:
        with self._units.changing():
            name = rules.require_text(name, "A team's name")
            existing = self._teams.names_and_codes()
            if any(n.casefold() == name.casefold() for _, n, _ in existing):
                raise ValidationError(f"There is already a team called '{name}'.")
            owners = {c: n for _, n, c in existing}
            code = rules.normalise_team_code(code) if code else rules.suggest_team_code(name, set(owners))
            if code in owners:
                raise ValidationError(f"Team code {code} is already the code of {owners[code]}.")
            colour = rules.check_colour(colour) if colour else TEAM_COLOURS[len(existing) % len(TEAM_COLOURS)]
            if lead_id is not None:
                self._teams.require_person(lead_id)
            return self._teams.create_team(name, code, colour, lead_id)

    def update_team(
        self, team_id: int, changes: Mapping[str, Any], expected_version: int | None = None
    ) -> None:
        reject_unknown(changes, {"name", "code", "colour", "lead_id"}, "team")
        with self._units.changing():
            self._teams.team_for_change(team_id, expected_version)
            values = dict(changes)
            if "name" in values:
                values["name"] = rules.require_text(values["name"], "A team's name")
                if self._teams.name_taken(values["name"], other_than=team_id):
                    raise ValidationError(f"There is already a team called '{values['name']}'.")
            if "code" in values:
                values["code"] = rules.normalise_team_code(values["code"])
                holder = self._teams.code_holder(values["code"], other_than=team_id)
                if holder:
                    raise ValidationError(f"Team code {values['code']} is already the code of {holder}.")
            if "colour" in values:
                values["colour"] = rules.check_colour(values["colour"])
            if values.get("lead_id") is not None:
                self._teams.require_person(values["lead_id"])
            self._teams.write_team(team_id, values)

    def delete_team(
        self, team_id: int, move_workstreams_to: int | None = None, expected_version: int | None = None
    ) -> None:
        """Remove a team; its workstreams move to another team, which must then be named."""
        with self._units.changing():
            name = self._teams.team_for_change(team_id, expected_version)
            owned = self._teams.workstream_count(team_id)
            if owned and move_workstreams_to is None:
                raise ValidationError(
                    f"Team {name} still has {owned} workstream(s); choose a team to move them to."
                )
            if owned and move_workstreams_to == team_id:
                raise ValidationError("Workstreams cannot move to the team being removed.")
            self._teams.delete_team(team_id, move_workstreams_to if owned else None)

    # ------------------------------------------------------------ people

    def create_person(self, name: str, email: str | None = None, team_id: int | None = None) -> int:
        with self._units.changing():
            name = rules.require_text(name, "A person's name")
            email = rules.check_email(email)
            if team_id is not None:
                self._teams.require_team(team_id)
            return self._teams.create_person(name, email, team_id)

    def update_person(
        self, person_id: int, changes: Mapping[str, Any], expected_version: int | None = None
    ) -> None:
        reject_unknown(changes, {"name", "email", "team_id"}, "person")
        with self._units.changing():
            self._teams.person_for_change(person_id, expected_version)
            values = dict(changes)
            if "name" in values:
                values["name"] = rules.require_text(values["name"], "A person's name")
            if "email" in values:
                values["email"] = rules.check_email(values["email"])
            if values.get("team_id") is not None:
                self._teams.require_team(values["team_id"])
            self._teams.write_person(person_id, values)

    def delete_person(self, person_id: int, expected_version: int | None = None) -> None:
        """Remove a person; their workstreams become unowned (recorded in history)."""
        with self._units.changing():
            self._teams.person_for_change(person_id, expected_version)
            self._teams.delete_person(person_id)
