"""The last word on a message that is plainly a report (a report's sender or subject, a
multipart/report, X-Failed-Recipients) but in which no reader found a failure: its words say that
delivery failed, and the returned original it carries (``message/rfc822`` or
``text/rfc822-headers``) was sent to one address. That address is the failed recipient; the report
states no code, so the catalog infers the status from the words and flags it as inferred.

Not in the registry: it is asked only after every reader has passed (``parse.read_message``), so it
never takes a message that a reader of its format would read better. A pasted report's quoted
original is the generic scanner's (``generic.failure_of_returned_original``)."""

from __future__ import annotations

from ndr_atlas.formats.base import (
    Failure,
    MimePart,
    Parsed,
    Source,
    distinct_addresses,
    is_report_like,
    normalise_newlines,
    part_text,
    report_parts,
)
from ndr_atlas.formats.words import FAILURE_WORDS_RE, clean_diagnostic
from ndr_atlas.mime import parse_mime

ORIGINAL_TYPES = ("message/rfc822", "text/rfc822-headers", "message/rfc822-headers")
# The report's own sentences kept as the failure's words.
MAX_SENTENCES = 4


def failure_of_report(source: Source) -> Parsed | None:
    """The returned original's one addressee, failed with the report's words; None unless both are there."""
    if source.message is None or not source.report_like:
        return None
    addressee = original_addressee(source.message)
    if addressee is None:
        return None
    said = [line.strip() for line in source.text.split("\n") if line.strip() and FAILURE_WORDS_RE.search(line)][:MAX_SENTENCES]
    if not said:
        return None  # a report of something else (a delivery, a delay notice in other words): no failure named
    return Parsed(
        "bounce", [Failure(recipient=addressee, diagnostic=clean_diagnostic(" ".join(said)), evidence=[*said, f"To: {addressee}"])]
    )


def original_addressee(message: MimePart) -> str | None:
    """The one address in the To of the returned original (no Cc: with several, which one failed is unknown)."""
    for part in report_parts(message):
        if part is message or part.get_content_type() not in ORIGINAL_TYPES:
            continue
        original = original_headers(part)
        if original is None or original.get("Cc") or is_report_like(original):
            return None  # an attached report is no returned original: ndr_atlas.forwarded reads it
        addresses = distinct_addresses(str(original.get("To", "")))
        return addresses[0] if len(addresses) == 1 else None
    return None


def original_headers(part: MimePart) -> MimePart | None:
    payload = part.get_payload()
    if isinstance(payload, list):  # message/rfc822: the attached message
        return payload[0] if payload else None
    text = part_text(part)
    return parse_mime(normalise_newlines(text)) if text is not None else None
