"""Literal "needles" of a match rule: cheap substring tests that rule a regular expression out.

A rule's pattern is searched only when the text (lower-cased) contains one of its needles, so most
of a failure's rules are dismissed with ``in`` instead of a regex search. A needle set is computed
from the parsed pattern and is sound by construction: every string the pattern matches (with
``re.IGNORECASE``) contains at least one of the needles, lower-cased. ASCII characters go into
needles (the three ASCII letters that Unicode case-insensitive matching pairs with other letters,
i, k, s, are handled by ``ndr_atlas.catalog.fold``), and so do the other characters whose matches
``str.lower`` finds: those that case-insensitive matching pairs only with their own upper and lower
case (``ä``, ``é``, ``ł``, Cyrillic ``п``) and those without case (Chinese, Japanese, Korean). A
character that ``re`` pairs with further letters (its ``_casefix`` table: Greek ``σ``/``ς``, Cyrillic
``в``/``ᲀ`` …) ends a needle, as any other unsafe item does. Rules in other languages keep needles so:
without them a rule is searched in every text.
"""

from __future__ import annotations

import re
from re import _casefix  # type: ignore[attr-defined]  # build time only
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parser  # type: ignore[attr-defined]
from typing import Any

from ndr_atlas.catalog import WINDOW

# Shorter needles dismiss too little to be worth a test.
MIN_NEEDLE = 3


def needle_char(code: int) -> str | None:
    """The character a needle holds for a literal of the pattern: its lower case, when every text
    character that ``re.IGNORECASE`` matches with it lower-cases to it; else None."""
    char = chr(code).lower()
    if len(char) != 1:
        return None  # "İ" lower-cases to two characters
    if code < 128:
        return char
    if ord(char) in _casefix._EXTRA_CASES or code in _casefix._EXTRA_CASES:
        return None
    return char if char.upper().lower() == char else None


def rule_needles(pattern: str) -> list[str]:
    """Lower-case strings one of which every match contains; [] when no useful set exists."""
    found = _sequence(list(sre_parser.parse(pattern, re.IGNORECASE)))
    return sorted(found) if found else []


# What a match may open with before its first character: assertions, which consume nothing.
ZERO_WIDTH = (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT)


def rule_anchors(pattern: str) -> list[str]:
    """Lower-case strings one of which every match of the pattern begins with (in the text folded
    as ``ndr_atlas.catalog.fold`` folds it, at the match's own position); [] when there are none
    of MIN_NEEDLE characters. Sound by construction, like the needles: the pattern's zero-width
    assertions (``\\b``, look-behinds, look-aheads) may come first, then a run of literals that
    ``needle_char`` takes, or a group, an alternation (every branch anchored) or a repeat of at least
    once whose own opening is so. The runtime then tries the pattern only where an anchor occurs
    (``ndr_atlas.catalog.anchored_search``), not at every character of the text."""
    found = _anchors(list(sre_parser.parse(pattern, re.IGNORECASE)))
    return sorted(found) if found and _quality(found) >= MIN_NEEDLE else []


def _anchors(items: list[tuple[Any, Any]]) -> set[str] | None:
    """The strings one of which every match of this sequence opens with; None when unknown."""
    run: list[str] = []
    for op, value in items:
        if not run and op in ZERO_WIDTH:
            continue
        char = needle_char(value) if op is sre_constants.LITERAL else None
        if char is not None:
            run.append(char)
            continue
        if run:
            break
        if op is sre_constants.SUBPATTERN:
            return _anchors(list(value[-1]))
        if op is sre_constants.ATOMIC_GROUP:
            return _anchors(list(value))
        if op is sre_constants.BRANCH:
            branches = [_anchors(list(branch)) for branch in value[1]]
            return set().union(*branches) if all(branches) else None  # type: ignore[arg-type]
        if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT) and value[0] >= 1:
            return _anchors(list(value[2]))
        return None
    return {"".join(run)} if run else None


def _quality(candidates: set[str] | None) -> int:
    return min((len(c) for c in candidates), default=0) if candidates else 0


def _sequence(items: list[tuple[Any, Any]]) -> set[str] | None:
    """The best required-literal set of a sequence: a run of literals or a required group."""
    best: set[str] | None = None
    run: list[str] = []

    def consider(candidates: set[str] | None) -> None:
        nonlocal best
        if candidates and _quality(candidates) >= MIN_NEEDLE and _quality(candidates) > _quality(best):
            best = candidates

    for op, value in items:
        char = needle_char(value) if op is sre_constants.LITERAL else None
        if char is not None:
            run.append(char)
            continue
        consider({"".join(run)} if run else None)
        run = []
        if op is sre_constants.SUBPATTERN:
            consider(_sequence(list(value[-1])))
        elif op is sre_constants.ATOMIC_GROUP:
            consider(_sequence(list(value)))
        elif op is sre_constants.BRANCH:
            branches = [_sequence(list(branch)) for branch in value[1]]
            if all(branches):
                consider(set().union(*branches))  # type: ignore[arg-type]
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT) and value[0] >= 1:
            consider(_sequence(list(value[2])))
    consider({"".join(run)} if run else None)
    return best


def top_level_alternatives(pattern: str) -> list[str]:
    """The pattern cut at each ``|`` outside groups and character classes: ``a|b(c|d)`` gives
    ``a`` and ``b(c|d)``. Text matches the pattern exactly when it matches one of them."""
    parts, depth, in_class, start, index = [], 0, False, 0, 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern[index + 1 : index + 2] == "]" or pattern[index + 1 : index + 3] == "^]":
                index += 2 if pattern[index + 1] == "]" else 3  # "[]…]" and "[^]…]": the ] is literal
                continue
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:index])
            start = index + 1
        index += 1
    parts.append(pattern[start:])
    return parts


def rule_parts(pattern: str) -> list[dict[str, object]]:
    """Each top-level alternative with its own needles (and anchors, ``anchors_of``), so that only the
    alternatives whose needles a text holds are searched; [] when the pattern has a single alternative."""
    parts = top_level_alternatives(pattern)
    if len(parts) < 2:
        return []
    compiled: list[dict[str, object]] = []
    for part in parts:
        needles = rule_needles(part)
        compiled.append({"text": part, "needles": needles, **anchors_of(part, needles)})
    return compiled


def anchors_of(pattern: str, needles: list[str]) -> dict[str, object]:
    """What a compiled rule or part says of its anchors: nothing when they are its needles (nine in
    ten: the catalog's JSON, read at every start, stays small), else ``"anchors": […]`` (empty
    when the pattern has none). A catalog compiled so says ``"anchored": true`` (``compile_entries``):
    without it, nothing is taken for anchors."""
    anchors = rule_anchors(pattern)
    return {} if anchors and anchors == needles else {"anchors": anchors}


def needle_index(needles: set[str]) -> dict[str, object]:
    """The index ``ndr_atlas.catalog.NeedleIndex.compiled`` reads (``needle_index`` in catalog.json):
    the needles too short for two windows of WINDOW bytes (UTF-8), and every other needle with the two
    windows in a row it is filed under (all in one string, each byte a Latin-1 character): the two that fewest
    needles hold, counting each needle once per window it holds anywhere (nearest the needle's middle
    among equals). A window many needles hold is a common word of errors (" not ", "reci", "aile"),
    and every text that holds it had every needle filed under it tested: filed in their middles, a
    text's needles took 34,000 such tests over the corpus, filed here 10,000. Any two windows in a row
    find the needle alike; only the number of tests changes."""
    encoded = {needle: needle.encode("utf-8", "surrogatepass") for needle in needles}
    holding: dict[bytes, int] = {}
    for data in encoded.values():
        for key in {data[start : start + WINDOW] for start in range(len(data) - WINDOW + 1)}:
            holding[key] = holding.get(key, 0) + 1
    short: list[str] = []
    filed: list[str] = []
    windows: list[str] = []
    for needle in sorted(needles):
        data = encoded[needle]
        last = len(data) - WINDOW - 1
        if last < 0:
            short.append(needle)
            continue
        middle = last // 2
        best = min(
            range(last + 1),
            key=lambda start: (
                holding[data[start : start + WINDOW]] + holding[data[start + 1 : start + 1 + WINDOW]],
                abs(start - middle),
                start,
            ),
        )
        filed.append(needle)
        windows.append(data[best : best + WINDOW + 1].decode("latin-1"))  # its two windows: bytes best to best + WINDOW
    return {"short": short, "filed": filed, "windows": "".join(window[:WINDOW] + window[1:] for window in windows)}
