"""GNU Mailman's notice that a post was rejected, read as text: the list returns the post to its
poster with the reason, the post attached. Mailman 2.1 writes, for a non-member's post,
``You are not allowed to post to this mailing list, and your message has been automatically
rejected.  If you think that your messages are being rejected in error, contact the mailing list
owner at <list>-owner@<host>.`` (Mailman/Handlers/Moderate.py, ``do_reject``; older releases say
"and have been automatically rejected" and "your postings"), and the same with "From: a domain
which publishes a DMARC policy of reject or quarantine" when its DMARC mitigation rejects the post;
Mailman 3 opens its notice with ``Your message to the <list> mailing-list was rejected for the
following reasons:`` and writes the same sentences among the reasons. Sisimai's Rejected list
holds "you are not allowed to post to this mailing list", the words the catalog reads.

The failed recipient is the list: its posting address is the owner address the notice gives,
without ``-owner``; a paste that cut that address off names none."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, carries_delivery_report, lazy_re, may_say
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

NEEDLES = ("not allowed to post to this mailing list", "mailing-list was rejected for the following reasons")
# Mailman's sentence, wrapped anywhere (Utils.wrap), to "automatically rejected" and on to the owner's address.
REJECTED_RE = lazy_re(
    r"You\s+are\s+not\s+allowed\s+to\s+post\s+to\s+this\s+mailing\s+list\b[^.]{0,200}?automatically\s+rejected\."
    r"(?:\s+If\s+you\s+think\s+that\s+your\s+(?:messages|postings)\s+are\s+being\s+rejected\s+in\s+error,\s+contact\s+the"
    r"\s+mailing\s+list\s+owner\s+at(?:\s+(?P<owner>" + ADDRESS_RE.pattern + r"))?)?",
)
OWNER_RE = re.compile(r"-owner@", re.IGNORECASE)


def recognise(source: Source) -> bool:
    window = source.notice
    if not may_say(window, NEEDLES):
        return False
    return REJECTED_RE().search(" ".join(window.split())) is not None and not carries_delivery_report(source)


def read(source: Source) -> Parsed | None:
    text = " ".join(source.text.split())
    found = REJECTED_RE().search(text)
    if found is None:
        return None
    owner = found.group("owner")
    recipient = OWNER_RE.sub("@", owner, count=1) if owner and OWNER_RE.search(owner) else None
    failure = failure_from_words(recipient, [found.group(0)])
    failure.names_no_recipient = recipient is None  # the other addresses of a paste are the post's, not the list's
    failure.final = True  # the list does not try again: the post is returned
    return bounce([failure])
