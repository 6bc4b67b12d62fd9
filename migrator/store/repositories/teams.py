"""Teams and people, and the workstream keys a team hands out."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import func, select

from migrator.domain import rules
from migrator.domain.model import Person, Status, Team
from migrator.store import plan_reader
from migrator.store.repositories.common import Repository, get
from migrator.store.rows import field_label
from migrator.store.schema import PersonRow, RaidItemRow, TeamRow, WorkstreamRow
from migrator.store.stale_rows import check_version

_TEAMS = "teams"  # the unit of work's teams by id, as next_key uses them


class TeamRepository(Repository):
    def teams(self) -> list[Team]:
        with self.reading_rows() as connection:
            return plan_reader.read_teams(connection)

    def people(self) -> list[Person]:
        with self.reading_rows() as connection:
            return plan_reader.read_people(connection)

    def status_counts(self) -> dict[int, dict[Status, int]]:
        """Each team's number of workstreams by status (by team id)."""
        counts: dict[int, dict[Status, int]] = defaultdict(dict)
        with self.reading() as session:
            for team_id, status, count in session.execute(
                select(WorkstreamRow.team_id, WorkstreamRow.status, func.count()).group_by(
                    WorkstreamRow.team_id, WorkstreamRow.status
                )
            ):
                counts[team_id][Status(status)] = count
        return counts

    # ------------------------------------------------------------ teams

    def names_and_codes(self) -> list[tuple[int, str, str]]:
        """(id, name, code) of every team, in the open unit of work."""
        query = select(TeamRow.id, TeamRow.name, TeamRow.code)
        return [(team_id, name, code) for team_id, name, code in self.session.execute(query)]

    def require_team(self, team_id: int | None) -> str:
        """The team's name; NotFoundError when it is not in the file."""
        return str(get(self.session, TeamRow, team_id, "team").name)

    def team_name(self, team_id: int | None) -> str | None:
        row = self.session.get(TeamRow, team_id) if team_id is not None else None
        return row.name if row else None

    def create_team(self, name: str, code: str, colour: str, lead_id: int | None) -> int:
        row = TeamRow(name=name, code=code, colour=colour, lead_id=lead_id, next_key_number=1)
        self.session.add(row)
        self.session.flush()
        self.unit.record("team", row.id, name, "created", comment=f"code {code}")
        return int(row.id)

    def team_for_change(self, team_id: int, expected_version: int | None) -> str:
        """The team's name, refused when it moved on from ``expected_version``."""
        row = get(self.session, TeamRow, team_id, "team")
        check_version(self.unit, row, expected_version, "team", row.name)
        return str(row.name)

    def name_taken(self, name: str, other_than: int) -> bool:
        return (
            self.session.scalar(
                select(TeamRow.id).where(func.lower(TeamRow.name) == name.lower(), TeamRow.id != other_than)
            )
            is not None
        )

    def code_holder(self, code: str, other_than: int) -> str | None:
        return self.session.scalar(select(TeamRow.name).where(TeamRow.code == code, TeamRow.id != other_than))

    def write_team(self, team_id: int, values: Mapping[str, Any]) -> None:
        row = get(self.session, TeamRow, team_id, "team")
        write_fields(self.unit, row, values, "team", row.name)

    def workstream_count(self, team_id: int) -> int:
        return int(self.session.scalar(select(func.count()).where(WorkstreamRow.team_id == team_id)) or 0)

    def delete_team(self, team_id: int, move_workstreams_to: int | None) -> None:
        """Remove a team, moving its workstreams (recorded) and leaving its people teamless."""
        session, unit = self.session, self.unit
        row = get(session, TeamRow, team_id, "team")
        owned = session.scalars(select(WorkstreamRow).where(WorkstreamRow.team_id == team_id)).all()
        if owned:
            target = get(session, TeamRow, move_workstreams_to, "team")
            for ws in owned:
                ws.team_id = target.id
                unit.record("workstream", ws.id, ws.key, "changed", "team", row.name, target.name)
        for person in session.scalars(select(PersonRow).where(PersonRow.team_id == team_id)):
            person.team_id = None
        for item in session.scalars(select(RaidItemRow).where(RaidItemRow.team_id == team_id)):
            item.team_id = None
            unit.record("raid", item.id, item.key, "changed", "team", row.name, None)
        unit.record("team", row.id, row.name, "deleted", old=row.code)
        unit.cache.get(_TEAMS, {}).pop(team_id, None)
        session.delete(row)

    def next_key(self, team_id: int, wanted: str | None, is_taken: Callable[[str], bool]) -> str:
        """A new workstream's key in the team (see assign_key)."""
        # Kept for the unit: the session forgets a team nobody refers to, and a plan import
        # would read it again for each of its thousands of new workstreams.
        teams = self.unit.cache.setdefault(_TEAMS, {})
        if (team := teams.get(team_id)) is None:
            team = teams[team_id] = get(self.session, TeamRow, team_id, "team")
        return assign_key(team, wanted, is_taken)

    # ------------------------------------------------------------ people

    def require_person(self, person_id: int | None) -> str:
        """The person's name; NotFoundError when they are not in the file."""
        return str(get(self.session, PersonRow, person_id, "person").name)

    def person_name(self, person_id: int | None) -> str | None:
        row = self.session.get(PersonRow, person_id) if person_id is not None else None
        return row.name if row else None

    def people_by_name(self) -> list[tuple[int, str]]:
        """(id, name) of everyone, in id order, in the open unit of work."""
        query = select(PersonRow.id, PersonRow.name).order_by(PersonRow.id)
        return [(person_id, name) for person_id, name in self.session.execute(query)]

    def create_person(self, name: str, email: str | None, team_id: int | None) -> int:
        row = PersonRow(name=name, email=email, team_id=team_id)
        self.session.add(row)
        self.session.flush()
        self.unit.record("person", row.id, name, "created")
        return int(row.id)

    def person_for_change(self, person_id: int, expected_version: int | None) -> str:
        row = get(self.session, PersonRow, person_id, "person")
        check_version(self.unit, row, expected_version, "person", row.name)
        return str(row.name)

    def write_person(self, person_id: int, values: Mapping[str, Any]) -> None:
        row = get(self.session, PersonRow, person_id, "person")
        write_fields(self.unit, row, values, "person", row.name)

    def delete_person(self, person_id: int) -> None:
        """Remove a person; their workstreams become unowned (recorded), their teams leaderless."""
        session, unit = self.session, self.unit
        row = get(session, PersonRow, person_id, "person")
        for ws in session.scalars(select(WorkstreamRow).where(WorkstreamRow.owner_id == person_id)):
            ws.owner_id = None
            unit.record("workstream", ws.id, ws.key, "changed", "owner", row.name, None)
        for team in session.scalars(select(TeamRow).where(TeamRow.lead_id == person_id)):
            team.lead_id = None
        for item in session.scalars(select(RaidItemRow).where(RaidItemRow.owner_id == person_id)):
            item.owner_id = None
            unit.record("raid", item.id, item.key, "changed", "owner", row.name, None)
        unit.record("person", row.id, row.name, "deleted")
        session.delete(row)


def assign_key(team: TeamRow, wanted: str | None, is_taken: Callable[[str], bool]) -> str:
    """A new workstream's key: ``wanted`` (normalised) or the team's next free number.

    The team's counter moves past the key either way, so a number is never reused, not even
    after a delete (history keeps the old key's story)."""
    if wanted:
        key = rules.normalise_key(wanted)
        if key.startswith(team.code + "-"):
            team.next_key_number = max(team.next_key_number, rules.key_number(key) + 1)
        return key
    number = team.next_key_number
    while is_taken(f"{team.code}-{number}"):
        number += 1
    team.next_key_number = number + 1
    return f"{team.code}-{number}"


def write_fields(unit: Any, row: Any, values: Mapping[str, Any], entity: str, label: str) -> None:
    """Set ``values`` on ``row``, recording each field that changes."""
    for field, new in values.items():
        old = getattr(row, field)
        if old != new:
            setattr(row, field, new)
            unit.record(entity, row.id, label, "changed", field_label(field), old, new)
