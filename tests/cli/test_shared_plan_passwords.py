"""Passwords for shared plans on the command line: libpq's own ways (PGPASSWORD, a password file)
work unchanged; at a terminal the command asks once, without echo; elsewhere it says how to give
one. The server asks a login of this test's own for its password; the others stay trusted."""

from __future__ import annotations

import os
import pty
import select
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from migrator.domain.places import ServerAddress
from migrator.services.sharing import copy_plan
from tests.support.command_line import database, run

if TYPE_CHECKING:
    from tests.support.postgres import ThrowawayCluster

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"
HINT = (
    "Give it in PGPASSWORD, or in ~/.pgpass (PGPASSFILE names another file), "
    "or run the command at a terminal to be asked for it."
)


@pytest.fixture
def guarded(
    demo: Path,
    server_url: str,
    postgres_cluster: ThrowawayCluster,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> str:
    """The demo on the server, and the URL of a login the server asks for its password."""
    copy_plan(demo, ServerAddress.parse(server_url))
    for variable in ("PGPASSWORD", "PGSERVICE", "PGUSER"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no.pgpass"))  # not the developer's own
    return postgres_cluster.add_login(database(server_url), password=PASSWORD)


def login(url: str) -> str:
    return ServerAddress.parse(url).user


def said(url: str, verb: str) -> str:
    """What the command says when the server ``verb`` (asks for, refused) the login's password."""
    return f"migrator: The server of {database(url)} on 127.0.0.1 {verb} {login(url)}'s password. {HINT}\n"


def test_without_a_terminal_the_command_says_how_to_give_the_password(
    guarded: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "info", guarded)

    assert (code, out) == (2, "")
    assert err == said(guarded, "asks for")


def test_pgpassword_gives_it(
    guarded: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PGPASSWORD", PASSWORD)

    code, out, _err = run(capsys, "info", guarded)

    assert code == 0 and out.startswith("Card fleet replacement: prepaid to debit\n")


def test_a_password_file_gives_it(
    guarded: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    address = ServerAddress.parse(guarded)
    passwords = tmp_path / "pgpass"
    passwords.write_text(f"127.0.0.1:{address.port}:{address.database}:{address.user}:{PASSWORD}\n")
    passwords.chmod(0o600)  # libpq ignores a password file others may read
    monkeypatch.setenv("PGPASSFILE", str(passwords))

    code, out, _err = run(capsys, "check", guarded)

    assert code == 0 and out.splitlines()[0] == f"{address.database} on 127.0.0.1: healthy"


def test_a_wrong_password_is_refused_with_how_to_give_the_right_one(
    guarded: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PGPASSWORD", "wrong")

    code, _out, err = run(capsys, "analyze", guarded)

    assert code == 2
    assert err == said(guarded, "refused")


# ---------------------------------------------------------------- at a terminal


def at_a_terminal(arguments: list[str], answer: str, timeout: float = 60) -> tuple[int, str]:
    """Run ``python -m migrator ARGUMENTS`` at a (pseudo-)terminal of its own, typing ``answer``
    and Enter each time it asks for a password: its exit code and what the terminal showed."""
    pid, terminal = pty.fork()
    if pid == 0:  # the child: the pseudo-terminal is its stdin, stdout, stderr and /dev/tty
        try:
            os.chdir(ROOT)
            os.execv(sys.executable, [sys.executable, "-m", "migrator", *arguments])
        finally:
            os._exit(127)
    shown, prompts = b"", 0
    deadline = time.monotonic() + timeout
    try:
        while True:
            assert time.monotonic() < deadline, f"no end after {timeout} s: {shown!r}"
            ready, _, _ = select.select([terminal], [], [], 0.1)
            if not ready:
                continue
            try:
                chunk = os.read(terminal, 4096)
            except OSError:  # EIO: the command ended and closed the terminal
                break
            if not chunk:
                break
            shown += chunk
            if shown.count(b"Password") > prompts and shown.rstrip().endswith(b":"):
                prompts += 1
                os.write(terminal, answer.encode() + b"\n")
    finally:
        os.close(terminal)
        _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), shown.decode().replace("\r\n", "\n")


def test_at_a_terminal_the_command_asks_once_without_echo(guarded: str) -> None:
    code, shown = at_a_terminal(["info", guarded], PASSWORD)

    assert code == 0, shown
    prompt = f"Password of {login(guarded)} for {database(guarded)} on 127.0.0.1: \n"
    assert shown.startswith(prompt + "Card fleet replacement: prepaid to debit\n")
    assert shown.count("Password") == 1
    assert PASSWORD not in shown


def test_at_a_terminal_a_wrong_password_is_asked_for_once_then_refused(guarded: str) -> None:
    code, shown = at_a_terminal(["info", guarded], "wrong")

    assert code == 2
    assert shown.count("Password of") == 1 and "wrong" not in shown.split("\n", 1)[0]
    assert shown.endswith(said(guarded, "refused"))


def test_a_copy_from_a_server_asks_at_a_terminal_too(guarded: str, tmp_path: Path) -> None:
    local = tmp_path / "trip.migrator"

    code, shown = at_a_terminal(["copy", guarded, str(local)], PASSWORD)

    assert code == 0, shown
    assert shown.count("Password of") == 1 and PASSWORD not in shown
    assert f"Copied {database(guarded)} on 127.0.0.1 to {local} in " in shown
    assert local.exists()
