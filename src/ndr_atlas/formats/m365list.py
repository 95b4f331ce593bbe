"""Microsoft 365's newer report when one refusal covers several recipients ("Your message couldn't be
delivered to the recipients shown below."): they are one list, comma-separated and wrapped as the
line runs out, under "Couldn't deliver the message to the following recipients:", and the reply
under "More Info for Email Admins" (``Status code:``, ``Reported error:``) holds for each of them.
Its graphic line names the recipients' domain, not a local part, so the generic scanner finds the
error but not whom it is about.

Layout as three public copies show it: a report pasted in a forum question (pastebin.com/qWgNEaMn,
2018), one quoted on the qemu-devel list (2020, a list wrapped over two lines) and an application's
test that quotes a report's preview (the list on the heading's own line)."""

from __future__ import annotations

from ndr_atlas.formats import generic, m365modern
from ndr_atlas.formats.base import ADDRESS_RE, Failure, Parsed, Source
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

HEADING = "Couldn't deliver the message to the following recipients:"
# Blank lines a paste may put between the heading and its list (one per paragraph of the HTML).
MAX_BLANK_LINES = 2
MAX_LIST_LINES = 20
# The headline, the summary and the cause's title stand in the few lines above the list.
MAX_WORDS_ABOVE = 6
SEPARATORS = str.maketrans(",;", "  ")


def recognise(source: Source) -> bool:
    return HEADING in source.text


def read(source: Source) -> Parsed | None:
    text = source.text
    start = text.find(HEADING)
    if start < 0:
        return None
    listed = listed_recipients(text[start + len(HEADING) :].split("\n"))
    if not listed:
        return None
    # One refusal for all of them: the scanner may give its lines to the recipient named nearest above
    # ("Recipient Address:" names only the first), so the fullest reading is everyone's.
    found = generic.failures_from_text(text, None, report_like=True, layout=m365modern.LAYOUT)
    shared = max(found, key=lambda f: (f.remote_host is not None, f.status is not None, len(f.diagnostic)), default=None)
    if shared is None or (shared.status is None and shared.reply is None):
        # Only the user part was pasted, no code: the report's own words above the list are the failure.
        above = [line for line in text[:start].split("\n") if line.strip()]
        shared = failure_from_words(None, above[-MAX_WORDS_ABOVE:])
    failures: list[Failure] = [shared.for_recipient(address, shared.context) for address in listed]
    return bounce(failures)


def listed_recipients(lines: list[str]) -> list[str]:
    """The addresses of the list that starts on the heading's line or under it, up to the first line
    that is not addresses alone."""
    addresses: list[str] = []
    blanks = 0
    for line in lines[:MAX_LIST_LINES]:
        tokens = [token.strip("<>") for token in line.translate(SEPARATORS).split()]
        if not tokens:
            if addresses or blanks >= MAX_BLANK_LINES:
                break
            blanks += 1
            continue
        if not all(ADDRESS_RE.fullmatch(token) for token in tokens):
            break
        addresses.extend(tokens)
    return list(dict.fromkeys(addresses))
