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

Mailman 3 words its notice in src/mailman/chains/reject.py: the opening sentence, the reasons the
moderation rules gave, one to a line, then "The original message as received by Mailman is
attached."; the rules' reasons are their own words ("The message is not from a list member",
"Message has implicit destination" …), Mailman 2's sentence only among them for a post its DMARC
mitigation or a ban rejects. It sends the notice from the list's owner address
(src/mailman/app/bounces.py, bounce_message: ``UserNotification(msg.sender, mlist.owner_address, …)``).

The failed recipient is the list: its posting address is the owner address the notice gives (in its
words, else as the sender of Mailman 3's notice), without ``-owner``; a paste that cut that address
off names none."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, carries_delivery_report, lazy_re, may_say
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

NEEDLES = ("not allowed to post to this mailing list", "mailing-list was rejected")
# Mailman's sentence, wrapped anywhere (Utils.wrap), to "automatically rejected" and on to the owner's address.
REJECTED_RE = lazy_re(
    r"You\s+are\s+not\s+allowed\s+to\s+post\s+to\s+this\s+mailing\s+list\b[^.]{0,200}?automatically\s+rejected\."
    r"(?:\s+If\s+you\s+think\s+that\s+your\s+(?:messages|postings)\s+are\s+being\s+rejected\s+in\s+error,\s+contact\s+the"
    r"\s+mailing\s+list\s+owner\s+at(?:\s+(?P<owner>" + ADDRESS_RE.pattern + r"))?)?",
)
OWNER_RE = re.compile(r"-owner@", re.IGNORECASE)
# Mailman 3's notice from its opening sentence to its closing one, the rules' reasons between them (the
# list's display name and the reasons bounded: a hostile paste stays linear).
MAILMAN3_RE = lazy_re(
    r"Your\s+message\s+to\s+the\s+\S.{0,100}?\s+mailing-list\s+was\s+rejected\s+for\s+the\s+following\s+reasons:"
    r"\s+\S.{0,2000}?\s+The\s+original\s+message\s+as\s+received\s+by\s+Mailman\s+is\s+attached\."
)


def recognise(source: Source) -> bool:
    window = source.notice
    if not may_say(window, NEEDLES):
        return False
    text = " ".join(window.split())
    return (REJECTED_RE().search(text) is not None or MAILMAN3_RE().search(text) is not None) and not carries_delivery_report(source)


def read(source: Source) -> Parsed | None:
    text = " ".join(source.text.split())
    found = REJECTED_RE().search(text)
    if found is None:
        return mailman3_rejection(source, text)
    owner = found.group("owner")
    recipient = OWNER_RE.sub("@", owner, count=1) if owner and OWNER_RE.search(owner) else None
    failure = failure_from_words(recipient, [found.group(0)])
    failure.names_no_recipient = recipient is None  # the other addresses of a paste are the post's, not the list's
    failure.final = True  # the list does not try again: the post is returned
    return bounce([failure])


def mailman3_rejection(source: Source, text: str) -> Parsed | None:
    """Mailman 3's notice whose reasons are its rules' own words: the list is the failed recipient when
    the notice's sender is its owner address."""
    found = MAILMAN3_RE().search(text)
    if found is None:
        return None
    sender = ADDRESS_RE.search(source.header("From"))
    owner = sender.group() if sender is not None and OWNER_RE.search(sender.group()) else None
    recipient = OWNER_RE.sub("@", owner, count=1) if owner else None
    failure = failure_from_words(recipient, [found.group(0)])
    failure.names_no_recipient = recipient is None
    failure.final = True
    return bounce([failure])
