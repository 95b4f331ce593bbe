"""Newsletters and other bulk mail: a deliverability newsletter or a vendor's notice may quote whole
SMTP replies ("550 5.1.1 User unknown") and talk of "delivery failed" and "mailbox full", and a list
discussion may quote a bounce. RFC 8058's one-click ``List-Unsubscribe-Post`` is written only by bulk
senders; RFC 2369's ``List-Unsubscribe`` also by list servers that pass a bounce on to a list, so
that one counts only on a mail that names no report in its sender, subject, structure or words.

Read: nothing (the addresses a newsletter names are its examples and its subscriber)."""

from __future__ import annotations

from ndr_atlas.formats.base import REPORT_PART_TYPES, Parsed, Source, report_parts
from ndr_atlas.formats.words import has_bounce_cues


def recognise(source: Source) -> bool:
    message = source.message
    if message is None or not message.get("List-Unsubscribe"):
        return False
    if message.get_content_type() == "multipart/report" or message.get("X-Failed-Recipients"):
        return False
    if message.get("List-Unsubscribe-Post"):
        return True
    # A list mail that quotes an error in a discussion is still the list's; a report the list passed on
    # says it is one by its sender, subject, delivery-status part or, headers stripped, its own words.
    # (A mail with no From at all is no one's: nothing says it is a list's.)
    if not message.get("From") or source.report_like:
        return False
    if any(part.get_content_type() in REPORT_PART_TYPES for part in report_parts(message)):
        return False
    return not has_bounce_cues(source.text)


def read(source: Source) -> Parsed | None:
    return Parsed("bulk", [])
