"""The RAID log's commands: ``raid`` lists (or exports) the log, ``import-raid`` reads a RAID sheet."""

from __future__ import annotations

import argparse

from migrator.cli.commands import EXIT_OK, _table, open_plan
from migrator.domain.raid import RaidStatus, RaidType
from migrator.terminal import lines_text


def run_raid(args: argparse.Namespace) -> int:
    from migrator.cli.json_text import indented_json
    from migrator.cli.raid_text import HEADER, raid_json, summary_line, table_rows

    types = [RaidType(kind) for kind in args.type or ()]
    statuses = [RaidStatus(status) for status in args.status or ()]
    with open_plan(args.place) as service:
        if args.export is not None:  # export_raid reads and filters the items itself
            from migrator.services.raid_import import export_raid

            count = export_raid(service, args.export, types=types, statuses=statuses)
            print(f"Wrote {args.export} ({count} RAID item{'s' if count != 1 else ''})")
            return EXIT_OK
        as_of = args.as_of or service.today()
        items = [
            item
            for item in service.raid.items()
            if (not types or item.type in types) and (not statuses or item.status in statuses)
        ]
        migration = service.migration()
    bands = migration.risk_bands
    if args.json:
        print(indented_json(raid_json(migration.name, items, bands, as_of)))
        return EXIT_OK
    lines = [summary_line(migration.name, items, bands, as_of, types), ""]
    if items:
        lines += _table(HEADER, table_rows(items, bands, as_of), numeric=())
    else:
        lines.append("No RAID items" + (" match." if types or statuses else " yet."))
    print(lines_text(lines))
    return EXIT_OK


def run_import_raid(args: argparse.Namespace) -> int:
    from migrator.services.raid_import import import_raid

    with open_plan(args.place, today=args.as_of) as service:
        report = import_raid(service, args.sheet_file, sheet=args.sheet, dry_run=args.dry_run)
    print(lines_text(report.summary_lines()))
    return EXIT_OK
