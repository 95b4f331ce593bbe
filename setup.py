"""Build hook: every wheel (and an editable install) carries the compiled catalog.

The runtime package reads ``ndr_atlas/catalog.json`` with the standard library only; this step
generates it from ``catalog/`` with the build-time package (PyYAML, jsonschema: build requirements
in pyproject.toml), the same function ``make check-catalog`` calls.
"""

from __future__ import annotations

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildPyWithCatalog(build_py):
    def run(self) -> None:
        super().run()
        sys.path.insert(0, str(HERE / "src"))
        from ndr_atlas_build.compile import write_compiled_catalog

        # An editable install reads the package from src/: the catalog goes there, as `make` puts it.
        target = HERE / "src" if self.editable_mode else Path(self.build_lib)
        write_compiled_catalog(target / "ndr_atlas" / "catalog.json")


setup(cmdclass={"build_py": BuildPyWithCatalog})
