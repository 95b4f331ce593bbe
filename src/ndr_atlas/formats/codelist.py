"""A list of SMTP codes with what each means: a help page, a wiki or a knowledge-base article that
lists the replies a sender may meet ("5.2.2 - The recipient has exceeded their mailbox storage
quota.", "Remote host said: 552 Requested action not taken: exceeded storage allocation" and a line
on what to do), pasted whole. It quotes failure replies as examples and names no one whose mail
failed; unlike the articles ``guide`` knows, it need not say "hard bounce" and "soft bounce".

Told by the number of different failure codes in a text that names no address: a report is about
the recipients it names, and each of them failed for one reason, so a report whose addresses were
all taken out still states one or two codes (the server's reply and the sending server's own
status, an older attempt's 4xx under the last 5xx), not a range of them. Four different enhanced
status codes of failure (4.x.x / 5.x.x), or four different failure reply codes, make the list. A
text built as a report (X-Failed-Recipients, a delivery-status part), or holding a report's
per-recipient fields or mail log records, is left to their readers: redacted logs and field pastes
do name many codes.

Backed by four independent pastes in our wild sets: a host's list of Exchange 2013 NDR codes
("4.4.2 - …" to "5.7.1 - …", set 204), a hosting wiki's "Remote host said: 550 …" replies each with
its meaning (set 204), a Polish provider's help page on why a message was not delivered (550 5.1.1,
5.2.1, 5.7.1, 5.7.0; set 207) and a vendor knowledge-base article on rejections by third-party
servers (550, 521, 553, 554; set 207). Its kind is "guide"."""

from __future__ import annotations

import re

from ndr_atlas.codes import REPLY_RE, STATUS_RE
from ndr_atlas.formats.base import ADDRESS_RE, REPORT_PART_TYPES, Parsed, Source, lazy_re, report_parts

# Different failure codes of one kind that make a list of them.
MIN_CODES = 4

# What a report or a log states per recipient: RFC 3464's per-recipient and per-message fields at a
# line's start (a "> " quote or an indent before them), a mail log's "status=" / "dsn=" / "stat="
# record fields, Postfix's "(in reply to … command)" and Exim's "SMTP error from remote mail server".
REPORT_MARKS_RE = lazy_re(
    r"^[ \t>]*(?:final-recipient|original-recipient|diagnostic-code|action|remote-mta|reporting-mta"
    r"|x-failed-recipients)[ \t]*:|\b(?:status|dsn|stat)=[245]|\(in reply to |smtp error from remote",
    re.IGNORECASE | re.MULTILINE,
)


def recognise(source: Source) -> bool:
    text = source.text
    if ADDRESS_RE.search(text) is not None:
        return False
    message = source.message
    if message is not None and (
        message.get("X-Failed-Recipients") or any(part.get_content_type() in REPORT_PART_TYPES for part in report_parts(message))
    ):
        return False
    if not lists_codes(text):
        return False
    return REPORT_MARKS_RE().search(text) is None


def lists_codes(text: str) -> bool:
    """At least MIN_CODES different enhanced status codes of failure, or different failure reply codes."""
    statuses: set[str] = set()
    for match in STATUS_RE.finditer(text):
        if match.group(1) != "2":
            statuses.add(match.group(0))
            if len(statuses) >= MIN_CODES:
                return True
    replies: set[str] = set()
    for match in REPLY_RE.finditer(text):
        replies.add(match.group(1))
        if len(replies) >= MIN_CODES:
            return True
    return False


def read(source: Source) -> Parsed | None:
    return Parsed("guide", [])
