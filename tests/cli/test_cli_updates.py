"""``migrator request-updates`` and ``migrator collect-updates`` on the demo, through real files."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from migrator.cli import main
from migrator.services import MigrationService
from tests.support.team_lead import fill_in, keys_in

LEGAL = "Legal and Compliance status update 2027-03-01.xlsx"


def _request(demo: Path, out: Path, *extra: str) -> int:
    out.mkdir(exist_ok=True)
    return main(["request-updates", str(demo), "--out", str(out), "--as-of", "2027-03-01", *extra])


def test_request_updates_writes_each_team_a_workbook_and_an_email_draft(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "requests"
    capsys.readouterr()

    assert _request(demo, out, "--team", "LEG", "--team", "fin", "--due", "2027-03-05") == 0

    assert capsys.readouterr().out.splitlines() == [
        f"Wrote 2 update request(s) into {out}:",
        "  Legal & Compliance: 5 workstream(s) for Katharina Vogel <katharina.vogel@cardfleet.example>",
        f"    {LEGAL} (and its e-mail draft)",
        "  Finance: 4 workstream(s) for Henrik Lindqvist <henrik.lindqvist@cardfleet.example>",
        "    Finance status update 2027-03-01.xlsx (and its e-mail draft)",
    ]
    assert keys_in(out / LEGAL) == ["LEG-6", "LEG-7", "LEG-8", "LEG-9", "LEG-10"]
    assert (out / LEGAL.replace(".xlsx", ".eml")).read_text().count("X-Unsent: 1") == 1
    with MigrationService.open(demo) as service:
        assert [r.team_code for r in service.update_records.requests()] == ["LEG", "FIN"]


def test_collect_updates_shows_the_review_and_applies_only_the_clean_updates_when_told(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "requests"
    _request(demo, out, "--team", "LEG")
    at = datetime(2027, 3, 1, 14, 2)
    with MigrationService.open(
        demo, actor="Sam Weber", now=lambda: at
    ) as sam:  # the coordinator moves LEG-8 meanwhile
        sam.update_workstream(sam.workstream_by_key("LEG-8").id, {"planned_due": date(2027, 3, 29)})
    returned = fill_in(
        out / LEGAL,
        {
            "LEG-6": {"Progress %": 95, "Comment for the report": "Letter sent to BaFin"},
            "LEG-7": {"New due": date(2027, 3, 24)},
            "LEG-8": {"New due": date(2027, 4, 2)},
        },
        save_as=tmp_path / "legal back.xlsx",
    )
    review = [
        "Legal & Compliance — Katharina Vogel, legal back.xlsx (request of 1 Mar 2027)",
        "  LEG-6 BaFin notification of the product change",
        "    Progress: 90 % → 95 %  [clean update]",
        '    Comment for the report: "Letter sent to BaFin"',
        "  LEG-7 Legal review of customer migration notices",
        "    Due: 17 Mar 2027 → 24 Mar 2027  [clean update]",
        "  LEG-8 Chargeback & dispute process for debit",
        "    Due: 22 Mar 2027 → 2 Apr 2027  [CONFLICT: the plan now says 29 Mar 2027, changed by Sam "
        "Weber on 1 Mar 2027]",
        "1 file(s) collected (0 refused): 2 clean update(s), 1 conflict(s), 0 already in the plan, "
        "1 comment(s), 0 line(s) not applied.",
    ]
    capsys.readouterr()

    assert main(["collect-updates", str(demo), str(returned)]) == 0
    said = capsys.readouterr().out.splitlines()
    assert said[:-1] == review
    assert said[-1].startswith(
        "Nothing was applied. --accept-clean applies the 2 clean update(s) and 1 comment(s)"
    )
    assert main(["collect-updates", str(demo), str(returned), "--dry-run"]) == 0
    assert capsys.readouterr().out.splitlines() == [*review, "Dry run: nothing was applied."]
    with MigrationService.open(demo) as service:
        assert service.workstream_by_key("LEG-6").progress == 90 and service.update_records.returns() == []

    assert main(["collect-updates", str(demo), str(returned), "--accept-clean", "--as-of", "2027-03-02"]) == 0
    assert capsys.readouterr().out.splitlines()[-2:] == [
        "Applied 2 clean update(s) to 2 workstream(s) and 1 comment(s); recorded 1 answer(s).",
        "1 conflict(s) were not applied: review them in the window.",
    ]
    with MigrationService.open(demo) as service:
        assert service.workstream_by_key("LEG-6").progress == 95
        assert service.workstream_by_key("LEG-7").planned_due == date(2027, 3, 24)
        assert service.workstream_by_key("LEG-8").planned_due == date(
            2027, 3, 29
        )  # the conflict: Sam's stays
        [entry] = [e for e in service.workstream_history(service.workstream_by_key("LEG-7").id) if e.field]
        assert entry.actor == "Katharina Vogel via update request of 1 Mar 2027"


def test_files_that_cannot_be_collected_are_one_line_each_and_exit_2(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "requests"
    _request(demo, out, "--team", "LEG")
    copy = tmp_path / "legal copy.xlsx"
    copy.write_bytes((out / LEGAL).read_bytes())
    csv = tmp_path / "legal.csv"
    csv.write_text("Key,Progress %\nLEG-6,95\n")
    capsys.readouterr()

    code = main(["collect-updates", str(demo), str(out / LEGAL), str(copy), str(csv), "--accept-clean"])

    assert code == 2
    said = capsys.readouterr().out.splitlines()
    assert said[0] == f"Legal & Compliance — Katharina Vogel, {LEGAL} (request of 1 Mar 2027)"
    assert said[1] == "  no changes: every row was left as sent"
    assert said[2] == "Not applied:"
    assert said[3] == f"  legal copy.xlsx is the same file as {LEGAL}: it is collected once."
    assert said[4].startswith("  legal.csv")
    assert said[-1] == "Applied 0 clean update(s) to 0 workstream(s) and 0 comment(s); recorded 1 answer(s)."


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["request-updates", "{demo}", "--out", "{tmp}/no/where"], "The folder {tmp}/no does not exist"),
        (
            ["request-updates", "{demo}", "--out", "{demo}"],
            "{demo} is a file; name a folder for the workbooks.",
        ),
        (
            ["request-updates", "{demo}", "--out", "{tmp}", "--team", "XYZ"],
            "There is no team 'XYZ' in the plan",
        ),
        (
            ["request-updates", "{demo}", "--out", "{tmp}", "--as-of", "2027-03-01", "--due", "2027-02-01"],
            "The answers can't be due on 1 Feb 2027, before the request (1 Mar 2027).",
        ),
        (["collect-updates", "{demo}", "x.xlsx", "--dry-run", "--accept-clean"], "not allowed with argument"),
    ],
)
def test_bad_requests_are_one_line_and_exit_2(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str
) -> None:
    filled = [a.format(demo=demo, tmp=tmp_path) for a in arguments]
    capsys.readouterr()

    assert main(filled) == 2

    error = capsys.readouterr().err
    assert error.count("\n") == 1 and message.format(tmp=tmp_path, demo=demo) in error


def test_the_raid_items_a_team_owns_are_asked_for_collected_and_applied_from_the_command_line(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with MigrationService.open(demo, actor="Sam Weber") as sam:
        legal = next(team.id for team in sam.teams() if team.code == "LEG")
        risk = sam.raid.create(
            "risk", "BaFin asks for a second review", team_id=legal, probability=2, impact=4
        )
        decision = sam.raid.create("decision", "Send the notices by post?", team_id=legal)
    out = tmp_path / "requests"
    capsys.readouterr()
    assert _request(demo, out, "--team", "LEG") == 0
    assert capsys.readouterr().out.splitlines()[1] == (
        "  Legal & Compliance: 5 workstream(s) and 2 RAID item(s) for Katharina Vogel "
        "<katharina.vogel@cardfleet.example>"
    )
    assert keys_in(out / LEGAL, "RAID items") == ["R-1", "D-1"]
    returned = fill_in(
        out / LEGAL,
        {
            "R-1": {"Probability (1-5)": 4, "Comment": "Second review is likely"},
            "D-1": {"New status": "Decided", "Decision outcome": "Post and e-mail", "Impact (1-5)": 9},
        },
        save_as=tmp_path / "legal back.xlsx",
        sheet_name="RAID items",
    )
    capsys.readouterr()

    assert main(["collect-updates", str(demo), str(returned), "--accept-clean"]) == 0

    assert capsys.readouterr().out.splitlines() == [
        "Legal & Compliance — Katharina Vogel, legal back.xlsx (request of 1 Mar 2027)",
        "  RAID items:",
        "    R-1 (risk) BaFin asks for a second review",
        "      Probability: 2 of 5 → 4 of 5  [clean update]",
        '      Comment: "Second review is likely"',
        "    D-1 (decision) Send the notices by post?",
        "      Status: Open → Decided  [clean update]",
        '      Decision outcome: (empty) → "Post and e-mail"  [clean update]',
        "Not applied:",
        "  legal back.xlsx: RAID items row 6 (D-1), Impact (1-5): this column does not apply to a decision "
        '(it is locked); "9" is ignored.',
        "1 file(s) collected (0 refused): 3 clean update(s), 0 conflict(s), 0 already in the plan, "
        "1 comment(s), 1 line(s) not applied.",
        "Applied 3 clean update(s) to 0 workstream(s), 2 RAID item(s) and 1 comment(s); "
        "recorded 1 answer(s).",
    ]
    with MigrationService.open(demo) as service:
        assert service.raid.item(risk).probability == 4
        assert (service.raid.item(decision).status.value, service.raid.item(decision).outcome) == (
            "decided",
            "Post and e-mail",
        )
        [entry] = [e for e in service.history_since(0) if e.entity == "raid" and e.field == "probability"]
        assert entry.actor == "Katharina Vogel via update request of 1 Mar 2027"
