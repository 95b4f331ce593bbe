"""Phone carriers' MMS/SMS gateways (Verizon's vtext.com and vzwpix.com and their like): a short
notice with no status code. ``Message could not be delivered to mobile.`` then ``Error: …``, the
number named only in the returned original's ``To:``; or, from the SMS gateway, an error line
``550 - Requested action not taken: …`` and the envelope as ``RCPT TO:`` lines."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.returned import original_addressee
from ndr_atlas.formats.words import failure_from_words

GATEWAY_RE = lazy_re(r"@(?:[\w-]+\.)*(?:vtext\.com|vzwpix\.com)\b|\.vtext\.com \(", re.IGNORECASE)
MOBILE_MARKER = "could not be delivered to mobile"
ERROR_RE = lazy_re(r"^\s*Error:\s*(?P<text>.+)$", re.MULTILINE)
RCPT_RE = lazy_re(r"^\s*RCPT TO:\s*<?(?P<addr>" + ADDRESS_RE.pattern + r")>?", re.IGNORECASE | re.MULTILINE)
TO_RE = lazy_re(r"^\s*To:\s*(?P<value>.+)$", re.IGNORECASE | re.MULTILINE)
SMS_ERROR_RE = lazy_re(r"^\s*(?:Error:\s*)?[45]\d\d - .+$", re.MULTILINE)


def recognise(source: Source) -> bool:
    if source.message is None:
        return False
    # The gateways' own names, in the sender or a Received line (literal tests first: most mail has neither).
    if "vtext.com" not in source.head and "vzwpix.com" not in source.head:
        return False
    return bool(GATEWAY_RE().search(source.header("From")) or GATEWAY_RE().search(source.head))


def read(source: Source) -> Parsed | None:
    text = source.text
    if MOBILE_MARKER in text:  # MMS: the error in words, the number in the returned original's To:
        error = ERROR_RE().search(text)
        heading = text.find(MOBILE_MARKER)
        # The original's To: below the heading in the raw message; when a relay re-encoded the text
        # (the heading is then not in the raw text), the attached original's, else the text's.
        at = source.raw.find(MOBILE_MARKER)
        to = (TO_RE().search(source.raw, at) if at >= 0 else None) or TO_RE().search(text, heading)
        addresses = list(dict.fromkeys(ADDRESS_RE.findall(to.group("value")))) if to else []
        if at < 0 and source.message is not None:
            addressee = original_addressee(source.message)
            addresses = [addressee] if addressee else addresses
        words = [text[text.rfind("\n", 0, heading) + 1 : text.find("\n", heading)], error.group(0) if error else ""]
        failures = [failure_from_words(a, words) for a in addresses]
        return bounce(failures)
    recipients = list(dict.fromkeys(m.group("addr") for m in RCPT_RE().finditer(text)))
    error = SMS_ERROR_RE().search(text)
    failures = [failure_from_words(a, [error.group(0)] if error else []) for a in recipients]
    return bounce(failures)
