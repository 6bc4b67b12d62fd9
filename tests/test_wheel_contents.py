"""An installed Migrator finds its resources: a wheel built from a clean copy of the committed
tree carries the icon, the style sheets, the desktop entry and the demo's content, and reads
them from inside itself."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = [
    "migrator/resources/icons/migrator.svg",
    *(f"migrator/resources/icons/migrator-{size}.png" for size in (16, 32, 48, 64, 128, 256)),
    "migrator/resources/style/dashboard.qss",
    "migrator/resources/linux/migrator.desktop",
    "migrator/resources/sample/card-fleet.toml",
]


def test_a_wheel_built_from_a_clean_copy_carries_and_finds_its_resources(tmp_path: Path) -> None:
    archive = ["git", "archive", "--format=tar", "HEAD"]
    committed = subprocess.run(archive, cwd=ROOT, capture_output=True, check=True)
    source = tmp_path / "clean"
    with tarfile.open(fileobj=io.BytesIO(committed.stdout)) as tar:
        tar.extractall(source, filter="data")
    dist = tmp_path / "dist"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    subprocess.run([*pip, "wheel", "--no-deps", "--quiet", "-w", str(dist), str(source)], check=True)
    (wheel,) = dist.glob("migrator-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert [name for name in RESOURCES if name not in names] == []
    assert "migrator/store/revisions/env.py" in names  # the package data it carried before

    site = tmp_path / "site"
    subprocess.run([*pip, "install", "--no-deps", "--quiet", "--target", str(site), str(wheel)], check=True)
    # -S: no site-packages, so neither this checkout nor an editable install can answer instead.
    ask = "from migrator.paths import resource; print(resource('linux', 'migrator.desktop'))"
    where = subprocess.run(
        [sys.executable, "-S", "-c", ask],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(site)}, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert where.stdout.strip() == str(site / "migrator" / "resources" / "linux" / "migrator.desktop")
