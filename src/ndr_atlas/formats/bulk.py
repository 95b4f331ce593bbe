"""Newsletters and other bulk mail: a deliverability newsletter or a vendor's notice may quote whole
SMTP replies ("550 5.1.1 User unknown") and talk of "delivery failed" and "mailbox full", and a list
discussion may quote a bounce. RFC 8058's one-click ``List-Unsubscribe-Post`` is written only by bulk
senders; RFC 2369's ``List-Unsubscribe`` also by list servers that pass a bounce on to a list, so
that one counts only on a mail that names no report in its sender, subject, structure or words.
A list's digest gathers members' posts, which may quote whole bounces in a discussion: it is told by
its RFC 2046 ``multipart/digest`` body or its digest subject from a list (Mailman 2 and 3's
"<list> Digest, Vol N, Issue M", LISTSERV's "<LIST> Digest - 3 Dec 2026 to 4 Dec 2026 (#2026-12)",
Google Groups' "Digest for <group> - N updates in M topics"), whatever words it holds.

Read: nothing (the addresses a newsletter names are its examples and its subscriber)."""

from __future__ import annotations

import re

from ndr_atlas.formats import recall
from ndr_atlas.formats.base import MimePart, Parsed, Source, built_as_report
from ndr_atlas.formats.words import has_bounce_cues

# The fields a list server adds (RFC 2369, RFC 2919, Mailman's own), and the digest subjects of
# Mailman (Handlers/ToDigest.py: "%(realname)s Digest, Vol %(volume)d, Issue %(issue)d"), LISTSERV
# and Google Groups.
LIST_FIELDS = ("List-Id", "List-Post", "List-Unsubscribe", "X-Mailman-Version", "X-BeenThere")
DIGEST_SUBJECT_RE = re.compile(
    r"\bDigest, Vol \d{1,6}, Issue \d{1,6}\b"
    r"|\bDigest - \d{1,2} [A-Za-z]{3,9} \d{4} to \d{1,2} [A-Za-z]{3,9} \d{4}\b"
    r"|^\s*Digest for \S{1,254} - \d{1,6} updates? in \d{1,6} topics?\b",
    re.IGNORECASE,
)


def recognise(source: Source) -> bool:
    message = source.message
    if message is None:
        return False
    if message.get_content_type() == "multipart/report" or message.get("X-Failed-Recipients"):
        return False
    if is_digest(source, message):
        return True
    if not message.get("List-Unsubscribe"):
        return False
    # Outlook's recall request sent to a list comes back from the list with its List-Unsubscribe (vger's
    # lists via subspace.kernel.org, 2024; a Mailman 2 list on lists.freedesktop.org): it is the recall's.
    if recall.is_request(source):
        return False
    if message.get("List-Unsubscribe-Post"):
        return True
    # A list mail that quotes an error in a discussion is still the list's; a report the list passed on
    # says it is one by its sender, subject, delivery-status part or, headers stripped, its own words.
    # (A mail with no From at all is no one's: nothing says it is a list's.)
    if not message.get("From") or source.report_like or built_as_report(message):
        return False
    return not has_bounce_cues(source.text)


def is_digest(source: Source, message: MimePart) -> bool:
    """A list's digest: no report is one, and a bounce of a digest names itself a report."""
    if source.report_like:
        return False
    if message.get_content_type() == "multipart/digest":
        return True
    from_a_list = any(map(message.get, LIST_FIELDS)) or str(message.get("Precedence", "")).strip().lower() in ("list", "bulk")
    return from_a_list and bool(DIGEST_SUBJECT_RE.search(source.header("Subject")))


def read(source: Source) -> Parsed | None:
    return Parsed("bulk", [])
