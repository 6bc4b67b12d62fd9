"""MPXJ, the Java library ProjectLibre reads and writes MS Project files with, as a second
opinion on the MS Project XML Migrator writes and a source of files a real MSPDI writer saved.

It runs in a process of its own (tests/support/mpxj_probe.py): a JVM started in the test
process could never be stopped. CI installs a Java runtime and the ``mpxj`` package (the test
extras) and sets MIGRATOR_REQUIRE_MPXJ=1, so there a test without them fails rather than skips;
on a developer machine without Java those tests are skipped, saying why.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

JAVA = shutil.which("java")
HAS_MPXJ = importlib.util.find_spec("mpxj") is not None and importlib.util.find_spec("jpype") is not None
REQUIRED = os.environ.get("MIGRATOR_REQUIRE_MPXJ") == "1"
PROBE = Path(__file__).with_name("mpxj_probe.py")
TIMEOUT = 120  # seconds: a JVM's start and MPXJ's classes on a loaded machine

needs_mpxj = pytest.mark.skipif(
    (JAVA is None or not HAS_MPXJ) and not REQUIRED,
    reason="MPXJ needs a Java runtime (java) and the mpxj package (pip install -e '.[test]')",
)


def _probe(*args: str) -> Any:
    done = subprocess.run(
        [sys.executable, str(PROBE), *args], capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    assert done.returncode == 0, f"MPXJ failed:\n{done.stderr[-3000:]}"
    return json.loads(done.stdout.splitlines()[-1])


def mpxj_read(path: Path) -> dict[str, Any]:
    """The plan as MPXJ (and so ProjectLibre) reads it: project, calendar, tasks, resources."""
    return dict(_probe("read", str(path)))


def mpxj_build(spec: dict[str, Any], target: Path) -> Path:
    """Save the plan ``spec`` describes as MS Project XML through MPXJ's own writer."""
    spec_file = target.with_suffix(".json")
    spec_file.write_text(json.dumps(spec), encoding="utf-8")
    _probe("build", str(spec_file), str(target))
    return target
