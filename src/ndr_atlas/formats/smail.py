"""Smail 3 and the Smail-based mail system of Deutsche Telekom (T-Online): banners
``|---- Message log follows: ----|``, ``|---- Failed addresses follow: ----|`` and ``|---- Message
text follows: ----|`` (T-Online: ``Message header follows:``), written by Smail's notify.c. Under
the failed-addresses banner each recipient as `` <address>`` with the reply indented below it
(T-Online), or as `` address ... failed: reason`` (Smail)."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import before_marker, failure_from_words

FAILED_BANNER = "------------------------- Failed addresses follow:"
LOG_BANNER = "------------------------- Message log follows:"
ENDS = ("|------------------------- Message text follows:", "|------------------------- Message header follows:")
BANNER_RE = re.compile(r"^\|-{5,}")
ANGLED_RE = lazy_re(r"^ <(?P<addr>" + ADDRESS_RE.pattern + r")>\s*$")
DOTTED_RE = lazy_re(r"^ (?P<addr>" + ADDRESS_RE.pattern + r") \.\.\. (?P<reason>.+)$")


def recognise(source: Source) -> bool:
    return FAILED_BANNER in source.text


def read(source: Source) -> Parsed | None:
    text = before_marker(source.text, ENDS)
    start = text.find(FAILED_BANNER)
    log = text[text.find(LOG_BANNER) : start].split("\n")[1:] if LOG_BANNER in text[:start] else []
    lines = text[start:].split("\n")[1:]
    failures = []
    for index, line in enumerate(lines):
        angled = ANGLED_RE().match(line)
        dotted = DOTTED_RE().match(line)
        if angled:
            below = []
            for following in lines[index + 1 :]:
                if not following.startswith("  ") or BANNER_RE.match(following):
                    break
                below.append(following)
            failures.append(failure_from_words(angled.group("addr"), below or [entry for entry in log if entry.strip()]))
        elif dotted:
            failures.append(failure_from_words(dotted.group("addr"), [*log, dotted.group("reason")]))
    return bounce(failures)
