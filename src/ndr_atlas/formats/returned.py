"""The returned original a report carries, and the one address it was sent to: the failed
recipient of a report that names no recipient of its own.

In a MIME message the original is a ``message/rfc822`` or ``text/rfc822-headers`` part
(``original_addressee``); in text (a pasted report, or a report's own text part) it starts under
a heading (``opens_original``, ``ORIGINAL_HEADING_RE``) and its ``To:`` follows
(``addressee_in_text``). Either way the addressee counts only when it is the only one. Feedback
reports and challenges take the original's To: as written instead (``original_to_field``).

``failure_of_report`` is the last word on a message that is plainly a report (a report's sender or
subject, a multipart/report, X-Failed-Recipients) but in which no reader found a failure: its words
say that delivery failed and the returned original was sent to one address. The report states no
code, so the catalog infers the status from the words and flags it as inferred. It is not in the
registry: it is asked only after every reader has passed (``parse.read_message``), so it never takes
a message that a reader of its format would read better."""

from __future__ import annotations

import re

from ndr_atlas.formats import exchange_labels
from ndr_atlas.formats.base import (
    ADDRESS_RE,
    Failure,
    MimePart,
    Parsed,
    Source,
    distinct_addresses,
    is_report_like,
    lazy_re,
    may_say,
    normalise_newlines,
    part_text,
    report_parts,
)
from ndr_atlas.formats.words import FAILURE_WORDS_RE, clean_diagnostic
from ndr_atlas.mime import parse_mime

ORIGINAL_TYPES = ("message/rfc822", "text/rfc822-headers", "message/rfc822-headers")
# The report's own sentences kept as the failure's words.
MAX_SENTENCES = 4


def sole_address(field: str) -> str | None:
    """The address a To: field names, unless it names several (which one failed is unknown) or none."""
    addresses = distinct_addresses(field)
    return addresses[0] if len(addresses) == 1 else None


def failed_sentences(lines: list[str]) -> list[str]:
    """The report's first lines that say a delivery failed."""
    return [line.strip() for line in lines if line.strip() and FAILURE_WORDS_RE.search(line)][:MAX_SENTENCES]


def failure_of_addressee(address: str, said: list[str], to_line: str) -> Failure:
    """The addressee failed, with the report's words and the line that names it."""
    return Failure(recipient=address, diagnostic=clean_diagnostic(" ".join(said)), evidence=[*said, to_line])


def failure_of_report(source: Source) -> Parsed | None:
    """The returned original's one addressee, failed with the report's words; None unless both are there."""
    if source.message is None or not source.report_like:
        return None
    addressee = original_addressee(source.message)
    if addressee is None:
        return None
    said = failed_sentences(source.text.split("\n"))
    if not said:
        return None  # a report of something else (a delivery, a delay notice in other words): no failure named
    return Parsed("bounce", [failure_of_addressee(addressee, said, f"To: {addressee}")])


def failure_of_returned_original(lines: list[str]) -> list[Failure]:
    """A report in text that names no recipient at all (a phone carrier's "could not be delivered to
    mobile"): the one address the returned original was sent to, with the report's own words above it."""
    found = addressee_in_text(lines)
    if found is None:
        return []
    address, heading, to_line = found
    return [failure_of_addressee(address, failed_sentences(lines[:heading]), to_line)]


def original_addressee(message: MimePart) -> str | None:
    """The one address in the To of the returned original (no Cc: with several, which one failed is unknown)."""
    for part in report_parts(message):
        if part is message or part.get_content_type() not in ORIGINAL_TYPES:
            continue
        original = original_headers(part)
        if original is None or original.get("Cc") or is_report_like(original):
            return None  # an attached report is no returned original: ndr_atlas.forwarded reads it
        return sole_address(str(original.get("To", "")))
    return None


def original_to_field(part: MimePart) -> str:
    """The To: of the returned original as written (an attached message's, or the first one of its
    headers as text), every address in it: what a feedback report or a challenge is about."""
    payload = part.get_payload()
    if isinstance(payload, list) and payload and isinstance(payload[0], MimePart):
        return str(payload[0].get("To", ""))
    text = normalise_newlines(part_text(part) or str(payload))
    for line in text.split("\n"):
        if line.lower().startswith("to:"):
            return line[3:]
        if not line.strip():
            break
    return ""


# A To: line of the returned original as a report quotes it in text, and its first address.
TO_ADDRESS_RE = lazy_re(r"^To:\s*(?:[^<>\n]{0,80}<)?(?P<addr>" + ADDRESS_RE.pattern + r")")


def first_to_address(text: str) -> str | None:
    """The first address of the first To: line in the text (the returned original's, quoted below a
    report that names no recipient of its own), whatever else that line names."""
    return next((m.group("addr") for m in (TO_ADDRESS_RE().match(line) for line in text.split("\n")) if m), None)


def original_headers(part: MimePart) -> MimePart | None:
    payload = part.get_payload()
    if isinstance(payload, list):  # message/rfc822: the attached message
        return payload[0] if payload else None
    text = part_text(part)
    return parse_mime(normalise_newlines(text)) if text is not None else None


# What a rule line of ORIGINAL_MESSAGE_RE must say, lower-cased (keep in step).
ORIGINAL_RULE_WORDS = (
    "original", "returned mail", "copy of", "unsent message", "undelivered message", "messaggio originale", "message headers",
    "message follows", "rejected message", "returned message",
)  # fmt: skip


# Where the quoted original message starts: nothing after it belongs to the report.
# Exchange's headings, in every language of its table (exchange_labels.py), are read here and not by
# its readers alone: Exchange's DSNs reach the scanner through the RFC 3464 reader, which must not
# take the original's lines for the report's.
EXCHANGE_ORIGINAL_HEADINGS = exchange_labels.original_header_headings()
ORIGINAL_MESSAGE_RE = re.compile(
    r"^\s*(?:"
    + "|".join(re.escape(heading) for heading in EXCHANGE_ORIGINAL_HEADINGS)
    + r"|[-=_*]{3,}[ -]*(?:[\w ,.']{0,30}?)(?:original|returned mail|copy of|unsent message|undelivered message|"
    r"messaggio originale|message headers|message follows|rejected message|returned message)"
    r"|(?:Below this line is a copy|Included is a copy|Original message follows)"
    r"|Content-Type:\s*message/rfc822|Content-Type:\s*text/rfc822-headers)",
    re.IGNORECASE,
)
# How those lines start, lower-cased, and (for text that is not ASCII, where the pattern folds case
# beyond lower-casing) the first characters they can start with: most lines of a report start
# otherwise and are spared the pattern. Keep in step with ORIGINAL_MESSAGE_RE.
ORIGINAL_PREFIXES = (
    *(heading.lower() for heading in EXCHANGE_ORIGINAL_HEADINGS),
    *"-=_*",
    "below this line is a copy",
    "included is a copy",
    "original message follows",
    "content-type:",
)
ORIGINAL_PREFIX_CHARS = max(map(len, ORIGINAL_PREFIXES))
ORIGINAL_FIRST_CHARS = frozenset(
    "oieucbOIEUCB\u0130\u0131-=_*" + "".join(heading[0].lower() + heading[0].upper() for heading in EXCHANGE_ORIGINAL_HEADINGS)
)


def opens_original(line: str) -> bool:
    """Whether the line is where the quoted original message starts (ORIGINAL_MESSAGE_RE)."""
    start = line.lstrip()
    if not start.isascii():
        return start[:1] in ORIGINAL_FIRST_CHARS and ORIGINAL_MESSAGE_RE.match(line) is not None
    if start.startswith(("-", "=", "_", "*")):
        # A rule line ("-----", "=====" …): the pattern backtracks through it unless it names the original.
        if not may_say(start, ORIGINAL_RULE_WORDS):
            return False
    elif not start[:ORIGINAL_PREFIX_CHARS].lower().startswith(ORIGINAL_PREFIXES):
        return False
    return ORIGINAL_MESSAGE_RE.match(line) is not None


# "Original Message:" and the like, above the returned message's own headers.
ORIGINAL_HEADING_RE = re.compile(r"\boriginal message\b|\bmessage d'origine\b|\bmessaggio originale\b", re.IGNORECASE)
ORIGINAL_TO_RE = re.compile(r"^\s*To:\s*(.*)$", re.IGNORECASE)


# The fields that, beside From: and To:, make a run of lines a message's header block.
HEADER_BLOCK_FIELDS = ("subject:", "date:", "message-id:", "received:")


def header_block_recipient(lines: list[str]) -> str | None:
    """The one address of the To: field of the first header block (From:, To: and Subject:, Date:,
    Message-ID: or Received:, no blank line between them) in these lines; None unless exactly one."""
    block: list[str] = []
    for line in [*lines, ""]:
        if line.strip() and (":" in line or line[:1] in " \t"):
            block.append(line)
            continue
        fields = [item.lstrip().lower() for item in block]
        if any(f.startswith("from:") for f in fields) and any(f.startswith(HEADER_BLOCK_FIELDS) for f in fields):
            to = next((item for item in block if ORIGINAL_TO_RE.match(item)), None)
            if to is not None:
                return sole_address(to)
        block = []
    return None


def addressee_in_text(lines: list[str]) -> tuple[str, int, str] | None:
    """The one address the returned original was sent to, the line of its heading ("Original
    Message:", "----- Unsent message follows -----") and its "To:" line; None unless exactly one."""
    for index, line in enumerate(lines):
        if not (ORIGINAL_HEADING_RE.search(line) or opens_original(line)):
            continue
        for below in lines[index + 1 : index + 12]:
            to = ORIGINAL_TO_RE.match(below)
            if to:
                address = sole_address(to.group(1))
                return (address, index, below.strip()) if address is not None else None
        # A heading with no headers under it is a sentence of the report ("The original message
        # was received at …", Sendmail): the returned original may still follow.
    return None
