"""The catalog as checked and compiled once per build process, shared by hooks and macros.

MkDocs loads the hooks file by path and mkdocs-macros loads its module by path too, so each
would otherwise hold its own copy; both import this module by package name instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mkdocs.exceptions import Abort

from ndr_atlas_build.compile import check_examples, compile_entries
from ndr_atlas_build.load import CatalogError, LoadedEntry, collect_catalog
from ndr_atlas_build.pages import SiteData


@dataclass
class Build:
    entries: list[LoadedEntry]
    compiled: dict[str, Any]
    site: SiteData


_cache: list[Build] = []


def get_build() -> Build:
    """Check and compile the catalog (once); a broken catalog stops the build with every problem."""
    if not _cache:
        entries, problems = collect_catalog()
        compiled = compile_entries(entries)
        problems += check_examples(entries, compiled)
        if problems:
            raise Abort(f"catalog check failed ({len(problems)} problem(s)):\n" + str(CatalogError(problems)))
        _cache.append(Build(entries, compiled, SiteData(entries)))
    return _cache[0]
