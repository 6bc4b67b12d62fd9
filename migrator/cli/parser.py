"""The ``migrator`` command line's arguments: every command, its options and their checks."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from migrator import __version__
from migrator.domain.errors import MigratorError
from migrator.domain.places import AddressError, Place, ServerAddress, is_server_address, place_of
from migrator.domain.raid import RaidStatus, RaidType

PLACE = "FILE|URL"  # a migration file or a shared plan's server address
ADDRESS_FORM = "postgresql://[user@]host[:port]/database"
PLACE_HELP = f"a migration file, or a shared plan's server address: {ADDRESS_FORM}"


class UsageError(MigratorError):
    """The command line itself is wrong (a bad date, a missing argument)."""


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; use YYYY-MM-DD") from None


def plan_place(text: str) -> Place:
    """A migration file's path, or a shared plan's server address (checked here)."""
    try:
        return place_of(text)
    except AddressError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def server_address(text: str) -> ServerAddress:
    if not is_server_address(text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a server address; write it {ADDRESS_FORM}")
    place = plan_place(text)
    assert isinstance(place, ServerAddress)
    return place


def column_choice(text: str) -> tuple[str, str]:
    """``owner=Assigned To`` → ("owner", "Assigned To"): the field and the header that feeds it."""
    field, equals, header = text.partition("=")
    if not equals or not field.strip():
        raise argparse.ArgumentTypeError(f"'{text}' is not FIELD=HEADER (e.g. owner=Assigned To)")
    return field.strip().casefold().replace(" ", "_"), header.strip()


def demo_file(text: str) -> Path:
    if is_server_address(text):
        raise argparse.ArgumentTypeError(
            "the demo is written to a file; put it on a server with `migrator copy FILE URL` then"
        )
    return Path(text)


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so every error reads the same."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="migrator", description="Coordinate a large cross-team migration.")
    parser.add_argument("--version", action="version", version=f"migrator {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    demo = commands.add_parser("demo", help="write the card-fleet replacement demo migration")
    demo.add_argument("file", type=demo_file)
    demo.add_argument("--as-of", type=iso_date, help="date the demo is laid out around (default: today)")

    plan = commands.add_parser(
        "import-plan",
        help="import workstreams from a plan: CSV or .xlsx (ours, MS Project, Jira, Smartsheet), "
        "MS Project XML or GanttProject (.gan)",
    )
    plan.add_argument("plan", type=Path)
    plan.add_argument(
        "--into",
        type=plan_place,
        required=True,
        metavar=PLACE,
        help="migration file (created when missing), or a shared plan's server address (its plan is changed)",
    )
    plan.add_argument("--name", help="migration name (default for a new file: the plan file's name)")
    plan.add_argument("--start", type=iso_date, help="migration start date")
    plan.add_argument("--target", type=iso_date, help="target go-live date")
    plan.add_argument("--sheet", help="worksheet to read (default: the first)")
    plan.add_argument("--default-team", default="Unassigned", help="team for rows without one")
    plan.add_argument(
        "--team-from",
        metavar="NAME",
        help='what names the teams of a tool\'s plan: a grouping the dry run lists (e.g. "Resource Group"), '
        '"summary tasks" or "none" (default: as last time for this kind of file, else the first grouping)',
    )
    plan.add_argument(
        "--date-order",
        choices=("dmy", "mdy"),
        help="day/month order of dates such as 03/04/2027, when the file does not prove it",
    )
    plan.add_argument(
        "--column",
        type=column_choice,
        action="append",
        metavar="FIELD=HEADER",
        help="read the column HEADER as FIELD (e.g. owner=Assigned To; FIELD= leaves it unread); repeatable",
    )
    plan.add_argument(
        "--dry-run",
        action="store_true",
        help="show how the file is read and what would change, change nothing",
    )
    plan.add_argument("--as-of", type=iso_date, help="date used for status moves (default: today)")

    info = commands.add_parser("info", help="name, dates and counts per team and status")
    info.add_argument("place", type=plan_place, metavar=PLACE, help=PLACE_HELP)

    check = commands.add_parser("check", help="integrity, schema revision and application id")
    check.add_argument("place", type=plan_place, metavar=PLACE, help=PLACE_HELP)

    analyze = commands.add_parser(
        "analyze", help="forecast, critical path, health with reasons and dependency conflicts"
    )
    analyze.add_argument("place", type=plan_place, metavar=PLACE, help=PLACE_HELP)
    analyze.add_argument("--as-of", type=iso_date, help="date the plan is judged at (default: today)")
    analyze.add_argument("--json", action="store_true", help="print the whole analysis as JSON")

    impact = commands.add_parser(
        "impact", help="what moves if one workstream slips or a decision comes late (changes nothing)"
    )
    impact.add_argument("place", type=plan_place, metavar=PLACE, help=PLACE_HELP)
    impact.add_argument("key", nargs="?", help="the workstream that slips, e.g. BNK-3")
    impact.add_argument(
        "--decision", metavar="D-4", help="instead: the decision that comes late (with --days)"
    )
    how_far = impact.add_mutually_exclusive_group(required=True)
    how_far.add_argument("--slip", type=int, metavar="N", help="working days it finishes later")
    how_far.add_argument("--due", type=iso_date, metavar="YYYY-MM-DD", help="the date it would finish")
    how_far.add_argument(
        "--days", type=int, metavar="N", help="working days after its needed-by date the decision comes"
    )
    impact.add_argument("--as-of", type=iso_date, help="date the plan is judged at (default: today)")
    impact.add_argument("--json", action="store_true", help="print the impact as JSON")

    export = commands.add_parser("export", help="write the Excel status report and keep its snapshot")
    export.add_argument("place", type=plan_place, metavar=PLACE, help=PLACE_HELP)
    export.add_argument("-o", "--output", type=Path, required=True, metavar="REPORT.xlsx")
    export.add_argument("--as-of", type=iso_date, help="date the report is as of (default: today)")
    export.add_argument(
        "--audience",
        choices=("full", "executive", "team"),
        default="full",
        help="full: every sheet; executive: the one-page summary and the changes; team: one team's view",
    )
    export.add_argument("--team", metavar="CODE", help="the team, for --audience team (e.g. BNK)")
    export.add_argument(
        "--since",
        metavar="SNAPSHOT",
        help="snapshot to compare with: number or as-of date (default: the last report as of an earlier day)",
    )
    export.add_argument("--label", default="", help="a name for this report, e.g. 'Week 9'")
    export.add_argument(
        "--no-snapshot", action="store_true", help="don't keep this report's state in the plan"
    )

    snapshots = commands.add_parser("snapshots", help="list the snapshots kept by earlier exports")
    snapshots.add_argument("place", type=plan_place, metavar=PLACE, help=PLACE_HELP)

    baseline = commands.add_parser(
        "baseline", help="set the baseline dates from a snapshot (default: the plan as it is now)"
    )
    baseline.add_argument("place", type=plan_place, metavar=PLACE, help=PLACE_HELP)
    baseline.add_argument("--snapshot", metavar="ID", help="snapshot number or as-of date (see snapshots)")
    baseline.add_argument("--as-of", type=iso_date, help="date the plan is judged at (default: today)")
    asking = commands.add_parser(
        "request-updates", help="write each team's update workbook (and an e-mail draft) of its open work"
    )
    asking.add_argument("place", type=plan_place, metavar=PLACE, help=PLACE_HELP)
    asking.add_argument("--out", type=Path, required=True, metavar="FOLDER", help="where the files go")
    asking.add_argument(
        "--team",
        action="append",
        metavar="CODE",
        help="only this team (repeat for more; default: every team)",
    )
    asking.add_argument(
        "--per-owner",
        action="store_true",
        help="one workbook per owner (unowned work goes to the team's lead)",
    )
    asking.add_argument("--as-of", type=iso_date, help="date the forecast is made at (default: today)")
    asking.add_argument("--due", type=iso_date, metavar="YYYY-MM-DD", help="when the answers are wanted")
    asking.add_argument("--message", default="", help="a line for the teams, in the workbook and the e-mail")
    asking.add_argument("--no-drafts", action="store_true", help="write the workbooks without e-mail drafts")

    collecting = commands.add_parser(
        "collect-updates", help="compare returned update workbooks with the plan; apply the clean updates"
    )
    collecting.add_argument("place", type=plan_place, metavar=PLACE, help=PLACE_HELP)
    collecting.add_argument("files", type=Path, nargs="+", metavar="FILE", help="returned workbooks (.xlsx)")
    doing = collecting.add_mutually_exclusive_group()
    doing.add_argument("--dry-run", action="store_true", help="show the review, change nothing")
    doing.add_argument(
        "--accept-clean",
        action="store_true",
        help="apply the clean updates and the comments (conflicts are never applied here)",
    )
    collecting.add_argument(
        "--as-of", type=iso_date, help="date status moves fill actual dates with (default: today)"
    )

    raid = commands.add_parser("raid", help="list the RAID log: risks, assumptions, issues and decisions")
    raid.add_argument("place", type=plan_place, metavar=PLACE, help=PLACE_HELP)
    raid.add_argument(
        "--type",
        action="append",
        choices=[kind.value for kind in RaidType],
        help="only items of this type (repeat for more)",
    )
    raid.add_argument(
        "--status",
        action="append",
        choices=[status.value for status in RaidStatus],
        help="only items with this status (repeat for more)",
    )
    raid.add_argument("--as-of", type=iso_date, help="date days left are counted from (default: today)")
    raid.add_argument("--json", action="store_true", help="print every field of each item as JSON")
    raid.add_argument(
        "--export", type=Path, metavar="FILE", help="write the items as a RAID sheet (.xlsx or .csv)"
    )

    raid_sheet = commands.add_parser(
        "import-raid", help="add and update RAID items from a CSV or .xlsx RAID sheet"
    )
    raid_sheet.add_argument("place", type=plan_place, metavar=PLACE, help=PLACE_HELP)
    raid_sheet.add_argument("sheet_file", type=Path, metavar="SHEET", help="the RAID sheet (.csv or .xlsx)")
    raid_sheet.add_argument("--sheet", help="worksheet to read (default: the first)")
    raid_sheet.add_argument("--dry-run", action="store_true", help="show what would change, change nothing")
    raid_sheet.add_argument("--as-of", type=iso_date, help="the day the changes are made on (default: today)")

    copy = commands.add_parser(
        "copy", help="copy a whole plan between a file and a server (either way) or two files, and check it"
    )
    copy.add_argument("source", type=plan_place, metavar="SOURCE", help=PLACE_HELP)
    copy.add_argument("destination", type=plan_place, metavar="DEST", help=PLACE_HELP)
    copy.add_argument("--replace", action="store_true", help="replace the plan DEST already holds")

    server = commands.add_parser("server", help="set up a PostgreSQL database for a shared plan")
    on_server = server.add_subparsers(dest="server_command", required=True, parser_class=_Parser)
    init = on_server.add_parser("init", help="create a plan's tables in an empty database")
    init.add_argument("address", type=server_address, metavar="URL", help=ADDRESS_FORM)

    # Who history and reports credit, before or after the command's name.
    said = (
        "who history and reports credit (default: $MIGRATOR_USER, else your account's full name); "
        "ignored on a server, where history credits your login's name"
    )
    parser.add_argument("--user", metavar="NAME", help=said)
    for command in [*commands.choices.values(), *on_server.choices.values()]:
        command.add_argument("--user", metavar="NAME", default=argparse.SUPPRESS, help=said)
    return parser
