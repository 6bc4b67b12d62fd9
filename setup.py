"""Build step: copy the top-level resources/ folder into the package, so installed builds find
the icon, the style sheets and the desktop entry (migrator/paths.py reads them there).

Everything else about the build is in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

RESOURCES = Path(__file__).resolve().parent / "resources"


class BuildWithResources(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib, "migrator", "resources")
        shutil.copytree(RESOURCES, target, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithResources})
