"""Find the failed recipients in a bounce: MIME delivery reports, pasted NDR text, error lines.

This module takes the input apart (an mbox into messages, a message into its MIME tree) and hands
each message to the report-format readers of ``ndr_atlas.formats``, asked in the registry's order.
"""

from __future__ import annotations

import re

from ndr_atlas.formats import read_source
from ndr_atlas.formats.base import ADDRESS_RE, MAX_TEXT_CHARS, Address, Failure, Parsed, Source, decode_bytes, normalise_newlines
from ndr_atlas.formats.generic import error_on_line, recipient_on_line
from ndr_atlas.formats.returned import failure_of_report, original_addressee
from ndr_atlas.formats.words import mark_delayed, mostly_foreign, named_command, smtp_command
from ndr_atlas.mime import MimePart, parse_mime

# A line that opens with "From " (what ``^From [^\n]*\n`` matches in MULTILINE mode): the literal first,
# its line's start checked behind it, so that the regex engine looks for "From " alone, not at every character.
MBOX_SEPARATOR_RE = re.compile(r"From (?<![^\n]From )[^\n]*\n")
# A field's value may start on a folded line ("Delivered-To:" then " user@example.org"): RFC 5322 allows
# folding at any blank, and MTAs that fold at 76 columns do it before a long first word.
HEADER_FIELD_RE = re.compile(r"^[A-Za-z][A-Za-z0-9-]{1,60}:\n?[ \t]", re.MULTILINE)
MIME_HEADER_RE = re.compile(
    r"^(?:Received|Return-Path|Message-ID|MIME-Version|Content-Type|Delivered-To|X-[A-Za-z-]+):", re.MULTILINE | re.IGNORECASE
)


def split_mbox(text: str) -> list[str]:
    """Split an mbox ("From " separator lines) into messages; other text is one message."""
    if not text.startswith("From "):
        return [text]
    parts = MBOX_SEPARATOR_RE.split(text)
    return [part for part in parts if part.strip()]


# The fields a delivery-status part opens with (RFC 3464 §2.2, §2.3): a paste of that part, whose
# "X-Postfix-Queue-ID:" would otherwise pass for a mail's header, even with no blank line before
# its recipient's fields.
DSN_OPENING_RE = re.compile(
    r"(?:Reporting-MTA|DSN-Gateway|Received-From-MTA|Original-Envelope-Id|Arrival-Date|Final-Recipient|Original-Recipient):",
    re.IGNORECASE,
)


# All the field names RFC 3464 gives a delivery-status part (§2.2 per-message, §2.3 per-recipient).
# Its extension fields are "X-" fields (§2.4: PowerMTA's "X-PowerMTA-VirtualMTA:" right after its
# Reporting-MTA), so a paste may open with one: a block of these fields alone, a recipient's among
# them, is that part, not a mail's header (a mail's header has its From and Date, RFC 5322 §3.6).
DSN_FIELD_NAMES = frozenset(
    (
        "reporting-mta dsn-gateway received-from-mta original-envelope-id arrival-date final-recipient original-recipient"
        " action status remote-mta diagnostic-code last-attempt-date final-log-id will-retry-until"
    ).split()
)
FIELD_NAME_RE = re.compile(r"([A-Za-z][A-Za-z0-9-]{0,60}):")


# RFC 3464 §2.2: the per-message fields, which stand in a block of their own above the recipients' (§2.1).
PER_MESSAGE_FIELD_NAMES = frozenset("reporting-mta dsn-gateway received-from-mta original-envelope-id arrival-date".split())


def dsn_fields_only(first: str) -> bool:
    """The text's first block of lines is delivery-status fields (extension fields among them), with
    a Final-Recipient; or, as RFC 3464 §2.1 lays the part out, it is the per-message block (one of its
    §2.2 fields in it, a paste that starts at an extension field such as Postfix's X-Postfix-Queue-ID)
    and the block under it opens with a recipient's fields, its Final-Recipient among them."""
    blocks = iter(re.split(r"\n[ \t]*\n", first, maxsplit=2))
    names = dsn_field_names(next(blocks, ""))
    if names is None:
        return False
    if "final-recipient" in names:
        return True
    if not names & PER_MESSAGE_FIELD_NAMES:
        return False
    below = next(blocks, "").lstrip("\n")
    recipient = dsn_field_names(recipient_opening(below))
    return recipient is not None and "final-recipient" in recipient


def recipient_opening(block: str) -> str:
    """The lines of a block down to its Final-Recipient (the window looked at may cut the block's end)."""
    found = re.search(r"^final-recipient:[^\n]*", block, re.IGNORECASE | re.MULTILINE)
    return block[: found.end()] if found else ""


def dsn_field_names(block: str) -> set[str] | None:
    """The field names of a block whose every line is a delivery-status field (RFC 3464 names or
    extension fields) or a folded value; None when a line is anything else."""
    names: set[str] = set()
    for line in block.split("\n"):
        if line[:1] in " \t" or not line:
            continue  # a folded value, or the end of the block
        field = FIELD_NAME_RE.match(line)
        if field is None:
            return None
        name = field.group(1).lower()
        if name not in DSN_FIELD_NAMES and not name.startswith("x-"):
            return None  # a mail's header says so at its first field ("Received:", "From:"): the rest is not read
        names.add(name)
    return names


def without_blank_lines_above(text: str) -> str:
    """The text from its first line that holds anything. A message's source copied or stored with an
    empty line, or one of spaces, above its header block would otherwise have no headers at all:
    its first line would end the block before it begins."""
    start = 0
    while True:
        newline = text.find("\n", start)
        if newline < 0 or text[start:newline].strip(" \t"):
            return text[start:]
        start = newline + 1


def looks_like_mime(text: str) -> bool:
    """True when the text starts with RFC 5322 header fields rather than pasted prose (blank lines
    above them aside: ``without_blank_lines_above`` gives the text to parse then)."""
    first = without_blank_lines_above(text[:4000])[:2000]
    if DSN_OPENING_RE.match(first) or dsn_fields_only(first):
        return False
    opening = HEADER_FIELD_RE.match(first)
    # Two header lines at least: the opening one and one more (found without listing them all).
    return opening is not None and HEADER_FIELD_RE.search(first, opening.end()) is not None and bool(MIME_HEADER_RE.search(first))


def parse_text(text: str) -> Parsed:
    """Read pasted report text (no headers) or a single error line; newlines already LF (``as_text``)."""
    return read_pasted(Source(text, None))


def read_pasted(source: Source) -> Parsed:
    """Read a paste the caller has already made a Source of."""
    parsed = read_source(source)
    if parsed.failures:
        mark_delayed(parsed.failures, "", source.text, pasted=True)  # a paste has no subject: its words alone say so
    return parsed


def mime_head(raw: str) -> str:
    """The part of a message that is read at all (a bounce's report is near its start)."""
    return raw[: MAX_TEXT_CHARS * 10]


def parse_message(raw: str, message: MimePart | None = None) -> Parsed:
    """Read one whole message (headers and MIME body); newlines already LF (``as_text``).
    ``message``: its MIME tree when the caller has already parsed ``mime_head(raw)``."""
    raw = mime_head(without_blank_lines_above(raw) if message is None else raw)
    return read_message(Source(raw, parse_mime(raw) if message is None else message))


def read_message(source: Source) -> Parsed:
    """Read a message the caller has already made a Source of (its text is then worked out once)."""
    message = source.message
    assert message is not None
    parsed = read_source(source)
    if parsed.kind == "not-bounce":
        # Plainly a report, yet no reader found a failure: the returned original's one addressee.
        parsed = failure_of_report(source) or parsed
    elif len(parsed.failures) == 1 and parsed.failures[0].recipient is None:
        # One failure, its recipient named only by a display name ("Ivo Neri on 14/10/2024", Exchange
        # 2000/2003 and Outlook for an address book entry): the returned original's one addressee.
        parsed.failures[0].recipient = original_addressee(message)
    if parsed.failures:
        mark_delayed(parsed.failures, str(message.get("Subject", "")), source.text)
    sender = ADDRESS_RE.search(str(message.get("From", "")))
    if sender:  # the report's sender names the MTA that gave up, before its Reporting-MTA field
        for failure in parsed.failures:
            failure.reporting_host = sender.group(0).rpartition("@")[2].lower()
    return parsed


__all__ = [
    "Address",
    "Failure",
    "Parsed",
    "decode_bytes",
    "error_on_line",
    "looks_like_mime",
    "mime_head",
    "mostly_foreign",
    "named_command",
    "normalise_newlines",
    "parse_message",
    "parse_text",
    "read_message",
    "read_pasted",
    "recipient_on_line",
    "smtp_command",
    "split_mbox",
    "without_blank_lines_above",
]
