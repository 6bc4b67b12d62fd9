"""The command line's tests name the demo file as its commands do."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def demo(demo_file: Path) -> Path:
    """What ``migrator demo FILE --as-of 2027-03-01`` writes: this test's own copy of the one demo."""
    return demo_file
