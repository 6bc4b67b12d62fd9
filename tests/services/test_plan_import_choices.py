"""The import choices kept per kind of plan file: written whole, read back, damaged ones ignored."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from migrator.importing.source_plan import OUTLINE, ImportChoices
from migrator.services import import_choices
from migrator.services.import_choices import choices_path, remember_choices, remembered_choices


def test_choices_are_kept_per_shape_and_read_back() -> None:
    remember_choices("mspdi|Team", ImportChoices(team_from="Team"))
    remember_choices("jira:issue key|summary", ImportChoices(OUTLINE, "dmy", {"owner": "Assignee"}))
    assert remembered_choices("mspdi|Team") == ImportChoices(team_from="Team")
    assert remembered_choices("jira:issue key|summary") == ImportChoices(
        OUTLINE, "dmy", {"owner": "Assignee"}
    )
    assert remembered_choices("gan|Role") is None
    assert remembered_choices("") is None
    remember_choices("mspdi|Team", ImportChoices(team_from=OUTLINE))  # the latest choice replaces it
    assert remembered_choices("mspdi|Team") == ImportChoices(team_from=OUTLINE)
    assert list(json.loads(choices_path().read_text(encoding="utf-8"))) == [
        "jira:issue key|summary",
        "mspdi|Team",
    ]


def test_the_oldest_shapes_are_forgotten_past_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(import_choices, "MAX_REMEMBERED", 3)
    for number in range(5):
        remember_choices(f"shape {number}", ImportChoices(team_from=f"Text{number}"))
    assert list(json.loads(choices_path().read_text(encoding="utf-8"))) == ["shape 2", "shape 3", "shape 4"]
    assert remembered_choices("shape 0") is None
    assert remembered_choices("shape 4") == ImportChoices(team_from="Text4")


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (b"{not json", "Expecting property name"),
        (b"[1, 2]", "not a JSON object"),
        (json.dumps({"gan|Role": ["Role"]}).encode(), "not an object"),
        (json.dumps({"gan|Role": {"team_from": "Role", "columns": {"owner": 3}}}).encode(), "not valid"),
        (b"\xff\xfe\x00broken", "'utf-8' codec can't decode"),
    ],
)
def test_damaged_choices_are_ignored_with_a_log_line(
    text: bytes, why: str, caplog: pytest.LogCaptureFixture
) -> None:
    choices_path().write_bytes(text)
    with caplog.at_level(logging.WARNING, logger="migrator.services.import_choices"):
        assert remembered_choices("gan|Role") is None
    assert why in caplog.text


def test_a_folder_that_refuses_the_write_is_logged_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    missing = tmp_path / "gone" / "import-choices.json"
    monkeypatch.setattr(import_choices, "choices_path", lambda: missing)
    with caplog.at_level(logging.WARNING, logger="migrator.services.import_choices"):
        remember_choices("gan|Role", ImportChoices(team_from="Role"))
    assert f"The import choices could not be remembered in {missing}" in caplog.text
    assert not missing.parent.exists()
