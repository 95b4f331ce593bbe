"""Novell / Micro Focus GroupWise (its Internet Agent, GWIA): ``The message that you sent was
undeliverable to the following:``, then one line per recipient, a tab before it, as ``<who>
(<reason>)`` (``g.moretti (User not on post office)``); then ``Information about your message:``
and ``Possibly truncated original message follows:``. No status code.

Backed by three independent public sources that quote or read the layout: Sympa's bounce analyser
(its ``groupwise7`` rule: the heading, then ``\\s+(\\S*) \\((.+)\\)`` per line), a Java bounce
parser's ``NovellGroupWiseParser`` (the heading and ``mbathal (User not on post office)`` quoted in
a comment, with ``X-Mailer: Novell GroupWise Internet Agent``), and a script that reads GWIA
reports over IMAP (the three headings, the entries split at tabs). A GroupWise user ID without a
domain is a user of the reporting system: it is given the domain of the returned original's address
with that local part (its ``To:``), else the domain of the report's ``From``, as the Java parser
does."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce, marked_lines
from ndr_atlas.formats.words import failure_from_words

HEADING = "The message that you sent was undeliverable to the following:"
ENDS = ("Information about your message:", "Possibly truncated original message follows:")
# One recipient and its reason: "g.moretti (User not on post office)", "bob@example.org (…)"; the
# reason runs to the line's last parenthesis (a quoted reply may hold parentheses of its own).
ENTRY_RE = lazy_re(r"^(?P<who>[^\s()<>]{1,254})\s+\((?P<why>[^\n]{1,300})\)$")
USER_ID_RE = re.compile(r"[A-Za-z0-9._-]{1,64}")


def recognise(source: Source) -> bool:
    return HEADING in source.text


def reporting_domain(source: Source) -> str | None:
    """The domain of the report's sender, the GroupWise system whose user IDs the report names."""
    found = ADDRESS_RE.search(source.header("From"))
    return found.group(0).rsplit("@", 1)[1] if found else None


def addressed_domain(source: Source, user_id: str) -> str | None:
    """The domain of the address with this local part in the message (the returned original's
    ``To:``), when one domain alone is named with it."""
    pattern = re.compile(
        r"(?<![\w.+-])" + re.escape(user_id) + r"@(?P<domain>[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8})", re.IGNORECASE
    )
    domains = {found.group("domain").lower() for found in pattern.finditer(source.raw)}
    return domains.pop() if len(domains) == 1 else None


def recipient(source: Source, who: str, domain: str | None) -> str | None:
    if ADDRESS_RE.fullmatch(who):
        return who
    if not USER_ID_RE.fullmatch(who):
        return None
    domain = addressed_domain(source, who) or domain
    return f"{who}@{domain}" if domain else None


def read(source: Source) -> Parsed | None:
    lines = marked_lines(source.text, HEADING, ENDS, after_start=True) or []
    domain = reporting_domain(source)
    failures = []
    for line in lines:
        for entry in line.split("\t"):  # some copies put every entry on one line, a tab between them
            found = ENTRY_RE().match(entry.strip())
            if found:
                failures.append(failure_from_words(recipient(source, found.group("who"), domain), [found.group("why")]))
    return bounce(failures)
