"""The command line's tests name the demo file as its commands do; ``shared`` is the demo on a server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from migrator.domain.places import ServerAddress
from migrator.services.sharing import copy_plan


@pytest.fixture
def demo(demo_file: Path) -> Path:
    """What ``migrator demo FILE --as-of 2027-03-01`` writes: this test's own copy of the one demo."""
    return demo_file


@pytest.fixture
def shared(demo: Path, server_url: str) -> Iterator[str]:
    """The demo, copied to this test's database: the same plan in a file (``demo``) and on a server."""
    copy_plan(demo, ServerAddress.parse(server_url))
    yield server_url
