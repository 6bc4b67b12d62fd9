"""The rules every change to a plan must keep, checked without any storage."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

from migrator.domain.errors import ValidationError
from migrator.domain.model import Health, HealthThresholds, Status

KEY_PATTERN = re.compile(r"^([A-Z][A-Z0-9]{0,9})-([1-9][0-9]{0,8})$")
TEAM_CODE_PATTERN = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")
COLOUR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_TEXT = 20_000
MAX_NAME = 200
# What the plan's columns hold (a shared plan's server refuses longer; a file would keep them).
MAX_EMAIL = 320
MAX_SOURCE_REF = 100
MAX_THRESHOLD_DAYS = 250  # about a working year
MAX_LAG = 1000  # working days either way: about four years
PLAUSIBLE_YEARS = range(2000, 2100)  # a plan date outside is a typo (2207 for 2027), not a plan


def is_workstream_key(text: str) -> bool:
    return KEY_PATTERN.match(text.strip().upper()) is not None


def normalise_key(key: str) -> str:
    """Upper-case, trimmed key; raises when it is not of the form ``BNK-12``."""
    cleaned = key.strip().upper()
    if not KEY_PATTERN.match(cleaned):
        raise ValidationError(
            f"Key '{key}' is not a workstream key: use the team code, a dash and a number, e.g. BNK-12."
        )
    return cleaned


def key_number(key: str) -> int:
    match = KEY_PATTERN.match(key)
    return int(match.group(2)) if match else 0


def normalise_team_code(code: str) -> str:
    cleaned = code.strip().upper()
    if not TEAM_CODE_PATTERN.match(cleaned):
        raise ValidationError(
            f"Team code '{code}' must be 2 to 10 letters or digits starting with a letter, e.g. BNK."
        )
    return cleaned


def suggest_team_code(name: str, taken: set[str]) -> str:
    """A short code from a team name ("Card Operations" → "CO", "Finance" → "FIN")."""
    words = [w for w in re.split(r"[^A-Za-z0-9]+", name) if w]
    letters = "".join(w[0] for w in words if w[0].isalpha()).upper()
    if len(letters) < 2:
        letters = re.sub(r"[^A-Z0-9]", "", name.upper())[:3]
    if not letters or not letters[0].isalpha():
        letters = "T" + letters
    base = letters[:6] if len(letters) >= 2 else (letters + "X")
    candidate, number = base, 2
    while candidate in taken:
        candidate = f"{base}{number}"
        number += 1
    return candidate


def without_nul(text: str) -> str:
    """``text`` without NUL characters: they mean nothing to a reader, an export drops them, and
    a shared plan's server cannot keep them in a text."""
    return text.replace("\x00", "") if "\x00" in text else text


def require_text(value: str | None, what: str, *, max_length: int = MAX_NAME) -> str:
    cleaned = without_nul(value or "").strip()
    if not cleaned:
        raise ValidationError(f"{what} cannot be empty.")
    if len(cleaned) > max_length:
        raise ValidationError(f"{what} is longer than {max_length} characters.")
    return cleaned


def optional_text(value: str | None, what: str, *, max_length: int = MAX_TEXT) -> str:
    cleaned = without_nul(value or "")
    if len(cleaned) > max_length:
        raise ValidationError(f"{what} is longer than {max_length} characters.")
    return cleaned


def check_colour(colour: str) -> str:
    if not COLOUR_PATTERN.match(colour):
        raise ValidationError(f"Colour '{colour}' must be written as #RRGGBB, e.g. #1F77B4.")
    return colour.upper()


def check_email(email: str | None) -> str | None:
    cleaned = without_nul(email or "").strip()
    if not cleaned:
        return None
    if not EMAIL_PATTERN.match(cleaned):
        raise ValidationError(f"'{email}' is not an email address.")
    if len(cleaned) > MAX_EMAIL:
        raise ValidationError(f"An email address is longer than {MAX_EMAIL} characters.")
    return cleaned


def check_progress(progress: int) -> int:
    if isinstance(progress, bool) or not isinstance(progress, int):
        raise ValidationError(f"Progress must be a whole number from 0 to 100, not {progress!r}.")
    if not 0 <= progress <= 100:
        raise ValidationError(f"Progress must be from 0 to 100 percent, not {progress}.")
    return progress


def check_year(day: date | None, what: str) -> None:
    """Refuse dates that can only be typos; ``what`` names the date, e.g. "BNK-3's due date"."""
    if day is not None and day.year not in PLAUSIBLE_YEARS:
        raise ValidationError(
            f"{what} {day.isoformat()} looks like a typo: plan dates must fall between "
            f"{PLAUSIBLE_YEARS.start} and {PLAUSIBLE_YEARS.stop - 1}."
        )


def check_dates(
    start: date | None, due: date | None, *, is_milestone: bool, label: str = "Workstream"
) -> tuple[date | None, date | None]:
    """Return (start, due) made consistent; a milestone has a single date."""
    check_year(start, f"{label}: the start date")
    check_year(due, f"{label}: the due date")
    if is_milestone:
        if start and due and start != due:
            raise ValidationError(
                f"{label} is a milestone: it has one date, but start {start.isoformat()} "
                f"and due {due.isoformat()} differ."
            )
        single = due or start
        return single, single
    if start and due and due < start:
        raise ValidationError(
            f"{label}: due date {due.isoformat()} is before start date {start.isoformat()}."
        )
    return start, due


def check_target_after_start(start: date | None, target: date | None) -> None:
    check_year(start, "The migration's start date")
    check_year(target, "The target go-live date")
    if start and target and target < start:
        raise ValidationError(
            f"Target go-live {target.isoformat()} is before the migration's start {start.isoformat()}."
        )


def check_actual_dates(start: date | None, finish: date | None, label: str) -> None:
    check_year(start, f"{label}: the actual start")
    check_year(finish, f"{label}: the actual finish")
    if start and finish and finish < start:
        raise ValidationError(
            f"{label}: actual finish {finish.isoformat()} is before actual start {start.isoformat()}."
        )


def check_health_override(health: Health | None, reason: str) -> str:
    if health is None:
        return ""
    cleaned = without_nul(reason).strip()
    if not cleaned:
        raise ValidationError(
            f"A health override to {health.value} needs a reason, so stakeholders know why."
        )
    return cleaned


def check_health_thresholds(t: HealthThresholds) -> HealthThresholds:
    """Day thresholds are 0 to 250 working days; the due-soon progress is 0 to 100 percent."""
    for setting in dataclasses.fields(t):
        name = setting.name
        value = getattr(t, name)
        percent = name == "due_soon_progress"
        highest, unit = (100, "percent") if percent else (MAX_THRESHOLD_DAYS, "working days")
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= highest:
            raise ValidationError(
                f"The health threshold {name.replace('_', ' ')} ({name}) must be a whole number "
                f"from 0 to {highest} {unit}, not {value!r}."
            )
    return t


def check_lag(lag: int) -> int:
    if isinstance(lag, bool) or not isinstance(lag, int):
        raise ValidationError(f"Lag must be a whole number of working days, not {lag!r}.")
    if abs(lag) > MAX_LAG:
        raise ValidationError(f"Lag of {lag} working days is beyond four years; check the value.")
    return lag


def parse_status(value: str) -> Status:
    try:
        return Status(value)
    except ValueError:
        choices = ", ".join(s.value for s in Status)
        raise ValidationError(f"Status '{value}' is not one of {choices}.") from None
