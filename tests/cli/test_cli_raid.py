"""``migrator raid`` and ``migrator import-raid`` on the demo, through real sheets."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from migrator.cli import main
from migrator.services import MigrationService

SHEET = (
    "Type,Title,Owner,Team,Status,Probability,Impact,Response,Needed by,Who decides,Target date,"
    "Validate by,Linked work,RAG\n"
    "Risk,Bank sign-off comes late,Lena Hoffmann,BNK,open,4,5,reduce,,,,,BNK-3; blocks BNK-2 → BNK-3,Red\n"
    "Risk,Card stock runs short,Tomasz Nowak,OPS,open,2,3,accept,,,,,OPS-1,\n"
    "Assumption,Bureau prints 50000 cards a week,,OPS,open,,,,,,,2027-03-10,OPS-1,\n"
    "Decision,Migrate business customers first?,Priya Raman,,open,,,,2027-03-12,Steering committee,,,"
    "decided for BNK-3,\n"
    "Issue,Test cards not delivered,,,open,,,,,,2027-02-26,,blocks BNK-3,\n"
)
IMPORTED = [
    "Imported the RAID sheet:",
    "  created (5):",
    "    R-1 Bank sign-off comes late",
    "    R-2 Card stock runs short",
    "    A-1 Bureau prints 50000 cards a week",
    "    D-1 Migrate business customers first?",
    "    I-1 Test cards not delivered",
    "  links added (6):",
    "    R-1 threatens BNK-3",
    "    R-1 blocks BNK-2 → BNK-3",
    "    R-2 threatens OPS-1",
    "    A-1 assumed by OPS-1",
    "    D-1 decided for BNK-3",
    "    I-1 blocks BNK-3",
    "  columns left alone: RAG",
]


def _sheet(folder: Path, text: str = SHEET, name: str = "raid.csv") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _import(place: Path | str, sheet: Path, *extra: str) -> int:
    return main(["import-raid", str(place), str(sheet), "--as-of", "2027-03-01", *extra])


def test_a_dry_run_says_what_the_import_would_do_and_changes_nothing(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert _import(demo, _sheet(tmp_path), "--dry-run") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Dry run: nothing was changed. The import would:"
    assert out[1:3] == ["  create 5:", "    R-1 Bank sign-off comes late"]
    assert "  add links 6:" in out
    with MigrationService.open(demo) as service:
        assert service.raid.items() == []


def test_the_imported_log_lists_with_scores_and_days_left(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert _import(demo, _sheet(tmp_path)) == 0
    assert capsys.readouterr().out.splitlines() == IMPORTED

    assert main(["raid", str(demo), "--as-of", "2027-03-08"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == [
        "RAID log of Card fleet replacement: prepaid to debit as of 2027-03-08: 2 risks (2 open, 1 red), "
        "1 assumption (1 open), 1 issue (1 open), 1 decision (1 open, 0 due)",
        "",
    ]
    assert [re.split(r"\s{2,}", line) for line in out[2:]] == [
        ["Key", "Type", "Status", "Title", "Owner", "Score / date", "Linked work"],
        ["---", "----------", "------", "-" * 33, "-" * 13, "-" * 38, "-" * 37],
        ["R-1", "risk", "open", "Bank sign-off comes late", "Lena Hoffmann", "20 red",
         "threatens BNK-3, blocks BNK-2 → BNK-3"],
        ["R-2", "risk", "open", "Card stock runs short", "Tomasz Nowak", "6 green", "threatens OPS-1"],
        ["A-1", "assumption", "open", "Bureau prints 50000 cards a week", "—",
         "validate by 2027-03-10 (2 days left)", "assumed by OPS-1"],
        ["I-1", "issue", "open", "Test cards not delivered", "—", "target 2027-02-26 (overdue by 10 days)",
         "blocks BNK-3"],
        ["D-1", "decision", "open", "Migrate business customers first?", "Priya Raman",
         "needed by 2027-03-12 (4 days left)", "decided for BNK-3"],
    ]  # fmt: skip
    column = out[2].index("Linked work")  # the columns line up
    assert {line.rindex("  ") + 2 for line in out[3:]} == {column}

    assert main(["raid", str(demo), "--type", "decision", "--as-of", "2027-03-12"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        "RAID log of Card fleet replacement: prepaid to debit as of 2027-03-12: 1 decision (1 open, 1 due)"
    )
    assert main(["raid", str(demo), "--status", "closed"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "No RAID items match."


def test_the_log_as_json_has_every_field_with_score_band_and_links(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _import(demo, _sheet(tmp_path))
    capsys.readouterr()
    assert main(["raid", str(demo), "--json", "--type", "risk", "--as-of", "2027-03-08"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert (found["as_of"], found["risk_bands"]) == ("2027-03-08", {"amber_score": 8, "red_score": 15})
    first = found["items"][0]
    assert [item["key"] for item in found["items"]] == ["R-1", "R-2"]
    assert (first["probability"], first["impact"], first["score"], first["band"]) == (4, 5, 20, "red")
    assert (first["owner_name"], first["team_code"], first["response"], first["created"]) == (
        "Lena Hoffmann", "BNK", "reduce", "2027-03-01",
    )  # fmt: skip
    assert [(link["role"], link["label"]) for link in first["links"]] == [
        ("threatens", "BNK-3"),
        ("blocks", "BNK-2 → BNK-3"),
    ]


def test_a_bad_sheet_names_each_row_and_column_and_changes_nothing(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _sheet(
        tmp_path,
        "Key,Type,Title,Owner,Probability,Needed by,Linked work\n"
        ",Risk,Bank sign-off,Bob Nobody,7,,BNK-99\n"
        "R-9,,Old risk,,,,\n"
        ",Decision,Business first?,,,2027-02-30,\n"
        ",Issue,Cards late,,3,,\n"
        ",Hazard,Storm,,,,\n",
        "bad.csv",
    )
    before = demo.read_bytes()
    capsys.readouterr()
    assert _import(demo, bad) == 2
    assert capsys.readouterr().err.splitlines() == [
        "migrator: The RAID sheet has 7 problems; nothing was changed.",
        "bad.csv, row 2, column Probability: probability must be a whole number from 1 to 5, not 7.",
        "bad.csv, row 2, column Owner: 'Bob Nobody' is not a person in the plan; add them first.",
        "bad.csv, row 2, column Linked work: BNK-99 is not a workstream of the plan.",
        "bad.csv, row 3, column Key: R-9 is not in the plan's RAID log; leave the key empty to add a new "
        "item.",
        'bad.csv, row 4, column Needed by: "2027-02-30" is not a real date.',
        "bad.csv, row 5, column Probability: an issue has no probability.",
        "bad.csv, row 6, column Type: 'Hazard' is not a RAID type: say risk, assumption, issue or decision.",
    ]
    assert demo.read_bytes() == before


def test_an_exported_sheet_imports_back_unchanged_and_its_edits_update_by_key(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _import(demo, _sheet(tmp_path))
    capsys.readouterr()
    for name in ("log.xlsx", "log.csv"):
        assert main(["raid", str(demo), "--export", str(tmp_path / name)]) == 0
        assert capsys.readouterr().out == f"Wrote {tmp_path / name} (5 RAID items)\n"
        assert _import(demo, tmp_path / name) == 0
        assert capsys.readouterr().out.splitlines() == ["Imported the RAID sheet:", "  left 5 unchanged"]

    exported = (tmp_path / "log.csv").read_text(encoding="utf-8-sig").splitlines()
    assert exported[0].startswith("Key,Type,Title,Description,Owner,Team,Status,Score,Band,Created,Updated,")
    edited = [
        line.replace(
            "Card stock runs short,,Tomasz Nowak,OPS,open,6,green",
            "Card stock runs short,,Tomasz Nowak,OPS,closed,6,green",
        )
        for line in exported
    ]
    edited = [line.replace(",threatens OPS-1", ",") if line.startswith("R-2,") else line for line in edited]
    _sheet(tmp_path, "\n".join(edited) + "\n", "edited.csv")
    assert _import(demo, tmp_path / "edited.csv") == 0
    assert capsys.readouterr().out.splitlines() == [
        "Imported the RAID sheet:",
        "  updated (1):",
        "    R-2: status",
        "  links removed (1):",
        "    R-2 threatens OPS-1",
        "  left 4 unchanged",
    ]
    with MigrationService.open(demo) as service:
        card_stock = service.raid.item_by_key("R-2")
        assert (card_stock.status.value, card_stock.links) == ("closed", ())
        assert [h.action for h in service.history("raid", card_stock.id)[:2]] == ["unlinked", "changed"]


def test_a_shared_plan_keeps_its_raid_log_on_the_server(
    shared: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert _import(shared, _sheet(tmp_path)) == 0
    assert capsys.readouterr().out.splitlines() == IMPORTED
    assert main(["raid", shared, "--type", "risk", "--as-of", "2027-03-08"]) == 0
    assert [re.split(r"\s{2,}", line) for line in capsys.readouterr().out.splitlines()[4:]] == [
        ["R-1", "risk", "open", "Bank sign-off comes late", "Lena Hoffmann", "20 red",
         "threatens BNK-3, blocks BNK-2 → BNK-3"],
        ["R-2", "risk", "open", "Card stock runs short", "Tomasz Nowak", "6 green", "threatens OPS-1"],
    ]  # fmt: skip
