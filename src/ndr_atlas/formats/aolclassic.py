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


def recognise(source: Source) -> bool:
    return bool(SENDER_RE().search(source.header("From").lower())) and MARKER in source.text


def read(source: Source) -> Parsed | None:
    lines = [line.strip() for line in source.text.split("\n")]
    at = next((i for i, line in enumerate(lines) if MARKER in line), None)
    if at is None:
        return None
    heading = lines[at]  # the sentence says why ("… because they are not accepting mail from …")
    failures: list[Failure] = []
    for line in lines[at + 1 :]:
        address = ADDRESS_LINE_RE().match(line)
        if address:
            recipient = address.group("addr")
        elif SCREEN_NAME_RE().match(line):
            recipient = f"{line}@{AOL_DOMAIN}"
        else:
            break  # a blank line or a line of words: the list is over
        failures.append(failure_from_words(recipient, [heading]))
    return bounce(failures)
