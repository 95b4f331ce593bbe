"""AOL's own notices of the screen-name era, sent from an ``@aol.com`` address: ``Your mail to the
following recipients could not be delivered because …:`` and the failed recipients under it, one a
line, written as bare screen names (``bob123``, an ``@aol.com`` mailbox) or whole addresses; the
list ends at a blank line or a line of words. (Markers and the screen-name reading as GNU Mailman's
and flufl.bounce's AOL detector records them.)"""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Failure, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

MARKER = "mail to the following recipients could not be delivered"
SENDER_RE = lazy_re(r"@(?:[\w-]+\.)*aol\.com\b")
# An AOL screen name: letters first, then letters, digits, dots, dashes or underscores.
SCREEN_NAME_RE = lazy_re(r"^[A-Za-z][\w.-]{1,31}$")
ADDRESS_LINE_RE = lazy_re(r"^<?(?P<addr>" + ADDRESS_RE.pattern + r")>?$")
AOL_DOMAIN = "aol.com"
HEADING_LINES = 4


def recognise(source: Source) -> bool:
    # (The sentence may have been wrapped anywhere: its words are looked for across lines.)
    return bool(SENDER_RE().search(source.header("From").lower())) and MARKER in " ".join(source.text.split())


def read(source: Source) -> Parsed | None:
    lines = [line.strip() for line in source.text.split("\n")]
    holds = [MARKER in " ".join(lines[i : i + HEADING_LINES]) for i in range(len(lines) + 1)]
    at = next((i for i in range(len(lines)) if holds[i] and not holds[i + 1]), None)  # the line the sentence starts on
    if at is None:
        return None
    # The sentence says why ("… because they are not accepting mail from …:"); a mail program may
    # have wrapped it, so it runs to the line that ends with its colon.
    end = next((i for i in range(at, min(at + HEADING_LINES, len(lines))) if lines[i].endswith(":")), at)
    heading = " ".join(lines[at : end + 1])
    failures: list[Failure] = []
    for line in lines[end + 1 :]:
        address = ADDRESS_LINE_RE().match(line)
        if address:
            recipient = address.group("addr")
        elif SCREEN_NAME_RE().match(line):
            recipient = f"{line}@{AOL_DOMAIN}"
        else:
            break  # a blank line or a line of words: the list is over
        failures.append(failure_from_words(recipient, [heading]))
    return bounce(failures)
