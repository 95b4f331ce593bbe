"""Load catalog YAML files with line numbers, validate them and report mistakes precisely.

Every problem is a ``CatalogProblem`` with the file, the line and a numbered rule (``CAT001`` …),
so a broken entry fails the build with a message that says exactly where and why.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from referencing import Registry, Resource

from ndr_atlas.catalog import parse_ranges
from ndr_atlas.diagnose import HARD_REASONS

REPO_ROOT = Path(__file__).resolve().parents[2]
# NDR_ATLAS_CATALOG_DIR points the build at another catalog (the tests use small fixture catalogs).
CATALOG_DIR = Path(os.environ.get("NDR_ATLAS_CATALOG_DIR") or REPO_ROOT / "catalog")
VARIANTS_DIR_NAME = "variants"


def _schema(name: str) -> dict[str, Any]:
    return dict(json.loads(Path(__file__).with_name(name).read_text(encoding="utf-8")))


ENTRY_SCHEMA = _schema("entry.schema.json")
VARIANT_SCHEMA = _schema("variant.schema.json")
SCHEMA_REGISTRY: Registry[Any] = Registry().with_resource("entry.schema.json", Resource.from_contents(ENTRY_SCHEMA))
LANGUAGES = ("en", "it")

RULES = {
    "CAT001": "the file is not valid YAML",
    "CAT002": "the entry does not match the schema",
    "CAT003": "missing Italian text",
    "CAT004": "English and Italian lists differ in length",
    "CAT005": "English and Italian differ in their literal code spans",
    "CAT006": "duplicate entry id",
    "CAT007": "a code belongs to two entries",
    "CAT008": "a match rule is not a valid regular expression",
    "CAT009": "a match rule can backtrack catastrophically",
    "CAT010": "an example does not classify to its own entry",
    "CAT011": "the file name does not match the entry id",
    "CAT012": "the same match rule appears twice",
    "CAT013": "a related code belongs to no entry",
    "CAT014": "missing English text",
    "CAT015": "a variant names a code that no entry has",
    "CAT016": "duplicate variant id",
    "CAT017": "soft/hard does not follow the reason",
    "CAT018": "hosts are only for provider (or Microsoft) variants, one provider per host",
    "CAT019": "a bold menu path is the same in English and Italian",
    "CAT020": "a vendor's entry claims a code of the IANA registry",
    "CAT021": "expired_last is only for provider (or Microsoft) variants",
}

# The enhanced status codes the IANA registry defines (RFC 3463, 3886, 4468, 4954, 5248, 6531, 6710,
# 7293, 7372, 7505, 8617, 8689), as (subject, highest detail). A vendor's entry must not list one: the
# classifier takes a vendor code's meaning from its entry alone (Entry.is_vendor_code), while a
# registered code's meaning is weighed with the words.
REGISTERED_DETAILS = {"0": 0, "1": 10, "2": 4, "3": 6, "4": 7, "5": 6, "6": 10, "7": 30}


# Problems that leave an entry unusable for the catalog-wide checks and the compiler.
BLOCKING_RULES = frozenset({"CAT001", "CAT002", "CAT003", "CAT008", "CAT009", "CAT014"})

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class CatalogProblem:
    file: str
    line: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.rule} {RULES[self.rule]}: {self.message}"


class CatalogError(Exception):
    def __init__(self, problems: list[CatalogProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class LoadedEntry:
    path: Path
    data: dict[str, Any]
    lines: dict[Path_, int]

    @property
    def is_variant(self) -> bool:
        return self.path.parent.name == VARIANTS_DIR_NAME

    def line(self, where: Path_) -> int:
        """The line of the nearest node that exists on the way to ``where``."""
        while where not in self.lines and where:
            where = where[:-1]
        return self.lines.get(where, 1)

    @property
    def name(self) -> str:
        try:
            return str(self.path.relative_to(REPO_ROOT))
        except ValueError:
            return str(self.path)


def node_lines(node: yaml.Node, where: Path_ = ()) -> dict[Path_, int]:
    """Map every path in the YAML document to its 1-based line."""
    lines = {where: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*where, str(key.value))
            lines[child] = key.start_mark.line + 1
            lines.update({k: v for k, v in node_lines(value, child).items() if k != child})
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines.update(node_lines(item, (*where, index)))
    return lines


def load_file(path: Path) -> LoadedEntry:
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise CatalogError([CatalogProblem(display(path), line, "CAT001", str(problem))]) from None
    if not isinstance(data, dict) or node is None:
        raise CatalogError([CatalogProblem(display(path), 1, "CAT002", "the file must hold one mapping (an entry)")])
    return LoadedEntry(path, data, node_lines(node))


def display(path: Path) -> str:
    try:
        return str(path.relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def check_entry(entry: LoadedEntry) -> list[CatalogProblem]:
    """Problems found in one entry on its own (the catalog-wide checks come later)."""
    problems: list[CatalogProblem] = []
    data = entry.data

    def add(where: Path_, rule: str, message: str) -> None:
        problems.append(CatalogProblem(entry.name, entry.line(where), rule, message))

    for lang, missing_rule in (("it", "CAT003"), ("en", "CAT014")):
        if lang not in data:
            add((), missing_rule, f"the entry has no '{lang}' section")
    schema = VARIANT_SCHEMA if entry.is_variant else ENTRY_SCHEMA
    validator = jsonschema.Draft202012Validator(schema, registry=SCHEMA_REGISTRY)
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        where = tuple(error.absolute_path)
        if error.validator == "required" and not where and any(f"'{lang}'" in error.message for lang in LANGUAGES):
            continue  # reported above as CAT003 / CAT014
        field = "/".join(str(p) for p in where) or "(top level)"
        add(where, "CAT002", f"{field}: {error.message} (schema rule '{error.validator}')")
    if problems:
        return problems
    if "bounce" in data and "reason" in data and (data["bounce"] == "hard") != (data["reason"] in HARD_REASONS):
        expected = "hard" if data["reason"] in HARD_REASONS else "soft"
        add(("bounce",), "CAT017", f"reason '{data['reason']}' makes a {expected} bounce (hard only for {', '.join(sorted(HARD_REASONS))})")
    if data.get("hosts") and data.get("origin") not in ("provider", "microsoft"):
        add(
            ("hosts",),
            "CAT018",
            f"hosts limit a provider's own wording to its mail; origin is '{data.get('origin')}', not 'provider' or 'microsoft'",
        )
    if "expired_last" in data and data.get("origin") not in ("provider", "microsoft"):
        add(
            ("expired_last",),
            "CAT021",
            f"only a provider's own variant has its reason kept past the queue expiry; origin is '{data.get('origin')}', "
            "and a standard variant's reason is weighed with the words anyway",
        )
    if data.get("origin") not in (None, "standard"):
        for index, code in enumerate(data.get("codes", [])):
            if is_registered(code):
                add(("codes", index), "CAT020", f"'{code}' is a registered code; list it in an entry of origin 'standard'")
        for index, span in enumerate(data.get("code_ranges", [])):
            if any(is_registered(f"{prefix}.{detail}") for prefix, low, high in parse_ranges([span]) for detail in (low, high)):
                add(("code_ranges", index), "CAT020", f"'{span}' reaches registered codes; start it above them")
    if entry.path.stem != data["id"]:
        add(("id",), "CAT011", f"id '{data['id']}' is in '{entry.path.name}'; name the file '{data['id']}.yaml'")
    check_parity(data, add)
    check_ui_paths(data, add)
    for where, pattern in match_texts(data):
        try:
            re.compile(pattern)
        except re.error as exc:
            add(where, "CAT008", f"{pattern!r}: {exc}")
            continue
        danger = dangerous_pattern(pattern)
        if danger:
            add(where, "CAT009", f"{pattern!r}: {danger}")
    seen: dict[str, Path_] = {}
    for where, match_rule in all_rules(data):
        key = json.dumps(match_rule, sort_keys=True)
        if key in seen:
            add(where, "CAT012", f"same rule as at line {entry.line(seen[key])}: {key}")
        seen[key] = where
    return problems


def is_registered(code: str) -> bool:
    """Whether an enhanced status code (class.subject.detail) is one the IANA registry defines."""
    _, subject, detail = code.split(".")
    return subject in REGISTERED_DETAILS and int(detail) <= REGISTERED_DETAILS[subject]


CODE_SPAN_RE = re.compile(r"`([^`]+)`")


def check_parity(data: dict[str, Any], add: Any) -> None:
    """EN and IT must have the same list lengths and the same literal code spans per field."""
    pairs: list[tuple[Path_, Any, Any]] = [((f,), data["en"][f], data["it"][f]) for f in data["en"]]
    for where, en, it in pairs:
        lang_where = ("it", *where)
        if isinstance(en, list) and len(en) != len(it):
            add(lang_where, "CAT004", f"{'/'.join(map(str, where))}: {len(en)} items in English, {len(it)} in Italian")
        en_spans = sorted(CODE_SPAN_RE.findall(json.dumps(en, ensure_ascii=False)))
        it_spans = sorted(CODE_SPAN_RE.findall(json.dumps(it, ensure_ascii=False)))
        if en_spans != it_spans:
            only_en = sorted(set(en_spans) - set(it_spans))
            only_it = sorted(set(it_spans) - set(en_spans))
            add(lang_where, "CAT005", f"{'/'.join(map(str, where))}: only in English {only_en}, only in Italian {only_it}")


# A path through a product's menus, in bold: "**Mail flow > Connectors**" or "**Mail flow** > **Connectors**".
UI_PATH_RE = re.compile(r"\*\*[^*]+\*\*(?:\s*>\s*\*\*[^*]+\*\*)*")
BOLD_RE = re.compile(r"\*\*([^*]+)\*\*")


def ui_paths(text: str) -> list[str]:
    """The bold menu paths of a text, spaces normalised ("Mail flow > Connectors")."""
    paths = []
    for match in UI_PATH_RE.finditer(text):
        path = " > ".join(BOLD_RE.findall(match.group()))
        path = re.sub(r"\s*>\s*", " > ", " ".join(path.split()))
        if " > " in path:
            paths.append(path)
    return paths


def text_fields(texts: dict[str, Any]) -> list[tuple[Path_, str]]:
    """Every string of a language section with its place: ("meaning",) or ("admin_fix", 2)."""
    found: list[tuple[Path_, str]] = []
    for field, value in texts.items():
        items = enumerate(value) if isinstance(value, list) else [(None, value)]
        found += [((field,) if index is None else (field, index), item) for index, item in items if isinstance(item, str)]
    return found


def contains_steps(path: list[str], part: list[str]) -> bool:
    """Whether ``part`` is a run of consecutive steps of ``path`` ("Settings > Domains" in
    "Microsoft 365 admin center > Settings > Domains")."""
    return any(path[i : i + len(part)] == part for i in range(len(path) - len(part) + 1))


def check_ui_paths(data: dict[str, Any], add: Any) -> None:
    """Italian must name menus as the Italian interface shows them (CONTRIBUTING, "Menus and labels").

    A bold path left as in English is allowed only when listed in ``untranslated_ui``: the Italian
    label could not be confirmed in the vendor's Italian documentation, or the product has no Italian
    interface. A listed path that the Italian text no longer shows is reported too, so the list stays true.
    """
    english = [path.split(" > ") for _, text in text_fields(data["en"]) for path in ui_paths(text)]
    allowed = set(data.get("untranslated_ui", []))
    italian: set[str] = set()
    for where, text in text_fields(data["it"]):
        for path in ui_paths(text):
            italian.add(path)
            if any(contains_steps(steps, path.split(" > ")) for steps in english) and path not in allowed:
                add(("it", *where), "CAT019", f"'{path}' (use the Italian interface's labels, or list the path in untranslated_ui)")
    for index, path in enumerate(data.get("untranslated_ui", [])):
        if path not in italian:
            add(("untranslated_ui", index), "CAT019", f"'{path}' is in untranslated_ui but is no bold path of the Italian text")


def all_rules(data: dict[str, Any]) -> list[tuple[Path_, dict[str, Any]]]:
    return [(("match", i), r) for i, r in enumerate(data.get("match", []))]


def match_texts(data: dict[str, Any]) -> list[tuple[Path_, str]]:
    return [((*where, "text"), rule["text"]) for where, rule in all_rules(data) if "text" in rule]


# A group that is repeated without bound and itself contains an unbounded repetition ("(a+)+",
# "(\w*\s?)*") or alternatives that can match the same text ("(a|a)*") can backtrack
# exponentially; Sisimai's CVE-2022-4891 was such a pattern.
NESTED_REPEAT_RE = re.compile(r"\((?:\?:)?(?P<body>(?:[^()\\]|\\.)*(?:[*+]|\{\d*,\}))(?:[^()\\]|\\.)*\)(?:[*+]|\{\d*,\})")
DOUBLE_WILDCARD_RE = re.compile(r"(?:\.\*|\.\+|\\[sSwW][*+]).{0,8}?(?:\.\*|\.\+)(?:.{0,8}?(?:\.\*|\.\+))")


def dangerous_pattern(pattern: str) -> str | None:
    if NESTED_REPEAT_RE.search(pattern):
        return "a repeated group contains an unbounded repetition (nested quantifiers)"
    for group in re.finditer(r"\(((?:[^()\\]|\\.)*)\)(?:[*+]|\{\d*,\})", pattern):
        alternatives = group.group(1).removeprefix("?:").split("|")
        if len(alternatives) != len(set(alternatives)):
            return "a repeated group has identical alternatives"
    if DOUBLE_WILDCARD_RE.search(pattern):
        return "three or more unbounded wildcards in a row can backtrack heavily; anchor on literal words"
    return None


def load_catalog_dir(directory: Path = CATALOG_DIR) -> list[LoadedEntry]:
    """Load and check every entry; raise ``CatalogError`` listing all problems found."""
    entries, problems = collect_catalog(directory)
    if problems:
        raise CatalogError(problems)
    return entries


def collect_catalog(directory: Path = CATALOG_DIR) -> tuple[list[LoadedEntry], list[CatalogProblem]]:
    """Every file that loads cleanly, and the problems of all the others (never raises)."""
    problems: list[CatalogProblem] = []
    entries: list[LoadedEntry] = []
    files = sorted(directory.glob("*.yaml")) + sorted(directory.glob("*.yml"))
    files += sorted((directory / VARIANTS_DIR_NAME).glob("*.yaml")) + sorted((directory / VARIANTS_DIR_NAME).glob("*.yml"))
    if not files:
        raise CatalogError([CatalogProblem(display(directory), 1, "CAT002", "no entries (*.yaml) found")])
    for path in files:
        try:
            entry = load_file(path)
        except CatalogError as exc:
            problems += exc.problems
            continue
        found = check_entry(entry)
        problems += found
        # An entry with a usable shape still takes part in the catalog-wide checks, so a
        # misnamed copy of a file is reported as a duplicate too.
        if not any(p.rule in BLOCKING_RULES for p in found):
            entries.append(entry)
    problems += check_catalog(entries)
    return entries, problems


def check_catalog(entries: list[LoadedEntry]) -> list[CatalogProblem]:
    """Catalog-wide rules: unique ids and codes, known related ids."""
    problems: list[CatalogProblem] = []
    ids: dict[str, LoadedEntry] = {}
    codes: dict[str, LoadedEntry] = {}
    variant_ids: dict[str, LoadedEntry] = {}
    for entry in entries:
        if entry.is_variant:
            vid = entry.data["id"]
            if vid in variant_ids:
                problems.append(
                    CatalogProblem(entry.name, entry.line(("id",)), "CAT016", f"'{vid}' is also the id of {variant_ids[vid].name}")
                )
            variant_ids[vid] = entry
            continue
        entry_id = entry.data["id"]
        if entry_id in ids:
            problems.append(
                CatalogProblem(entry.name, entry.line(("id",)), "CAT006", f"'{entry_id}' is also the id of {ids[entry_id].name}")
            )
        ids[entry_id] = entry
        for index, code in enumerate(entry.data["codes"]):
            if code in codes:
                problems.append(
                    CatalogProblem(entry.name, entry.line(("codes", index)), "CAT007", f"'{code}' is also listed by {codes[code].name}")
                )
            codes[code] = entry
    hosts_of: dict[str, tuple[str, LoadedEntry]] = {}
    for entry in entries:
        for index, host in enumerate(entry.data.get("hosts", [])):
            owner = hosts_of.setdefault(host, (entry.data["provider"], entry))
            if owner[0] != entry.data["provider"]:
                problems.append(
                    CatalogProblem(
                        entry.name, entry.line(("hosts", index)), "CAT018", f"'{host}' is also a host of {owner[0]} ({owner[1].name})"
                    )
                )
    rules_seen: dict[str, tuple[LoadedEntry, Path_]] = {}
    for entry in entries:
        for where, match_rule in all_rules(entry.data):
            # The same words may mean different things at different providers (hosts).
            rule_text = json.dumps(match_rule, sort_keys=True)
            first = rules_seen.setdefault(json.dumps([rule_text, entry.data.get("hosts", [])]), (entry, where))
            if first[0] is not entry:
                problems.append(
                    CatalogProblem(
                        entry.name, entry.line(where), "CAT012", f"same rule as {first[0].name}:{first[0].line(first[1])}: {rule_text}"
                    )
                )
    for entry in entries:
        if entry.is_variant:
            if entry.data["code"] not in codes:
                problems.append(CatalogProblem(entry.name, entry.line(("code",)), "CAT015", f"'{entry.data['code']}'"))
            continue
        for index, related in enumerate(entry.data.get("related", [])):
            if related not in codes:
                problems.append(CatalogProblem(entry.name, entry.line(("related", index)), "CAT013", f"code '{related}'"))
    return problems
