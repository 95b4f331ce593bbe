"""Compile the YAML catalog into the JSON the classifier reads (CLI and browser alike)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from ndr_atlas.catalog import catalog_from_data
from ndr_atlas.diagnose import diagnose
from ndr_atlas_build.i18n import REASONS
from ndr_atlas_build.load import CATALOG_DIR, REPO_ROOT, CatalogError, CatalogProblem, LoadedEntry, collect_catalog, load_catalog_dir
from ndr_atlas_build.needles import anchors_of, needle_index, rule_needles, rule_parts


def entry_page(data: dict[str, Any]) -> str:
    """Entries live at ``codes/<first code>/`` (or ``codes/<range>/``): stable and guessable."""
    return f"codes/{(data['codes'] or data['code_ranges'])[0]}/"


def variants_by_code(entries: list[LoadedEntry]) -> dict[str, list[LoadedEntry]]:
    attached: dict[str, list[LoadedEntry]] = {}
    for loaded in entries:
        if loaded.is_variant:
            attached.setdefault(loaded.data["code"], []).append(loaded)
    return attached


# The end of a sentence: a full stop (or ! ?) followed by a space and a capital, a quote or a
# backtick, or the end of the text. "e.g. the", "`cox.net`" and "5.1.1" do not end one.
SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý`'\"(])")


def first_sentence(text: str) -> str:
    """A variant's summary: the first sentence of its text (the diagnoser shows it under the title)."""
    text = " ".join(text.split())
    return SENTENCE_END_RE.split(text, maxsplit=1)[0]


def compile_rules(rules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Match rules as written, plus the needles that let the runtime skip most regex searches. A
    pattern of several alternatives is sent as its ``parts`` only, each with needles of its own
    (the runtime joins them back with ``|``): the browser loads each pattern once."""
    compiled = []
    for rule in rules:
        if rule.get("text"):
            parts = rule_parts(rule["text"])
            rule = {**rule, "needles": rule_needles(rule["text"])}
            if parts:
                rule = {key: value for key, value in rule.items() if key != "text"} | {"parts": parts}
            else:
                rule |= anchors_of(rule["text"], rule["needles"])
        compiled.append(rule)
    return compiled


def compile_entries(entries: list[LoadedEntry]) -> dict[str, Any]:
    compiled = []
    attached = variants_by_code(entries)
    for loaded in entries:
        data = loaded.data
        if loaded.is_variant:
            continue
        variants = [v.data for code in data["codes"] for v in attached.get(code, [])]
        compiled.append(
            {
                "id": data["id"],
                "codes": data["codes"],
                "code_ranges": data.get("code_ranges", []),
                "reason": data["reason"],
                "origin": data["origin"],
                "page": entry_page(data),
                "titles": {lang: data[lang]["title"] for lang in ("en", "it")},
                "summaries": {lang: data[lang]["summary"] for lang in ("en", "it")},
                "match": compile_rules(data["match"]),
                "variants": [
                    {
                        "id": v["id"],
                        "reason": v.get("reason"),
                        "origin": v["origin"],
                        "titles": {lang: v[lang]["title"] for lang in ("en", "it")},
                        "summaries": {lang: first_sentence(v[lang]["text"]) for lang in ("en", "it")},
                        "match": compile_rules(v["match"]),
                    }
                    | ({"provider": v["provider"], "hosts": v["hosts"]} if v.get("hosts") else {})
                    | ({"expired_last": True} if v.get("expired_last") else {})
                    for v in variants
                ],
            }
        )
    # Reasons by the names people read, in both languages: the CLI and the browser show them.
    reasons = {name: {"en": en, "it": it} for name, (en, it) in REASONS.items()}
    # "anchored": a rule or part that names no anchors opens every match with one of its needles (``anchors_of``).
    return {
        "version": 1,
        "entries": compiled,
        "reasons": reasons,
        "needle_index": needle_index(catalog_needles(compiled)),
        "anchored": True,
    }


def catalog_needles(entries: list[dict[str, Any]]) -> set[str]:
    """Every needle of the compiled rules and of their alternatives (``parts``)."""
    rules = [rule for entry in entries for rule in [*entry["match"], *(r for v in entry["variants"] for r in v["match"])]]
    return {
        needle for rule in rules for needle in [*rule.get("needles", ()), *(n for part in rule.get("parts", ()) for n in part["needles"])]
    }


def check_examples(entries: list[LoadedEntry], compiled: dict[str, Any]) -> list[CatalogProblem]:
    """CAT010: every example must classify to its own entry (and variant), not to another."""
    catalog = catalog_from_data(compiled)
    pages = {code: entry["page"] for entry in compiled["entries"] for code in entry["codes"]}
    problems = []
    for loaded in entries:
        data = loaded.data
        if loaded.is_variant:
            expected_page = f"{pages.get(data['code'], '?')}#{data['id']}"
        else:
            expected_page = entry_page(data)
        # Success and intermediate replies (2xx, 3xx) are not failures: their examples must
        # give no failure at all rather than land on a page.
        informational = not loaded.is_variant and all(c[0] in "23" for c in data["codes"] + data.get("code_ranges", []))
        cases = [(("examples", i), text, expected_page) for i, text in enumerate(data["examples"])]
        for where, text, expected in cases:
            report = diagnose(text, catalog)
            got = [r.page for r in report.results]
            if informational and not got:
                continue
            if got != [expected]:
                problems.append(
                    CatalogProblem(
                        loaded.name, loaded.line(where), "CAT010", f"{text[:80]!r} gives {got or 'no failure'}, expected ['{expected}']"
                    )
                )
    return problems


def compile_catalog(directory: Path = CATALOG_DIR) -> dict[str, Any]:
    """Load, check and compile the catalog; raise ``CatalogError`` on any problem."""
    entries = load_catalog_dir(directory)
    compiled = compile_entries(entries)
    problems = check_examples(entries, compiled)
    if problems:
        raise CatalogError(problems)
    return compiled


# Where the runtime package looks for its compiled catalog in a source checkout.
PACKAGED_CATALOG = Path(__file__).resolve().parents[1] / "ndr_atlas" / "catalog.json"


def write_compiled_catalog(out: Path) -> int:
    """Check and compile the catalog into ``out`` (the build hook of setup.py and ``make`` both
    call this); the number of entries. Raises ``CatalogError`` when an entry is broken."""
    compiled = compile_catalog()
    out.parent.mkdir(parents=True, exist_ok=True)
    # ASCII, every other character escaped: a document with no character beyond ASCII is parsed as one
    # byte per character, and json.loads of it took the CLI's start 4.7 M instructions fewer (of 270 M).
    out.write_text(json.dumps(compiled, separators=(",", ":")), encoding="ascii")
    return len(compiled["entries"])


def check_main(paths: list[str]) -> int:
    """``python -m ndr_atlas_build.compile --check [FILE ...]``: every problem, or those of FILEs.

    Broken files are set aside so the examples of the others are still checked: several people
    can work on the catalog at once and each see the problems of their own files.
    """
    entries, problems = collect_catalog()
    problems += check_examples(entries, compile_entries(entries))
    wanted = {str(Path(p).resolve()) for p in paths}
    shown = [p for p in problems if not wanted or str((REPO_ROOT / p.file).resolve()) in wanted]
    for problem in shown:
        print(problem)
    print(f"{len(shown)} problem(s) in {len(wanted) or 'all'} file(s); {len(entries)} files load cleanly")
    return 1 if shown else 0


def main(argv: list[str] | None = None) -> int:
    """``python -m ndr_atlas_build.compile [OUT]``: check the catalog and write catalog.json;
    ``--check [FILE ...]``: list the problems only."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m ndr_atlas_build.compile", description="Check the catalog (catalog/*.yaml) and write the compiled catalog.json."
    )
    parser.add_argument("--check", action="store_true", help="only list the problems (of the FILEs given, else of every file)")
    parser.add_argument("paths", nargs="*", metavar="OUT | FILE", help=f"where to write catalog.json (default {PACKAGED_CATALOG})")
    args = parser.parse_args(argv)
    if args.check:
        return check_main(args.paths)
    if len(args.paths) > 1:
        parser.error("give one output file")
    out = Path(args.paths[0]) if args.paths else PACKAGED_CATALOG
    try:
        count = write_compiled_catalog(out)
    except CatalogError as exc:
        print(f"catalog check failed ({len(exc.problems)} problem(s)):\n{exc}", file=sys.stderr)
        return 1
    print(f"catalog: {count} entries checked, written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
