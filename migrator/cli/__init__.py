"""The ``migrator`` command line: demo, import-plan, info, check, analyze, impact, export,
export-plan, snapshots, baseline, request-updates, collect-updates, raid, import-raid, copy and
server init; each takes a migration file or a shared plan's server address where it takes a plan
(demo: a file).

``main`` runs one command and turns every failure into one line and an exit code; the
arguments are in ``parser``, what each command does in ``commands``, the analysis as text and
JSON in ``analysis_text`` and ``json_text``."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Sequence
from typing import TextIO, cast

from migrator.cli.commands import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_UNHEALTHY,
    run_analyze,
    run_baseline,
    run_check,
    run_collect_updates,
    run_copy,
    run_demo,
    run_export,
    run_export_plan,
    run_impact,
    run_import_plan,
    run_info,
    run_request_updates,
    run_server,
    run_snapshots,
)
from migrator.cli.parser import build_parser
from migrator.cli.raid_commands import run_import_raid, run_raid
from migrator.domain.errors import MigratorError
from migrator.logs import write_crash_log
from migrator.terminal import EscapingStream, one_line

__all__ = ["COMMANDS", "EXIT_OK", "main"]

EXIT_BROKEN_PIPE = 141  # as a shell reports a command that SIGPIPE ended

COMMANDS = {
    "demo": run_demo,
    "import-plan": run_import_plan,
    "info": run_info,
    "check": run_check,
    "analyze": run_analyze,
    "impact": run_impact,
    "export": run_export,
    "export-plan": run_export_plan,
    "snapshots": run_snapshots,
    "baseline": run_baseline,
    "request-updates": run_request_updates,
    "collect-updates": run_collect_updates,
    "raid": run_raid,
    "import-raid": run_import_raid,
    "copy": run_copy,
    "server": run_server,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; bad input is one line on stderr and exit code 2, never a traceback.

    Everything printed, to stdout or stderr, goes through ``shown``: plan text that holds
    terminal control characters is shown escaped, never obeyed by the terminal."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = cast(TextIO, EscapingStream(out)), cast(TextIO, EscapingStream(err))
    try:
        return _run(argv)
    finally:
        sys.stdout, sys.stderr = out, err


def _run(argv: Sequence[str] | None) -> int:
    try:
        args = build_parser().parse_args(argv)
        from migrator.services.who import acting_as

        with acting_as(args.user):
            code = COMMANDS[args.command](args)
        sys.stdout.flush()  # a reader that went away (`| head -1`) shows here, not at exit
        return code
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except MigratorError as error:
        print(f"migrator: {_message(error)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("migrator: interrupted; nothing was half-written.", file=sys.stderr)
        return 130
    except Exception as error:  # a bug: keep the details in the log, not on the screen
        logged = write_crash_log(traceback.format_exc())
        where = f"details in {logged}" if logged else "no crash log could be written"
        print(f"migrator: unexpected error ({type(error).__name__}: {error}); {where}", file=sys.stderr)
        return EXIT_UNHEALTHY


def _message(error: MigratorError) -> str:
    """The error's message with the plan text in it kept on its line: one line per problem for
    a message that lists them (a plan's or a file's bad values), else one line."""
    text = str(error)
    problems = [str(problem) for problem in getattr(error, "problems", ())]
    for problem in problems:
        text = text.replace(problem, one_line(problem))
    return text if problems else one_line(text)


def _silence_stdout() -> None:
    """The reader of stdout is gone: send what is still buffered to devnull, so that the exit's
    own flush does not fail again (the recipe of Python's signal docs, "Note on SIGPIPE")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is no real file (captured by a test harness)
        pass
