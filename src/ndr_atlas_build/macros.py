"""mkdocs-macros: catalog figures for the hand-written pages (home, contributing)."""

from __future__ import annotations

from typing import Any

from ndr_atlas_build.buildstate import get_build
from ndr_atlas_build.load import REPO_ROOT


def define_env(env: Any) -> None:
    site = get_build().site
    env.variables["catalog_entries"] = len(site.entries)
    env.variables["catalog_variants"] = sum(len(v) for v in site.variants.values())
    env.variables["catalog_codes"] = len(site.page_of_code)
    env.variables["catalog_reasons"] = len({e.data["reason"] for e in site.entries})

    @env.macro
    def contributing_rules() -> str:
        """The rule table of CONTRIBUTING.md, so the site shows the same list the checker uses."""
        text = (REPO_ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
        start = text.index("| rule |")
        end = text.index("\n\n", start)
        return text[start:end]

    @env.macro
    def featured_codes(lang: str, codes: list[str]) -> str:
        """A short list of codes linked to their pages, with the title in the page language."""
        lines = []
        by_code = {c: e for e in site.entries for c in e.data["codes"]}
        for code in codes:
            entry = by_code.get(code)
            if entry:
                lines.append(f"- [`{code}`](codes/{site.page_of_code[code]}.md) — {entry.data[lang]['title']}")
        return "\n".join(lines)
