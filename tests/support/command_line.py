"""Running the ``migrator`` command in a test, and what a command on a shared plan must leave as it was."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from migrator.cli import main
from migrator.domain.places import ServerAddress

if TYPE_CHECKING:
    from tests.support.postgres import ThrowawayCluster


def run(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    """``migrator ARGUMENTS``: its exit code, stdout and stderr."""
    capsys.readouterr()
    code = main(list(arguments))
    out, err = capsys.readouterr()
    return code, out, err


def database(url: str) -> str:
    """The database a server address names."""
    return ServerAddress.parse(url).database


def state(cluster: ThrowawayCluster, url: str) -> list[tuple[Any, ...]]:
    """What a command that changes nothing leaves as it was: the revision, the rows, their versions."""
    return cluster.run_sql(
        "SELECT (SELECT version_num FROM schema_revision), (SELECT count(*) FROM workstream), "
        "(SELECT sum(version) FROM workstream), (SELECT count(*) FROM dependency), "
        "(SELECT count(*) FROM history), (SELECT count(*) FROM snapshot)",
        database(url),
    )
