"""Microsoft 365's newer report (Exchange Online and Outlook.com), in any language of the sender's
mailbox, with its delivery-status part lost (copied out of Outlook or Outlook on the web, or an
HTML-only report): "Your message to … couldn't be delivered.", then a graphic line that names the
sender's and the recipient's local parts either side of the product ("anna    Office 365    bob"),
and under "More Info for Email Admins" the code alone ("Status code: 550 5.7.1"). When the
recipient's server refused the message, its words come a few lines below that code, after
"<server> gave this error:" (that sentence in the sender's language, exchange_labels).

The generic scanner reads the report's lines; this module tells it the two things of the layout it
cannot know (a ``generic.Layout``): the words below the bare code belong to it, and the graphic
line names the recipient when no line of the report does (the text names the whole address). The
graphic line also says which address is the sender's: Microsoft's "Email non-delivery reports and
SMTP errors in Exchange Online" (its "Fix-it owner indicator": "the sender, Microsoft 365 or Office
365, and the recipient"). A recipient the scanner paired with the error whose local part is the one
pictured as the sender's is the sender's own address, read from a line of the original's details
whose label the scanner did not take for one (a label printed without its colon, as Exchange
Online's Estonian report prints "Saatja aadress"): the pictured recipient's address replaces it.
The list of several recipients for one refusal is m365list's. (Layout as public copies of these
reports show it, and as exchange_labels lists its sources for the remote refusal.)"""

from __future__ import annotations

import re

from ndr_atlas.formats import exchange_labels, generic
from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re

# The code alone on its line under "More Info for Email Admins".
STATUS_LINE = r"Status code: [45]\d\d [245]\.\d{1,3}\.\d{1,3}"
STATUS_LINE_RE = lazy_re(r"^" + STATUS_LINE + r"$")
STATUS_LINE_IN_TEXT_RE = lazy_re(r"^[ \t]*" + STATUS_LINE + r"[ \t]*$", re.MULTILINE)
# The graphic line: sender, product, recipient (local parts).
PRODUCTS = ("Office 365", "Microsoft 365", "Exchange Online")
PICTURED_RE = lazy_re(r"^\s*(?P<sender>[^\s@]{1,64})\s+(?:Office 365|Microsoft 365|Exchange Online)\s+(?P<local>[^\s@]{1,64})\s*$")
PICTURED_IN_TEXT_RE = lazy_re(
    r"^[ \t]*[^\s@]{1,64}[ \t]+(?:Office 365|Microsoft 365|Exchange Online)[ \t]+[^\s@]{1,64}[ \t]*$", re.MULTILINE
)
REMOTE_ERROR_LABELS = exchange_labels.remote_error_labels()
# How far below the code the sentence may come, and how many lines of words it may introduce.
REMOTE_ERROR_SEARCH_LINES = 8
REMOTE_ERROR_LINES = 4
STATUS_START_RE = lazy_re(r"[245]\.\d")
# The error as the report quotes it under "Error Details".
REPORTED_ERROR_RE = lazy_re(r"^(?:Reported error|Error):[ \t]+(?P<reply>[45]\d\d)[ -](?P<status>[245]\.\d{1,3}\.\d{1,3})\b")


class NewerLayout(generic.Layout):
    def words_below(self, lines: list[str], below: int, error_line: str) -> list[str]:
        if not error_line.startswith("Status code: ") or STATUS_LINE_RE().match(error_line) is None:
            return []
        return remote_error_below(lines, below)

    def unnamed_recipient(self, lines: list[str]) -> str | None:
        return pictured_recipient(lines)


LAYOUT = NewerLayout()


def recognise(source: Source) -> bool:
    text = source.text
    return ("Status code: " in text and STATUS_LINE_IN_TEXT_RE().search(text) is not None) or (
        any(map(text.__contains__, PRODUCTS)) and PICTURED_IN_TEXT_RE().search(text) is not None
    )


def read(source: Source) -> Parsed | None:
    parsed = generic.read_with_layout(source, LAYOUT)
    if parsed is None:
        return None
    lines = source.text.split("\n")
    # Looked for once for all the failures, not once for each: a report may name thousands.
    pictured = pictured_line(lines)
    replacement: list[str | None] = []
    for failure in parsed.failures:
        reported = reported_reply(failure.evidence, failure.status)
        if reported is not None:
            failure.reply = reported
        if pictured is not None and failure.recipient and is_pictured_sender(failure.recipient, pictured):
            replacement = replacement or [named_recipient(pictured, lines)]
            failure.recipient = replacement[0]
            # Written nowhere whole: no recipient, and not the paste's one address either (the sender's).
            failure.names_no_recipient = failure.recipient is None
    return parsed


def is_pictured_sender(address: str, pictured: re.Match[str]) -> bool:
    """Whether the address is the one the graphic line pictures as the sender's (left of the
    product), not as the recipient's: its local part is the sender's and differs from the recipient's."""
    sender, recipient = pictured.group("sender").lower(), pictured.group("local").lower()
    return sender != recipient and address.lower().rpartition("@")[0] == sender


def reported_reply(lines: list[str], status: str | None) -> str | None:
    """The reply code of the error quoted under "Error Details" ("Error: 554 5.7.1 [CS01] …", in
    older reports "Reported error: …"): the reply the delivery-status part carries as its
    Diagnostic-Code, where "Status code:" gives the report's own summary of it (550). Only when its
    status is of the failure's class, so a quoted earlier reply cannot turn a failure into a delay."""
    for line in lines:
        found = REPORTED_ERROR_RE().match(line)
        if found is not None and status and found.group("status")[0] == status[0]:
            return found.group("reply")
    return None


def remote_error_below(lines: list[str], start: int) -> list[str]:
    """The "<server> gave this error:" line below a bare code and the remote server's words under it
    (up to a blank line); nothing when another code or recipient comes first."""
    for at in range(start, min(start + REMOTE_ERROR_SEARCH_LINES, len(lines))):
        line = lines[at].strip()
        if line.endswith(REMOTE_ERROR_LABELS):
            words: list[str] = []
            for below in lines[at + 1 : at + 1 + REMOTE_ERROR_LINES + 1]:
                if not below.strip():
                    if words:
                        break
                    continue
                words.append(below.strip())
            return [line, *words[:REMOTE_ERROR_LINES]]
        if "@" in line or STATUS_START_RE().search(line):
            break
    return []


def pictured_line(lines: list[str]) -> re.Match[str] | None:
    """The graphic line: sender, product, recipient (local parts)."""
    for line in lines:
        if " 365" not in line and "Exchange Online" not in line:
            continue
        pictured = PICTURED_RE().match(line)
        if pictured is not None:
            return pictured
    return None


def pictured_recipient(lines: list[str]) -> str | None:
    """The address whose local part the graphic line names as the recipient, when the report writes it whole."""
    pictured = pictured_line(lines)
    return None if pictured is None else named_recipient(pictured, lines)


def named_recipient(pictured: re.Match[str], lines: list[str]) -> str | None:
    """The one address of the text whose local part is the one the graphic line pictures as the recipient's."""
    local = pictured.group("local").lower()
    named = {a.lower() for text in lines for a in ADDRESS_RE.findall(text) if a.lower().split("@", 1)[0] == local}
    return named.pop() if len(named) == 1 else None
