"""Two windows on one file, 300 writes: how many silently overwrite the other window's edit.

Each write is made from one of two windows (PlanDocuments, each with its own connection, as
two Migrator windows or two coordinators on a shared file have) to one of a few workstreams,
from what that window shows. A write is *silently overwritten* when it is saved although the
other window changed that row after this window last read it: the other's edit is lost
without a word. A refused write says who changed the row and when, and changes nothing.

    QT_QPA_PLATFORM=offscreen python benchmarks/lost_updates.py [--writes 300] [--rows 10]

Self-contained (no imports from benchmarks/), so it measures whichever Migrator is on the path.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from migrator.domain.model import Status
from migrator.services import MigrationService
from migrator.services.demo import write_demo
from migrator.ui.document.plan_document import PlanDocument

AS_OF = date(2027, 3, 1)


def measure(writes: int, rows: int, seed: int) -> tuple[int, int, int]:
    """(saved, of them silently overwriting another window's edit, refused as stale)."""
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        path = write_demo(Path(folder) / "demo.migrator", AS_OF)
        windows = [
            PlanDocument(MigrationService.open(path, actor=name, today=lambda: AS_OF), as_of=AS_OF)
            for name in ("Ana Ruiz", "Ben Okafor")
        ]
        refusals: list[str] = []
        for window in windows:
            window.refused.connect(refusals.append)
        reader = MigrationService.open(path, read_only=True)
        plan = windows[0].plan.workstreams
        open_work = [i for i, w in plan.items() if w.status is Status.NOT_STARTED and not w.is_milestone]
        chosen = random.Random(seed).sample(open_work, rows)
        pick = random.Random(seed + 1)
        saved = silent = 0
        for n in range(writes):
            window = pick.choice(windows)
            row = pick.choice(chosen)
            shown = window.plan.workstreams[row]
            in_file = reader.workstream(row)
            if window.edit_workstreams({row: {"title": f"Edit {n} by {window.service.actor}"}}, "Rename"):
                saved += 1
                silent += in_file.version != shown.version
            app.processEvents()  # what a window does between two clicks: a refused one reads again
        stale = sum("was changed in another window" in message for message in refusals)
        reader.close()
        for window in windows:
            window.close()
    return saved, silent, stale


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=300)
    parser.add_argument("--rows", type=int, default=10, help="workstreams the writes share")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    saved, silent, stale = measure(args.writes, args.rows, args.seed)
    print(f"{silent} of {args.writes} writes silently overwritten")
    print(f"  {saved} saved, {stale} refused as stale (naming who changed the row and when)")


if __name__ == "__main__":
    main()
