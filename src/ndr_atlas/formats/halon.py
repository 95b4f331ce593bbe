"""Halon MTA reports (one.com and other hosts that run Halon): under Postfix-like opening words,
each failure is a line ``<bob@example.org> failed: example.org:`` (or ``… failed:
example.org->MX:``) with the server's reply on the lines under it. The address line is the
marker: pasted one.com reports of several years carry it, and the reply under it seldom names the
recipient, so the generic scanner found the error but not whose it was."""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import RULE_LINE_RE, failure_from_words

FAILED_LINE_RE = lazy_re(r"^\s*<(?P<addr>" + ADDRESS_RE.pattern + r")>\s+failed:\s+\S{1,300}:\s*$")
MAX_REPLY_LINES = 6


def recognise(source: Source) -> bool:
    return "> failed: " in source.text


def read(source: Source) -> Parsed | None:
    lines = source.text.split("\n")
    failures = []
    for index, line in enumerate(lines):
        found = FAILED_LINE_RE().match(line)
        if found is None:
            continue
        words = [line.strip()]
        for below in lines[index + 1 : index + 1 + MAX_REPLY_LINES]:
            if not below.strip() or RULE_LINE_RE.match(below) or FAILED_LINE_RE().match(below):
                break
            words.append(below.strip())
        failures.append(failure_from_words(found.group("addr"), words))
    return bounce(failures)
