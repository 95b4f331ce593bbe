"""NDR Atlas: read a non-delivery report and explain every failed recipient.

The runtime package uses only the standard library, so the same code runs in CPython and in
Pyodide inside the browser.
"""

from __future__ import annotations

import importlib
import sys
import types

TYPE_CHECKING = False  # not typing's: importing typing would cost every start (CONTRIBUTING.md)
if TYPE_CHECKING:
    from typing import Any

    from ndr_atlas.catalog import Catalog, load_catalog
    from ndr_atlas.diagnose import Diagnosis, Report, diagnose

__all__ = ["Catalog", "Diagnosis", "Report", "diagnose", "load_catalog"]
__version__ = "0.1.0"

# The public names are imported when first used, not with the package: the command-line tool
# (``launch``) sets up its pattern cache before the classifier's modules compile their patterns.
_HOMES = {"Catalog": "catalog", "load_catalog": "catalog", "Diagnosis": "diagnose", "Report": "diagnose"}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'ndr_atlas' has no attribute {name!r}")
    return getattr(importlib.import_module(f"ndr_atlas.{_HOMES[name]}"), name)


class _Package(types.ModuleType):
    """``ndr_atlas.diagnose`` is the function, as the eager imports made it, even once the module of
    the same name is imported (the import system then binds the module here: that binding is dropped)."""

    @property
    def diagnose(self) -> Any:
        return importlib.import_module("ndr_atlas.diagnose").diagnose

    @diagnose.setter
    def diagnose(self, _module: object) -> None:
        pass


sys.modules[__name__].__class__ = _Package
